"""The data contract: every frame's columns and dtypes, declared once.

Stages hand each other pandas frames; `check` is called at each hand-over so a
stage that drops or retypes a column fails loudly where it happens, not three
modules later.  `empty` builds a zero-row frame of the right shape, which is
what every function returns when nothing matches.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Precisions, finest first.  `unknown` is a real value, not a missing one.
PRECISIONS = ("day", "month", "year", "unknown")

# spaCy / NER labels we keep, and the actor type each one implies.
LABEL_TO_TYPE = {
    "PER": "person",
    "ORG": "organisation",
    "LOC": "place",
    "GPE": "place",
    "EVENT": "event",
    "MISC": "other",
}
ACTOR_TYPES = ("person", "organisation", "place", "event", "other")

DATETIME = "datetime64[us]"

ARTICLES = {
    "article_id": "str",  # 16 hex chars of sha1(normalised raw text)
    "title": "str",
    "text": "str",  # boilerplate removed
    "published": "str",  # ISO date to its precision: 2022-02-14 / 2022-02 / 2022 / ""
    "date_precision": "str",  # one of PRECISIONS
    "date_start": DATETIME,  # first day the article may be from (NaT if unknown)
    "date_end": DATETIME,  # last day it may be from (inclusive)
    "language": "str",  # ISO 639-1, or "und"
    "source": "str",  # file name or record source / URL host
    "country": "str",  # the outlet's country (ISO alpha-2, "" unknown): core.readers.country_of
    "url": "str",
    "section": "str",  # one of core.sections.SECTIONS ("" = not scored yet: run rescore)
    "crisis": "float64",  # relevance to the user's crisis (core.crisis); 0 = none
    "n_words": "int64",
    "n_copies": "int64",  # distinct sources this exact text was seen in
    "pipeline": "str",  # NLP pipeline that produced the mentions
    # Near-duplicates (core.near_dupes): the article this one is a version or copy of (its
    # group's representative), "" for a representative or an article without copies.
    "copy_of": "str",
    "similarity": "float64",  # estimated Jaccard similarity to that article (0 if none)
    # The story (core.stories) this article belongs to: the id of the story's first
    # article ("" until clustered: the article is a story of its own).
    "story": "str",
}

MENTIONS = {
    "article_id": "str",
    "actor": "str",  # canonical actor name (the id); in a display language, its name there
    "actor_type": "str",  # one of ACTOR_TYPES
    "label": "str",  # NER label of this mention (PER, ORG, LOC, MISC)
    "surface": "str",  # text as written in the article
    "start": "int64",  # character offsets into articles.text
    "end": "int64",
}
# Frames shown in a display language (core.display_names.relabel) also carry "actor_id"
# (str, right after "actor"): the canonical name, what corrections and aliases speak of.

TOPICS = {
    "article_id": "str",
    "topic": "str",
    "score": "float64",
}

ACTORS = {
    "actor": "str",
    "actor_type": "str",
    "n_mentions": "int64",
    "n_articles": "int64",
    "aliases": "str",  # distinct surface forms, " | "-separated, most frequent first
}

# Columns held as pandas categoricals in the whole-corpus frames the dashboard keeps in
# memory: millions of mention rows repeat a few thousand actors, four types and labels,
# and one id per article.  Categorical codes make these frames ~3x smaller and let a
# filter take rows as integers instead of copying strings (0.3 s -> ~0.05 s at 100k
# articles).  Categories are sorted and ordered: sorting or comparing such columns is
# sorting or comparing their text.
# Beware: `value_counts()` of a categorical also lists absent categories (with 0).
COMPACT = {
    "mentions": ("article_id", "actor", "actor_type", "label", "surface"),
    "topics": ("article_id", "topic"),
}

SCHEMAS = {
    "articles": ARTICLES,
    "mentions": MENTIONS,
    "topics": TOPICS,
    "actors": ACTORS,
}


class SchemaError(ValueError):
    """A frame does not match its declared contract."""


def empty(name: str) -> pd.DataFrame:
    """A zero-row frame with the columns and dtypes of schema `name`."""
    spec = SCHEMAS[name]
    return pd.DataFrame({col: pd.Series(dtype=dtype) for col, dtype in spec.items()})


def conform(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return a copy of `df` with exactly the schema's columns, cast to its dtypes.

    Missing columns are an error (silently inventing them would hide bugs);
    extra columns are dropped.
    """
    spec = SCHEMAS[name]
    missing = [c for c in spec if c not in df.columns]
    if missing:
        raise SchemaError(f"{name}: missing column(s) {', '.join(missing)}")
    out = pd.DataFrame(index=df.index)
    for col, dtype in spec.items():
        series = df[col]
        if dtype == "str":
            series = series.fillna("").astype("str")
        elif dtype.startswith("datetime64"):
            series = pd.to_datetime(series, errors="coerce").astype(dtype)
        else:
            series = series.astype(dtype)
        out[col] = series
    return out.reset_index(drop=True)


