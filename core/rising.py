"""Which actors/topics are rising: the selected period against the period before it.

A claim like "Baerbock is rising" must come with the numbers behind it, so
the result keeps both counts, both shares and the size of both periods.

Counting uses the same overlap rule as the date filter (core.filters): an
article is "in" a period when its date interval overlaps it, so the count for
the current period is exactly what the analyst gets by filtering to it.  A
month-only article straddling both periods counts in both, which can only damp
a rise, never invent one.  Shares (count / articles in the period) are compared
rather than raw counts, so a period with twice the coverage overall does not
make everybody "rise".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from core import timeline
from core.codes import mention_codes
from core.filters import (
    _seed,
    article_codes,
    dense_subset,
    first_of_pairs,
    frame_memo,
    positions,
    subset_rule,
)

DEFAULT_DAYS = 30
# Below this many articles in the period before, shares "before" are too noisy to call
# anything rising with confidence (one article more or less moves a share by 5 %).
MIN_BEFORE = 20
COLUMNS = ["name", "type", "now", "before", "share_now", "share_before", "change", "lift"]


@dataclass(frozen=True)
class Periods:
    current: tuple[dt.date, dt.date]
    previous: tuple[dt.date, dt.date]
    defaulted: bool  # True when no date range was chosen and the latest weeks were used
    # Which dates the analyst chose: "none" (the corpus's latest weeks), "range" (From and
    # To), "from" (From only: up to the latest date in view), "until" (To only).
    chosen: str = "range"

    @property
    def days(self) -> int:
        return (self.current[1] - self.current[0]).days + 1

    def describe(self) -> str:
        """What is compared with what, as a sentence (dates and lengths stated)."""
        c, p, n = self.current, self.previous, self.days
        now = f"{c[0]:%Y-%m-%d} – {c[1]:%Y-%m-%d}"
        days = f"{n} day{'s' if n != 1 else ''}"
        head = {
            "none": f"No dates chosen: the last {days} of the corpus ({now})",
            "from": f"From {c[0]:%Y-%m-%d} (the “From” date) to {c[1]:%Y-%m-%d}, the latest "
                    f"date in view ({days})",
            "until": f"The {days} up to {c[1]:%Y-%m-%d}, the “To” date ({now})",
        }.get(self.chosen, f"The chosen dates, {now} ({days})")
        return (f"{head}, compared with the {days} before ({p[0]:%Y-%m-%d} – "
                f"{p[1]:%Y-%m-%d})")


@frame_memo
def periods(
    articles: pd.DataFrame, since: dt.date | None, until: dt.date | None, days: int = DEFAULT_DAYS
) -> Periods | None:
    """The current period and the one of equal length right before it.  None when nothing
    is dated and the dates chosen do not make a period.

    The current period is the filter's range; with From only, From to the latest date in
    view (what the date filter shows: every article from From on, month-only ones to the
    end of their month); with To only, the `days` up to To; with neither, the last `days`
    of the corpus."""
    dated = articles[articles["date_start"].notna()]
    if dated.empty and (since is None or until is None):
        return None
    chosen = ("none" if since is None and until is None else "from" if until is None
              else "until" if since is None else "range")
    if chosen == "none":
        # Day-precision ends anchor the default window; a month-only article's date_end
        # (the 31st) must not push "the latest weeks" past the last real publication day.
        day = dated[dated["date_precision"] == "day"]
        anchor = day if not day.empty else dated
        until = anchor["date_end"].max().date()
    elif chosen == "from":
        # Never before From: a From after every article is an empty period, not a swap.
        until = max(dated["date_end"].max().date(), since)
    if since is None:
        since = until - dt.timedelta(days=days - 1)
    if since > until:
        since, until = until, since
    length = (until - since).days + 1
    prev_until = since - dt.timedelta(days=1)
    prev_since = prev_until - dt.timedelta(days=length - 1)
    return Periods((since, until), (prev_since, prev_until), chosen == "none", chosen)


def _in_period(articles: pd.DataFrame, period: tuple[dt.date, dt.date]) -> pd.Series:
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    ok = articles["date_start"].notna()
    return articles.loc[ok & (articles["date_end"] >= start) & (articles["date_start"] <= end),
                        "article_id"]


def _period_mask(articles: pd.DataFrame, period: tuple[dt.date, dt.date]) -> np.ndarray:
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1])
    ok = articles["date_start"].notna() & (articles["date_end"] >= start)
    return (ok & (articles["date_start"] <= end)).to_numpy()


def comparison_note(sizes: dict, min_before: int = MIN_BEFORE) -> tuple[str, str] | None:
    """("empty" | "small", a sentence for the user) when the period before cannot carry a
    comparison, else None.  "empty": nothing to compare with, so nothing is called rising;
    "small": the tables are shown, marked as resting on few articles."""
    before, now = sizes["articles_before"], sizes["articles_now"]
    if now == 0:
        return ("empty", "The period holds no articles: nothing can rise. Choose an earlier "
                "“From” date or a longer range.")
    if before == 0:
        return ("empty", "The period before holds no articles, so nothing can be compared: "
                "nothing is shown as rising. Choose a later “From” date or a longer range.")
    if before < min_before:
        return ("small", f"Only {before} article(s) in the period before (and {now} now): "
                "too few for reliable shares — read the lists below as anecdotes, not trends.")
    return None


@frame_memo
def rising(
    articles: pd.DataFrame,
    items: pd.DataFrame,
    per: Periods,
    *,
    min_now: int = 2,
    limit: int = 10,
) -> tuple[pd.DataFrame, dict]:
    """Rank items (article_id, name, type) by how much their share of articles grew.

    `items` is one row per (article, actor) or (article, topic).  Returns the
    table (COLUMNS) and the sizes of both periods.  `lift` is the ratio of
    shares with +1 smoothing on the counts, so an actor going from 0 to 1
    article does not top the list; `min_now` drops the noise floor.
    """
    masks = {"now": _period_mask(articles, per.current),
             "before": _period_mask(articles, per.previous)}
    ids = articles["article_id"].to_numpy()
    sizes = {"articles_now": len(pd.unique(ids[masks["now"]])),
             "articles_before": len(pd.unique(ids[masks["before"]]))}
    # Integer work over the (article, item) pairs: which articles are in each period is a
    # boolean array over `articles`, an item's count a bincount (not isin + nunique over
    # millions of strings).
    codes = _item_codes(items)
    pos = positions(articles, items)
    ok = codes.first_pair & (pos >= 0)
    safe = np.maximum(pos, 0)
    counts = {}
    for name, in_period in masks.items():
        counts[name] = np.bincount(codes.item[ok & in_period[safe]], minlength=len(codes.names))
    seen = (counts["now"] > 0) | (counts["before"] > 0)
    if not seen.any():
        return pd.DataFrame({c: pd.Series(dtype="str" if c in ("name", "type") else "float64")
                             for c in COLUMNS}), sizes
    table = pd.DataFrame({"name": codes.names[seen], "type": codes.types[seen],
                          "now": counts["now"][seen], "before": counts["before"][seen]})
    table = table.sort_values(["name", "type"]).set_index(["name", "type"])
    table = table.astype("int64").reset_index()
    n_now, n_before = max(sizes["articles_now"], 1), max(sizes["articles_before"], 1)
    table["share_now"] = (table["now"] / n_now).round(4)
    table["share_before"] = (table["before"] / n_before).round(4)
    table["change"] = table["now"] - table["before"]
    table["lift"] = (((table["now"] + 1) / (n_now + 1)) / ((table["before"] + 1) / (n_before + 1)))
    table["lift"] = table["lift"].round(2)
    table = table[(table["now"] >= min_now) & (table["lift"] > 1) & (table["change"] > 0)]
    table = table.sort_values(["lift", "now", "name"], ascending=[False, False, True])
    return table.head(limit).reset_index(drop=True)[COLUMNS], sizes


class _ItemCodes(NamedTuple):
    item: np.ndarray  # code of each row's (name, type)
    names: np.ndarray  # name of each code
    types: np.ndarray  # type of each code
    first_pair: np.ndarray  # True on the first row of each (article, item) pair


@frame_memo
def _item_codes(items: pd.DataFrame) -> _ItemCodes:
    name, names = pd.factorize(items["name"])
    kind, kinds = pd.factorize(items["type"])
    n_kinds = max(len(kinds), 1)
    item, uniq = pd.factorize(name.astype(np.int64) * n_kinds + kind)
    article, arts = article_codes(items)
    first = first_of_pairs(item, article, len(arts))
    return _ItemCodes(item.astype(np.int32), np.asarray(names, dtype=object)[uniq // n_kinds],
                      np.asarray(kinds, dtype=object)[uniq % n_kinds], first)


@frame_memo
def actor_items(mentions: pd.DataFrame) -> pd.DataFrame:
    items = (mentions[["article_id", "actor", "actor_type"]]
             .rename(columns={"actor": "name", "actor_type": "type"}))
    # Same rows in the same order: the mentions' codes serve the items too.
    _seed(article_codes, (items,), article_codes(mentions))
    _seed(_item_codes, (items,), actor_item_codes(mentions))
    return items


@frame_memo
def actor_item_codes(mentions: pd.DataFrame) -> _ItemCodes:
    """`_item_codes(actor_items(mentions))`, built from the mention codes (an actor may
    carry more than one type across articles, so items are (actor, type) pairs)."""
    c = mention_codes(mentions)
    kind, kinds = pd.factorize(mentions["actor_type"])
    n_kinds = max(len(kinds), 1)
    item, uniq = pd.factorize(c.actor.astype(np.int64) * n_kinds + kind)
    if len(uniq) == len(c.actors):  # one type per actor: item pairs are actor pairs
        first = c.first_pair
    else:
        first = first_of_pairs(item, c.article, c.n_articles)
    return _ItemCodes(item.astype(np.int32), np.asarray(c.actors, dtype=object)[uniq // n_kinds],
                      np.asarray(kinds, dtype=object)[uniq % n_kinds], first)


@subset_rule(actor_item_codes)
def _actor_item_codes_of_subset(whole: _ItemCodes, sel: np.ndarray, sub) -> _ItemCodes:
    item, present = dense_subset(whole.item[sel], len(whole.names))
    return _ItemCodes(item, whole.names[present], whole.types[present], whole.first_pair[sel])


@frame_memo
def topic_items(topics: pd.DataFrame,
                topic_names: tuple[tuple[str, str], ...] = ()) -> pd.DataFrame:
    """(article, topic) items, a topic named by its label from `topic_names` if it has one."""
    pairs = timeline.assigned_topic_pairs(topics)
    items = pairs.rename(columns={"topic": "name"}).assign(type="topic")
    if topic_names:
        name = items["name"].astype("str")
        items = items.assign(name=name.map(dict(topic_names)).fillna(name))
    return items
