"""Actor statistics behind the Actors page — pure functions over the mention frame.

Everything is computed from the (filtered) mentions, not from the stored
`actors` summary, so the numbers always describe the articles currently
selected by the sidebar filters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core import timeline
from core.codes import codes_of_types, mention_codes
from core.filters import frame_memo, positions

TOP_COLUMNS = ["actor", "actor_type", "n_mentions", "n_articles", "share_of_articles"]


@frame_memo
def top_actors(
    mentions: pd.DataFrame,
    *,
    n_total_articles: int | None = None,
    actor_types: tuple[str, ...] | list[str] = (),
    by: str = "articles",
    limit: int | None = 20,
) -> pd.DataFrame:
    """Actors ranked by number of articles (default) or of mentions.

    `share_of_articles` is n_articles / n_total_articles (the articles in the
    current selection), so "in 40 % of the coverage" can be read off directly.
    """
    if by not in ("articles", "mentions"):
        raise ValueError("by must be 'articles' or 'mentions'")
    if actor_types:
        c, rows = codes_of_types(mentions, tuple(sorted(set(actor_types))))
    else:
        c, rows = mention_codes(mentions), None
    if len(c.actor) == 0:
        return pd.DataFrame({c: pd.Series(dtype="str" if c in ("actor", "actor_type") else
                                          "float64" if c == "share_of_articles" else "int64")
                             for c in TOP_COLUMNS})
    k = len(c.actors)
    first = c.first_of_actor if rows is None else rows[c.first_of_actor]
    out = pd.DataFrame({
        "actor": pd.Series(c.actors, dtype="str"),
        # Only the rows needed: converting a whole Arrow column to numpy costs ~0.3 s.
        "actor_type": np.asarray(mentions["actor_type"].iloc[first], dtype=object),
        "n_mentions": np.bincount(c.actor, minlength=k).astype("int64"),
        "n_articles": np.bincount(c.actor[c.first_pair], minlength=k).astype("int64"),
    })
    total = n_total_articles or mention_codes(mentions).n_articles or 1
    out["share_of_articles"] = (out["n_articles"] / total).round(4)
    keys = ["n_articles", "n_mentions"] if by == "articles" else ["n_mentions", "n_articles"]
    out = out.sort_values([*keys, "actor"], ascending=[False, False, True])
    if limit is not None:
        out = out.head(limit)
    return out.reset_index(drop=True)[TOP_COLUMNS]


@frame_memo
def mentions_over_time(
    articles: pd.DataFrame, mentions: pd.DataFrame, actors: list[str] | tuple[str, ...],
    granularity: str,
) -> pd.DataFrame:
    """Per actor and bucket: articles mentioning it and total mentions.

    Same date placement as the timeline (core.timeline.placed): month-only
    articles are their own `kind`, spanning the month, never the 1st.
    """
    cols = ["actor", "kind", "period_start", "period_end", "n_articles", "n_mentions"]
    c = mention_codes(mentions)
    chosen = [a for a in dict.fromkeys(actors) if a in c.actors]
    bucket, buckets = timeline.bucket_of_articles(articles, granularity)
    pos = positions(articles, mentions)
    if not chosen or buckets.empty or len(c.actor) == 0:
        return pd.DataFrame({
            "actor": pd.Series(dtype="str"), "kind": pd.Series(dtype="str"),
            "period_start": pd.Series(dtype="datetime64[us]"),
            "period_end": pd.Series(dtype="datetime64[us]"),
            "n_articles": pd.Series(dtype="int64"), "n_mentions": pd.Series(dtype="int64"),
        })
    # Integer work: each chosen actor's mentions, keyed (actor, bucket) and counted; an
    # article counts once per actor (the first mention of each pair).
    local = np.full(len(c.actors), -1, dtype=np.int64)
    local[c.actors.get_indexer(chosen)] = np.arange(len(chosen))
    row_actor = local[c.actor]
    row_bucket = np.where(pos >= 0, bucket[np.maximum(pos, 0)], -1)
    sel = (row_actor >= 0) & (row_bucket >= 0)
    nb = len(buckets)
    key = row_actor[sel] * nb + row_bucket[sel]
    n_mentions = np.bincount(key, minlength=len(chosen) * nb)
    n_articles = np.bincount(key[c.first_pair[sel]], minlength=len(chosen) * nb)
    nz = np.flatnonzero(n_mentions)
    b = buckets.iloc[nz % nb].reset_index(drop=True)
    out = pd.DataFrame({
        "actor": pd.Series(np.asarray(chosen, dtype=object)[nz // nb], dtype="str"),
        "kind": b["kind"], "period_start": b["period_start"], "period_end": b["period_end"],
        "n_articles": n_articles[nz].astype("int64"), "n_mentions": n_mentions[nz].astype("int64"),
    })
    return out.sort_values(["period_start", "actor", "kind"]).reset_index(drop=True)[cols]


@frame_memo
def cooccurrence(
    mentions: pd.DataFrame, *, actors: list[str] | tuple[str, ...] | None = None, top: int = 15,
    actor_types: tuple[str, ...] | list[str] = (),
) -> pd.DataFrame:
    """Pairs of actors named in the same article: actor_a, actor_b, n_articles (a < b).

    Restricted to `actors` when given, else to the `top` actors by articles, so
    the matrix stays readable and the pair count stays quadratic in `top`, not
    in the number of actors.
    """
    cols = ["actor_a", "actor_b", "n_articles"]
    m = mentions
    if actor_types:
        m = m[m["actor_type"].isin(actor_types)]
    if actors is None:
        actors = top_actors(m, limit=top)["actor"].tolist()
    pairs = m.loc[m["actor"].isin(actors), ["article_id", "actor"]].drop_duplicates()
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n_articles" else "str")
                             for c in cols})
    # Self-join on the article: every ordered pair a < b named in the same article.
    joined = pairs.merge(pairs, on="article_id", suffixes=("_a", "_b"))
    joined = joined[joined["actor_a"] < joined["actor_b"]]
    out = (joined.groupby(["actor_a", "actor_b"]).size().rename("n_articles").reset_index()
           .astype({"n_articles": "int64"}))
    return out.sort_values(["n_articles", "actor_a", "actor_b"],
                           ascending=[False, True, True]).reset_index(drop=True)


@frame_memo
def cooccurrence_matrix(pairs: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Symmetric actor × actor matrix of shared articles (diagonal 0), rows/cols in `order`."""
    mat = pd.DataFrame(0, index=order, columns=order, dtype="int64")
    for rec in pairs.itertuples(index=False):
        if rec.actor_a in mat.index and rec.actor_b in mat.index:
            mat.loc[rec.actor_a, rec.actor_b] = rec.n_articles
            mat.loc[rec.actor_b, rec.actor_a] = rec.n_articles
    return mat


