"""The shared filters, drawn once by dashboard.py for every page, mirrored into the URL.

Each widget is bound to a query parameter (`bind="query-params"`, key = param
name), so the address bar always holds the current filters
(?actor=Wladimir+Putin&since=2022-01-01&until=2022-02-28&lang=de&topic=diplomacy
&section=international&crisis=true)
and opening such a link restores them.  Because the widgets live in the
entry point, not in a page, their values survive page switches.

The widget values are turned into one `core.filters.Filters`, the object every
page and every CSV download uses, so screen and export cannot disagree.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from core import actor_search, url_params
from core import filters as flt
from core.highlight import md
from ui.data import Loaded

KEYS = ("actor", "actor_mode", "since", "until", "lang", "topic", "section", "crisis", "source",
        "country", "names", "unit")
SELECTION = "cm_selection"  # {"ids": [...], "label": str} set by a chart click
# The selection travels in the URL too (?sel=id,id,...&sel_label=...), so a link to
# "the articles behind this bar" works for someone else; beyond this many ids the
# address would get unwieldy and the selection stays in the session only.
SEL_PARAM, SEL_LABEL_PARAM = "sel", "sel_label"
MAX_SHARED_SELECTION = 400
MAX_ACTOR_OPTIONS = 4000  # beyond this the widget payload slows every rerun down
FIND_KEY = "actor_find"  # the "Find an actor" box (not in the address: a search, not a filter)
FIND_RESULTS = 6
NOTICE = "cm_url_notice"  # the link's ignored parameters, shown until dismissed
DISMISSED = "cm_url_notice_dismissed"  # (param, value) pairs the user dismissed
# Typed dates: a year, a month or a day, checked in the browser before they are sent.
DATE_PATTERN = (r"^\s*(\d{4}(-\d{1,2}(-\d{1,2})?)?)?\s*$",
                f"Type a date as {url_params.DATE_FORMS}.")
# On a phone Plotly's toolbar covers the top of a chart (the largest bars, the first
# points); every chart has its data as a CSV download, so the toolbar goes there.
PAGE_STYLE = """<style>
@media (max-width: 640px) { .js-plotly-plot .modebar-container { display: none !important; } }
</style>"""


def actor_options(names: list[str], wanted: list[str]) -> list[str]:
    """Actors offered in the multiselect: most-covered first, capped, plus whatever the
    URL/session already asks for (a shared link naming a rare actor must still work)."""
    head = names[:MAX_ACTOR_OPTIONS]
    if not wanted:
        return head
    in_head = set(head)
    missing = [a for a in wanted if a not in in_head]
    if not missing:
        return head
    known = set(names)
    return head + [a for a in missing if a in known]


def _wanted_actors() -> list[str]:
    """Actors requested by the session state or the URL, before the widget exists."""
    value = st.session_state.get("actor")
    if value:
        return list(value)
    try:
        return st.query_params.get_all("actor")
    except Exception:  # the binding owns the param: reading can be refused, that is fine
        return []


def _other_names(loaded: Loaded, wanted: list[str]) -> list[str]:
    """Requested actors written by their id or their name in another display language
    ("Wladimir Putin" in a link opened with names in English): offered as they are, so the
    link keeps working and stays in the address, and filtered as the actor they name."""
    if not wanted:
        return []
    shown = loaded.actor_name_set
    return [a for a in wanted if a not in shown and loaded.shown(loaded.base_id(a)) in shown]


def _display_language(loaded: Loaded) -> str:
    """The "Names in" control: which language actors are named in (URL-bound, ?names=en)."""
    options = loaded.display_languages
    if len(options) < 2:
        return options[0]
    if st.session_state.get("names") not in (None, *options):
        st.session_state["names"] = options[0]
    return st.selectbox(
        "Names in", options, key="names", bind="query-params",
        help="The language actors are named in: “Vladimir Putin, Kremlin” (en) or "
             "“Wladimir Putin, Kreml” (de). One actor whatever the language of its articles; "
             "the Reader shows each article's own spelling.") or options[0]


def _reset() -> None:
    # Bound widgets can only be changed through session_state; the URL follows.
    clear_selection()
    st.session_state["actor"] = []
    st.session_state["lang"] = []
    st.session_state["topic"] = []
    st.session_state["section"] = []
    st.session_state["crisis"] = False
    st.session_state["source"] = []
    st.session_state["country"] = []
    st.session_state["since"] = ""
    st.session_state["until"] = ""
    st.session_state.pop(NOTICE, None)
    st.session_state["actor_mode"] = "any"
    if "unit" in st.session_state:
        st.session_state["unit"] = "unique"


def _write_selection_url(sel: dict | None) -> None:
    """Put a selection into the URL, or take it out (none, or too many ids for a link)."""
    if sel is not None and len(sel["ids"]) <= MAX_SHARED_SELECTION:
        st.query_params[SEL_PARAM] = ",".join(sel["ids"])
        st.query_params[SEL_LABEL_PARAM] = sel["label"]
        return
    for param in (SEL_PARAM, SEL_LABEL_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def clear_selection() -> None:
    st.session_state.pop(SELECTION, None)
    _write_selection_url(None)


def sync_selection_url(article_ids: pd.Series) -> tuple[list[str], int] | None:
    """Keep ?sel= in step with the session's chart selection.

    A selection in the session is written to the URL (page links drop unbound
    parameters, so this runs every time); a URL selection with none in the session
    is a shared link being opened, and is restored, keeping only ids this corpus has.
    Returns (ids the link names, how many this corpus has) when a link is opened.
    """
    sel = st.session_state.get(SELECTION)
    if sel is not None:
        _write_selection_url(sel)
        return None
    raw = st.query_params.get(SEL_PARAM)
    if not raw:
        return None
    wanted = [i for i in raw.split(",") if i]
    ids = article_ids[article_ids.isin(wanted)].tolist()
    if ids:
        label = st.query_params.get(SEL_LABEL_PARAM) or f"{len(ids)} shared article(s)"
        st.session_state[SELECTION] = {"ids": ids, "label": label}
    return wanted, len(set(ids))


def add_actor(name: str) -> None:
    """Callback for 'filter by this actor' buttons (must run before the widget is drawn)."""
    current = list(st.session_state.get("actor") or [])
    if name not in current:
        st.session_state["actor"] = [*current, name]


def _raw_params() -> dict[str, list[str]]:
    """The address's parameters as it has them, before the bound widgets take theirs (a
    widget drops a value it cannot take, and the address with it, silently)."""
    try:
        return {k: st.query_params.get_all(k) for k in st.query_params}
    except Exception:  # no address (a bare script run)
        return {}


def _offer(loaded: Loaded, actor_names: list[str], units: list[str]) -> url_params.Offer:
    return url_params.Offer(
        actors=set(actor_names), languages=loaded.languages, topics=loaded.topic_names,
        sections=loaded.section_names, sources=loaded.sources, countries=loaded.countries,
        display_languages=loaded.display_languages, units=units,
        crisis=loaded.crisis is not None)


def _note_problems(found: list[url_params.Problem], raw: dict[str, list[str]]) -> None:
    """Remember what this run found ignored in the address.

    A value Streamlit drops leaves the address at once, so the next run no longer sees
    it: what an earlier run found stays listed until dismissed.  A bad date or an
    unknown parameter stays in the address and is found again on every run, so it goes
    as soon as it is corrected.
    """
    dismissed = st.session_state.get(DISMISSED, set())
    found = [p for p in found if (p.param, p.value) not in dismissed]
    kept = [p for p in st.session_state.get(NOTICE, [])
            if p.param not in ("since", "until") and p.param in url_params.KNOWN_PARAMS
            and p.value not in raw.get(p.param, ()) and p not in found]
    if found or kept:
        st.session_state[NOTICE] = found + kept
    else:
        st.session_state.pop(NOTICE, None)


def _dismiss_notice() -> None:
    # A bad date or unknown parameter is still in the address: not said again this session.
    shown = {(p.param, p.value) for p in st.session_state.pop(NOTICE, [])}
    st.session_state[DISMISSED] = st.session_state.get(DISMISSED, set()) | shown


def _show_notice(where) -> None:
    problems = st.session_state.get(NOTICE)
    if not problems:
        return
    with where:
        lines = "\n".join(f"- `{md(p.param)}`: {md(p.reason)}" for p in problems)
        st.warning("Part of this link was ignored; the page shows what the rest asks "
                   f"for.\n\n{lines}", icon=":material/link_off:")
        st.button("Dismiss", key="dismiss_url_notice", on_click=_dismiss_notice,
                  type="tertiary")


def _add_found(name: str) -> None:
    """A "Find an actor" result was chosen: filter by it and empty the box."""
    add_actor(name)
    st.session_state[FIND_KEY] = ""


def _find_actor(loaded: Loaded, chosen: list[str]) -> None:
    """Search box for actors, ranked exact, prefix, then close spellings
    (core.actor_search); reaches actors beyond the list's MAX_ACTOR_OPTIONS too."""
    query = st.text_input(
        "Find an actor", key=FIND_KEY, type="search", live=True,
        placeholder="Name or surname, e.g. Putin",
        help="Whole names and surnames first, then names starting with what you type, "
             "then names containing it, then close spellings. Accents and case do not "
             "matter. Choose a result to filter by it.")
    if not (query or "").strip():
        return
    matches = actor_search.rank(loaded.actor_names, query, limit=FIND_RESULTS)
    if not matches:
        st.caption(f"No actor is named like “{md(query.strip())}”.")
        return
    results = st.container(gap="xxsmall")
    for i, m in enumerate(matches):
        taken = m.name in chosen
        results.button(md(m.name) + (" (close spelling)" if m.tier == "fuzzy" else ""),
                  key=f"{FIND_KEY}_{i}", on_click=_add_found, args=(m.name,),
                  disabled=taken, icon=":material/check:" if taken else ":material/add:",
                  type="tertiary", help="Already filtered by" if taken else None)


