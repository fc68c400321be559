"""Crisis-topic scoring against a user-editable taxonomy (core/data/topics.toml).

Score formula, per (article, topic):

    score = 1000 * hits / max(n_words, MIN_WORDS) * weight[section]   (0 under MIN_HITS hits)

i.e. keyword hits per 1,000 words, where `hits` counts every match of the topic's terms *for
the article's language* (core.keywords: German terms on German text, English on English; a
language without terms gets no topic).  The floor MIN_WORDS keeps a single hit in a 40-word
teaser from outranking a long report.  `weight` is the taxonomy's ``[section_weights]``: a
match report ("Angriff", "Offensive") or a film review ("Krieg" in a title) needs several
times the density of a politics report before it counts.  An article is "about" a topic
(`assigned_topics`) when its score reaches ASSIGN_THRESHOLD.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from core import keywords
from core.grouped_text import join_per_group
from core.schema import conform, empty

TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "topics.toml"

MIN_WORDS = 200
# A topic needs at least MIN_HITS term hits in an article (one stray word is not a theme),
# and an article carries it at ASSIGN_THRESHOLD hits per 1,000 words (section-weighted).
# Both chosen on the dev half of the labelled topic sample (training/eval/topics_labels.tsv,
# `python -m training.evaluate topics`): mean F1 over the six topics 0.79 at (2, 4.0).
MIN_HITS = 2
ASSIGN_THRESHOLD = 4.0


def load_taxonomy(path: str | Path | None = None) -> dict:
    """topic key -> {"label": str, "terms": {lang: [term, ...]}} (core.keywords.load_lists)."""
    return keywords.load_lists(path if path is not None else TAXONOMY_PATH, "topics")


def section_weights(path: str | Path | None = None) -> dict[str, float]:
    """section -> multiplier of topic scores in articles of that section (default 1)."""
    import tomllib

    path = Path(path) if path is not None else TAXONOMY_PATH
    with path.open("rb") as fh:
        raw = tomllib.load(fh).get("section_weights", {})
    if not isinstance(raw, dict) or not all(
        isinstance(v, int | float) and v >= 0 for v in raw.values()
    ):
        raise ValueError(f"{path}: [section_weights] must map sections to numbers >= 0")
    return {str(k): float(v) for k, v in raw.items()}


def topic_labels(taxonomy: dict) -> dict[str, str]:
    """topic key -> its human label, for display (keys stay in URLs, filters and CSVs)."""
    return {key: spec.get("label", key) for key, spec in taxonomy.items()}


def score_topics(
    articles: pd.DataFrame, taxonomy: dict | None = None, weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """Schema TOPICS: one row per (article, topic) with score > 0 (see module doc).

    Needs `article_id`, `text`, `n_words`, `language`; `section` when present.
    """
    if taxonomy is None:
        taxonomy = load_taxonomy()
    if weights is None:
        weights = section_weights()
    if articles.empty:
        return empty("topics")
    compiled = keywords.compile_lists(taxonomy)
    texts = articles["text"].fillna("").astype(str).str.lower().tolist()
    langs = articles["language"].fillna("").astype(str).tolist()
    hits_by_topic = keywords.count_hits(texts, langs, compiled)
    n_words = articles["n_words"].fillna(0).astype("int64").clip(lower=MIN_WORDS).to_numpy()
    if "section" in articles:
        factor = articles["section"].astype(str).map(weights).fillna(1.0).to_numpy(dtype=float)
    else:
        factor = np.ones(len(articles))
    ids = articles["article_id"].astype(str).to_numpy()
    frames = []
    for key, hits in hits_by_topic.items():
        score = np.where(hits >= MIN_HITS, 1000.0 * hits / n_words * factor, 0.0)
        mask = score > 0
        if mask.any():
            frames.append(
                pd.DataFrame({"article_id": ids[mask], "topic": key, "score": score[mask]})
            )
    if not frames:
        return empty("topics")
    out = pd.concat(frames, ignore_index=True)
    return conform(out.sort_values(["article_id", "score"], ascending=[True, False]), "topics")


def assigned_topics(topics: pd.DataFrame, threshold: float = ASSIGN_THRESHOLD) -> pd.Series:
    """article_id -> "topic;topic" (best first) of the topics scoring >= threshold.

    Articles present in `topics` but with no topic over the threshold get "";
    articles absent from `topics` are absent here (the caller fills them).
    """
    if topics.empty:
        return pd.Series(dtype="str", name="topics").rename_axis("article_id")
    ids, uniques = pd.factorize(topics["article_id"].astype("str"), sort=True)
    topic = topics["topic"].astype("str").to_numpy(dtype=object)
    score = topics["score"].to_numpy()
    over = np.flatnonzero(score >= threshold)
    # Best first, ties alphabetical; joined rank by rank (no Python call per article).
    order = over[np.lexsort((topic[over], -score[over], ids[over]))]
    joined = join_per_group(ids[order], topic[order], len(uniques), ";")
    return pd.Series(joined, index=pd.Index(uniques, name="article_id"), dtype="str", name="topics")
