"""Publication dates, honestly: every date keeps the precision it was given with.

A seed header "date 2022-02" says the article is from February 2022 -- not from
2022-02-01.  Dates therefore travel as ISO strings to their precision ("2022-02-14",
"2022-02", "2022") plus a (start, end) day range, and a finer date is only adopted where a
source actually states it.

Three sources, in order of trust: record metadata, the seed file header, and publication
statements in the text itself ("Stand: 01.02.2022 10:53 Uhr").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from core.schema import PRECISIONS

SOURCES = ("metadata", "header", "text")  # most trusted first

MONTHS = {
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5,
    "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
    "dezember": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "october": 10, "december": 12,
    # Abbreviations (RFC 2822 uses the English three-letter forms)
    "jan": 1, "feb": 2, "mar": 3, "mär": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}  # fmt: skip
_MONTH = r"([A-Za-zÄÖÜäöü]{3,9})\.?"
_TIME = r"(?:[ ,T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?: ?Uhr)?)?"
_ZONE = r"(?: ?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT|[A-Z]{2,5}))?"
_WEEKDAY = r"(?:[A-Za-z]{2,10}\.?,? +)?"

# Whole-string formats of metadata values, each with the precision it yields.
_VALUE_FORMATS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern + r"\s*", re.I), order, precision)
    for pattern, order, precision in (
        # RFC 2822: "Sun, 07 Apr 2024 20:00:00 +0200"
        (_WEEKDAY + r"(\d{1,2})\.? +" + _MONTH + r" +(\d{4})" + _TIME + _ZONE, "dMy", "day"),
        # ISO 8601 date or datetime: "2022-01-25", "2022-01-25T09:00:00Z"
        (r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + _ZONE, "ymd", "day"),
        (r"(\d{4})/(\d{1,2})/(\d{1,2})" + _TIME + _ZONE, "ymd", "day"),
        # GDELT seendate: "20220125T090000Z", also "20220125" and "20220125090000"
        (r"(\d{4})(\d{2})(\d{2})(?:T?\d{6}Z?)?", "ymd", "day"),
        # German numeric: "28.12.2021", "28.12.2021 07:09 Uhr"
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})" + _TIME + _ZONE, "dmy", "day"),
        # "1. Februar 2022", "14 February 2022"
        (_WEEKDAY + r"(\d{1,2})\.? *" + _MONTH + r",? +(\d{4})" + _TIME + _ZONE, "dMy", "day"),
        # "February 14, 2022"
        (
            _WEEKDAY + _MONTH + r" +(\d{1,2})(?:st|nd|rd|th)?,? +(\d{4})" + _TIME + _ZONE,
            "Mdy",
            "day",
        ),
        (r"(\d{4})-(\d{1,2})", "ym", "month"),
        (_MONTH + r",? +(\d{4})", "My", "month"),
        (r"(\d{4})", "y", "year"),
    )
)

# Publication statements in article text.  Each pattern has one group: the date value.
_DAY_VALUE = (
    r"(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.? *[A-Za-zÄÖÜäöü]{3,9}\.?,? +\d{4}"
    r"|[A-Z][a-z]{2,8}\.? +\d{1,2}(?:st|nd|rd|th)?,? +\d{4})"
)
_TEXT_PATTERNS = tuple(
    re.compile(p)
    for p in (
        # tagesschau and others: "Stand: 01.02.2022 10:53 Uhr"
        r"\bStand: " + _DAY_VALUE,
        r"\b(?:[Zz]uletzt )?(?:[Aa]ktualisiert|[Vv]eröffentlicht|[Ee]rschienen|[Ee]rstellt)"
        r"(?: am)?:? " + _DAY_VALUE,
        r"\b(?:Published|Updated|Last updated|Posted)(?: on)?:? " + _DAY_VALUE,
        # broadcast credit: "Über dieses Thema berichtete die tagesschau am 01. Februar 2022"
        r"Über dieses Thema berichte(?:te|n) [^\n]{0,120}? am " + _DAY_VALUE,
        r"Dieses Thema im Programm:[^\n]{0,120}?\| (\d{1,2}\.\d{1,2}\.\d{4})",
        # FAZ-style dateline: "Von Julia Löhr 08.05.2024, 12:04 Lesezeit: 3 Min."
        r"(\d{1,2}\.\d{1,2}\.\d{4}),? \d{1,2}:\d{2}(?: Uhr)? (?:Lesezeit|Lesedauer)",
    )
)

_HEADER = re.compile(r"\ufeff?[ \t]?date[ \t]+(\S+)(?:[ \t]+|\r?\n|$)")


@dataclass(frozen=True)
class DateCandidate:
    value: str  # ISO to its precision: "2022-02-14" | "2022-02" | "2022"
    precision: str  # "day" | "month" | "year"
    source: str  # "metadata" | "header" | "text"


@dataclass(frozen=True)
class ResolvedDate:
    published: str  # "" if unknown
    precision: str  # one of PRECISIONS
    start: dt.date | None  # first day the article may be from
    end: dt.date | None  # last day it may be from (inclusive)


UNKNOWN = ResolvedDate("", "unknown", None, None)


def _month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _candidate(year: int, month: int | None, day: int | None, source: str) -> DateCandidate | None:
    # Years outside this window are typos or IDs, not publication dates of news articles.
    if not 1900 <= year <= 2100:
        return None
    if month is None:
        return DateCandidate(f"{year:04d}", "year", source)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return DateCandidate(f"{year:04d}-{month:02d}", "month", source)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None  # 2022-02-30
    return DateCandidate(date.isoformat(), "day", source)


_CLOCK = re.compile(r"[ ,T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?|T(\d{2})(\d{2})(\d{2})Z?$")


def _valid_clock(value: str) -> bool:
    """False for an impossible time of day ("T25:61:00"): such a value is no real date."""
    for m in _CLOCK.finditer(value):
        h, mi, sec = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
        if int(h) > 24 or int(mi) > 59 or (sec is not None and int(sec) > 60):
            return False
    return True


# A date more than this many days after today is not a publication date (a typo, a
# scheduled event, a placeholder like 2099-12-31); the day after today may be a time zone.
FUTURE_TOLERANCE_DAYS = 2


def drop_future(candidates: list[DateCandidate], today: dt.date | None = None
                ) -> tuple[list[DateCandidate], list[DateCandidate]]:
    """(candidates that can be publication dates, those that start in the future)."""
    limit = (today or dt.date.today()) + dt.timedelta(days=FUTURE_TOLERANCE_DAYS)
    kept, dropped = [], []
    for c in candidates:
        span = date_range(c.value, c.precision) if c is not None else None
        (dropped if span is not None and span[0] > limit else kept).append(c)
    return kept, dropped


def _parse(value: str, source: str) -> DateCandidate | None:
    value = value.strip()
    if not value or not _valid_clock(value):
        return None
    for pattern, order, _precision in _VALUE_FORMATS:
        m = pattern.fullmatch(value)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        month: int | None = None
        if "M" in parts:
            month = _month_number(parts["M"])
            if month is None:
                continue  # a word that is no month name: try the remaining formats
        elif "m" in parts:
            month = int(parts["m"])
        day = int(parts["d"]) if "d" in parts else None
        return _candidate(int(parts["y"]), month, day, source)
    return None


def parse_date_value(value: str) -> DateCandidate | None:
    """Parse a metadata date string (source="metadata"); None for garbage or impossible dates.

    The date is taken as written, in its own time zone: "Sun, 07 Apr 2024 00:30:00 +0200"
    is 2024-04-07, although it is 2024-04-06 in UTC -- the day the publisher printed.
    """
    if not isinstance(value, str):
        return None
    return _parse(value, "metadata")


def split_header(raw: str) -> tuple[DateCandidate | None, str]:
    """Strip a seed header (" date 2022-02 " at the very start) and parse it.

    No header: (None, raw) unchanged.  A header whose value is not a valid date is still
    stripped (it is not article text), with None as candidate.
    """
    m = _HEADER.match(raw)
    if not m:
        return None, raw
    candidate = _parse(m.group(1), "header")
    return candidate, raw[m.end() :]


def dates_in_text(text: str) -> list[DateCandidate]:
    """Publication-date statements in the text (source="text"), in order of appearance.

    Only statements about the article itself -- "Stand: …", "Aktualisiert am …", a
    broadcast credit, a byline dateline -- never dates the story mentions ("am 10. Januar").
    """
    found: list[tuple[int, DateCandidate]] = []
    for pattern in _TEXT_PATTERNS:
        for m in pattern.finditer(text):
            candidate = _parse(m.group(1), "text")
            if candidate is not None:
                found.append((m.start(1), candidate))
    found.sort(key=lambda item: item[0])
    out: list[DateCandidate] = []
    for _, candidate in found:
        if candidate not in out:
            out.append(candidate)
    return out


def date_range(value: str, precision: str) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by an ISO date of the given precision (None if invalid)."""
    try:
        if precision == "day":
            day = dt.date.fromisoformat(value)
            return day, day
        if precision == "month":
            year, month = (int(x) for x in value.split("-"))
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        if precision == "year":
            year = int(value)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        pass
    return None