def _swap_dates() -> None:
    st.session_state["since"], st.session_state["until"] = (
        st.session_state.get("until") or "", st.session_state.get("since") or "")


def _pick_dates(key: str) -> None:
    """The calendar's range, once both ends are chosen, into the two text fields."""
    picked = st.session_state.get(key) or ()
    if len(picked) == 2:
        st.session_state["since"] = picked[0].isoformat()
        st.session_state["until"] = picked[1].isoformat()


def _dates(lo: dt.date, hi: dt.date) -> url_params.DateRange:
    """From and To as text fields, one above the other (wide enough to read the whole
    date; a text field applies on Enter and Tab as well as a click elsewhere), and a
    calendar for those who prefer one."""
    since_text = st.text_input(
        "From", key="since", bind="query-params", placeholder="YYYY-MM-DD",
        validate=DATE_PATTERN,
        help=f"Corpus spans {lo} – {hi}. Type a day, a month (2024-08: from its first "
             "day) or a year; Enter or Tab applies it. An article dated only to a month "
             "is kept when its month overlaps the range.")
    until_text = st.text_input(
        "To", key="until", bind="query-params", placeholder="YYYY-MM-DD",
        validate=DATE_PATTERN,
        help="A day, a month (2024-08: to its last day) or a year; Enter or Tab applies it.")
    rng = url_params.date_range(since_text, until_text)
    for _field, message in rng.errors:
        st.error(md(message) + ": this date is not applied.")
    if rng.swapped:
        st.warning(f"“From” {md(since_text.strip())} is after “To” {md(until_text.strip())}: "
                   f"showing {rng.since} – {rng.until}.")
        st.button("Swap the two fields", key="swap_dates", on_click=_swap_dates,
                  icon=":material/swap_vert:")
    cal_key = f"cal_{rng.since}_{rng.until}"  # a new range starts the calendar afresh
    with st.popover("Pick on a calendar", icon=":material/calendar_month:",
                    use_container_width=True):
        st.date_input("From – To", value=(rng.since, rng.until) if rng.since and rng.until
                      else (), min_value=min(lo, rng.since or lo),
                      max_value=max(hi, rng.until or hi), key=cal_key, format="YYYY-MM-DD",
                      on_change=_pick_dates, args=(cal_key,))
    return rng


