"""Article volume over time — pure functions behind the Timeline page.

Dates are intervals (see core.filters).  An article dated to the day is
counted in the day/week/month bucket that holds it.  An article known only to
the month (or year) is *never* put on the 1st: at day or week granularity it
becomes a separate "month only" row spanning its whole month, which the chart
draws as a band; at month granularity it falls in its month bucket but keeps
its own `kind`, so the chart can still tell it apart.  Undated articles are
counted, not drawn.

The long frame `volume` returns is also the CSV behind the chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.codes import mention_codes
from core.filters import frame_memo, positions
from core.topics import ASSIGN_THRESHOLD

GRANULARITIES = ("day", "week", "month")
BREAKDOWNS = ("none", "topic", "actor")
TOTAL = "all articles"
NO_TOPIC = "(no topic)"

# kind of a row: how precisely its articles are dated.
KIND_DAY = "exact date"
KIND_MONTH = "month only"
KIND_YEAR = "year only"

VOLUME_COLUMNS = ["series", "kind", "period_start", "period_end", "n_articles"]
# Counts, or attention as a share of all coverage (Media Cloud's "normalised attention"):
# the articles of a series in a bucket divided by all articles of the collection in that
# bucket (core.filters.Filters.collection: the same dates, languages and sources, without
# the actor/topic/section/crisis filters).
MEASURES = ("count", "share")
SHARE_COLUMNS = ["n_total", "share"]
# A collection is "uneven" when its busiest bucket holds more than this many times its
# median bucket, or a bucket between the first and the last is empty: then raw counts
# mostly show the collection's own ups and downs, and share is the better default.
UNEVEN_RATIO = 3.0
# Below this many exact-dated articles a collection is too small to call uneven: five seed
# articles over three months have empty weeks, but shares of five articles say nothing more
# than the counts do.
MIN_FOR_SHARE = 30


def floor_period(dates: pd.Series, granularity: str) -> pd.Series:
    """First day of the day/week (Monday)/month bucket holding each date."""
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {GRANULARITIES}, not {granularity!r}")
    dates = pd.to_datetime(dates).dt.normalize()
    if granularity == "day":
        return dates
    if granularity == "week":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return dates.dt.to_period("M").dt.start_time.astype(dates.dtype)


def period_end(starts: pd.Series, granularity: str) -> pd.Series:
    """Last day (inclusive) of the bucket starting at each date."""
    if granularity == "day":
        return starts
    if granularity == "week":
        return starts + pd.Timedelta(days=6)
    return (starts.dt.to_period("M").dt.end_time.dt.normalize()).astype(starts.dtype)


@frame_memo
def assigned_topic_pairs(topics: pd.DataFrame, threshold: float = ASSIGN_THRESHOLD):
    """(article_id, topic) pairs of the topics an article is *assigned* (score >= threshold).

    Same threshold as the CSV export's `topics` column, so a bar labelled
    "diplomacy" holds the articles the export calls diplomacy.
    """
    kept = topics.loc[topics["score"] >= threshold, ["article_id", "topic"]]
    return kept.drop_duplicates().reset_index(drop=True)


@frame_memo
def series_membership(
    articles: pd.DataFrame,
    *,
    by: str = "none",
    topics: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    actors: list[str] | tuple[str, ...] = (),
    topic_names: tuple[tuple[str, str], ...] = (),
) -> pd.DataFrame:
    """article_id → series label (one row per membership; an article may be in several).

    `topic_names`: (topic id, label) pairs; a topic series is named by its label.

    by="none": one series for everything.  by="topic": each assigned topic, plus
    "(no topic)".  by="actor": one series per chosen actor (articles mentioning
    it); articles mentioning none of them belong to no series.
    """
    ids = articles["article_id"]
    if by == "none":
        return pd.DataFrame({"article_id": ids.to_numpy(), "series": TOTAL})
    if by == "topic":
        pairs = assigned_topic_pairs(topics if topics is not None else _empty_topics())
        pairs = pairs[pairs["article_id"].isin(ids)].rename(columns={"topic": "series"})
        if topic_names:
            names = dict(topic_names)
            series = pairs["series"].astype("str")
            pairs = pairs.assign(series=series.map(names).fillna(series))
        untopiced = ids[~ids.isin(pairs["article_id"])]
        extra = pd.DataFrame({"article_id": untopiced.to_numpy(), "series": NO_TOPIC})
        return pd.concat([pairs, extra], ignore_index=True)
    if by == "actor":
        if mentions is None or not actors:
            return pd.DataFrame({"article_id": pd.Series(dtype="str"),
                                 "series": pd.Series(dtype="str")})
        # Positions, not isin over millions of ids: mentions of articles in the frame;
        # the first mention of each (article, actor) pair instead of drop_duplicates.
        in_frame = positions(articles, mentions) >= 0
        first = mention_codes(mentions).first_pair
        hit = mentions.loc[mentions["actor"].isin(actors).to_numpy() & in_frame & first,
                           ["article_id", "actor"]]
        return (hit.astype("str").rename(columns={"actor": "series"})
                .reset_index(drop=True))
    raise ValueError(f"breakdown must be one of {BREAKDOWNS}, not {by!r}")


def _empty_topics() -> pd.DataFrame:
    return pd.DataFrame({"article_id": pd.Series(dtype="str"), "topic": pd.Series(dtype="str"),
                         "score": pd.Series(dtype="float64")})


@frame_memo
def placed(articles: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """Each dated article with the bucket it is drawn in: article_id, kind, period_start/_end.

    Day-precision articles go in their granularity bucket.  Month-/year-only
    articles span their whole month/year (their own date interval) unless the
    granularity is month, where a month-only article fits its bucket exactly.
    """
    prec = articles["date_precision"]
    start, end = articles["date_start"], articles["date_end"]
    known = start.notna()
    rows = []
    day = known & (prec == "day")
    if day.any():
        s = floor_period(start[day], granularity)
        rows.append(pd.DataFrame({
            "article_id": articles.loc[day, "article_id"].to_numpy(),
            "kind": KIND_DAY, "period_start": s.to_numpy(),
            "period_end": period_end(s, granularity).to_numpy(),
        }))
    for precision, kind in (("month", KIND_MONTH), ("year", KIND_YEAR)):
        sel = known & (prec == precision)
        if sel.any():
            rows.append(pd.DataFrame({
                "article_id": articles.loc[sel, "article_id"].to_numpy(),
                "kind": kind,
                "period_start": start[sel].to_numpy(),
                "period_end": end[sel].to_numpy(),
            }))
    if not rows:
        return pd.DataFrame({
            "article_id": pd.Series(dtype="str"), "kind": pd.Series(dtype="str"),
            "period_start": pd.Series(dtype="datetime64[us]"),
            "period_end": pd.Series(dtype="datetime64[us]"),
        })
    out = pd.concat(rows, ignore_index=True)
    out["period_start"] = out["period_start"].astype("datetime64[us]")
    out["period_end"] = out["period_end"].astype("datetime64[us]")
    return out


@frame_memo
def bucket_of_articles(articles: pd.DataFrame, granularity: str
                       ) -> tuple[np.ndarray, pd.DataFrame]:
    """For each row of `articles`, the number of its bucket (-1 when undated), and the
    buckets (kind, period_start, period_end) those numbers index: `placed` as integers."""
    where = placed(articles, granularity)
    bucket = np.full(len(articles), -1, dtype=np.int64)
    if where.empty:
        return bucket, where[["kind", "period_start", "period_end"]]
    keys = ["kind", "period_start", "period_end"]
    code = where.groupby(keys, sort=False).ngroup().to_numpy()
    buckets = where[keys].iloc[np.unique(code, return_index=True)[1]].reset_index(drop=True)
    at = positions(articles, where)
    ok = at >= 0
    bucket[at[ok]] = code[ok]
    return bucket, buckets


@frame_memo
def volume(articles: pd.DataFrame, membership: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """Long frame series/kind/period_start/period_end/n_articles, sorted by time.

    One row per (series, kind, bucket) with at least one article.  Rows of kind
    "month only"/"year only" span their month/year: they are not day counts.
    """
    where = placed(articles, granularity)
    joined = membership.merge(where, on="article_id", how="inner")
    if joined.empty:
        return pd.DataFrame({
            "series": pd.Series(dtype="str"), "kind": pd.Series(dtype="str"),
            "period_start": pd.Series(dtype="datetime64[us]"),
            "period_end": pd.Series(dtype="datetime64[us]"),
            "n_articles": pd.Series(dtype="int64"),
        })
    out = (
        joined.groupby(["series", "kind", "period_start", "period_end"], sort=False)["article_id"]
        .nunique()
        .rename("n_articles")
        .reset_index()
    )
    out["n_articles"] = out["n_articles"].astype("int64")
    return out.sort_values(["period_start", "series", "kind"]).reset_index(drop=True)[
        VOLUME_COLUMNS
    ]


_FREQ = {"day": "D", "week": "W-MON", "month": "MS"}


@frame_memo
def bucket_totals(articles: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """All articles per bucket (kind, period_start, period_end, n_total): the denominator
    of `with_share`, computed on the collection the shares are relative to."""
    where = placed(articles, granularity)
    keys = ["kind", "period_start", "period_end"]
    if where.empty:
        return where[keys].assign(n_total=pd.Series(dtype="int64"))
    out = where.groupby(keys, sort=False).size().rename("n_total").reset_index()
    out["n_total"] = out["n_total"].astype("int64")
    return out.sort_values(["period_start", "kind"]).reset_index(drop=True)


@frame_memo
def with_share(vol: pd.DataFrame, totals: pd.DataFrame, count: str = "n_articles"
               ) -> pd.DataFrame:
    """`vol` plus n_total (all articles of the collection in the row's bucket) and share
    (`count` / n_total; NaN where the collection has no article there).  Rows keep their
    order; the CSV behind a chart carries both, so the denominator is always stated."""
    keys = ["kind", "period_start", "period_end"]
    out = vol.merge(totals, on=keys, how="left")
    out["n_total"] = out["n_total"].fillna(0).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = out[count].to_numpy(dtype=float) / out["n_total"].to_numpy(dtype=float)
    out["share"] = np.where(out["n_total"].to_numpy() > 0, share, np.nan)
    return out


def is_uneven(totals: pd.DataFrame, granularity: str) -> bool:
    """True when the collection's exact-date volume swings (see UNEVEN_RATIO) or has empty
    buckets between its first and last: the Timeline then shows shares by default."""
    exact = totals[totals["kind"] == KIND_DAY]
    if len(exact) < 2 or int(exact["n_total"].sum()) < MIN_FOR_SHARE:
        return False
    n = exact.groupby("period_start")["n_total"].sum()
    span = pd.date_range(n.index.min(), n.index.max(), freq=_FREQ[granularity])
    if len(span) > len(n):
        return True
    return float(n.max()) > UNEVEN_RATIO * float(n.median())


def zero_filled(exact: pd.DataFrame, granularity: str,
                totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Exact-date rows of one series with a 0 row for every empty bucket in between.

    A line drawn through sparse rows would join two busy weeks straight across the
    quiet ones, as if coverage had stayed constant.  The filled rows carry no
    articles, so a click on them selects nothing.  With `totals` (bucket_totals of the
    collection) a bucket where the collection itself has no article is a gap (NaN), not
    zero attention: nothing was collected then, so nothing can be said.
    """
    if exact.empty:
        return exact
    lo, hi = exact["period_start"].min(), exact["period_start"].max()
    starts = pd.Series(pd.date_range(lo, hi, freq=_FREQ[granularity]), dtype=exact[
        "period_start"].dtype)
    frame = pd.DataFrame({"period_start": starts})
    out = frame.merge(exact, on="period_start", how="left")
    out["series"] = exact["series"].iloc[0]
    out["kind"] = KIND_DAY
    out["period_end"] = period_end(out["period_start"], granularity)
    filled = out["n_articles"].isna()
    out["n_articles"] = out["n_articles"].fillna(0).astype("int64")
    if totals is None:
        return out[VOLUME_COLUMNS]
    cols = [c for c in exact.columns if c not in ("n_total", "share")]
    out = with_share.uncached(out[cols], totals)
    gap = filled.to_numpy() & (out["n_total"].to_numpy() == 0)
    out["n_articles"] = out["n_articles"].astype("float64").mask(gap)
    return out


def bucket_ids(
    articles: pd.DataFrame,
    membership: pd.DataFrame,
    granularity: str,
    *,
    series: str | None,
    kind: str,
    start: str | pd.Timestamp,
) -> list[str]:
    """The article_ids behind one bar/point of `volume` (what a chart click selects)."""
    where = placed(articles, granularity)
    where = where[(where["kind"] == kind) & (where["period_start"] == pd.Timestamp(start))]
    mem = membership if series is None else membership[membership["series"] == series]
    ids = where.loc[where["article_id"].isin(mem["article_id"]), "article_id"]
    return sorted(ids.unique().tolist())


@frame_memo
def undated_counts(articles: pd.DataFrame) -> dict[str, int]:
    """How many articles each kind of date the chart can / cannot place precisely."""
    prec = articles["date_precision"].where(articles["date_start"].notna(), "unknown")
    return {
        "day": int((prec == "day").sum()),
        "month": int((prec == "month").sum()),
        "year": int((prec == "year").sum()),
        "unknown": int(articles["date_start"].isna().sum()),
    }