def compact(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """`df` with the schema's repetitive text columns (COMPACT) as sorted categoricals."""
    cols = [
        c
        for c in COMPACT.get(name, ())
        if c in df.columns and not isinstance(df[c].dtype, pd.CategoricalDtype)
    ]
    if not cols:
        return df
    return df.assign(**{c: _sorted_categorical(df[c]) for c in cols})


def _sorted_categorical(series: pd.Series) -> pd.Series:
    """Ordered categorical with sorted categories (so two such columns compare, a < b, and
    sort as their text does), encoded by Arrow: ~6x faster than astype at millions."""
    values = pa.array(series, type=pa.large_string(), from_pandas=True)
    if isinstance(values, pa.ChunkedArray):  # e.g. a frame read in chunks and concatenated
        values = values.combine_chunks()
    encoded = values.dictionary_encode()
    words = encoded.dictionary
    order = pc.array_sort_indices(words).to_numpy()
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    idx = encoded.indices.to_numpy(zero_copy_only=False)
    valid = encoded.indices.is_valid().to_numpy(zero_copy_only=False)
    codes = np.where(valid, rank[np.where(valid, idx, 0).astype(np.int64)], -1)
    cats = pd.Index(words.take(pa.array(order)).to_pylist(), dtype="str")
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=cats, ordered=True),
        index=series.index,
        name=series.name,
    )


def append_compact(old: pd.DataFrame, new: pd.DataFrame, name: str,
                   keep: np.ndarray | None = None) -> pd.DataFrame:
    """`compact(concat([old, new]))` for a compact `old` (millions of rows) and a small `new`,
    without turning `old` back into text: its codes are remapped onto the merged sorted
    categories (unused ones dropped), so the result equals compacting the rows afresh.
    (A plain concat of a categorical with text columns materialises every string: 11 s at
    3.9 million mentions, against well under one this way.)"""
    if new.empty:
        return old.reset_index(drop=True) if not old.empty else compact(new, name)
    cats_of = [c for c in COMPACT.get(name, ())
               if c in old.columns and isinstance(old[c].dtype, pd.CategoricalDtype)]
    plain = [c for c in old.columns if c not in cats_of]
    out = pd.concat([old[plain].reset_index(drop=True), new[plain].reset_index(drop=True)],
                    ignore_index=True)
    for col in cats_of:
        cats = old[col].cat.categories
        codes = old[col].cat.codes.to_numpy()
        # Categories of the rows kept (`keep`: rows the caller drops afterwards must not
        # leave their categories behind).
        live = codes if keep is None else codes[keep]
        used = cats[np.bincount(live[live >= 0], minlength=len(cats)) > 0]
        added = pd.Index(new[col].astype("str").unique(), dtype="str")
        merged = used.append(added).unique().sort_values()
        remap = merged.get_indexer(cats)  # -1 for the unused (no row points at them)
        old_codes = np.where(codes >= 0, remap[np.where(codes >= 0, codes, 0)], -1)
        new_codes = merged.get_indexer(new[col].astype("str"))
        out[col] = pd.Categorical.from_codes(
            np.concatenate([old_codes, new_codes]).astype(np.int32),
            categories=merged, ordered=True)
    return out[list(old.columns)]


