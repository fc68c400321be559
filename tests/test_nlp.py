"""The pipeline registry and the batch mention extractor, on real seed and corpus text."""

from __future__ import annotations

import re

import pytest
import spacy

from core import nlp as core_nlp
from core.nlp import (
    LABEL_MAP,
    PIPELINES,
    available_pipelines,
    extract_mentions,
    load_pipeline,
)

HEADER = re.compile(r"^ date \S+ ")
OFFICIAL = [n for names in PIPELINES.values() for n in names if not n.startswith("rules-")]


def _no_official_model(lang: str) -> bool:
    return not any(spacy.util.is_package(n) for n in PIPELINES[lang] if not n.startswith("rules"))


BUNDLED = core_nlp.MODELS_DIR / core_nlp.BUNDLED_DE
GERMAN_DEFAULT = "crisis-de-ner" if (BUNDLED / "config.cfg").is_file() else "rules-de"
ENGLISH_DEFAULT = (
    "crisis-en-ner"
    if (core_nlp.MODELS_DIR / core_nlp.BUNDLED_EN / "config.cfg").is_file()
    else "rules-en"
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("de", GERMAN_DEFAULT), ("en", ENGLISH_DEFAULT), ("ru", "rules-ru"), ("uk", "rules-uk"),
     ("fr", "rules-xx")],
)
def test_falls_back_to_bundled_without_official_model(lang, expected):
    key = lang if lang in PIPELINES else "*"
    if not _no_official_model(key):
        pytest.skip(f"an official {lang} model is installed here")
    nlp, name = load_pipeline(lang)
    assert name.startswith(expected + "@")
    assert nlp.pipe_names[-2:] == ["crisis_consistency", "crisis_sports_events"]


def test_german_order_official_then_bundled_then_rules():
    de = PIPELINES["de"]
    assert de.index("de_core_news_sm") < de.index("crisis-de-ner") < de.index("rules-de")
    en = PIPELINES["en"]
    assert en.index("en_core_web_sm") < en.index("crisis-en-ner") < en.index("rules-en")


def test_english_model_has_the_english_components_around_it():
    nlp, name = load_pipeline("en")
    if not name.startswith("crisis-en-ner@"):
        pytest.skip("the bundled English model is absent")
    names = nlp.pipe_names
    assert names.index("crisis_org_rules_en") < names.index("ner")
    assert names.index("ner") < names.index("crisis_common_words_en") < names.index(
        "crisis_consistency")


def test_missing_model_directory_falls_back_to_rules(monkeypatch, tmp_path):
    monkeypatch.setattr(core_nlp, "_DIRECTORIES", {"crisis-de-ner": tmp_path / "absent"})
    monkeypatch.setattr(core_nlp, "_loaded", {})
    assert core_nlp.available_pipelines()["crisis-de-ner"] is False
    if _no_official_model("de"):
        assert load_pipeline("de")[1].startswith("rules-de@")
    with pytest.raises(ValueError, match="'crisis-de-ner' is not installed"):
        load_pipeline("de", prefer="crisis-de-ner")


@pytest.mark.skipif(not (BUNDLED / "config.cfg").is_file(), reason=f"{BUNDLED} is absent")
def test_bundled_model_is_a_plain_spacy_pipeline():
    # Loadable by spaCy alone (no project code in its config); the rules are added
    # around it by the loader, with crisis_consistency last.
    plain = spacy.load(BUNDLED)
    assert plain.pipe_names == ["tok2vec", "ner"]
    assert set(plain.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "MISC"}
    nlp, name = load_pipeline("de", prefer="crisis-de-ner")
    assert name == "crisis-de-ner@" + plain.meta["version"]
    assert nlp.pipe_names[-2:] == ["crisis_consistency", "crisis_sports_events"]
    assert {"crisis_gazetteer", "crisis_person_rules", "crisis_person_filter"} <= set(
        nlp.pipe_names
    )
    size = sum(p.stat().st_size for p in BUNDLED.rglob("*") if p.is_file())
    assert size < 25 * 2**20


def test_prefer_unknown_pipeline_is_a_clear_error():
    with pytest.raises(ValueError, match=r"'nonexistent' is unknown; available: .*rules-de"):
        load_pipeline("de", prefer="nonexistent")


@pytest.mark.parametrize("name", [n for n in OFFICIAL if not spacy.util.is_package(n)][:3])
def test_prefer_uninstalled_model_is_a_clear_error(name):
    with pytest.raises(ValueError, match="not installed"):
        load_pipeline("de", prefer=name)


def test_available_pipelines():
    avail = available_pipelines()
    assert avail["rules-de"] and avail["rules-en"] and avail["rules-xx"]
    assert set(OFFICIAL) <= set(avail)


def test_register_pipeline_plugs_in(monkeypatch):
    # Another pipeline (a user's own model) is registered like this; a blank
    # pipeline stands in for it so the test needs nothing installed.
    monkeypatch.setattr(core_nlp, "PIPELINES", {k: list(v) for k, v in PIPELINES.items()})
    monkeypatch.setattr(core_nlp, "LOADERS", dict(core_nlp.LOADERS))
    monkeypatch.setattr(core_nlp, "_ALWAYS_AVAILABLE", set(core_nlp._ALWAYS_AVAILABLE))
    monkeypatch.setattr(core_nlp, "_DIRECTORIES", dict(core_nlp._DIRECTORIES))
    monkeypatch.setattr(core_nlp, "_loaded", {})
    core_nlp.register_pipeline("my-de-ner", lambda: spacy.blank("de"), langs=("de",))
    nlp, name = core_nlp.load_pipeline("de")
    assert name == "my-de-ner@" + nlp.meta["version"]


