"""core.timeline: bucketing, month-only articles never on the 1st, click → ids; real seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from core import schema, timeline
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def _articles(rows):
    df = pd.DataFrame(rows, columns=["article_id", "date_precision", "date_start", "date_end"])
    df = df.assign(title="t", text="", published="", language="de", source="s", url="",
                   n_words=1, n_copies=1, pipeline="", section="", crisis=0.0, country="",
                   copy_of="", similarity=0.0, story="")
    return schema.conform(df, "articles")


SMALL = _articles([
    ("a", "day", "2022-02-14", "2022-02-14"),  # a Monday
    ("b", "day", "2022-02-16", "2022-02-16"),  # same week
    ("c", "month", "2022-02-01", "2022-02-28"),  # known only to February
    ("d", "unknown", None, None),
    ("e", "year", "2022-01-01", "2022-12-31"),
])


def test_floor_period_week_starts_monday_and_month_first_day():
    d = pd.Series(pd.to_datetime(["2022-02-16", "2022-02-20"]))
    assert timeline.floor_period(d, "week").dt.strftime("%Y-%m-%d").tolist() == [
        "2022-02-14", "2022-02-14"]
    assert timeline.floor_period(d, "month").dt.day.tolist() == [1, 1]
    with pytest.raises(ValueError):
        timeline.floor_period(d, "hour")


@pytest.mark.parametrize("gran", ["day", "week"])
def test_month_only_article_spans_its_month_not_the_first(gran):
    mem = timeline.series_membership(SMALL, by="none")
    vol = timeline.volume(SMALL, mem, gran)
    month = vol[vol["kind"] == timeline.KIND_MONTH]
    assert len(month) == 1
    row = month.iloc[0]
    assert (row["period_start"], row["period_end"]) == (pd.Timestamp("2022-02-01"),
                                                        pd.Timestamp("2022-02-28"))
    # Nothing exact-dated is drawn on the 1st: c is not a day count.
    exact = vol[vol["kind"] == timeline.KIND_DAY]
    assert pd.Timestamp("2022-02-01") not in set(exact["period_start"])
    assert exact["n_articles"].sum() == 2


def test_week_bucket_counts_and_undated_are_not_drawn():
    vol = timeline.volume(SMALL, timeline.series_membership(SMALL), "week")
    exact = vol[vol["kind"] == timeline.KIND_DAY]
    got = exact[["period_start", "n_articles"]].values.tolist()
    assert got == [[pd.Timestamp("2022-02-14"), 2]]
    assert set(vol["kind"]) == {timeline.KIND_DAY, timeline.KIND_MONTH, timeline.KIND_YEAR}
    assert timeline.undated_counts(SMALL) == {"day": 2, "month": 1, "year": 1, "unknown": 1}


def test_bucket_ids_are_what_a_click_selects():
    mem = timeline.series_membership(SMALL)
    assert timeline.bucket_ids(SMALL, mem, "week", series=None, kind=timeline.KIND_DAY,
                               start="2022-02-14") == ["a", "b"]
    assert timeline.bucket_ids(SMALL, mem, "day", series=None, kind=timeline.KIND_MONTH,
                               start="2022-02-01") == ["c"]


def test_empty_input_gives_empty_frame_with_columns():
    empty = schema.empty("articles")
    vol = timeline.volume(empty, timeline.series_membership(empty), "week")
    assert vol.empty and list(vol.columns) == timeline.VOLUME_COLUMNS


def test_seeds_month_only_articles_at_every_granularity(seed_corpus):  # noqa: F811
    arts = seed_corpus.articles
    n_month = int((arts["date_precision"] == "month").sum())
    assert n_month == 3  # seeds 000, 001, 004 carry only "date YYYY-MM"
    for gran in timeline.GRANULARITIES:
        vol = timeline.volume(arts, timeline.series_membership(arts), gran)
        assert vol["n_articles"].sum() == len(arts)
        month = vol[vol["kind"] == timeline.KIND_MONTH]
        assert month["n_articles"].sum() == n_month
        assert (month["period_start"].dt.day == 1).all()
        assert (month["period_end"].dt.is_month_end).all()


def test_seeds_breakdown_by_topic_and_actor(seed_corpus):  # noqa: F811
    arts = seed_corpus.articles
    by_topic = timeline.series_membership(arts, by="topic", topics=seed_corpus.topics)
    assert "diplomacy" in set(by_topic["series"])
    labelled = timeline.series_membership(arts, by="topic", topics=seed_corpus.topics,
                                          topic_names=(("diplomacy", "Diplomacy & talks"),))
    assert "Diplomacy & talks" in set(labelled["series"])
    assert "diplomacy" not in set(labelled["series"])
    # Same memberships, only the names differ; unnamed topics keep their ids.
    assert len(labelled) == len(by_topic)
    assert set(labelled["series"]) - {"Diplomacy & talks"} == set(by_topic["series"]) - {
        "diplomacy"}
    # Each article is in at least one series (a topic or "(no topic)").
    assert set(by_topic["article_id"]) == set(arts["article_id"])
    by_actor = timeline.series_membership(arts, by="actor", mentions=seed_corpus.mentions,
                                          actors=["Wladimir Putin", "Antony Blinken"])
    putin = set(by_actor.loc[by_actor["series"] == "Wladimir Putin", "article_id"])
    expected = set(seed_corpus.mentions.loc[seed_corpus.mentions["actor"] == "Wladimir Putin",
                                            "article_id"])
    assert putin == expected and putin
    vol = timeline.volume(arts, by_actor, "month")
    assert set(vol["series"]) == {"Wladimir Putin", "Antony Blinken"}


@pytest.mark.parametrize(("granularity", "n_buckets"), [("day", 36), ("week", 6), ("month", 3)])
def test_zero_filled_closes_the_gaps_between_busy_buckets(granularity, n_buckets):
    days = pd.to_datetime(["2021-12-28", "2022-02-01"]).astype("datetime64[us]")
    starts = timeline.floor_period(pd.Series(days), granularity)
    exact = pd.DataFrame({"series": "military", "kind": timeline.KIND_DAY,
                          "period_start": starts,
                          "period_end": timeline.period_end(starts, granularity),
                          "n_articles": [1, 1]})
    out = timeline.zero_filled(exact, granularity)
    assert list(out.columns) == timeline.VOLUME_COLUMNS
    assert len(out) == n_buckets
    assert out["n_articles"].sum() == 2 and (out["n_articles"] == 0).sum() == n_buckets - 2
    assert out["period_start"].is_monotonic_increasing
    assert (out["series"] == "military").all()
    # Every filled bucket is a real bucket of that granularity.
    assert (timeline.floor_period(out["period_start"], granularity) == out["period_start"]).all()


# -- attention as a share of all coverage --------------------------------------------------
# Three weeks: 4 articles in the first, none collected in the second, 2 in the third.
UNEVEN = _articles([
    ("w1a", "day", "2024-03-04", "2024-03-04"),
    ("w1b", "day", "2024-03-05", "2024-03-05"),
    ("w1c", "day", "2024-03-06", "2024-03-06"),
    ("w1d", "day", "2024-03-07", "2024-03-07"),
    ("w3a", "day", "2024-03-18", "2024-03-18"),
    ("w3b", "day", "2024-03-19", "2024-03-19"),
])


def test_share_is_count_over_all_articles_of_the_bucket():
    totals = timeline.bucket_totals(UNEVEN, "week")
    assert totals["n_total"].tolist() == [4, 2]
    # A series holding one article of each busy week: 1/4 then 1/2.
    mem = pd.DataFrame({"article_id": ["w1a", "w3a"], "series": "X"})
    vol = timeline.with_share(timeline.volume(UNEVEN, mem, "week"), totals)
    assert vol["n_articles"].tolist() == [1, 1]
    assert vol["n_total"].tolist() == [4, 2]
    assert vol["share"].tolist() == [0.25, 0.5]


def test_a_week_with_nothing_collected_is_a_gap_not_zero_attention():
    totals = timeline.bucket_totals(UNEVEN, "week")
    mem = pd.DataFrame({"article_id": ["w1a", "w3a"], "series": "X"})
    vol = timeline.with_share(timeline.volume(UNEVEN, mem, "week"), totals)
    filled = timeline.zero_filled(vol, "week", totals)
    assert filled["period_start"].dt.strftime("%m-%d").tolist() == ["03-04", "03-11", "03-18"]
    assert pd.isna(filled["n_articles"].iloc[1]) and pd.isna(filled["share"].iloc[1])
    # Without totals the old behaviour stays: the empty week counts zero.
    assert timeline.zero_filled(vol[timeline.VOLUME_COLUMNS], "week")["n_articles"].tolist() == [
        1, 0, 1]


def test_a_collected_week_without_the_series_is_zero_share():
    both = pd.concat([UNEVEN, _articles([("w2", "day", "2024-03-12", "2024-03-12")])])
    totals = timeline.bucket_totals(both, "week")
    mem = pd.DataFrame({"article_id": ["w1a", "w3a"], "series": "X"})
    vol = timeline.with_share(timeline.volume(both, mem, "week"), totals)
    filled = timeline.zero_filled(vol, "week", totals)
    assert filled["n_articles"].tolist() == [1, 0, 1]
    assert filled["share"].tolist() == [0.25, 0.0, 0.5]


@pytest.mark.parametrize(
    ("rows", "uneven"),
    [
        ([(f"{w}{i}", d) for w, d in (("a", "2024-03-04"), ("b", "2024-03-11"),
                                      ("c", "2024-03-18")) for i in range(12)], False),
        # an empty week between
        ([(f"{w}{i}", d) for w, d in (("a", "2024-03-04"), ("b", "2024-03-18"))
          for i in range(20)], True),
        # one week ten times the median
        ([*((f"x{i}", "2024-03-04") for i in range(100)),
          *((f"b{i}", "2024-03-11") for i in range(10)),
          *((f"c{i}", "2024-03-18") for i in range(10))], True),
        # too few articles to call uneven, whatever their spread
        ([("a", "2024-03-04"), ("b", "2024-03-18")], False),
    ],
)
def test_is_uneven(rows, uneven):
    arts = _articles([(a, "day", d, d) for a, d in rows])
    assert timeline.is_uneven(timeline.bucket_totals(arts, "week"), "week") is uneven
