"""Boilerplate removal on the real seeds and the real news-de-2024 corpus."""

from __future__ import annotations

from collections import Counter

import pytest

from core.boilerplate import (
    Cleaned,
    clean_text,
    is_boilerplate,
    is_caption,
    load_rules,
    parse_rules,
    split_paragraphs,
    tidy,
)

# Per seed: whole paragraphs that must go, and spans cut from paragraphs that stay.
SEED_BOILERPLATE = {
    "000": ([], ["(dpa/afp/red)"]),
    "001": (
        [
            "Jetzt eines von fünf Jahresabos für Body & Soul gewinnen TT-ePaper 4 Wochen gratis "
            "ausprobieren, ohne automatische Verlängerung Jetzt teilnehmen Ich bin bereits Abonnent"
        ],
        [],
    ),
    "002": (
        [
            "Antony Blinken und Sergej Lawrow | AP",
            "Über dieses Thema berichtete die tagesschau am 01. Februar 2022 um 06:00 Uhr.",
        ],
        # A paragraph of its own; once the timestamp is cut nothing is left of it.
        ["Stand: 01.02.2022 10:53 Uhr"],
    ),
    "003": ([], ["Stand: 28.12.2021 07:09 Uhr"]),
    "004": (["Joe Biden am Donnerstag in Washington Bild: AP"], []),
}

# (seed, must stay, must go)
SEED_SPOT_CHECKS = [
    ("000", "Bundesregierung trifft Vorkehrungen", "(dpa/afp/red)"),
    ("000", "„sollte es zu Migrationsbewegungen aus der Ukraine kommen“.", "(dpa"),
    ("001", "Initiiert hatte das Treffen", "Jahresabos"),
    ("001", "Zur Abschreckung erwägt die britische Regierung", "Ich bin bereits Abonnent"),
    ("002", "USA und Russland zur Ukraine Eine neue Antwort", "| AP"),
    (
        "002",
        "Angehörige von US-Diplomaten sollen Belarus verlassen",
        "Über dieses Thema berichtete",
    ),
    ("002", "Telefonat zwischen Blinken und Lawrow", "Stand:"),
    ("003", "Ukraine-Konflikt Washington kündigt Gespräche mit Moskau an", "Stand: 28.12.2021"),
    ("004", "Die Telefon-Diplomatie geht in die nächste Runde.", "Bild: AP"),
    ("004", "Inmitten massiver Spannungen", "Joe Biden am Donnerstag in Washington"),
]

# The most repeated junk paragraphs of news-de-2024 (found by a frequency count).
TOP_JUNK = [
    "Anzeige",
    '{ "placeholderType": "MREC" }',
    "Nur 2,49 EUR im Monat",
    "Bereits PUR-Abonnent? Hier anmelden.",
    "Alle Antworten zum PUR-Abo findest du hier.",
    '… oder "kicker PUR-Abo - werbefrei lesen" abschließen',
    "Drucken Teilen",
    "Teilen Merken Drucken",
    "Teilen Verschenken Merken Drucken Anhören",
    "Weiterlesen nach der Anzeige",
    "iTunes-Abo wiederherstellen",
    "Falls Sie nicht weitergeleitet werden, klicken Sie bitte hier .",
    "Lesen Sie auch",
    "Auch interessant",
    "Kopiere den aktuellen Link",
    "Seite in eigenem Fenster öffnen.",
    "Die Zustimmung in einem iFrame ist nicht möglich.",
    "News folgen Artikel teilen",
    "Werbung finden Sie störend?",
    "2 Min Lesezeit",
    "Link kopiert",
    "Anzeige Anzeige",
    "ANZEIGE",
    "-----",
    "---",
    "SID",
    "dpa",
    "Getty Images",
]
# Junk that varies in its tail: counted by how the paragraph starts.
TOP_JUNK_PREFIXES = [
    "Mit dem PUR-Abo nutzt du kicker",
    "SPIEGEL+ wird über Ihren iTunes-Account",
    "Freier Zugang zu allen Artikeln",
    "Externer Inhalt",
    "Empfohlener externer Inhalt",
    "Watson ist jetzt auf Whatsapp",
    "Um der Nutzung von Golem.de",
    "Besuchen Sie Golem.de wie gewohnt",
    "Skript wurde nicht geladen",
    "Hauptstadt Inside von Jörg Quoos",
    "An dieser Stelle ist ein externer Inhalt",
    "Wenn du hier klickst, siehst du",
    "Wir auch! Doch müssen wir unser Angebot",
    "ZDFsportstudio auf WhatsApp",
    "Bitte markieren Sie die entsprechenden Wörter",
    "Von: ",
]


