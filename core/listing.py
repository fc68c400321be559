"""Article lists as the pages show them: ordering, a compact table, an article's actors.

Pure functions (frames in, frames out), so the pages only draw what these return.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from core.filters import article_codes, lookup

ORDERS = ("relevance", "newest", "oldest")
TABLE_COLUMNS = ["article_id", "published", "date_precision", "title", "source", "language",
                 "section", "actors"]


def _rows_of(articles: pd.DataFrame, ids: Iterable[str]) -> np.ndarray:
    """Positions in `articles` of `ids` (unknown ids dropped), by the memoised id index
    (a few lookups, not a scan of 100,000 ids per rerun)."""
    at = lookup(articles, list(ids))
    return at[at >= 0]


def _restrict(articles: pd.DataFrame, ids: Iterable[str] | None) -> pd.DataFrame:
    if ids is None:
        return articles
    return articles.iloc[np.unique(_rows_of(articles, ids))]


def ordered_ids(articles: pd.DataFrame, order: str = "newest",
                ids: Iterable[str] | None = None) -> list[str]:
    """Article ids by date: newest first (also for "relevance", which needs a query), or
    oldest first.  Undated articles come last either way; ties break on the id so that
    pages are stable."""
    pool = _restrict(articles, ids)
    asc = order == "oldest"
    out = pool.sort_values(["date_start", "article_id"], ascending=[asc, True],
                           na_position="last")
    return out["article_id"].tolist()


def top_actors_per_article(mentions: pd.DataFrame, ids: Iterable[str], n: int = 4) -> pd.Series:
    """article_id -> "A, B, C" (its n most-mentioned actors; ties alphabetical)."""
    # Rows picked by integer article codes (memoised per frame), not by comparing ids.
    codes, uniques = article_codes(mentions)
    wanted = uniques.get_indexer(list(ids))
    # A few hundred rows: plain strings group faster than categoricals with 100k categories.
    ms = mentions.loc[np.isin(codes, wanted[wanted >= 0]), ["article_id", "actor"]].astype("str")
    counts = ms.groupby(["article_id", "actor"]).size().rename("n").reset_index()
    counts = counts.sort_values(["article_id", "n", "actor"], ascending=[True, False, True])
    # head() then join: no Python function per article (this runs for whole exports).
    return counts.groupby("article_id").head(n).groupby("article_id")["actor"].agg(", ".join)


def article_table(articles: pd.DataFrame, mentions: pd.DataFrame,
                  ids: Iterable[str] | None = None, *, limit: int = 200) -> pd.DataFrame:
    """Date, precision, title, source, language and top actors of some articles (all
    when `ids` is None), newest first, at most `limit` rows."""
    keep = ordered_ids(articles, "newest", ids)[:limit]
    arts = articles.iloc[_rows_of(articles, keep)]
    top = top_actors_per_article(mentions, keep)
    out = arts[TABLE_COLUMNS[:-1]].copy()
    out["actors"] = out["article_id"].map(top).fillna("")
    return out.reset_index(drop=True)


def for_display(table: pd.DataFrame) -> pd.DataFrame:
    """`article_table` as a list on screen: the date says its precision when it is not a
    day ("2022-02 (month)") instead of a column of its own, and the id (for machines, kept in
    every CSV) is left out, so the list fits a laptop's width."""
    out = table.drop(columns=["article_id"])
    coarse = out["date_precision"].astype("str") != "day"
    dates = out["published"].astype("str")
    out["published"] = dates.where(~coarse, dates + " (" + out["date_precision"].astype("str")
                                   + ")")
    return out.drop(columns=["date_precision"])


def actor_counts(mentions: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """actor, actor_type, n: the actors of one article, most-mentioned first."""
    ms = mentions[mentions["article_id"] == article_id]
    out = ms.groupby(["actor", "actor_type"]).size().rename("n").reset_index()
    return out.sort_values(["n", "actor"], ascending=[False, True]).reset_index(drop=True)


def other_versions(articles: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """The other articles of `article_id`'s near-duplicate group (core.dedupe: its
    representative and its copies), in the frame's order; no rows when it has none."""
    if "copy_of" not in articles.columns:
        return articles.iloc[0:0]
    row = articles.loc[articles["article_id"] == article_id]
    if row.empty:
        return articles.iloc[0:0]
    root = row["copy_of"].iloc[0] or article_id
    group = articles[(articles["article_id"] == root) | (articles["copy_of"] == root)]
    return group[group["article_id"] != article_id]
