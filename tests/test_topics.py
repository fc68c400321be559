"""Topic scoring with the shipped taxonomy, on the seeds and real corpus records."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from core import topics
from core.schema import check
from core.topics import (
    ASSIGN_THRESHOLD,
    assigned_topics,
    compile_taxonomy,
    load_taxonomy,
    score_topics,
)

HEADER = re.compile(r"^ date \S+ ")
REQUIRED = {
    "diplomacy",
    "military",
    "economy_sanctions",
    "energy",
    "humanitarian_refugees",
    "domestic_politics",
}


def frame(pairs):
    df = pd.DataFrame(pairs, columns=["article_id", "text"])
    df["n_words"] = df["text"].str.split().str.len().astype("int64")
    return df


def test_taxonomy_has_required_topics():
    taxonomy = load_taxonomy()
    assert REQUIRED <= set(taxonomy)
    for spec in taxonomy.values():
        assert spec["label"] and spec["de"] and spec["en"]


@pytest.mark.parametrize(
    ("keyword", "text", "hits"),
    [
        ("verhandl", "Die Verhandlungen laufen", 1),
        ("verhandl", "Friedensverhandlungen laufen", 0),
        ("*verhandl", "Friedensverhandlungen laufen", 1),
        ("sanktion", "neue NATO-Sanktionen", 1),
        ("gas ", "Gas und Gastronomie", 1),
        ("white house", "the White\nHouse said", 1),
    ],
)
def test_keyword_syntax(keyword, text, hits):
    pattern = compile_taxonomy({"t": {"label": "t", "keywords": [keyword]}})["t"]
    assert len(pattern.findall(text.lower())) == hits


@pytest.fixture(scope="module")
def seed_scores(seed_texts):
    return score_topics(frame([(k, HEADER.sub("", t)) for k, t in seed_texts.items()]))


def test_schema(seed_scores):
    check(seed_scores, "topics")
    assert (seed_scores["score"] > 0).all()


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seeds_are_about_diplomacy(seed, seed_scores):
    rows = seed_scores[seed_scores["article_id"] == seed].set_index("topic")["score"]
    assert rows.idxmax() == "diplomacy"
    assert assigned_topics(seed_scores)[seed].split(";")[0] == "diplomacy"


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("EZB senkt Leitzins erneut", "economy_sanctions"),
        ("Strompreise weiterhin zu hoch", "energy"),
        ("Amerikanischer Investor will Nord Stream 2 kaufen", "energy"),
    ],
)
def test_economic_and_energy_records(title, topic, news_de_records):
    record = next(r for r in news_de_records if title in r["title"])
    scores = score_topics(frame([("r", record["text"])]))
    assert scores["score"].max() >= ASSIGN_THRESHOLD
    assert topic in assigned_topics(scores)["r"].split(";")
    # Prices are economy as well as energy; neither diplomacy nor military leads.
    assert scores.set_index("topic")["score"].idxmax() in {"economy_sanctions", "energy"}


def test_english_record_scores(news_en_records):
    texts = [r["text"] for r in news_en_records if "sanction" in r["text"].lower()][:20]
    scores = score_topics(frame([(str(i), t) for i, t in enumerate(texts)]))
    assert set(scores.loc[scores["topic"] == "economy_sanctions", "article_id"]) == {
        str(i) for i in range(len(texts))
    }


def test_assigned_topics_shape():
    scores = pd.DataFrame(
        {"article_id": ["a", "a", "b"], "topic": ["x", "y", "x"], "score": [9.0, 5.0, 1.0]}
    )
    got = assigned_topics(scores)
    assert got.to_dict() == {"a": "x;y", "b": ""}


def test_empty():
    check(score_topics(frame([])), "topics")


def test_topic_labels_come_from_the_taxonomy():
    labels = topics.topic_labels(topics.load_taxonomy())
    assert labels["economy_sanctions"] == "Economy & sanctions"
    assert set(labels) == set(topics.load_taxonomy())