def _body(raw: str) -> str:
    # The seed header is core.dates' business; here it would only glue onto paragraph one.
    from core.dates import split_header

    return split_header(raw)[1]


def _expected_paragraphs(raw: str, dropped: list[str], cuts: list[str]) -> list[str]:
    out = []
    for para in split_paragraphs(_body(raw)):
        if para in dropped:
            continue
        for cut in cuts:
            para = para.replace(cut, "")
        para = " ".join(para.split())
        if para:
            out.append(para)
    return out


@pytest.fixture(scope="module")
def cleaned_corpus(news_de_records) -> list[tuple[list[str], list[str]]]:
    """(raw paragraphs, cleaned paragraphs) per news-de record."""
    rules = load_rules()
    return [
        (split_paragraphs(tidy(r["text"])), split_paragraphs(clean_text(r["text"], rules).text))
        for r in news_de_records
    ]


@pytest.mark.parametrize("seed", sorted(SEED_BOILERPLATE))
def test_seed_boilerplate_removed_and_real_paragraphs_intact(seed_texts, seed):
    dropped, cuts = SEED_BOILERPLATE[seed]
    result = clean_text(_body(seed_texts[seed]))
    assert isinstance(result, Cleaned)
    assert sorted(result.removed) == sorted(dropped + cuts)
    assert result.text.split("\n\n") == _expected_paragraphs(seed_texts[seed], dropped, cuts)


@pytest.mark.parametrize(("seed", "kept", "gone"), SEED_SPOT_CHECKS)
def test_seed_spot_checks(seed_texts, seed, kept, gone):
    text = clean_text(_body(seed_texts[seed])).text
    assert kept in text
    assert gone not in text


def test_seeds_lose_almost_nothing(seed_texts):
    for seed, raw in seed_texts.items():
        body = _body(raw)
        assert len(clean_text(body).text) > 0.9 * len(body), seed


@pytest.mark.parametrize(
    ("paragraph", "caption"),
    [
        ("Antony Blinken und Sergej Lawrow | AP", True),
        ("Joe Biden am Donnerstag in Washington Bild: AP", True),
        ("Felix Passlack war schockiert. (Foto: IMAGO/Jan Huebner)", True),
        ("Reals Denker und Lenker im Mittelfeld: Toni Kroos Quelle: AP/Matthias Schrader", True),
        ("Julian Nagelsmann baut seine Startelf gegen Dänemark um. © IMAGO/Jan Huebner", True),
        ("Foto: dpa", True),
        ("USA und Russland zur Ukraine Eine neue Antwort - und weitere Gespräche", False),
        ("Pentagon: Weiterer russischer Truppenaufmarsch", False),
        ("Erster NATO-Russland-Rat seit mehr als zwei Jahren?", False),
    ],
)
def test_is_caption(paragraph, caption):
    assert is_caption(paragraph) is caption


def test_output_format(seed_texts):
    text = clean_text(
        "  Erster   Absatz\xa0mit\u00adText.  \n \n\n\nAnzeige\n\nZweiter Absatz. "
    ).text
    assert text == "Erster Absatz mitText.\n\nZweiter Absatz."
    assert clean_text("") == Cleaned("", ())


@pytest.mark.parametrize("junk", TOP_JUNK)
def test_top_junk_paragraphs_gone_from_corpus(cleaned_corpus, junk):
    before = sum(raw.count(junk) for raw, _ in cleaned_corpus)
    after = sum(kept.count(junk) for _, kept in cleaned_corpus)
    assert before >= 5, "the corpus changed: this junk paragraph is no longer frequent"
    assert after == 0


