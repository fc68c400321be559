"""Honest dates: parsing, seed headers, publication statements, and resolution."""

from __future__ import annotations

import datetime as dt

import pytest

from core.dates import (
    DateCandidate,
    ResolvedDate,
    dates_in_text,
    parse_date_value,
    resolve,
    split_header,
)

SEED_DATES = {
    "000": ("2022-02", "month"),
    "001": ("2022-01", "month"),
    "002": ("2022-02-01", "day"),  # no header; from "Stand: 01.02.2022 10:53 Uhr"
    "003": ("2021-12-28", "day"),  # header 2021-12 refined by "Stand: 28.12.2021"
    "004": ("2022-02", "month"),
}

METADATA_VALUES = [
    ("Sun, 07 Apr 2024 20:00:00 +0200", "2024-04-07", "day"),
    # Date as written in its own zone: in UTC this would be the 6th.
    ("Sun, 07 Apr 2024 00:30:00 +0200", "2024-04-07", "day"),
    ("Mon, 1 Jan 2024 23:59:59 -0500", "2024-01-01", "day"),
    ("2022-01-25T09:00:00Z", "2022-01-25", "day"),
    ("2022-01-25T23:30:00-05:00", "2022-01-25", "day"),
    ("2022-01-25", "2022-01-25", "day"),
    ("20220125T090000Z", "2022-01-25", "day"),
    ("28.12.2021", "2021-12-28", "day"),
    ("28.12.2021 07:09 Uhr", "2021-12-28", "day"),
    ("1. Februar 2022", "2022-02-01", "day"),
    ("01. Februar 2022", "2022-02-01", "day"),
    ("14 February 2022", "2022-02-14", "day"),
    ("February 14, 2022", "2022-02-14", "day"),
    ("2022-02", "2022-02", "month"),
    ("Februar 2022", "2022-02", "month"),
    ("2022", "2022", "year"),
    ("  2022-02  ", "2022-02", "month"),
]

NOT_DATES = [
    "",
    "   ",
    "garbage",
    "12345",
    "2022-02-30",  # impossible day
    "31.04.2022",
    "29.02.2023",  # not a leap year
    "2022-13",
    "20221301",
    "Sun, 07 Foo 2024 20:00:00 +0200",
    "0999",
]


@pytest.mark.parametrize(("seed", "expected"), sorted(SEED_DATES.items()))
def test_seed_dates(seed_texts, seed, expected):
    header, body = split_header(seed_texts[seed])
    candidates = ([header] if header else []) + dates_in_text(body)
    resolved = resolve(candidates)
    assert (resolved.published, resolved.precision) == expected


@pytest.mark.parametrize(
    ("seed", "header"),
    [("000", "2022-02"), ("001", "2022-01"), ("002", None), ("003", "2021-12"), ("004", "2022-02")],
)
def test_split_header(seed_texts, seed, header):
    raw = seed_texts[seed]
    candidate, body = split_header(raw)
    if header is None:
        assert candidate is None
        assert body == raw
    else:
        assert candidate == DateCandidate(header, "month", "header")
        assert not body.startswith((" ", "date"))
        assert raw.endswith(body) and len(raw) - len(body) == len(f" date {header} ")


def test_split_header_with_invalid_value_still_strips_it():
    assert split_header(" date 2022-13 Text.") == (None, "Text.")
    assert split_header(" date 2022-02-14 Text.") == (
        DateCandidate("2022-02-14", "day", "header"),
        "Text.",
    )
    assert split_header("Updated date 2022 Text.")[0] is None


@pytest.mark.parametrize(("value", "iso", "precision"), METADATA_VALUES)
def test_parse_date_value(value, iso, precision):
    assert parse_date_value(value) == DateCandidate(iso, precision, "metadata")


@pytest.mark.parametrize("value", NOT_DATES)
def test_parse_date_value_rejects(value):
    assert parse_date_value(value) is None


def test_all_news_de_metadata_dates_parse_to_day(news_de_records):
    parsed = [parse_date_value(r["date"]) for r in news_de_records]
    assert len(parsed) == 7087
    assert all(c is not None and c.precision == "day" for c in parsed)
    # The day as written: "Sun, 07 Apr 2024 20:00:00 +0200" -> 2024-04-07.
    first = news_de_records[0]
    assert parse_date_value(first["date"]).value == first["file"][:10]


