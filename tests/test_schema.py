"""core.schema: the contract checks, and compact (categorical) frames behaving like plain ones.

The dashboard holds the whole corpus with categorical text columns (schema.compact);
ingest and most tests produce plain string columns.  Every pure function the pages call
must give the same answer on both, so each is run here on the real seeds both ways.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from core import actor_stats, export, listing, overview, rising, schema, timeline
from core import filters as flt
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    cats = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    return frame.astype({c: "str" for c in cats})


def _norm(value):
    """Comparable form of a result: frames/series with categoricals as text."""
    if isinstance(value, pd.DataFrame):
        return _plain(value).reset_index(drop=True)
    if isinstance(value, pd.Series):
        s = value.astype("str") if isinstance(value.dtype, pd.CategoricalDtype) else value
        return s.reset_index(drop=True)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    return value


def _assert_same(a, b):
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_index_type=False)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b, check_dtype=False, check_index_type=False)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            _assert_same(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    else:
        assert a == b


@pytest.fixture(scope="module")
def both(seed_corpus):  # noqa: F811
    compact = flt.Corpus(seed_corpus.articles, schema.compact(seed_corpus.mentions, "mentions"),
                         schema.compact(seed_corpus.topics, "topics"))
    plain = flt.Corpus(seed_corpus.articles, _plain(seed_corpus.mentions),
                       _plain(seed_corpus.topics))
    return plain, compact


def test_compact_makes_sorted_ordered_categoricals(both):
    plain, compact = both
    for name in ("mentions", "topics"):
        frame = getattr(compact, name)
        for col in schema.COMPACT[name]:
            dtype = frame[col].dtype
            assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
            assert list(dtype.categories) == sorted(getattr(plain, name)[col].unique())
        schema.check(frame, name)
    # Idempotent, and values unchanged.
    again = schema.compact(compact.mentions, "mentions")
    assert again is compact.mentions
    assert _plain(compact.mentions).equals(plain.mentions)


def test_compact_of_a_frame_read_in_chunks(seed_corpus):  # noqa: F811
    plain = _plain(seed_corpus.mentions)
    # Concatenated Arrow-backed columns are chunked, as a store read in chunks gives them.
    chunked = pd.concat([plain.iloc[:100], plain.iloc[100:]], ignore_index=True)
    out = schema.compact(chunked, "mentions")
    for col in schema.COMPACT["mentions"]:
        assert list(out[col].cat.categories) == sorted(plain[col].unique())
    assert _plain(out).equals(plain)


def test_check_rejects_non_text_categoricals():
    df = schema.empty("topics").assign(topic=pd.Categorical([]).astype(
        pd.CategoricalDtype(pd.Index([], dtype="int64"))))
    with pytest.raises(schema.SchemaError, match="topic"):
        schema.check(df, "topics")


FILTERS = [
    flt.Filters(),
    flt.Filters(actors=("Wladimir Putin",)),
    flt.Filters(actors=("Wladimir Putin", "Antony Blinken"), actor_mode="all"),
    flt.Filters(since=dt.date(2022, 2, 1), until=dt.date(2022, 2, 28)),
    flt.Filters(topics=("diplomacy",)),
]

# name -> function of a corpus: every aggregate a page draws from.
CALLS = {
    "top_actors": lambda c: actor_stats.top_actors(c.mentions, n_total_articles=len(c.articles)),
    "top_persons": lambda c: actor_stats.top_actors(c.mentions, actor_types=("person",),
                                                    by="mentions", limit=5),
    "mentions_over_time": lambda c: actor_stats.mentions_over_time(
        c.articles, c.mentions, ["Wladimir Putin", "Antony Blinken"], "week"),
    "cooccurrence": lambda c: actor_stats.cooccurrence(c.mentions, top=8),
    "articles_with_all": lambda c: actor_stats.articles_with_all(
        c.mentions, ["Wladimir Putin", "Sergej Lawrow"]),
    "actor_detail": lambda c: actor_stats.actor_detail(c.articles, c.mentions, "Wladimir Putin"),
    "summary": lambda c: overview.summary(c.articles, c.mentions),
    "topic_table": lambda c: overview.topic_table(c.topics, len(c.articles)),
    "rising_actors": lambda c: rising.rising(
        c.articles, rising.actor_items(c.mentions),
        rising.periods(c.articles, None, None, days=60), min_now=1),
    "rising_topics": lambda c: rising.rising(
        c.articles, rising.topic_items(c.topics), rising.periods(c.articles, None, None, days=60),
        min_now=1),
    "timeline_by_actor": lambda c: timeline.volume(c.articles, timeline.series_membership(
        c.articles, by="actor", mentions=c.mentions, actors=["Wladimir Putin"]), "week"),
    "timeline_by_topic": lambda c: timeline.volume(c.articles, timeline.series_membership(
        c.articles, by="topic", topics=c.topics), "month"),
    "listing": lambda c: listing.article_table(c.articles, c.mentions,
                                               c.articles["article_id"].tolist()),
    "articles_csv": lambda c: export.articles_table(c),
    "mentions_csv": lambda c: export.snapshot(c)["mentions.csv"],
}


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: str(f.describe() or "none"))
@pytest.mark.parametrize("call", CALLS, ids=str)
def test_compact_frames_give_the_same_results(both, call, filters):
    plain, compact = (flt.apply(c, filters) for c in both)
    assert len(plain.mentions) == len(compact.mentions)
    a, b = _norm(CALLS[call](plain)), _norm(CALLS[call](compact))
    _assert_same(a, b)
