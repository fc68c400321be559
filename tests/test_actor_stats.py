"""core.actor_stats on the real seeds: rankings, mentions over time, co-occurrence, detail."""

from __future__ import annotations

from core import actor_stats, timeline
from core import filters as flt
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def test_top_actors_by_articles_and_mentions(seed_corpus):  # noqa: F811
    m = seed_corpus.mentions
    by_art = actor_stats.top_actors(m, n_total_articles=5, limit=5)
    assert list(by_art.columns) == actor_stats.TOP_COLUMNS
    assert by_art["n_articles"].is_monotonic_decreasing
    top = by_art.iloc[0]
    assert top["n_articles"] == m.loc[m["actor"] == top["actor"], "article_id"].nunique()
    assert top["share_of_articles"] == top["n_articles"] / 5
    by_men = actor_stats.top_actors(m, by="mentions", limit=3)
    assert by_men["n_mentions"].is_monotonic_decreasing
    assert by_men.iloc[0]["n_mentions"] == m["actor"].value_counts().iloc[0]


def test_top_actors_type_filter(seed_corpus):  # noqa: F811
    people = actor_stats.top_actors(seed_corpus.mentions, actor_types=["person"], limit=None)
    assert set(people["actor_type"]) == {"person"}
    assert "Sergej Lawrow" in set(people["actor"])
    assert actor_stats.top_actors(seed_corpus.mentions.iloc[0:0]).empty


def test_mentions_over_time_counts_agree_with_mentions(seed_corpus):  # noqa: F811
    arts, m = seed_corpus.articles, seed_corpus.mentions
    mot = actor_stats.mentions_over_time(arts, m, ["Sergej Lawrow"], "month")
    assert mot["n_mentions"].sum() == (m["actor"] == "Sergej Lawrow").sum()
    assert mot["n_articles"].sum() == m.loc[m["actor"] == "Sergej Lawrow", "article_id"].nunique()
    assert set(mot["kind"]) <= {timeline.KIND_DAY, timeline.KIND_MONTH}


def test_cooccurrence_pairs_matrix_and_cells(seed_corpus):  # noqa: F811
    m = seed_corpus.mentions
    pairs = actor_stats.cooccurrence(m, actors=["Wladimir Putin", "Sergej Lawrow", "Joe Biden"])
    assert (pairs["actor_a"] < pairs["actor_b"]).all()
    row = pairs[(pairs["actor_a"] == "Sergej Lawrow") & (pairs["actor_b"] == "Wladimir Putin")]
    both = actor_stats.articles_with_all(m, ["Sergej Lawrow", "Wladimir Putin"])
    assert int(row["n_articles"].iloc[0]) == len(both) > 0
    # The cell's articles are exactly what the "all" actor filter returns.
    f = flt.Filters(actors=("Sergej Lawrow", "Wladimir Putin"), actor_mode="all")
    assert sorted(flt.apply(seed_corpus, f).articles["article_id"]) == both
    mat = actor_stats.cooccurrence_matrix(pairs, ["Wladimir Putin", "Sergej Lawrow", "Joe Biden"])
    assert (mat.to_numpy() == mat.to_numpy().T).all()
    assert mat.loc["Wladimir Putin", "Sergej Lawrow"] == len(both)


def test_actor_detail(seed_corpus):  # noqa: F811
    d = actor_stats.actor_detail(seed_corpus.articles, seed_corpus.mentions, "Wladimir Putin")
    assert d["actor_type"] == "person"
    assert {"Putin", "Wladimir Putin"} <= set(d["aliases"]["surface"])
    assert d["n_articles"] == len(d["articles"]) == 4
    assert d["first_seen"] == "2021-12-28"  # seed 003, exact date
    assert d["last_seen"] == "2022-02"  # a month-only seed: shown with its precision
    assert "Sergej Lawrow" in set(d["co_actors"]["actor"])
