"""Crisis relevance against the shipped Russia–Ukraine definition and a user's own."""

from __future__ import annotations

import pandas as pd
import pytest

from core.crisis import is_about, load_crisis, relevance


def arts(rows, language="de"):
    df = pd.DataFrame(rows, columns=["article_id", "text"])
    df["language"] = language
    df["n_words"] = df["text"].str.split().str.len().astype("int64")
    return df


NO_MENTIONS = pd.DataFrame({"article_id": pd.Series(dtype="str"),
                            "actor": pd.Series(dtype="str")})


def test_default_definition():
    c = load_crisis()
    assert c.name == "Russia–Ukraine"
    assert "Wladimir Putin" in c.actors and c.terms["de"] and c.terms["en"]
    assert c.threshold > 0 and c.min_hits >= 2


def test_relevance_per_language_and_min_hits():
    c = load_crisis()
    df = arts([
        ("war", "Russland greift die Ukraine an; Kiew meldet Angriffe, der Kreml schweigt."),
        ("one", "Das Spiel gegen eine Mannschaft aus der Ukraine endete 2:1. " + "Wort " * 30),
        ("none", "Der Stadtrat berät über den Haushalt und neue Radwege. " * 3),
    ])
    score = relevance(df, NO_MENTIONS, c)
    assert score.iloc[0] >= c.threshold
    assert score.iloc[1] == 0  # one hit is not a story about the crisis
    assert score.iloc[2] == 0
    assert is_about(score, c).tolist() == [True, False, False]
    english = arts([("en", "Russia attacked Ukraine again; Kyiv and the Kremlin traded "
                           "accusations while Putin spoke.")], language="en")
    assert relevance(english, NO_MENTIONS, c).iloc[0] >= c.threshold
    # German terms on English text (and vice versa) count nothing.
    wrong = arts([("x", "Russland Ukraine Kiew Kreml Moskau Putin")], language="fr")
    assert relevance(wrong, NO_MENTIONS, c).iloc[0] == 0


def test_actor_mentions_count_as_evidence():
    c = load_crisis()
    df = arts([("a", "Er sagte es dreimal, und er meinte es. " * 5)])
    ms = pd.DataFrame({"article_id": ["a"] * 4, "actor": ["Wolodymyr Selenskyj"] * 4})
    assert relevance(df, ms, c).iloc[0] > 0


def test_a_crisis_of_ones_own(tmp_path):
    path = tmp_path / "sahel.toml"
    path.write_text(
        '[crisis]\nname = "Sahel"\nthreshold = 2.0\nmin_hits = 2\nactors = ["Mali"]\n'
        '[crisis.terms]\nde = ["sahel", "mali ", "bamako", "junta"]\n', encoding="utf-8")
    c = load_crisis(path)
    df = arts([("s", "Die Junta in Mali hat in Bamako neue Wahlen abgesagt."),
               ("u", "Russland und die Ukraine verhandeln in Kiew.")])
    got = is_about(relevance(df, NO_MENTIONS, c), c).tolist()
    assert got == [True, False]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name = 'x'\n", "needs a \\[crisis\\] table"),
        ("[crisis]\nname = 'x'\n", "neither terms nor actors"),
        ("[crisis]\nactors = 'Putin'\n", "actors must be a list"),
        ("[crisis]\nactors = ['A']\nthreshold = 'high'\n", "must be numbers"),
        ("[crisis\n", "not valid TOML"),
    ],
)
def test_bad_definitions_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "c.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_crisis(path)
    with pytest.raises(ValueError, match="no such crisis definition"):
        load_crisis(tmp_path / "missing.toml")
