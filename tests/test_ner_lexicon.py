"""core.ner.lexicon: gazetteer contents and the first-name list."""

from __future__ import annotations

import pytest

from core.ner import load_gazetteer


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
