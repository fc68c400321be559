"""Titles: given titles cleaned, else the headline, else the lead sentence."""

from __future__ import annotations

import re

import pytest

from core.dates import split_header
from core.titles import clean_given, extract_title, first_sentence, shorten

SEED_TITLES = {
    # Lead sentences longer than 120 characters, shortened at a word boundary.
    "000": "In der Krise mit der Ukraine setzt Moskau darauf, weiter mit den USA und der Nato über "
    "Sicherheitsgarantien in…",
    "001": "Das Krisentreffen zwischen US-Außenminister Antony Blinken und seinem russischen "
    "Amtskollegen Sergej Lawrow hat am…",
    # First line is a photo caption; the headline is the next line.
    "002": "USA und Russland zur Ukraine Eine neue Antwort - und weitere Gespräche",
    # Headline with the tagesschau timestamp glued on.
    "003": "Ukraine-Konflikt Washington kündigt Gespräche mit Moskau an",
    "004": "Die Telefon-Diplomatie geht in die nächste Runde.",
}

GIVEN_TITLES = [
    (
        " [Eintracht Braunschweig] „Brutaler Support“: Eintracht Braunschweig dankt den Fans",
        "[Eintracht Braunschweig] „Brutaler Support“: Eintracht Braunschweig dankt den Fans",
    ),
    (
        "🔥🔥 [SWR-Moderatorin Helen Fares] „Kauft nicht bei Juden!“ 2.0: SWR-Moderatorin Fares "
        "ruft zu Israel ...",
        "[SWR-Moderatorin Helen Fares] „Kauft nicht bei Juden!“ 2.0: SWR-Moderatorin Fares "
        "ruft zu Israel ...",
    ),
    (
        "🔥🔥🔥🔥 [Arsenal gegen Bayern] Champions League heute live: "
        "FC Arsenal vs. FC Bayern München ...",
        "[Arsenal gegen Bayern] Champions League heute live: FC Arsenal vs. FC Bayern München ...",
    ),
    ("👍🏽\ufe0f  Zwei   Leerzeichen ", "Zwei Leerzeichen"),
]

ENGLISH_LEADS = {
    "20220125T201500Z_GB_en_12a935d533.txt": "US President Joe Biden says he would consider "
    "personal sanctions on Vladimir Putin if Russia invades Ukraine.",
    "20220204T123000Z_UA_en_1d3757904e.txt": "The upper house of the Polish parliament, the "
    "Senate, has passed a resolution in support of Ukraine.",
    "20220125T090000Z_GB_en_7d015e6984.txt": "Emmanuel Macron has told a press conference in "
    "Berlin that he plans to hold phone talks with his Russian counterpart…",
}


@pytest.mark.parametrize(("seed", "expected"), sorted(SEED_TITLES.items()))
def test_seed_titles(seed_texts, seed, expected):
    _, body = split_header(seed_texts[seed])
    title = extract_title(body)
    assert title == expected
    assert len(title) <= 120


@pytest.mark.parametrize(("given", "expected"), GIVEN_TITLES)
def test_given_title_is_cleaned(given, expected):
    assert extract_title("Irgendein Text. Noch einer.", given) == expected


@pytest.mark.parametrize("given", [None, "", "   ", "🔥🔥"])
def test_empty_given_title_falls_back_to_text(seed_texts, given):
    _, body = split_header(seed_texts["004"])
    assert extract_title(body, given) == SEED_TITLES["004"]


def test_all_news_de_given_titles_cleaned(news_de_records):
    for record in news_de_records:
        title = extract_title(record["text"], record["title"])
        assert title, record["file"]
        assert title == clean_given(record["title"])
        assert "  " not in title and title == title.strip()
        assert not title.startswith("🔥")
        # Nothing but the leading pictographs and whitespace goes.
        assert " ".join(record["title"].split()).endswith(title)


@pytest.mark.parametrize(("file", "expected"), sorted(ENGLISH_LEADS.items()))
def test_english_records_get_lead_sentence(news_en_records, file, expected):
    record = next(r for r in news_en_records if r["file"] == file)
    assert "title" not in record
    assert extract_title(record["text"]) == expected


def test_english_titles_come_from_the_opening(news_en_records):
    for record in news_en_records:
        title = extract_title(record["text"])
        assert 0 < len(title) <= 120, record["file"]
        # From the opening: the first line, or the first after notes and datelines.
        assert title.rstrip("…") in " ".join(record["text"].split())[:800], record["file"]
        assert not re.match(r"^[\w.,()' ]{1,40}[—–-]$", title), (record["file"], title)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Müller kam am 10. Januar nach Berlin. Dann ging er.",
            "Dr. Müller kam am 10. Januar nach Berlin.",
        ),
        (
            "Die 58. Münchner Sicherheitskonferenz beginnt. Danach mehr.",
            "Die 58. Münchner Sicherheitskonferenz beginnt.",
        ),
        (
            "„Es gibt immer eine Chance“, antwortete Lawrow. Dann nicht.",
            "„Es gibt immer eine Chance“, antwortete Lawrow.",
        ),
        ("„Was nun?“, fragte er. Niemand antwortete.", "„Was nun?“, fragte er."),
        ('Er sagte: "Wir gewinnen." Dann ging er.', 'Er sagte: "Wir gewinnen."'),
        ("Donald J. Trump ist da. Ja.", "Donald J. Trump ist da."),
        ("Die U.S. Army kommt. Ja.", "Die U.S. Army kommt."),
        ("Die Partei (z. B. die SPD) ist da. Ja.", "Die Partei (z. B. die SPD) ist da."),
        ("Das war 2022. Dann kam 2023.", "Das war 2022."),
        ("Mr. Biden said so. Then he left.", "Mr. Biden said so."),
        ("Kein Satzende", "Kein Satzende"),
    ],
)
def test_first_sentence(text, expected):
    assert first_sentence(text) == expected


@pytest.mark.parametrize("max_len", [20, 50, 120])
def test_shorten_cuts_at_word_boundary(seed_texts, max_len):
    lead = first_sentence(split_header(seed_texts["000"])[1])
    short = shorten(lead, max_len)
    assert len(short) <= max_len
    assert short.endswith("…")
    assert lead.startswith(short[:-1])
    assert lead[len(short) - 1] == " "


def test_stand_timestamp_cut_from_headline_with_lead_on_same_line(news_de_records):
    # news-de (tagesschau) paragraphs: "<headline> Stand: <date> <lead>".
    paragraph = next(
        p
        for r in news_de_records
        for p in r["text"].split("\n\n")
        if p.startswith("Comeback von Ex-Nationaltorhüterin")
    )
    assert (
        extract_title(paragraph)
        == "Comeback von Ex-Nationaltorhüterin Schult - Mama hütet das HSV-Tor"
    )


def test_empty_text():
    assert extract_title("") == ""
    assert extract_title("\n\nAnzeige\n\n") == ""


def test_notes_and_datelines_are_no_headline():
    text = "Editor’s Note: Jane Roe is a fellow at an institute.\n\nCNN —\n\nTalks stall in Kyiv."
    assert extract_title(text) == "Talks stall in Kyiv."
