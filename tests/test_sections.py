"""Sections: cue words per language, the bundled classifier, and their blend, on real text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core import sections
from core.sections import SECTIONS, classify, combine, load_cues, section_labels


def frame(rows):
    df = pd.DataFrame(rows, columns=["title", "text", "language"])
    df["n_words"] = df["text"].str.split().str.len().astype("int64")
    return df


def test_cue_file_names_known_sections_with_labels():
    cues = load_cues()
    assert set(cues) == set(SECTIONS) - {"other"}
    for spec in cues.values():
        assert spec["terms"]["de"] and spec["terms"]["en"]
    assert section_labels(cues)["science_tech"] == "Science & technology"
    assert section_labels(cues)["other"] == "Other"


def test_bad_cue_files_are_clear_errors(tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text('[sections.weather]\nde = ["regen"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown sections"):
        load_cues(bad)
    bad.write_text('[sections.sports]\nde = "tor"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"sections\.sports\.de must be a list"):
        load_cues(bad)


@pytest.mark.parametrize("use_model", [True, False])
@pytest.mark.parametrize(
    ("language", "title", "text", "section"),
    [
        ("de", "Bayern siegt", "Der Trainer lobte die Mannschaft nach dem Sieg in der Bundesliga. "
         "Zwei Tore in der zweiten Halbzeit entschieden das Spiel vor 75.000 Fans im Stadion.",
         "sports"),
        ("de", "Koalition streitet", "Im Bundestag streiten SPD, Grüne und FDP über den Haushalt. "
         "Die Opposition aus CDU und CSU fordert Neuwahlen, der Kanzler lehnt ab.", "politics"),
        ("de", "Konzern baut Stellen ab", "Der Konzern meldet einen Umsatzrückgang im Quartal. "
         "Anleger reagierten enttäuscht, die Aktie fiel an der Börse um acht Prozent.",
         "economy"),
        ("en", "Goal drought ends", "The striker scored twice as the team won the league match; "
         "the coach praised the fans after the season's best win.", "sports"),
        ("en", "Talks in Geneva", "The foreign minister met his Russian counterpart; NATO "
         "troops and the war in Ukraine dominated the summit, diplomats said.", "international"),
    ],
)
def test_clear_articles_get_their_desk(language, title, text, section, use_model):
    got = classify(frame([(title, text, language)]), use_model=use_model)
    assert got.iloc[0] == section


def test_language_without_cues_or_model_and_stubs_are_other():
    df = frame([
        ("", "Президент и парламент обсудили бюджет и выборы в стране на этой неделе.", "ru"),
        ("Kurz", "Nur ein Satz mit Trainer und Tor.", "de"),  # under MIN_WORDS words
    ])
    assert classify(df).tolist() == ["other", "other"]


def test_german_terms_do_not_fire_on_english_text():
    # "Tor" (goal) and "Spiel" (match) are German cue words; in English they mean nothing.
    text = "Tor Spiel Trainer Mannschaft " * 10
    rates = sections.cue_rates(frame([("", text, "en")]), load_cues())
    assert rates.sum() == 0


def test_combine_weights_model_against_cues():
    # Cues say sports, the model says culture: the weight decides.
    rates = np.zeros((1, len(SECTIONS)))
    rates[0, SECTIONS.index("sports")] = 20.0
    probs = np.full((1, len(SECTIONS)), 0.01)
    probs[0, SECTIONS.index("culture")] = 0.93
    has = np.array([True])
    assert SECTIONS[combine(rates, probs, has, weight=0.0)[0]] == "sports"
    assert SECTIONS[combine(rates, probs, has, weight=1.0)[0]] == "culture"
    # No cue and no model: other.
    assert SECTIONS[combine(np.zeros((1, len(SECTIONS))), None, np.array([False]))[0]] == "other"


def test_bundled_model_is_shipped_and_loads():
    model = sections.load_model()
    assert model is not None, "core/models/crisis-de-sections is missing"
    assert set(model.get_pipe("textcat").labels) == set(SECTIONS) - {"other"}
    assert model.meta["version"]


def test_sections_on_real_records_follow_the_url_desk(news_de_records):
    """Where a URL names its desk unambiguously (sport, kultur), most articles agree.  A weak
    check (URLs are not labels), but it fails if the classifier breaks."""
    from training.sections import url_section

    picked = [r for r in news_de_records if url_section(r.get("url")) in ("sports", "culture")]
    picked = picked[:: max(1, len(picked) // 150)][:150]
    df = frame([(r.get("title") or "", r["text"], "de") for r in picked])
    got = classify(df)
    agree = np.mean([g == url_section(r["url"]) for g, r in zip(got, picked, strict=True)])
    assert agree >= 0.75
