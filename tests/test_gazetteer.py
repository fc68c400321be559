"""The rule pipeline: gazetteer contents, titled names, first names, false positives."""

from __future__ import annotations

import re
import time

import pytest

from core import gazetteer
from core.gazetteer import build_rule_pipeline, load_gazetteer

HEADER = re.compile(r"^ date \S+ ")


@pytest.fixture(scope="module")
def nlp():
    return build_rule_pipeline("de")


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_builds_fast_and_is_cached():
    gazetteer.load_gazetteer.cache_clear()
    gazetteer.build_rule_pipeline.cache_clear()
    t0 = time.perf_counter()
    nlp = build_rule_pipeline("de")
    assert time.perf_counter() - t0 < 3.0
    assert build_rule_pipeline("de") is nlp
    assert nlp.pipe_names == list(gazetteer.RULE_COMPONENTS)


def test_unsupported_language_uses_xx():
    assert build_rule_pipeline("zz").lang == "xx"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Russland", "LOC"), ("Russlands", "LOC"), ("Russia", "LOC"), ("USA", "LOC"),
        ("Vereinigte Staaten", "LOC"), ("Großbritannien", "LOC"), ("Belarus", "LOC"),
        ("Weißrussland", "LOC"), ("Ukraine", "LOC"), ("Kiew", "LOC"), ("Kyjiw", "LOC"),
        ("Kyiv", "LOC"), ("Moskau", "LOC"), ("Moskaus", "LOC"), ("Donbass", "LOC"),
        ("Krim", "LOC"), ("Genf", "LOC"), ("Mariupol", "LOC"), ("Tschechien", "LOC"),
        ("Czechia", "LOC"), ("NATO", "ORG"), ("Nato", "ORG"), ("EU", "ORG"),
        ("Europäische Kommission", "ORG"), ("UN-Sicherheitsrat", "ORG"), ("UNO", "ORG"),
        ("OSZE", "ORG"), ("OSCE", "ORG"), ("G7", "ORG"), ("Kreml", "ORG"), ("Pentagon", "ORG"),
        ("Weißes Haus", "ORG"), ("Duma", "ORG"), ("Interfax", "ORG"), ("IAEA", "ORG"),
        ("SPD", "ORG"), ("CDU", "ORG"), ("CSU", "ORG"), ("Grüne", "ORG"), ("FDP", "ORG"),
        ("AfD", "ORG"), ("Linke", "ORG"), ("BSW", "ORG"), ("Bundesregierung", "ORG"),
    ],
)  # fmt: skip
def test_gazetteer_entries(name, label):
    assert load_gazetteer().entities[name] == label


@pytest.mark.parametrize(
    "word", ["Will", "Mal", "Bitte", "Die", "Der", "Am", "Paris", "Israel", "Song", "Sky", "Tor"]
)
def test_words_that_are_not_first_names(word):
    assert word not in load_gazetteer().first_names


@pytest.mark.parametrize(
    ("seed", "fragment", "person"),
    [
        ("000", "Der russische Präsident Wladimir Putin fragte", "Wladimir Putin"),
        ("000", "seinen Außenminister Sergej Lawrow, ob", "Sergej Lawrow"),
        ("000", "Verteidigungsminister Oleksi Resnikow telefonierte", "Oleksi Resnikow"),
        ("001", "US-Außenminister Antony Blinken und", "Antony Blinken"),
        ("001", "Duma-Präsident Wjatscheslaw Wolodin mit", "Wjatscheslaw Wolodin"),
        ("001", "sagt Sprecher Dmitri Peskow.", "Dmitri Peskow"),
        ("002", "Russlands UN-Botschafter Wassili Nebensja beschuldigte", "Wassili Nebensja"),
        ("002", "sagte Pentagon-Sprecher John", "John"),
        ("004", "amerikanische Außenminister Blinken mit", "Blinken"),
        ("004", "NATO-Generalsekretär Jens Stoltenberg haben", "Jens Stoltenberg"),
        ("004", "Vizepräsidentin Kamala Harris und", "Kamala Harris"),
        ("004", "Außenministerin Annalena Baerbock (Grüne)", "Annalena Baerbock"),
        ("004", "Außenministeriums, Ned Price, am", "Ned Price"),
    ],
)
def test_titled_and_first_names_in_seed_sentences(seed, fragment, person, seed_texts, nlp):
    text = HEADER.sub("", seed_texts[seed])
    assert fragment in text
    start = text.index(fragment)
    sentence = text[text.rfind("\n", 0, start) + 1 : text.find("\n", start)]
    found = ents(nlp, sentence)
    # John Kirby is written with a non-breaking space in the seed.
    assert any(t.replace("\xa0", " ").startswith(person) and lab == "PER" for t, lab in found), (
        found
    )