def append_in_row_order(old: pd.DataFrame, new: pd.DataFrame, name: str,
                        keep: np.ndarray | None = None) -> pd.DataFrame:
    """`in_row_order(append_compact(old[keep], new))` for an `old` already in row order: the
    new rows are sorted alone and merged in by binary search, and the dropped old rows go in
    the same single take (a full sort, or a filter then a sort, of millions of rows costs
    seconds; this a fraction of one).  The same frame as sorting afresh."""
    if keep is not None and keep.all():
        keep = None
    df = append_compact(old, new, name, keep)
    n_old = len(old)
    if n_old == 0 or (len(df) == n_old and keep is None):
        return in_row_order(df, name)
    kept = np.arange(n_old) if keep is None else np.flatnonzero(keep)

    def _fallback() -> pd.DataFrame:
        rows = np.concatenate([kept, np.arange(n_old, len(df))])
        return in_row_order(df.iloc[rows].reset_index(drop=True), name)

    cols = ROW_ORDER[name]
    keys = [_sort_key(df[c]) for c in cols]
    if len(keys) != 2 or any(not np.issubdtype(k.dtype, np.integer) for k in keys):
        return _fallback()
    lo, hi = int(keys[1].min()), int(keys[1].max())
    span = hi - lo + 1
    if int(keys[0].max()) * span + span >= 2**62:
        return _fallback()
    key = keys[0].astype(np.int64) * span + (keys[1].astype(np.int64) - lo)
    old_key, new_key = key[kept], key[n_old:]
    if len(old_key) > 1 and (np.diff(old_key) < 0).any():
        return _fallback()  # old was not in row order after all
    new_order = np.argsort(new_key, kind="stable")
    # Each new row goes after the old rows with keys <= its own (stable, as a sort would).
    slots = np.searchsorted(old_key, new_key[new_order], side="right")
    final = slots + np.arange(len(new_order))
    total = len(kept) + len(new_order)
    order = np.empty(total, dtype=np.int64)
    is_new = np.zeros(total, dtype=bool)
    is_new[final] = True
    order[~is_new] = kept
    order[final] = n_old + new_order
    return df.iloc[order].reset_index(drop=True)


# The row order of whole-corpus frames (the snapshot is written in it) and of exports.
ROW_ORDER = {
    "mentions": ("article_id", "start"),
    "topics": ("article_id", "topic"),
}


def _sort_key(series: pd.Series) -> np.ndarray:
    if isinstance(series.dtype, pd.CategoricalDtype) and series.dtype.ordered:
        return series.cat.codes.to_numpy()
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.to_numpy()
    return pd.factorize(series, sort=True)[0]


def in_row_order(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """`df` sorted by ROW_ORDER[name] (stable); `df` itself when it already is, which a
    whole corpus from the snapshot and every filtered view of it are (no 1 s re-sort of
    millions of mentions for an export)."""
    cols = ROW_ORDER[name]
    if len(df) < 2:
        return df.reset_index(drop=True)
    keys = [_sort_key(df[c]) for c in cols]
    ok = np.ones(len(df) - 1, dtype=bool)  # row i+1 is not before row i
    tied = np.ones(len(df) - 1, dtype=bool)  # rows i, i+1 equal on the keys so far
    for key in keys:
        step = np.diff(key)
        ok &= ~tied | (step >= 0)
        tied &= step == 0
    if ok.all():
        return df.reset_index(drop=True)
    return df.iloc[np.lexsort(keys[::-1])].reset_index(drop=True)


def _is_text(dtype) -> bool:
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.api.types.is_string_dtype(dtype.categories.dtype) or (
            dtype.categories.dtype == object
        )
    return pd.api.types.is_string_dtype(dtype) or dtype is np.dtype(object)


def check(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Raise SchemaError unless `df` has the schema's columns with its dtypes."""
    spec = SCHEMAS[name]
    problems = []
    for col, dtype in spec.items():
        if col not in df.columns:
            problems.append(f"missing column {col!r}")
            continue
        actual = df[col].dtype
        if dtype == "str":
            ok = _is_text(actual)
        else:
            ok = str(actual) == dtype
        if not ok:
            problems.append(f"column {col!r} is {actual}, expected {dtype}")
    if name == "articles" and "date_precision" in df.columns:
        bad = set(df["date_precision"].unique()) - set(PRECISIONS)
        if bad:
            problems.append(f"unknown date_precision value(s) {sorted(bad)}")
    if name in ("mentions", "actors") and "actor_type" in df.columns:
        bad = set(df["actor_type"].unique()) - set(ACTOR_TYPES)
        if bad:
            problems.append(f"unknown actor_type value(s) {sorted(bad)}")
    if problems:
        raise SchemaError(f"{name}: " + "; ".join(problems))
    return df
