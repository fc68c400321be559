"""core.codes (+ the subset rules in core.filters / core.rising): codes of a filtered view,
derived from the whole corpus's codes, mean what codes computed from scratch mean."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from core import codes, rising, schema
from core import filters as flt
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401

VIEWS = [
    flt.Filters(actors=("Wladimir Putin",)),
    flt.Filters(since=dt.date(2022, 2, 1), until=dt.date(2022, 2, 28)),
    flt.Filters(sources=("001_6f9f40feec1ab3b1.txt", "004_11d956188b2295f6.txt")),
]


def _per_actor(c: codes.MentionCodes) -> pd.DataFrame:
    names = np.asarray(c.actors, dtype=object)
    return pd.DataFrame({
        "n_mentions": np.bincount(c.actor, minlength=len(names)),
        "n_articles": np.bincount(c.actor[c.first_pair], minlength=len(names)),
        "first_row": c.first_of_actor,
    }, index=pd.Index(names, name="actor")).sort_index()


@pytest.fixture(params=[False, True], ids=["plain", "compact"])
def corpus(request, seed_corpus):  # noqa: F811
    if not request.param:
        return seed_corpus
    return flt.Corpus(seed_corpus.articles, schema.compact(seed_corpus.mentions, "mentions"),
                      schema.compact(seed_corpus.topics, "topics"))


@pytest.mark.parametrize("filters", VIEWS, ids=lambda f: "+".join(f.describe()))
def test_derived_view_codes_match_fresh_ones(corpus, filters):
    flt.clear_memo()
    codes.mention_codes(corpus.mentions)  # the whole corpus's codes exist: views derive
    rising.actor_item_codes(corpus.mentions)
    flt.article_codes(corpus.topics)
    view = flt.apply(corpus, filters)
    assert 0 < len(view.mentions) < len(corpus.mentions)
    derived = codes.mention_codes(view.mentions)
    fresh = codes.mention_codes.uncached(view.mentions)
    assert derived is not fresh
    pd.testing.assert_frame_equal(_per_actor(derived), _per_actor(fresh))
    assert derived.first_pair.tolist() == fresh.first_pair.tolist()
    assert derived.n_articles == fresh.n_articles
    # Article codes: any numbering, but the same grouping of rows and the right ids.
    for rows in (view.mentions, view.topics):
        a_codes, uniques = flt.article_codes(rows)
        assert uniques[a_codes].tolist() == rows["article_id"].astype("str").tolist()
    # (actor, type) items: the same counts per item.
    d_item = rising.actor_item_codes(view.mentions)
    f_item = rising.actor_item_codes.uncached(view.mentions)
    for item in (d_item, f_item):
        assert len(item.item) == len(view.mentions)

    def per_item(ic):
        keys = list(zip(ic.names[ic.item], ic.types[ic.item], strict=True))
        return sorted(pd.Series(keys)[ic.first_pair].value_counts().items())

    assert per_item(d_item) == per_item(f_item)


def test_codes_of_types_match_a_filtered_frame(corpus):
    flt.clear_memo()
    c, rows = codes.codes_of_types(corpus.mentions, ("person",))
    subset = corpus.mentions.iloc[rows]
    assert set(subset["actor_type"].astype("str")) == {"person"}
    fresh = codes.mention_codes.uncached(subset.reset_index(drop=True))
    pd.testing.assert_frame_equal(_per_actor(c), _per_actor(fresh))