@pytest.fixture(scope="module")
def seed_raw(seed_texts):
    nlp, _ = load_pipeline("de", prefer="rules-de")
    docs = [(k, HEADER.sub("", t)) for k, t in seed_texts.items()]
    return extract_mentions(nlp, docs, batch_size=2), dict(docs)


def test_extract_mentions_columns_and_offsets(seed_raw):
    raw, texts = seed_raw
    assert list(raw.columns) == ["article_id", "label", "surface", "start", "end"]
    assert str(raw["start"].dtype) == "int64" and str(raw["end"].dtype) == "int64"
    assert set(raw["label"]) <= set(LABEL_MAP.values())
    assert set(raw["article_id"]) == set(texts)
    for row in raw.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.surface


# (seed, sentence fragment, surface, label): mentions inside hyphenated compounds
COMPOUNDS = [
    ("001", "Abzug von NATO-Truppen aus Rumänien", "NATO", "ORG"),
    ("001", "Hysterie“ im Ukraine-Konflikt auf", "Ukraine", "LOC"),
    ("001", "teilt Duma-Präsident Wjatscheslaw Wolodin", "Duma", "ORG"),
    ("002", "Entschärfung der Ukraine-Krise", "Ukraine", "LOC"),
    ("003", "Ukraine-Konflikt Washington kündigt", "Ukraine", "LOC"),
]


@pytest.mark.parametrize(("seed", "fragment", "surface", "label"), COMPOUNDS)
def test_hyphen_compound_part_mentions(seed, fragment, surface, label, seed_raw):
    raw, texts = seed_raw
    text = texts[seed]
    at = text.index(fragment) + fragment.index(surface)
    rows = raw[(raw["article_id"] == seed) & (raw["start"] == at)]
    assert rows[["surface", "label", "end"]].values.tolist() == [
        [surface, label, at + len(surface)]
    ]


def test_hyphen_compound_with_person(news_de_records):
    # "die Höcke-Partei": Höcke is a person of the article, the mention covers "Höcke".
    record = next(r for r in news_de_records if "Höcke-Partei" in r["text"])
    nlp, _ = load_pipeline("de", prefer="rules-de")
    raw = extract_mentions(nlp, [("h", record["text"])])
    at = record["text"].index("Höcke-Partei")
    hit = raw[raw["start"] == at]
    assert hit[["surface", "label", "end"]].values.tolist() == [["Höcke", "PER", at + 5]]


# (seed, surface): every occurrence is a PER mention (doc-level consistency)
CONSISTENT = [
    ("000", "Putin"),
    ("000", "Lawrows"),
    ("000", "Lawrow"),
    ("002", "Johnsons"),
    ("002", "Bidens"),
    ("002", "Kirby"),
    ("004", "Trudeaus"),
    ("004", "Baerbock"),
]


@pytest.mark.parametrize(("seed", "surface"), CONSISTENT)
def test_doc_level_person_consistency(seed, surface, seed_raw):
    raw, texts = seed_raw
    occurrences = [m.start() for m in re.finditer(rf"\b{surface}\b", texts[seed])]
    per = raw[(raw["article_id"] == seed) & (raw["label"] == "PER")]
    assert occurrences
    for at in occurrences:
        # Covered by a person mention: itself, or the full name it is part of.
        covering = per[(per["start"] <= at) & (per["end"] >= at + len(surface))]
        assert len(covering) == 1, (surface, at)
    assert (raw.loc[raw["surface"] == surface, "label"] == "PER").all()


def test_extract_mentions_empty_and_parallel(news_de_records):
    nlp, _ = load_pipeline("de", prefer="rules-de")
    empty = extract_mentions(nlp, [])
    assert list(empty.columns) == ["article_id", "label", "surface", "start", "end"]
    assert len(empty) == 0
    docs = [(str(i), r["text"]) for i, r in enumerate(news_de_records[:40])]
    one = extract_mentions(nlp, docs)
    two = extract_mentions(nlp, docs, batch_size=8, n_process=2)
    key = ["article_id", "start", "end"]
    assert (
        one.sort_values(key)
        .reset_index(drop=True)
        .equals(two.sort_values(key).reset_index(drop=True))
    )


def test_long_texts_are_analysed_in_pieces_with_the_articles_offsets():
    from core import nlp as core_nlp

    para = "Wladimir Putin traf Olaf Scholz in Berlin. " * 40
    text = "\n\n".join([para] * 60)  # ~100,000 characters: three pieces
    pieces = core_nlp.chunks(text)
    assert len(pieces) >= 2 and "".join(p for _, p in pieces) == text
    assert all(len(p) <= core_nlp.NLP_CHUNK for _, p in pieces)
    assert all(text[off:off + len(p)] == p for off, p in pieces)
    nlp, _ = core_nlp.load_pipeline("de", prefer="rules-de")
    got = core_nlp.extract_mentions(nlp, [("a", text)])
    assert (got["surface"] == [text[s:e] for s, e in zip(got["start"], got["end"],
                                                         strict=True)]).all()
    assert got["start"].max() > core_nlp.NLP_CHUNK  # mentions from the later pieces too
    assert core_nlp.chunks("kurz") == [(0, "kurz")]
