"""Snapshots: the (filtered) corpus as CSV files plus a manifest saying what they hold."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from core import csvsafe, schema
from core import filters as flt
from core.codes import mention_codes
from core.grouped_text import join_per_group
from core.topics import assigned_topics

ARTICLE_COLUMNS = [
    "article_id",
    "title",
    "published",
    "date_precision",
    "language",
    "source",
    "country",
    "url",
    "n_words",
    "n_copies",
    "copy_of",
    "similarity",
    "story",
    "section",
    "crisis",
    "topics",
    "actors",
    "pipeline",
]


def articles_table(corpus: flt.Corpus, *, with_text: bool = False, top_actors: int = 10):
    """articles.csv: one row per article with its assigned topics and most-mentioned actors
    (most mentions first, ties alphabetical)."""
    arts = corpus.articles
    topics = assigned_topics(corpus.topics).reindex(arts["article_id"]).fillna("")
    out = arts.assign(topics=topics.to_numpy(),
                      actors=_top_actor_lists(arts, corpus.mentions, top_actors))
    cols = ARTICLE_COLUMNS + (["text"] if with_text else [])
    return out[cols].sort_values(["published", "article_id"]).reset_index(drop=True)


def _top_actor_lists(arts: pd.DataFrame, mentions: pd.DataFrame, limit: int) -> np.ndarray:
    """For each row of `arts`: "A; B; C", its `limit` most-mentioned actors.

    Integer work over the mention codes (a Python join per article took seconds at
    100,000 articles): count each (article, actor) pair, order the pairs by article,
    count descending and actor name, then join rank by rank."""
    c = mention_codes(mentions)
    pos = flt.positions(arts, mentions)
    ok = pos >= 0
    n_actors = max(len(c.actors), 1)
    pair, first = pd.factorize(pos[ok].astype(np.int64) * n_actors + c.actor[ok])
    counts = np.bincount(pair)
    pair_pos, pair_actor = first // n_actors, first % n_actors
    name_rank = np.empty(n_actors, dtype=np.int64)
    name_rank[np.argsort(np.asarray(c.actors, dtype=object), kind="stable")] = np.arange(
        len(c.actors))
    # One int64 key (article, then most mentions, then name) sorts faster than three.
    top = int(counts.max(initial=0)) + 1
    key = (pair_pos * top + (top - 1 - counts)) * n_actors + name_rank[pair_actor]
    order = np.argsort(key)
    names = pa.array(np.asarray(c.actors, dtype=object), type=pa.string())
    return join_per_group(pair_pos[order], names.take(pa.array(pair_actor[order])), len(arts),
                          "; ", limit)


def snapshot(corpus: flt.Corpus, *, with_text: bool = False) -> dict[str, pd.DataFrame]:
    """The frames of a snapshot, keyed by file name."""
    return {
        "articles.csv": articles_table(corpus, with_text=with_text),
        "mentions.csv": schema.in_row_order(corpus.mentions, "mentions"),
        "topics.csv": schema.in_row_order(corpus.topics, "topics"),
    }


UNIT_TEXT = {
    "unique": "unique articles: near-duplicate versions and copies once, by their group's "
              "first article",
    "all": "all articles, copies included",
    "stories": "stories: one row per story (core.stories), its first article in view, with "
               "the mentions and topics of all its articles in view",
}


def manifest(filters: flt.Filters, *, corpus_size: int, rows: dict[str, int], db: str = "") -> dict:
    return {
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": db,
        "corpus_articles": corpus_size,
        "filters": filters.describe(),
        "unit": UNIT_TEXT.get(filters.unit, filters.unit),
        "date_semantics": "an article is kept when its date interval overlaps the range; "
        "articles with unknown dates are dropped when a date bound is set",
        "files": rows,
        "csv_safety": "text cells starting with = + - @ are prefixed with ' (formula injection)",
    }


class ExistsError(FileExistsError):
    """The export would overwrite files (or write through a link) without --force."""


def write_snapshot(
    frames: dict[str, pd.DataFrame], out_dir: Path, manifest_data: dict, *, force: bool = False
) -> list[Path]:
    """Write the CSVs and the manifest into `out_dir`, each atomically (a temporary file in
    the folder, then a rename: a reader never sees half a file, an interrupted export
    leaves the old file).  Existing files are overwritten only with `force`, and a symbolic
    link in the way is never written through (the rename replaces the link itself)."""
    names = [*frames, "manifest.json"]
    if out_dir.is_symlink():
        raise ExistsError(f"{out_dir} is a symbolic link: export into a real folder")
    taken = [n for n in names if (out_dir / n).exists() or (out_dir / n).is_symlink()]
    if taken and not force:
        raise ExistsError(f"{out_dir} already holds {', '.join(taken)}: choose another "
                          "--out folder, or add --force to overwrite")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        data = (json.dumps(manifest_data, indent=2, ensure_ascii=False) + "\n").encode(
            "utf-8") if name == "manifest.json" else csvsafe.to_csv_bytes(frames[name])
        path = out_dir / name
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the export from colleagues
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.append(path)
    return written


def slug(value: str) -> str:
    return re.sub(r"[^\w.-]+", "-", value, flags=re.UNICODE).strip("-")[:40] or "x"


def snapshot_name(kind: str, filters: flt.Filters, ext: str = "csv") -> str:
    """A file name that says what it holds: articles_actor-Putin_2022-01-01_2022-02-28.csv."""
    parts = [kind]
    if filters.actors:
        parts.append(
            "actor-" + "+".join(slug(a.split()[-1] if a.split() else a) for a in filters.actors)
        )
    if filters.topics:
        parts.append("topic-" + "+".join(slug(t) for t in filters.topics))
    if filters.languages:
        parts.append("lang-" + "+".join(filters.languages))
    if filters.sources:
        parts.append("source-" + "+".join(slug(s) for s in filters.sources)[:60])
    if filters.since or filters.until:
        parts.append(filters.since.isoformat() if filters.since else "start")
        parts.append(filters.until.isoformat() if filters.until else "end")
    if filters.article_ids is not None:
        parts.append(f"selection-{len(filters.article_ids)}")
    return "_".join(parts) + "." + ext