def _consistent(a: DateCandidate, b: DateCandidate) -> bool:
    # Calendar units nest, so two dates agree exactly when one's range contains the other's.
    ra, rb = date_range(a.value, a.precision), date_range(b.value, b.precision)
    return ra is not None and rb is not None and ra[0] <= rb[1] and rb[0] <= ra[1]


def resolve(candidates: list[DateCandidate]) -> ResolvedDate:
    """Choose the publication date from candidates of any source and precision.

    Rule: the most precise candidate wins if it agrees with every candidate from a MORE
    trusted source (trust: metadata > header > text); agreeing means its day range lies
    within theirs (text 2021-12-28 agrees with header 2021-12).  A candidate that
    contradicts a more trusted one is discarded, so on contradiction the more trusted
    source wins with its own precision (header 2022-02 beats text 2021-12-28: "2022-02",
    month).  Ties in precision and trust go to the earliest date, since updates
    ("Aktualisiert am") can only follow publication.  No candidates: unknown.
    """
    valid = [
        c
        for c in candidates
        if c is not None
        and c.precision in PRECISIONS[:-1]
        and c.source in SOURCES
        and date_range(c.value, c.precision) is not None
    ]
    if not valid:
        return UNKNOWN
    trust = SOURCES.index
    ordered = sorted(valid, key=lambda c: (PRECISIONS.index(c.precision), trust(c.source), c.value))
    for c in ordered:
        if all(_consistent(c, o) for o in valid if trust(o.source) < trust(c.source)):
            start, end = date_range(c.value, c.precision)  # type: ignore[misc]
            return ResolvedDate(c.value, c.precision, start, end)
    # Unreachable: the most trusted candidate has nobody above it to contradict.
    return UNKNOWN