def articles_with_all(mentions: pd.DataFrame, actors: list[str]) -> list[str]:
    """Articles mentioning every actor in `actors` (what a heatmap cell stands for)."""
    m = mentions.loc[mentions["actor"].isin(actors), ["article_id", "actor"]].drop_duplicates()
    n = m.groupby("article_id").size()
    return sorted(n.index[n >= len(set(actors))].tolist())


@frame_memo
def actor_detail(articles: pd.DataFrame, mentions: pd.DataFrame, actor: str) -> dict:
    """Everything the per-actor panel shows: aliases, types, first/last seen, its articles.

    first/last seen use the date intervals honestly: `first_seen` is the
    earliest date_start (with its precision), `last_seen` the latest date_end.
    """
    c = mention_codes(mentions)
    code = int(c.actors.get_indexer([actor])[0]) if len(c.actors) else -1
    # An integer compare, not millions of string compares (code -1: unknown actor).
    is_actor = (c.actor == code) if code >= 0 else np.zeros(len(mentions), dtype=bool)
    rows = np.flatnonzero(is_actor)
    # Text, not categoricals, for the small groupby (categories would be enumerated).
    m = mentions.iloc[rows][["surface", "label", "actor_type"]].astype("str")
    aliases = (
        m.groupby(["surface", "label"], sort=False).size().rename("n_mentions").reset_index()
        .sort_values(["n_mentions", "surface"], ascending=[False, True]).reset_index(drop=True)
    )
    # Mentions per article by position (integers), not by grouping and merging ids.
    pos = positions(articles, mentions)[rows]
    per_pos = np.bincount(pos[pos >= 0], minlength=len(articles))
    hit = np.flatnonzero(per_pos)
    cols = [c for c in ("article_id", "title", "published", "date_precision", "date_start",
                        "date_end", "language", "source") if c in articles.columns]
    arts = articles.iloc[hit][cols].assign(n_mentions=per_pos[hit].astype("int64"))
    arts = arts.sort_values(["date_start", "article_id"], na_position="last").reset_index(
        drop=True)
    dated = arts[arts["date_start"].notna()]
    first = dated.loc[dated["date_start"].idxmin()] if not dated.empty else None
    last = dated.loc[dated["date_end"].idxmax()] if not dated.empty else None
    # Other actors of the actor's articles, counted on codes: first mention of each
    # (article, actor) pair in an article that names `actor`.
    has_actor = np.zeros(max(c.n_articles, 1), dtype=bool)
    has_actor[c.article[is_actor]] = True
    sel = has_actor[c.article] & ~is_actor & c.first_pair
    together = np.bincount(c.actor[sel], minlength=len(c.actors))
    nz = np.flatnonzero(together)
    co = (
        pd.Series(together[nz].astype("int64"), name="n_articles_together",
                  index=pd.Index(c.actors[nz], name="actor", dtype="str"))
        .sort_index().sort_values(ascending=False).head(10).reset_index()
    )
    return {
        "actor": actor,
        "actor_type": str(m["actor_type"].iloc[0]) if not m.empty else "",
        "n_mentions": int(len(m)),
        "n_articles": int(len(hit)),
        "aliases": aliases,
        "first_seen": first["published"] if first is not None else "",
        "last_seen": last["published"] if last is not None else "",
        "articles": arts,
        "co_actors": co,
    }