def test_all_news_en_metadata_dates_parse_to_day(news_en_records):
    parsed = [parse_date_value(r["seendate"]) for r in news_en_records]
    assert len(parsed) == 447
    assert all(c is not None and c.precision == "day" for c in parsed)
    for record, candidate in zip(news_en_records, parsed, strict=True):
        stamp = record["file"][:8]  # GDELT file names start with the seendate
        assert candidate.value == f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Überschrift Stand: 01.02.2022 10:53 Uhr", ["2022-02-01"]),
        (
            "Von t-online , dra Aktualisiert am 03.01.2025 - 13:45 Uhr Lesedauer: 1 Min.",
            ["2025-01-03"],
        ),
        ("Veröffentlicht am 12.09.2024 um 11:52 Uhr \u2013 Lesedauer: 4 MINUTEN.", ["2024-09-12"]),
        (
            "Über dieses Thema berichtete die tagesschau am 01. Februar 2022 um 06:00 Uhr.",
            ["2022-02-01"],
        ),
        (
            "Dieses Thema im Programm: Das Erste | Eurovision Song Contest | 11.05.2024 "
            "| 21:00 Uhr",
            ["2024-05-11"],
        ),
        ("Von Julia Löhr 08.05.2024, 12:04 Lesezeit: 3 Min.", ["2024-05-08"]),
        ("Published: 14 February 2022", ["2022-02-14"]),
        # Event dates in the story are not publication dates.
        ("Die Gespräche sollen am 10. Januar 2022 in Genf beginnen.", []),
        ("Am 28.12.2021 kündigte Washington Gespräche an.", []),
        ("Stand: 30.02.2022 10:00 Uhr", []),  # impossible: ignored, not guessed
    ],
)
def test_dates_in_text(text, expected):
    found = dates_in_text(text)
    assert [c.value for c in found] == expected
    assert all(c.source == "text" and c.precision == "day" for c in found)


def test_seed_003_story_dates_are_not_publication_dates(seed_texts):
    _, body = split_header(seed_texts["003"])
    assert "am 10. Januar" in body and "am 13. Januar" in body
    assert dates_in_text(body) == [DateCandidate("2021-12-28", "day", "text")]


def test_seed_002_statements_agree(seed_texts):
    # "Stand: 01.02.2022" and the broadcast credit name the same day: one candidate.
    assert dates_in_text(seed_texts["002"]) == [DateCandidate("2022-02-01", "day", "text")]


def _c(value: str, precision: str, source: str) -> DateCandidate:
    return DateCandidate(value, precision, source)


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ([], ("", "unknown")),
        (
            [_c("2021-12", "month", "header"), _c("2021-12-28", "day", "text")],
            ("2021-12-28", "day"),
        ),
        # A finer text date that contradicts the header loses; the header keeps its precision.
        ([_c("2022-02", "month", "header"), _c("2021-12-28", "day", "text")], ("2022-02", "month")),
        # Metadata outranks the header, even when the header is coarser and disagrees.
        (
            [_c("2024-04-07", "day", "metadata"), _c("2024-05", "month", "header")],
            ("2024-04-07", "day"),
        ),
        ([_c("2022", "year", "metadata"), _c("2021-12", "month", "header")], ("2022", "year")),
        (
            [
                _c("2022", "year", "metadata"),
                _c("2022-03", "month", "header"),
                _c("2022-03-05", "day", "text"),
            ],
            ("2022-03-05", "day"),
        ),
        (
            [
                _c("2022", "year", "metadata"),
                _c("2021-12", "month", "header"),
                _c("2021-12-28", "day", "text"),
            ],
            ("2022", "year"),
        ),
        # Same trust and precision: the earliest, since an update follows publication.
        ([_c("2022-02-03", "day", "text"), _c("2022-02-01", "day", "text")], ("2022-02-01", "day")),
        ([_c("2022-02", "month", "header")], ("2022-02", "month")),
        # Malformed candidates are ignored rather than trusted.
        ([_c("2022-13", "month", "header"), _c("2022", "year", "text")], ("2022", "year")),
    ],
)
def test_resolve(candidates, expected):
    resolved = resolve(candidates)
    assert (resolved.published, resolved.precision) == expected


@pytest.mark.parametrize(
    ("candidate", "start", "end"),
    [
        (_c("2024-02", "month", "header"), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (_c("2023-02", "month", "header"), dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        (_c("2021-12", "month", "header"), dt.date(2021, 12, 1), dt.date(2021, 12, 31)),
        (_c("2022", "year", "metadata"), dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        (_c("2022-02-14", "day", "text"), dt.date(2022, 2, 14), dt.date(2022, 2, 14)),
    ],
)
def test_resolved_range(candidate, start, end):
    resolved = resolve([candidate])
    assert resolved == ResolvedDate(candidate.value, candidate.precision, start, end)


def test_unknown_has_no_range():
    assert resolve([]) == ResolvedDate("", "unknown", None, None)