def render(loaded: Loaded) -> tuple[flt.Filters, Loaded]:
    """Draw the filters in the sidebar; return them as a Filters value, and the corpus with
    its actors named in the chosen display language."""
    arts = loaded.corpus.articles
    lo, hi = loaded.date_span or (dt.date(2000, 1, 1), dt.date.today())
    st.html(PAGE_STYLE)
    raw = _raw_params()
    notice = st.container()  # above the page: what the link asked for that was ignored
    found = sync_selection_url(arts["article_id"])
    with st.sidebar:
        st.markdown("### Filters")
        loaded = loaded.in_language(_display_language(loaded))
        wanted = _wanted_actors()
        options = actor_options(loaded.actor_names, wanted) + _other_names(loaded, wanted)
        units = (["unique", "all", "stories"] if loaded.has_stories else ["unique", "all"])
        problems = url_params.check(raw, _offer(loaded, options, units))
        if found is not None:
            problems += [p for p in [url_params.check_selection(*found)] if p]
        _note_problems(problems, raw)
        _show_notice(notice)
        actors = st.multiselect(
            "Actors", options, key="actor", bind="query-params",
            placeholder="Type to search actors…", filter_mode="contains",
            help="Articles mentioning these actors. Typing lists the names containing "
                 "what you type, most-covered first; “Find an actor” below ranks whole "
                 "names and surnames first and forgives misspellings.",
        )
        _find_actor(loaded, actors)
        mode = "any"
        if len(actors) > 1:
            mode = st.radio("Articles mentioning", ["any", "all"], key="actor_mode",
                            bind="query-params", horizontal=True,
                            format_func=lambda m: {"any": "any of them",
                                                   "all": "all of them"}[m])
        dates = _dates(lo, hi)
        since, until = dates.since, dates.until
        lang = st.multiselect("Language", loaded.languages, key="lang", bind="query-params")
        # Ids, not labels, as options: a bound widget puts what it displays into the URL,
        # and links must not break when a label is reworded in topics.toml.
        topic = st.multiselect("Topic", loaded.topic_names, key="topic", bind="query-params",
                               help="Articles with this topic among their keyword scores. "
                                    + "; ".join(f"{t}: {loaded.topic_label(t)}"
                                                for t in loaded.topic_names))
        # Keys as options (no format_func), like topics: the URL holds what is displayed.
        section = st.multiselect(
            "Section", loaded.section_names, key="section", bind="query-params",
            help="The desk an article belongs to, from a trained classifier and cue words "
                 "(README, “Sections”). "
                 + "; ".join(f"{s}: {loaded.section_label(s)}" for s in loaded.section_names))
        crisis = loaded.crisis
        crisis_only = False
        if crisis is not None:
            crisis_only = st.toggle(
                f"{crisis.name} coverage only", key="crisis", bind="query-params",
                help=f"Articles about {crisis.name} as defined in the crisis file "
                     f"(relevance at least {crisis.threshold:g} per 1,000 words, from its "
                     "terms and actors). Define your own crisis: README, “Your crisis”.")
        else:
            st.caption("The crisis definition file cannot be read: the crisis filter is off.")
        source = st.multiselect("Source", loaded.sources, key="source", bind="query-params",
                                help="The outlet (the record's source, else its URL's host); "
                                     "the file name where a record names neither.")
        country = []
        if loaded.countries:
            country = st.multiselect(
                "Outlet country", loaded.countries, key="country", bind="query-params",
                help="Where the outlet is based (ISO code): from the record "
                     "(media_country, country) or the URL's country domain (.de, .co.uk).")
        unit = "unique"
        if loaded.n_near_copies or loaded.has_stories:
            # Values as options (no format_func): the address holds what is displayed.
            unit = st.radio(
                "Count", units, key="unit", bind="query-params", horizontal=True,
                help=f"unique: an article and its versions and copies (an agency text at "
                     f"several outlets, re-scraped or updated pages) count once — "
                     f"{loaded.n_near_copies:,} of {loaded.n_articles:,} stored articles are "
                     "such copies; all: every stored article counts"
                     + (f"; stories: articles about one event within a few days count once "
                        f"({loaded.n_stories:,} stories), at their first article in view, "
                        "with the actors and topics of all of them" if loaded.has_stories
                        else "") + ".") or "unique"
        filters = flt.Filters(
            # Names from another display language count as the actor they name.
            actors=tuple(dict.fromkeys(loaded.shown(loaded.base_id(a)) for a in actors)),
            actor_mode=mode, since=since or None, until=until or None,
            languages=tuple(lang), topics=tuple(topic), sources=tuple(source),
            sections=tuple(section), countries=tuple(country),
            crisis_min=crisis.threshold if crisis is not None and crisis_only else None,
            unit=unit,
        )
        sel = st.session_state.get(SELECTION)
        if sel:
            st.info(f"Chart selection: {len(sel['ids'])} article(s) — {md(sel['label'])}"
                    + ("" if len(sel["ids"]) <= MAX_SHARED_SELECTION else
                       " (too many to put in a link: the address holds the filters only)"))
            st.button("Clear chart selection", on_click=clear_selection, key="clear_sel")
        if not filters.is_empty() or sel:
            st.button("Reset all filters", on_click=_reset, key="reset_filters")
        st.caption("The address bar holds these filters: copy it to share this view.")
    return filters, loaded


def selection_ids() -> tuple[str, ...] | None:
    sel = st.session_state.get(SELECTION)
    return tuple(sel["ids"]) if sel else None


def set_selection(ids: list[str], label: str) -> None:
    st.session_state[SELECTION] = {"ids": list(ids), "label": label}
    _write_selection_url(st.session_state[SELECTION])
