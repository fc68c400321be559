"""core.listing on the real seed store: ordering, the compact table, an article's actors."""

from __future__ import annotations

import pytest

from core import listing
from core.store import Store
from tests.dashboard_fixtures import seed_db  # noqa: F401


@pytest.fixture(scope="module")
def corpus(seed_db):  # noqa: F811
    with Store(seed_db, readonly=True) as s:
        return s.articles(with_text=False), s.mentions()


def test_ordered_ids_newest_and_oldest(corpus):
    arts, _ = corpus
    newest = listing.ordered_ids(arts, "newest")
    oldest = listing.ordered_ids(arts, "oldest")
    starts = arts.set_index("article_id")["date_start"]
    assert starts.loc[newest].is_monotonic_decreasing
    assert starts.loc[oldest].is_monotonic_increasing
    assert sorted(newest) == sorted(oldest) == sorted(arts["article_id"])
    # Seed 003 (28.12.2021) is the oldest; a month-only article sorts by its first day.
    oldest = arts.set_index("article_id").loc[newest[-1]]
    assert oldest["published"] == "2021-12-28"
    some = newest[1:3]
    assert listing.ordered_ids(arts, "newest", ids=some) == some


def test_article_table_has_top_actors_and_respects_limit(corpus):
    arts, ments = corpus
    table = listing.article_table(arts, ments, limit=3)
    assert list(table.columns) == listing.TABLE_COLUMNS
    assert len(table) == 3
    seed002 = listing.article_table(arts, ments, arts.loc[arts["source"].str.startswith("002"),
                                                          "article_id"])
    assert len(seed002) == 1
    assert seed002.iloc[0]["published"] == "2022-02-01"
    shown = seed002.iloc[0]["actors"].split(", ")
    counts = ments[ments["article_id"] == seed002.iloc[0]["article_id"]]["actor"].value_counts()
    assert len(shown) == 4 and shown[0] == counts.index[0]
    assert [counts[a] for a in shown] == sorted((counts[a] for a in shown), reverse=True)


def test_actor_counts_of_one_article(corpus):
    arts, ments = corpus
    aid = arts.loc[arts["source"].str.startswith("001"), "article_id"].iloc[0]
    counts = listing.actor_counts(ments, aid)
    assert counts["n"].is_monotonic_decreasing
    blinken = counts.set_index("actor").loc["Antony Blinken"]
    assert blinken["actor_type"] == "person"
    assert blinken["n"] == len(ments[(ments["article_id"] == aid)
                                     & (ments["actor"] == "Antony Blinken")])
    assert listing.actor_counts(ments, "no-such-article").empty


def test_other_versions_of_a_near_duplicate_group():
    import pandas as pd

    from core.listing import other_versions

    arts = pd.DataFrame({"article_id": ["a", "b", "c", "d"],
                         "copy_of": ["", "a", "a", ""]})
    assert other_versions(arts, "b")["article_id"].tolist() == ["a", "c"]
    assert other_versions(arts, "a")["article_id"].tolist() == ["b", "c"]
    assert other_versions(arts, "d").empty and other_versions(arts, "zz").empty


def test_the_list_on_screen_says_precision_in_the_date_and_leaves_the_id_out(seed_db):  # noqa: F811
    from core import listing
    from core.store import Store

    with Store(seed_db, readonly=True) as s:
        table = listing.article_table(s.articles(with_text=False), s.mentions())
    shown = listing.for_display(table)
    assert "article_id" not in shown and "date_precision" not in shown
    assert sorted(shown["published"]) == ["2021-12-28", "2022-01 (month)", "2022-02 (month)",
                                          "2022-02 (month)", "2022-02-01"]
    assert len(shown) == len(table) and (shown["title"] == table["title"]).all()
