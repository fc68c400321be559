"""core.overview on the real seeds: headline numbers and the articles behind a topic bar."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from core import overview, schema
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def test_summary_is_honest_about_dates(seed_corpus):  # noqa: F811
    s = overview.summary(seed_corpus.articles, seed_corpus.mentions)
    assert s["n_articles"] == 5
    assert str(s["first_date"]) == "2021-12-28"
    # The latest day an article is dated to is 2022-02-01; the two February-only seeds may
    # be later and are said apart, not as "2022-02-28" (the end of their interval).
    assert str(s["last_date"]) == "2022-02-01"
    assert s["last_coarse"] == ("Feb 2022, month only", 2)
    assert s["first_coarse"] is None  # January-only starts after 2021-12-28
    assert s["precision"]["month"] == 3 and s["precision"]["day"] == 2


def test_topic_bar_and_its_articles_agree(seed_corpus):  # noqa: F811
    table = overview.topic_table(seed_corpus.topics, 5)
    assert not table.empty
    for rec in table.itertuples(index=False):
        ids = overview.topic_article_ids(seed_corpus.topics, rec.topic)
        assert len(ids) == rec.n_articles
    assert overview.topic_article_ids(seed_corpus.topics, "no-such-topic") == []


def test_topic_table_labels(seed_corpus):  # noqa: F811
    table = overview.topic_table(seed_corpus.topics, 5, (("diplomacy", "Diplomacy & talks"),))
    labels = dict(zip(table["topic"], table["label"], strict=True))
    assert labels["diplomacy"] == "Diplomacy & talks"
    assert labels["military"] == "military"  # no label given: the id


def test_sections_and_crisis_coverage_of_the_seeds(seed_corpus):  # noqa: F811
    ov = overview
    arts = seed_corpus.articles
    table = ov.section_table(arts, (("international", "International"),))
    assert table[["section", "n_articles", "label"]].values.tolist() == [
        ["international", 5, "International"]]
    assert table["share_of_articles"].tolist() == [1.0]
    assert ov.section_article_ids(arts, "international") == sorted(arts["article_id"])
    assert ov.section_article_ids(arts, "sports") == []
    cov = ov.crisis_coverage(arts, 4.0)
    assert cov == {"n_about": 5, "share": 1.0}
    assert ov.crisis_coverage(arts, float(arts["crisis"].max()) + 1)["n_about"] == 0
    assert ov.crisis_coverage(arts.iloc[:0], 4.0) == {"n_about": 0, "share": 0.0}


def _dated(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Articles from (precision, date_start, date_end) rows."""
    arts = pd.DataFrame(
        [(f"a{i}", p, pd.Timestamp(a) if a else pd.NaT, pd.Timestamp(b) if b else pd.NaT)
         for i, (p, a, b) in enumerate(rows)],
        columns=["article_id", "date_precision", "date_start", "date_end"])
    return schema.conform(arts.assign(
        title="", text="", published="", language="de", source="", url="", n_words=1,
        n_copies=1, pipeline="", section="", crisis=0.0, country="", copy_of="",
        similarity=0.0, story=""), "articles")


DAY_1, DAY_2 = ("day", "2022-02-01", "2022-02-01"), ("day", "2022-02-10", "2022-02-10")
FEB = ("month", "2022-02-01", "2022-02-28")
JAN = ("month", "2022-01-01", "2022-01-31")
Y2022 = ("year", "2022-01-01", "2022-12-31")


@pytest.mark.parametrize(("rows", "first", "last", "first_coarse", "last_coarse"), [
    ([DAY_1, DAY_2], "2022-02-01", "2022-02-10", None, None),
    # A February-only article may be from after the 10th: said apart, not as the 28th.
    ([DAY_1, DAY_2, FEB, FEB], "2022-02-01", "2022-02-10", None, ("Feb 2022, month only", 2)),
    ([DAY_2, JAN, FEB], "2022-02-10", "2022-02-10", ("Jan 2022, month only", 1),
     ("Feb 2022, month only", 1)),
    # Of a month and a year ending together the year is said (it reaches furthest back).
    ([DAY_2, JAN, Y2022], "2022-02-10", "2022-02-10", ("2022, year only", 1),
     ("2022, year only", 1)),
    ([FEB], None, None, ("Feb 2022, month only", 1), ("Feb 2022, month only", 1)),
    ([("unknown", "", "")], None, None, None, None),
])
def test_date_span_gives_known_days_and_coarse_dates_apart(rows, first, last, first_coarse,
                                                             last_coarse):
    span = overview.date_span(_dated(*rows))
    days = [dt.date.fromisoformat(v) if v else None for v in (first, last)]
    assert [span["first_day"], span["last_day"]] == days
    assert (span["first_coarse"], span["last_coarse"]) == (first_coarse, last_coarse)
