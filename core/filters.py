"""Narrow a corpus by actor, date, language, topic and source — pure functions.

Used by the CLI export and by every dashboard page, so "what is on screen" and
"what is exported" are the same rows by construction.

Date semantics: an article's date is an interval (`date_start`..`date_end`:
one day for day precision, the whole month for month precision…).  A date
filter keeps an article whose interval *overlaps* the requested range, so an
article known only as "2022-02" is kept for 10–14 February (it may be from
then) but never pretends to be from the 1st.  Articles with unknown dates are
dropped as soon as any date bound is set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from core import schema


@dataclass(frozen=True)
class Filters:
    actors: tuple[str, ...] = ()
    actor_mode: str = "any"  # "any": at least one of the actors; "all": every one of them
    since: dt.date | None = None
    until: dt.date | None = None
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    article_ids: tuple[str, ...] | None = field(default=None)  # e.g. a clicked chart point

    def is_empty(self) -> bool:
        return self == Filters()

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    def describe(self) -> dict:
        """A JSON-friendly summary (for manifests and captions)."""
        out: dict = {}
        if self.actors:
            out["actors"] = list(self.actors)
            out["actor_mode"] = self.actor_mode
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        for name in ("languages", "topics", "sources"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.article_ids is not None:
            out["article_ids"] = list(self.article_ids)
        return out


def parse_date(value: str | dt.date | None, *, name: str = "date") -> dt.date | None:
    """Accept YYYY-MM-DD, YYYY-MM (→ first day) or YYYY; raise ValueError with a clear message."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{name} {text!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def parse_until(value: str | dt.date | None) -> dt.date | None:
    """Like parse_date, but a month or year means its *last* day (until 2022-02 = through Feb)."""
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    text = str(value).strip()
    start = parse_date(text, name="until")
    if len(text) == 7:
        nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt - dt.timedelta(days=1)
    if len(text) == 4:
        return start.replace(month=12, day=31)
    return start


def matching_ids(
    articles: pd.DataFrame, mentions: pd.DataFrame, topics: pd.DataFrame, filters: Filters
) -> pd.Index:
    """The article_ids that pass every filter, in the articles frame's order."""
    mask = pd.Series(True, index=articles.index)
    if filters.article_ids is not None:
        mask &= articles["article_id"].isin(filters.article_ids)
    if filters.since is not None or filters.until is not None:
        known = articles["date_start"].notna()
        mask &= known
        if filters.since is not None:
            mask &= articles["date_end"] >= pd.Timestamp(filters.since)
        if filters.until is not None:
            mask &= articles["date_start"] <= pd.Timestamp(filters.until)
    if filters.languages:
        mask &= articles["language"].isin(filters.languages)
    if filters.sources:
        mask &= articles["source"].isin(filters.sources)
    if filters.topics:
        hit = topics.loc[topics["topic"].isin(filters.topics), "article_id"]
        mask &= articles["article_id"].isin(hit)
    if filters.actors:
        wanted = mentions.loc[mentions["actor"].isin(filters.actors), ["article_id", "actor"]]
        if filters.actor_mode == "all":
            per_article = wanted.drop_duplicates().groupby("article_id")["actor"].size()
            hit = per_article.index[per_article >= len(set(filters.actors))]
        else:
            hit = wanted["article_id"].unique()
        mask &= articles["article_id"].isin(hit)
    return pd.Index(articles.loc[mask, "article_id"])


@dataclass(frozen=True)
class Corpus:
    """The three frames of a corpus (plus the actor summary), always consistent."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    topics: pd.DataFrame

    @classmethod
    def empty(cls) -> Corpus:
        return cls(schema.empty("articles"), schema.empty("mentions"), schema.empty("topics"))


def apply(corpus: Corpus, filters: Filters) -> Corpus:
    """The sub-corpus that passes `filters` (mentions and topics of the kept articles)."""
    if filters.is_empty():
        return corpus
    ids = matching_ids(corpus.articles, corpus.mentions, corpus.topics, filters)
    keep = corpus.articles["article_id"].isin(ids)
    return Corpus(
        articles=corpus.articles.loc[keep].reset_index(drop=True),
        mentions=corpus.mentions.loc[corpus.mentions["article_id"].isin(ids)].reset_index(
            drop=True
        ),
        topics=corpus.topics.loc[corpus.topics["article_id"].isin(ids)].reset_index(drop=True),
    )
