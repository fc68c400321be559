"""What a link asks for, checked against what the corpus offers.

The sidebar's widgets are bound to the address (?actor=…&since=…); Streamlit drops a
value a widget cannot take (an unknown actor, a language the corpus lacks) without a
word, so a mistyped or outdated link showed everything as if it had asked for nothing.
`check` lists each ignored parameter and value with the reason, for one notice.

Also the date fields: typed text (YYYY-MM-DD, or a whole month or year) turned into the
range the filters use, saying when From and To had to be swapped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from core import filters as flt

# Every parameter some part of the dashboard reads (the sidebar's filters, the pages'
# bound widgets, the chart selection, the open article/story). A test keeps this
# complete against the source (tests/test_url_params.py).
SIDEBAR_PARAMS = ("actor", "actor_mode", "since", "until", "lang", "topic", "section",
                  "crisis", "source", "country", "names", "unit")
PAGE_PARAMS = ("sel", "sel_label",  # ui/sidebar.py: a chart selection
               "article", "q", "sort",  # Reader
               "show", "story",  # Stories
               "gran", "by", "measure", "tl_actors",  # Timeline
               "types", "rank", "top_n", "mot_actors", "mot_gran", "mot_metric", "co_n",
               "detail_actor")  # Actors
KNOWN_PARAMS = frozenset(SIDEBAR_PARAMS + PAGE_PARAMS)

DATE_FORMS = "YYYY-MM-DD, or YYYY-MM / YYYY for a whole month / year"
MAX_SHOWN_CHARS = 60  # a pasted paragraph in a parameter is cut in the notice


@dataclass(frozen=True)
class Problem:
    """One ignored parameter value and why."""

    param: str
    value: str
    reason: str  # a sentence naming the value, e.g. 'no actor “Nobody” in this corpus'


@dataclass(frozen=True)
class Offer:
    """What the corpus (and the sidebar built on it) accepts for each parameter."""

    actors: Collection[str] = frozenset()  # names the Actors filter can take
    languages: Collection[str] = ()
    topics: Collection[str] = ()
    sections: Collection[str] = ()
    sources: Collection[str] = ()
    countries: Collection[str] = ()
    display_languages: Sequence[str] = ()
    units: Sequence[str] = ("unique", "all")
    crisis: bool = True  # whether a crisis definition is loaded (the crisis switch)
    known: Collection[str] = field(default=KNOWN_PARAMS)


def shown(value: str) -> str:
    """A value as the notice quotes it: cut when long, on one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def _listing(values: Collection[str], limit: int = 8) -> str:
    values = list(values)
    more = f", … ({len(values)} in all)" if len(values) > limit else ""
    return ", ".join(values[:limit]) + more


def parse_field(text: str | None, *, until: bool = False) -> dt.date | None:
    """A date field's text as a date (From: a month's/year's first day; To: its last);
    None when empty; ValueError naming the text when it is not a date."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return flt.parse_until(text) if until else flt.parse_date(text)
    except ValueError:
        raise ValueError(f"“{shown(text)}” is not a date ({DATE_FORMS})") from None


@dataclass(frozen=True)
class DateRange:
    since: dt.date | None
    until: dt.date | None
    swapped: bool = False  # From was after To: the two texts were exchanged
    errors: tuple[tuple[str, str], ...] = ()  # (field, message) of text that is no date


def date_range(since_text: str | None, until_text: str | None) -> DateRange:
    """The range two date fields ask for.  Text that is not a date is left out (with its
    message); From after To is read with the two exchanged, so "2024-12 … 2024-06" is
    June to December, the whole of both months, and `swapped` says so."""
    errors = []
    values = {}
    for name, text, until in (("since", since_text, False), ("until", until_text, True)):
        try:
            values[name] = parse_field(text, until=until)
        except ValueError as exc:
            errors.append((name, str(exc)))
            values[name] = None
    since, until = values["since"], values["until"]
    if since is not None and until is not None and since > until:
        return DateRange(parse_field(until_text), parse_field(since_text, until=True),
                         swapped=True, errors=tuple(errors))
    return DateRange(since, until, errors=tuple(errors))


def _values(raw: str | Sequence[str]) -> list[str]:
    return [raw] if isinstance(raw, str) else list(raw)


def check(params: Mapping[str, str | Sequence[str]], offer: Offer) -> list[Problem]:
    """Every parameter value in `params` (as the address has it) that the dashboard
    ignores, with the reason, in the order of the address."""
    out: list[Problem] = []

    def among(param: str, value: str, allowed: Collection[str], what: str) -> None:
        if value not in allowed:
            hint = f" (it has {_listing(allowed)})" if allowed else ""
            out.append(Problem(param, value, f"{what} “{shown(value)}” not in this corpus{hint}"))

    for param, raw in params.items():
        values = [v for v in _values(raw) if v != ""]
        if param not in offer.known:
            out.append(Problem(param, ", ".join(values),
                               f"“{shown(param)}” is not a setting of this dashboard"))
            continue
        for value in values:
            if param == "actor" and value not in offer.actors:
                out.append(Problem(param, value, f"no actor “{shown(value)}” in this corpus"))
            elif param in ("since", "until"):
                try:
                    parse_field(value, until=param == "until")
                except ValueError as exc:
                    out.append(Problem(param, value, str(exc)))
            elif param == "lang":
                among(param, value, offer.languages, "language")
            elif param == "topic":
                among(param, value, offer.topics, "topic")
            elif param == "section":
                among(param, value, offer.sections, "section")
            elif param == "source":
                among(param, value, offer.sources, "source")
            elif param == "country":
                among(param, value, offer.countries, "outlet country")
            elif param == "names" and value not in offer.display_languages:
                out.append(Problem(param, value, f"names cannot be shown in “{shown(value)}” "
                                   f"(only {_listing(offer.display_languages)})"))
            elif param == "unit" and value not in offer.units:
                out.append(Problem(param, value, f"“{shown(value)}” is not a way of counting "
                                   f"({_listing(offer.units)})"))
            elif param == "actor_mode" and value not in ("any", "all"):
                out.append(Problem(param, value, f"“{shown(value)}” is neither “any” nor “all”"))
            elif param == "crisis":
                if value.lower() not in ("true", "false"):
                    out.append(Problem(param, value,
                                       f"“{shown(value)}” is neither “true” nor “false”"))
                elif not offer.crisis:
                    out.append(Problem(param, value, "no crisis definition is loaded"))
    return out


def check_selection(wanted: Sequence[str], found: int) -> Problem | None:
    """A shared chart selection (?sel=id,id,…) naming articles this corpus lacks."""
    missing = len(set(wanted)) - found
    if missing <= 0:
        return None
    return Problem("sel", f"{missing} id(s)",
                   f"{missing} of the {len(set(wanted))} shared articles are not in this corpus")
