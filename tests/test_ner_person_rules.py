"""crisis_person_rules in the rule pipeline: titled names, first names, "Name (PARTY)"."""

from __future__ import annotations

import re

import pytest

from tests.ner_fixtures import ents, nlp  # noqa: F401

HEADER = re.compile(r"^ date \S+ ")


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
def test_titled_and_first_names_in_seed_sentences(seed, fragment, person, seed_texts, nlp):  # noqa: F811
    text = HEADER.sub("", seed_texts[seed])
    assert fragment in text
    start = text.index(fragment)
    sentence = text[text.rfind("\n", 0, start) + 1 : text.find("\n", start)]
    found = ents(nlp, sentence)
    # John Kirby is written with a non-breaking space in the seed.
    assert any(t.replace("\xa0", " ").startswith(person) and lab == "PER" for t, lab in found), (
        found
    )


def test_party_in_brackets(news_de_records, nlp):  # noqa: F811
    record = next(r for r in news_de_records if "Friedrich Merz (CDU)" in r["text"])
    text = record["text"]
    at = text.index("Friedrich Merz (CDU)")
    doc = nlp(text)
    spans = {(e.start_char, e.text, e.label_) for e in doc.ents}
    assert (at, "Friedrich Merz", "PER") in spans
    assert (at + len("Friedrich Merz ("), "CDU", "ORG") in spans


def test_compound_title_with_party(news_de_records, nlp):  # noqa: F811
    record = next(r for r in news_de_records if "CDU-Chef Friedrich Merz" in r["text"])
    found = ents(nlp, record["text"])
    assert ("Friedrich Merz", "PER") in found


def test_no_person_in_seed_boilerplate(seed_texts, nlp):  # noqa: F811
    # Ad and paywall lines in seed 001 contain capitalised words but no people.
    line = next(ln for ln in seed_texts["001"].splitlines() if "Jahresabos" in ln)
    assert [t for t, lab in ents(nlp, line) if lab == "PER"] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("US Ambassador Linda Thomas-Greenfield said on Monday that the talks failed.",
         "Linda Thomas-Greenfield"),
        ("German President Frank-Walter Steinmeier visited Kyiv on Tuesday.",
         "Frank-Walter Steinmeier"),
        ("Jean-Claude Juncker spoke in Brussels.", "Jean-Claude Juncker"),
    ],
)
def test_hyphenated_english_names_stay_whole(text, name):
    """The English tokenizer splits at hyphens; the rules take the name whole."""
    from core import nlp as core_nlp

    pipe, _ = core_nlp.load_pipeline("en", prefer="rules-en")
    assert (name, "PER") in [(e.text, e.label_) for e in pipe(text).ents]


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("The Russian Defence Ministry said the Institute for the Study of War was wrong.",
         ["Russian Defence Ministry", "Institute for the Study of War"]),
        ("Economists at the Kyiv School of Economics and the Federal Reserve disagreed.",
         ["Kyiv School of Economics", "Federal Reserve"]),
        ("The Deputy Chairman of the Russian Security Council spoke on Monday.",
         ["Russian Security Council"]),
        ("The National Security and Defense Council of Ukraine met in Kyiv.",
         ["National Security and Defense Council of Ukraine"]),
        ("Though the talks failed, President Joe Biden spoke in Warsaw.", []),
    ],
)
def test_english_organisations_by_their_head_word(text, orgs):
    from core import nlp as core_nlp

    pipe, _ = core_nlp.load_pipeline("en", prefer="rules-en")
    assert [e.text for e in pipe(text).ents if e.label_ == "ORG"] == orgs
