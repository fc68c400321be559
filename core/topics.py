"""Keyword topic scoring against a user-editable taxonomy (core/data/topics.toml).

Score formula, per (article, topic):

    score = 1000 * hits / max(n_words, MIN_WORDS)

i.e. keyword hits per 1,000 words, where `hits` counts every match of any of
the topic's keywords (all languages together).  The floor MIN_WORDS keeps a
single hit in a 40-word teaser from outranking a long report.  An article is
"about" a topic (`assigned_topics`) when its score reaches ASSIGN_THRESHOLD.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from core.grouped_text import join_per_group
from core.schema import conform, empty

TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "topics.toml"

MIN_WORDS = 200
# 4 hits per 1,000 words: two hits in a short article, or a steady mention
# rate in a long one.  Set from the score distribution over news-de-2024.
ASSIGN_THRESHOLD = 4.0


def load_taxonomy(path: str | Path | None = None) -> dict:
    """topic key -> {"label": str, "keywords": [str, ...], <language>: [...]}."""
    path = Path(path) if path is not None else TAXONOMY_PATH
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    topics = raw.get("topics", raw)
    out: dict[str, dict] = {}
    for key, spec in topics.items():
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: topic {key!r} must be a table")
        keywords: list[str] = []
        for field, value in spec.items():
            if field == "label":
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{path}: topics.{key}.{field} must be a list of strings")
            keywords += value
        if not keywords:
            raise ValueError(f"{path}: topic {key!r} has no keywords")
        out[key] = {**spec, "label": spec.get("label", key), "keywords": keywords}
    return out


def topic_labels(taxonomy: dict) -> dict[str, str]:
    """topic key -> its human label, for display (keys stay in URLs, filters and CSVs)."""
    return {key: spec.get("label", key) for key, spec in taxonomy.items()}


def _trie_regex(words: list[str]) -> str:
    """Alternation of `words` as a prefix trie: Python's re tries alternatives one
    by one, so factoring common prefixes makes a 50-keyword topic ~10x faster."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return render(trie)


def _split_keyword(keyword: str) -> tuple[bool, bool, str]:
    """(matches inside words, must end a word, lower-cased body with single spaces)."""
    return (
        keyword.startswith("*"),
        keyword.endswith(" "),
        " ".join(keyword.strip("* ").lower().split()),
    )


def compile_taxonomy(taxonomy: dict) -> dict[str, re.Pattern]:
    """One compiled regex per topic, to run on lower-cased text.

    Word start = not preceded by a letter or digit, so hyphens count as a
    boundary ("NATO-Sanktionen" hits "sanktion").
    """
    compiled = {}
    for key, spec in taxonomy.items():
        groups: dict[tuple[bool, bool], set[str]] = {}
        for keyword in spec["keywords"]:
            inside, word_end, body = _split_keyword(keyword)
            if body:
                groups.setdefault((inside, word_end), set()).add(body)
        parts = []
        for (inside, word_end), bodies in sorted(groups.items()):
            trie = _trie_regex(sorted(bodies)).replace(r"\ ", r"\s+")
            parts.append(
                ("" if inside else r"(?<!\w)")
                + "(?:"
                + trie
                + ")"
                + (r"(?!\w)" if word_end else "")
            )
        compiled[key] = re.compile("|".join(parts))
    return compiled


def score_topics(articles: pd.DataFrame, taxonomy: dict | None = None) -> pd.DataFrame:
    """Schema TOPICS: one row per (article, topic) with score > 0 (see module doc)."""
    if taxonomy is None:
        taxonomy = load_taxonomy()
    if articles.empty:
        return empty("topics")
    patterns = compile_taxonomy(taxonomy)
    texts = articles["text"].fillna("").astype(str).str.lower()
    n_words = articles["n_words"].fillna(0).astype("int64").clip(lower=MIN_WORDS).to_numpy()
    ids = articles["article_id"].astype(str).to_numpy()
    frames = []
    for key, pattern in patterns.items():
        hits = np.fromiter(
            (len(pattern.findall(t)) for t in texts), dtype="int64", count=len(texts)
        )
        mask = hits > 0
        if mask.any():
            frames.append(
                pd.DataFrame(
                    {
                        "article_id": ids[mask],
                        "topic": key,
                        "score": 1000.0 * hits[mask] / n_words[mask],
                    }
                )
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
    return pd.Series(joined, index=pd.Index(uniques, name="article_id"), dtype="str",
                     name="topics")
