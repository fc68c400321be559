"""core.rising: periods and the counts behind "rising"."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from core import rising, schema
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def _corpus():
    rows, items = [], []
    # 10 articles in March (current), 10 in February (previous).
    for i in range(20):
        day = dt.date(2022, 2, 10) + dt.timedelta(days=i * 2)
        aid = f"a{i:02d}"
        rows.append((aid, "day", day, day))
        items.append((aid, "Steady", "person"))
        if day >= dt.date(2022, 3, 1) and i % 2 == 0:
            items.append((aid, "Riser", "person"))
        if day < dt.date(2022, 3, 1) and i % 3 == 0:
            items.append((aid, "Faller", "organisation"))
    arts = pd.DataFrame(rows, columns=["article_id", "date_precision", "date_start", "date_end"])
    arts = schema.conform(arts.assign(title="", text="", published="", language="de", source="",
                                      url="", n_words=1, n_copies=1, pipeline="", section="",
                                      crisis=0.0, country="", copy_of="", similarity=0.0,
                                      story=""),
                          "articles")
    return arts, pd.DataFrame(items, columns=["article_id", "name", "type"])


def test_periods_previous_has_same_length_and_abuts():
    arts, _ = _corpus()
    per = rising.periods(arts, dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    assert per.previous == (dt.date(2022, 1, 29), dt.date(2022, 2, 28))
    assert not per.defaulted
    default = rising.periods(arts, None, None)
    assert default.defaulted
    assert default.current[1] == arts["date_end"].max().date()
    assert (default.current[1] - default.current[0]).days == rising.DEFAULT_DAYS - 1


def test_rising_keeps_the_counts_behind_the_claim():
    arts, items = _corpus()
    per = rising.periods(arts, dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    table, sizes = rising.rising(arts, items, per)
    assert list(table.columns) == rising.COLUMNS
    assert table["name"].tolist() == ["Riser"]  # Steady is flat, Faller falls
    row = table.iloc[0]
    in_march = arts[arts["date_start"] >= "2022-03-01"]["article_id"]
    assert row["now"] == items[(items["name"] == "Riser") & items["article_id"].isin(in_march)
                               ].shape[0]
    assert row["before"] == 0
    assert sizes["articles_now"] == len(in_march)
    assert row["share_now"] == round(row["now"] / sizes["articles_now"], 4)


def test_no_dates_gives_none_and_empty_items_give_empty_table():
    arts, items = _corpus()
    assert rising.periods(schema.empty("articles"), None, None) is None
    per = rising.periods(arts, None, None)
    table, _ = rising.rising(arts, items.iloc[0:0], per)
    assert table.empty and list(table.columns) == rising.COLUMNS


def test_seeds_rising_runs_on_real_data(seed_corpus):  # noqa: F811
    arts = seed_corpus.articles
    per = rising.periods(arts, dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    table, sizes = rising.rising(arts, rising.actor_items(seed_corpus.mentions), per, min_now=1)
    # February overlaps seeds 000, 002, 004; January the month-only seed 001 and nothing else.
    assert sizes == {"articles_now": 3, "articles_before": 1}
    assert (table["now"] > table["before"]).all()
    topics, _ = rising.rising(arts, rising.topic_items(seed_corpus.topics), per, min_now=1)
    assert set(topics["type"]) <= {"topic"}


@pytest.mark.parametrize(
    ("before", "now", "level"),
    [(0, 12, "empty"), (3, 40, "small"), (rising.MIN_BEFORE - 1, 5, "small"),
     (rising.MIN_BEFORE, 5, None), (400, 300, None)],
)
def test_comparison_note_says_when_the_period_before_cannot_compare(before, now, level):
    note = rising.comparison_note({"articles_before": before, "articles_now": now})
    assert (note[0] if note else None) == level
    if level == "empty":
        assert "nothing is shown as rising" in note[1]
    if level == "small":
        assert f"Only {before} article(s)" in note[1]


D = dt.date


@pytest.mark.parametrize(("since", "until", "current", "previous", "chosen"), [
    # From only: From to the latest date in view — the February-only seeds reach the 28th
    # (it compared 1 February with 31 January: the latest seed dated to the day is 02-01).
    (D(2022, 2, 1), None, (D(2022, 2, 1), D(2022, 2, 28)), (D(2022, 1, 4), D(2022, 1, 31)),
     "from"),
    (D(2022, 1, 15), None, (D(2022, 1, 15), D(2022, 2, 28)), (D(2021, 12, 1), D(2022, 1, 14)),
     "from"),
    # A From after every article: an empty period from then, not the days before it swapped.
    (D(2022, 6, 1), None, (D(2022, 6, 1), D(2022, 6, 1)), (D(2022, 5, 31), D(2022, 5, 31)),
     "from"),
    (None, D(2022, 2, 28), (D(2022, 1, 30), D(2022, 2, 28)), (D(2021, 12, 31), D(2022, 1, 29)),
     "until"),
    (D(2022, 2, 1), D(2022, 2, 28), (D(2022, 2, 1), D(2022, 2, 28)),
     (D(2022, 1, 4), D(2022, 1, 31)), "range"),
    (None, None, (D(2022, 1, 3), D(2022, 2, 1)), (D(2021, 12, 4), D(2022, 1, 2)), "none"),
])
def test_periods_of_each_choice_of_dates_on_the_seeds(seed_corpus, since, until, current,  # noqa: F811
                                                      previous, chosen):
    per = rising.periods(seed_corpus.articles, since, until)
    assert (per.current, per.previous, per.chosen) == (current, previous, chosen)
    text = per.describe()
    # The caption says both periods and how long they are.
    assert f"{current[0]:%Y-%m-%d}" in text and f"{previous[1]:%Y-%m-%d}" in text
    assert f"{per.days} day" in text
    assert ("latest date in view" in text) == (chosen == "from")


def test_from_only_counts_what_the_date_filter_shows(seed_corpus):  # noqa: F811
    """With From only, "now" holds exactly the articles the From filter shows."""
    from core import filters as flt

    arts = seed_corpus.articles
    per = rising.periods(arts, D(2022, 2, 1), None)
    _, sizes = rising.rising(arts, rising.actor_items(seed_corpus.mentions), per)
    shown = flt.apply(seed_corpus, flt.Filters(since=D(2022, 2, 1)))
    assert sizes["articles_now"] == len(shown.articles) == 3
    note = rising.comparison_note({"articles_before": 4, "articles_now": 0})
    assert note[0] == "empty" and "The period holds no articles" in note[1]