@pytest.mark.parametrize("prefix", TOP_JUNK_PREFIXES)
def test_top_junk_prefixes_gone_from_corpus(cleaned_corpus, prefix):
    before = sum(p.startswith(prefix) for raw, _ in cleaned_corpus for p in raw)
    after = sum(p.startswith(prefix) for _, kept in cleaned_corpus for p in kept)
    assert before >= 5
    assert after <= before * 0.02


def test_repeated_junk_overall_near_zero(cleaned_corpus):
    junk = set(TOP_JUNK)
    before = sum(p in junk for raw, _ in cleaned_corpus for p in raw)
    after = sum(p in junk for _, kept in cleaned_corpus for p in kept)
    assert before > 2500
    assert after == 0


def test_long_unique_paragraphs_survive(news_de_records):
    counts = Counter(p for r in news_de_records for p in set(split_paragraphs(tidy(r["text"]))))
    long_unique = [p for p, n in counts.items() if n == 1 and len(p) > 300]
    assert len(long_unique) > 10_000
    rules = load_rules()
    # Inline cuts (timestamps, agency tags) may shorten a paragraph; dropping it may not.
    survived = sum(len(clean_text(p, rules).text) >= 0.9 * len(p) for p in long_unique)
    assert survived / len(long_unique) > 0.99


def test_corpus_share_removed_is_moderate(cleaned_corpus):
    before = sum(len(raw) for raw, _ in cleaned_corpus)
    after = sum(len(kept) for _, kept in cleaned_corpus)
    # ~9% of paragraphs are junk in news-de-2024; far more would mean real text is lost.
    assert 0.03 < 1 - after / before < 0.2


def test_rules_are_cached_and_reloadable(tmp_path):
    assert load_rules() is load_rules()
    path = tmp_path / "rules.txt"
    path.write_text("# only one rule\npara: Weiterlesen nach der Anzeige\n", encoding="utf-8")
    rules = load_rules(path)
    assert rules is not load_rules()
    result = clean_text("Text eins.\n\nWeiterlesen nach der Anzeige\n\nAnzeige", rules)
    assert result.text == "Text eins.\n\nAnzeige"
    assert result.removed == ("Weiterlesen nach der Anzeige",)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("para (unclosed", "expected 'KIND: REGEX'"),
        ("drop: Anzeige", "expected 'KIND: REGEX'"),
        ("para: (unclosed", "bad regex"),
        ("para: (?P<x>a)", "named groups"),
    ],
)
def test_bad_rule_lines_are_reported_with_line_number(line, message):
    with pytest.raises(ValueError, match=message) as err:
        parse_rules(["# header", line], source="rules.txt")
    assert "rules.txt:2" in str(err.value)


def test_promo_heuristic_catches_unlisted_promotion(news_de_records):
    # A real promotion from the corpus that no regex rule names.
    para = next(
        p
        for r in news_de_records
        for p in split_paragraphs(r["text"])
        if p.startswith("4 Wochen testen, dann 2,99 € je Woche")
    )
    assert is_boilerplate(para)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Kyiv was shelled.\n\nSources: CNN/PAP/Twitter", "Kyiv was shelled."),
        ("Kyiv was shelled.\n\nFox News’ Anders Hagstrom and Caitlin McFall contributed to this "
         "report.", "Kyiv was shelled."),
        ("NEW You can now listen to Fox News articles! Kyiv was shelled.", "Kyiv was shelled."),
        ("Kyiv was shelled.\n\nAuthors: Riley Bailey, Grace Mappes, and Frederick W. Kagan",
         "Kyiv was shelled."),
        ("Kyiv was shelled.\n\nOther Topics of Interest Estonia’s PM: NATO Troop Training",
         "Kyiv was shelled."),
        # Reporting in the story stays.
        ("Sources in Kyiv said the talks would resume.", "Sources in Kyiv said the talks would "
         "resume."),
    ],
)
def test_english_credit_lines_and_promotions(text, kept):
    assert clean_text(text).text == kept
