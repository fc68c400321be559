"""One section per article: a trained German classifier blended with per-language cue words.

Sections (keys stay in URLs, filters and CSVs; labels come from core/data/sections.toml):
politics, international, economy, sports, culture, science_tech, panorama, other.

How an article gets its section (`classify`):

1. Cue words (core/data/sections.toml, core.keywords matching, each term only on text of its
   language): hits per 1,000 words per section, turned into a distribution
   ``p_cue = (rate + CUE_PRIOR) / sum``.
2. German text, when the bundled classifier (core/models/crisis-de-sections, a spaCy
   ``textcat`` trained by ``python -m training.train_sections`` on weak labels from URL paths)
   is present: its probabilities ``p_model`` over the first MODEL_WORDS words.
3. The section is ``argmax(MODEL_WEIGHT * log p_model + (1 - MODEL_WEIGHT) * log p_cue)``;
   without a model it is ``argmax p_cue``.  No cue hit and no model: "other".  Texts under
   MIN_WORDS words are "other" (a teaser or a stub says too little).

MODEL_WEIGHT and CUE_PRIOR were chosen on the dev half of the hand-labelled topic sample
(training/eval/topics_labels.tsv); figures: README "Sections".
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from core import keywords

SECTIONS = (
    "politics",
    "international",
    "economy",
    "sports",
    "culture",
    "science_tech",
    "panorama",
    "other",
)
CUES_PATH = Path(__file__).resolve().parent / "data" / "sections.toml"
MODEL_DIR = Path(__file__).resolve().parent / "models" / "crisis-de-sections"

MODEL_WORDS = 300
MIN_WORDS = 15
MODEL_WEIGHT = 0.3
CUE_PRIOR = 0.5


def load_cues(path: str | Path | None = None) -> dict[str, dict]:
    """section -> {"label", "terms": {lang: [...]}}; every key must be a known section."""
    path = Path(path) if path is not None else CUES_PATH
    cues = keywords.load_lists(path, "sections")
    unknown = set(cues) - set(SECTIONS)
    if unknown:
        raise ValueError(f"{path}: unknown sections {sorted(unknown)}; use {', '.join(SECTIONS)}")
    return cues


def section_labels(cues: dict | None = None) -> dict[str, str]:
    """section key -> label for display ("other" included)."""
    cues = load_cues() if cues is None else cues
    labels = {key: key.replace("_", " ").capitalize() for key in SECTIONS}
    labels.update({key: spec["label"] for key, spec in cues.items()})
    return labels


@functools.cache
def load_model(path: str | None = None):
    """The bundled section classifier (a spaCy pipeline with one textcat), or None if absent."""
    import spacy

    where = Path(path) if path else MODEL_DIR
    if not (where / "meta.json").is_file():
        return None
    return spacy.load(where)


def cue_rates(articles: pd.DataFrame, cues: dict) -> np.ndarray:
    """(n_articles, n_sections) cue hits per 1,000 words, columns in SECTIONS order."""
    texts = (
        (articles["title"].fillna("").astype(str) + "\n" + articles["text"].fillna("").astype(str))
        .str.lower()
        .tolist()
    )
    langs = articles["language"].fillna("").astype(str).tolist()
    hits = keywords.count_hits(texts, langs, keywords.compile_lists(cues))
    n_words = articles["n_words"].fillna(0).astype("int64").clip(lower=50).to_numpy()
    rates = np.zeros((len(articles), len(SECTIONS)))
    for j, key in enumerate(SECTIONS):
        if key in hits:
            rates[:, j] = 1000.0 * hits[key] / n_words
    return rates


def model_probs(nlp, texts: list[str]) -> np.ndarray:
    """(n, n_sections) textcat probabilities, columns in SECTIONS order (0 where absent)."""
    clipped = [" ".join(t.split()[:MODEL_WORDS]) for t in texts]
    out = np.zeros((len(texts), len(SECTIONS)))
    for i, doc in enumerate(nlp.pipe(clipped, batch_size=64)):
        for j, key in enumerate(SECTIONS):
            out[i, j] = doc.cats.get(key, 0.0)
    return out


def combine(
    rates: np.ndarray,
    probs: np.ndarray | None,
    has_model: np.ndarray,
    weight: float = MODEL_WEIGHT,
    prior: float = CUE_PRIOR,
) -> np.ndarray:
    """Index into SECTIONS per article (see module doc); pure, for tuning and tests."""
    other = SECTIONS.index("other")
    cue_part = rates.copy()
    cue_part[:, other] = 0.0
    p_cue = (cue_part + prior) / (cue_part + prior).sum(axis=1, keepdims=True)
    score = np.log(p_cue)
    if probs is not None and has_model.any():
        p_model = np.clip(probs, 1e-6, 1.0)
        p_model[:, other] = 1e-6
        blended = weight * np.log(p_model) + (1 - weight) * np.log(p_cue)
        score = np.where(has_model[:, None], blended, score)
    best = score.argmax(axis=1)
    no_evidence = (rates.sum(axis=1) == 0) & ~has_model
    best[no_evidence] = other
    return best


def classify(
    articles: pd.DataFrame, cues: dict | None = None, model=None, *, use_model: bool = True
) -> pd.Series:
    """Section key per article (index of `articles`).  Needs title, text, language, n_words.

    `model`: a loaded textcat pipeline; by default the bundled one (when present) is used for
    German text.
    """
    if articles.empty:
        return pd.Series([], index=articles.index, dtype="str", name="section")
    cues = load_cues() if cues is None else cues
    rates = cue_rates(articles, cues)
    if model is None and use_model:
        model = load_model()
    has_model = (articles["language"].astype(str) == "de").to_numpy() & (model is not None)
    probs = None
    if has_model.any():
        idx = np.flatnonzero(has_model)
        texts = (articles["title"].fillna("") + "\n" + articles["text"].fillna("")).tolist()
        probs = np.zeros((len(articles), len(SECTIONS)))
        probs[idx] = model_probs(model, [texts[i] for i in idx])
    best = combine(rates, probs, has_model)
    short = articles["n_words"].fillna(0).to_numpy() < MIN_WORDS
    best[short] = SECTIONS.index("other")
    return pd.Series(
        np.asarray(SECTIONS, dtype=object)[best], index=articles.index, dtype="str", name="section"
    )