def test_party_in_brackets(news_de_records, nlp):
    record = next(r for r in news_de_records if "Friedrich Merz (CDU)" in r["text"])
    text = record["text"]
    at = text.index("Friedrich Merz (CDU)")
    doc = nlp(text)
    spans = {(e.start_char, e.text, e.label_) for e in doc.ents}
    assert (at, "Friedrich Merz", "PER") in spans
    assert (at + len("Friedrich Merz ("), "CDU", "ORG") in spans


def test_compound_title_with_party(news_de_records, nlp):
    record = next(r for r in news_de_records if "CDU-Chef Friedrich Merz" in r["text"])
    found = ents(nlp, record["text"])
    assert ("Friedrich Merz", "PER") in found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Er hob die linke Hand und zeigte nach Westen.", "linke"),
        ("Will Russland wirklich verhandeln?", "Will Russland"),
        ("Das Tor fiel in der 90. Minute, Kane traf.", "Tor"),
    ],
)
def test_common_words_are_not_entities(text, absent, nlp):
    assert all(absent not in t for t, _ in ents(nlp, text))


def test_no_person_in_seed_boilerplate(seed_texts, nlp):
    # Ad and paywall lines in seed 001 contain capitalised words but no people.
    line = next(ln for ln in seed_texts["001"].splitlines() if "Jahresabos" in ln)
    assert [t for t, lab in ents(nlp, line) if lab == "PER"] == []


AGENCY_CREDITS = [
    "Berlin (dpa) - Die Bundesregierung hat am Montag neue Hilfen beschlossen.",
    "Olaf Scholz sprach in Berlin über die Hilfen. (mbr/dpa)",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\n© dpa | Andreas Gora",
    "Olaf Scholz sprach in Berlin.\n\nFoto: Claus Hampel, dpa\n\nDie Familie lebte dort.",
    "Olaf Scholz sprach in Berlin.\n\nBildrechte: picture alliance/dpa/Matthias Bein",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\ndpa",
    "Olaf Scholz sprach in Berlin.\n\n© dpa-infocom, dpa:240412-99-652248/5",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\n(mit dpa)",
    "FRANKFURT (dpa-AFX) - Olaf Scholz sprach in Berlin über die Hilfen.",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\nMit Material von dpa und AFP",
    "Olaf Scholz sprach in Berlin über die Hilfen. dpa\n\nDer Kanzler reiste weiter.",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\nVon dpa\n\nDer Kanzler reiste.",
]


@pytest.mark.parametrize("text", AGENCY_CREDITS)
def test_agency_credits_are_not_actors(nlp, text):
    found = ents(nlp, text)
    assert not [e for e in found if e[0] in ("dpa", "picture alliance", "dpa-infocom")], found
    assert ("Olaf Scholz", "PER") in found or "Berlin" in text[:10]


def test_agency_named_in_the_story_stays(nlp):
    for text in ("Wie die Deutsche Presse-Agentur dpa berichtet, reist Olaf Scholz nach Kiew.",
                 "Olaf Scholz reist nach Kiew, sagte ein Sprecher der dpa.",
                 "Olaf Scholz sagte im Gespräch mit dpa, er reise nach Kiew."):
        assert ("dpa", "ORG") in ents(nlp, text), text
