"""Crisis relevance: how much an article is about the crisis the user follows.

The crisis is defined in a plain file (core/data/crisis.toml: Russia–Ukraine by default; the
`crisis` setting points at another) with terms per language and actor names.  See that file
for the formula; in short, relevance = evidence per 1,000 words, where evidence is the larger
of the term hits (each language's terms on its own text) and the mentions of the listed
actors.  Relevance is stored per article; the flag (`is_about`) compares it with the file's
threshold and needs `min_hits` pieces of evidence, which `relevance` folds in by returning 0
below it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from core import keywords

CRISIS_PATH = Path(__file__).resolve().parent / "data" / "crisis.toml"
MIN_WORDS = 200


@dataclass(frozen=True)
class Crisis:
    name: str
    threshold: float
    min_hits: int
    actors: tuple[str, ...]
    terms: dict  # lang -> [term, ...]


def load_crisis(path: str | Path | None = None) -> Crisis:
    """Read a crisis definition; ValueError naming the file and field when malformed."""
    path = Path(path) if path is not None else CRISIS_PATH
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ValueError(f"{path}: no such crisis definition file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    spec = raw.get("crisis")
    if not isinstance(spec, dict):
        raise ValueError(f"{path}: needs a [crisis] table (see core/data/crisis.toml)")
    terms = spec.get("terms", {})
    actors = spec.get("actors", [])
    if not isinstance(terms, dict) or not all(
        isinstance(v, list) and all(isinstance(t, str) for t in v) for v in terms.values()
    ):
        raise ValueError(f"{path}: [crisis.terms] must hold lists of strings per language")
    if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
        raise ValueError(f"{path}: crisis.actors must be a list of actor names")
    if not actors and not any(terms.values()):
        raise ValueError(f"{path}: the crisis has neither terms nor actors")
    try:
        threshold = float(spec.get("threshold", 4.0))
        min_hits = int(spec.get("min_hits", 3))
    except (TypeError, ValueError):
        raise ValueError(f"{path}: crisis.threshold and crisis.min_hits must be numbers") from None
    return Crisis(
        name=str(spec.get("name", "the crisis")),
        threshold=threshold,
        min_hits=min_hits,
        actors=tuple(actors),
        terms=terms,
    )


def relevance(articles: pd.DataFrame, mentions: pd.DataFrame, crisis: Crisis) -> pd.Series:
    """Relevance per article (index of `articles`): evidence per 1,000 words, 0 under min_hits.

    Needs article_id, text, language, n_words; mentions need article_id and actor.
    """
    if articles.empty:
        return pd.Series([], index=articles.index, dtype="float64", name="crisis")
    compiled = keywords.compile_lists({"crisis": {"terms": crisis.terms}})
    texts = articles["text"].fillna("").astype(str).str.lower().tolist()
    langs = articles["language"].fillna("").astype(str).tolist()
    term_hits = keywords.count_hits(texts, langs, compiled)["crisis"]
    actor_hits = np.zeros(len(articles), dtype="int64")
    if crisis.actors and not mentions.empty:
        hit = mentions[mentions["actor"].astype(str).isin(crisis.actors)]
        per = hit.groupby(hit["article_id"].astype(str), observed=True).size()
        actor_hits = (
            articles["article_id"].astype(str).map(per).fillna(0).astype("int64").to_numpy()
        )
    evidence = np.maximum(term_hits, actor_hits)
    n_words = articles["n_words"].fillna(0).astype("int64").clip(lower=MIN_WORDS).to_numpy()
    score = np.where(evidence >= crisis.min_hits, 1000.0 * evidence / n_words, 0.0)
    return pd.Series(score, index=articles.index, dtype="float64", name="crisis")


def is_about(scores: pd.Series, crisis: Crisis) -> pd.Series:
    """The crisis flag: relevance at or over the definition's threshold (and > 0)."""
    return (scores >= crisis.threshold) & (scores > 0)
