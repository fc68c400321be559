"""core.story_stats: a view's stories, what grows, and the breaking rule (table-driven)."""

from __future__ import annotations

import pandas as pd
import pytest

from core import schema
from core import story_stats as ss


def _view(rows: list[tuple[str, str, str, str]], actors: dict[str, list[str]] | None = None):
    """Articles (id, story, day, source) and mentions ({id: [actor, …]})."""
    arts = pd.DataFrame({
        "article_id": [r[0] for r in rows], "story": [r[1] for r in rows],
        "date_start": pd.to_datetime([r[2] for r in rows]),
        "date_end": pd.to_datetime([r[2] for r in rows]),
        "source": [r[3] for r in rows], "title": [f"Title {r[0]}" for r in rows]})
    arts = schema.conform(arts.assign(
        text="", published=[r[2] for r in rows], date_precision="day", language="de",
        country="", url="", section="", crisis=0.0, n_words=1, n_copies=1, pipeline="",
        copy_of="", similarity=0.0), "articles")
    ms = [(a, actor) for a, names in (actors or {}).items() for actor in names]
    mentions = schema.conform(pd.DataFrame({
        "article_id": [m[0] for m in ms], "actor": [m[1] for m in ms],
        "actor_type": "person", "label": "PER", "surface": [m[1] for m in ms],
        "start": 0, "end": 1}), "mentions")
    return arts, mentions


def _days(story: str, counts: dict[str, int], sources: int = 3, prefix: str = "") -> list:
    """`counts[day]` articles of `story` on each day, from `sources` outlets in turn."""
    out = []
    for day, n in counts.items():
        for i in range(n):
            out.append((f"{prefix or story}-{day}-{i}", story, day, f"outlet{i % sources}"))
    return out


# A background of ordinary stories (one article a day each) over the baseline week.
BACKGROUND = [row for k in range(4) for row in _days(
    f"bg{k}", {f"2024-03-0{d}": 1 for d in range(1, 8)})]


@pytest.mark.parametrize(("case", "rows", "breaking"), [
    ("a new story with 4 articles from 3 outlets on the day breaks",
     _days("new", {"2024-03-08": 4}), {"new"}),
    ("too few articles do not",
     _days("new", {"2024-03-08": 2}), set()),
    ("one outlet alone does not",
     _days("new", {"2024-03-08": 4}, sources=1), set()),
    ("a story always this big does not (its own baseline)",
     _days("big", {f"2024-03-0{d}": 4 for d in range(1, 9)}), set()),
    ("a story that jumps from 1 to 4 a day does",
     _days("jump", {**{f"2024-03-0{d}": 1 for d in range(1, 8)}, "2024-03-08": 4}), {"jump"}),
])
def test_breaking_rule(case, rows, breaking):
    arts, mentions = _view(BACKGROUND + rows)
    table = ss.story_table(arts, mentions)
    assert set(table.loc[table["breaking"], "story"]) == breaking, case


def test_a_day_on_which_every_story_is_big_raises_no_flag():
    # The corpus baseline: stories typically have 4 articles a day here.
    rows = [row for k in range(5) for row in _days(
        f"s{k}", {f"2024-03-0{d}": 4 for d in range(1, 8)})]
    rows += _days("new", {"2024-03-08": 5})
    arts, mentions = _view(rows)
    table = ss.story_table(arts, mentions)
    assert not table["breaking"].any()
    assert table["corpus_baseline"].iloc[0] == 4.0


def test_table_sizes_spans_sources_titles_and_growth():
    rows = [("a1", "a1", "2024-03-01", "x"), ("a2", "a1", "2024-03-02", "y"),
            ("a3", "a1", "2024-03-02", "y"), ("b1", "b1", "2024-03-02", "z")]
    arts, mentions = _view(rows, {"a1": ["Ada", "Bob"], "a2": ["Bob"], "a3": ["Cy"],
                                  "b1": ["Ada"]})
    table = ss.with_top_actors(ss.story_table(arts, mentions), arts, mentions)
    a = table.set_index("story").loc["a1"]
    assert (a["n_articles"], a["n_sources"], a["title"]) == (3, 2, "Title a1")
    assert (a["first_seen"], a["last_seen"]) == (pd.Timestamp("2024-03-01"),
                                                pd.Timestamp("2024-03-02"))
    assert a["sources"] == "y, x" and a["top_actors"] == "Bob, Ada, Cy"
    assert a["n_day"] == 2 and a["growth"] == pytest.approx(2 - 1 / 7)
    assert list(table["story"]) == ["a1", "b1"]  # biggest first
    assert list(ss.fastest_growing(table)["story"]) == ["a1", "b1"]
    assert ss.story_ids(arts, "a1") == ["a1", "a2", "a3"]
    daily = ss.story_daily(arts, "a1")
    assert list(daily["n_articles"]) == [1, 2]
    # The story's own first article gives the title even when it sorts after another.
    later = arts.assign(date_start=arts["date_start"].where(arts["article_id"] != "a1",
                                                            pd.Timestamp("2024-03-02")))
    assert ss.story_table(later, mentions).set_index("story").loc["a1", "title"] == "Title a1"


def test_until_sets_the_day_and_empty_views():
    arts, mentions = _view(_days("s", {"2024-03-01": 1, "2024-03-05": 2}))
    assert ss.story_table(arts, mentions, until="2024-03-01")["n_day"].tolist() == [1]
    assert ss.latest_day(arts) == pd.Timestamp("2024-03-05")
    empty = ss.story_table(arts.iloc[0:0], mentions)
    assert empty.empty and list(empty.columns) == ss.TABLE_COLUMNS
    assert ss.story_daily(arts, "nope").empty


def test_the_rule_from_settings_says_what_is_wrong(monkeypatch):
    assert ss.rule_from_settings() == ss.BreakingRule()
    monkeypatch.setenv("CRISIS_MONITOR_BREAKING_RATIO", "lots")
    with pytest.raises(ValueError, match="breaking_ratio must be a number"):
        ss.rule_from_settings()
    monkeypatch.setenv("CRISIS_MONITOR_BREAKING_RATIO", "3")
    monkeypatch.setenv("CRISIS_MONITOR_BREAKING_MIN_ARTICLES", "0")
    with pytest.raises(ValueError, match="breaking_min_articles must be at least 1"):
        ss.rule_from_settings()


def test_breaking_on_the_baseline_days_only_matches_the_whole_table():
    # A long-running story that breaks today, and old stories outside the baseline days.
    rows = [row for k in range(3) for row in _days(f"old{k}", {"2024-01-05": 2})]
    # Its id is its first article's, as core.stories names stories.
    rows += _days("long-2024-02-20-0", {"2024-02-20": 1,
                                        **{f"2024-03-0{d}": 1 for d in range(1, 8)},
                                        "2024-03-08": 5}, prefix="long")
    arts, mentions = _view(BACKGROUND + rows)
    whole = ss.story_table(arts, mentions)
    fast = ss.breaking(arts, mentions)
    assert list(fast["story"]) == list(whole.loc[whole["breaking"], "story"])
    assert list(fast["story"]) == ["long-2024-02-20-0"]
    row = whole.set_index("story").loc["long-2024-02-20-0"]
    assert fast.iloc[0]["n_articles"] == row["n_articles"] == 13
    # The story's own first article names it, though it is older than the baseline days.
    assert fast.iloc[0]["title"] == row["title"] == "Title long-2024-02-20-0"
    assert fast.iloc[0]["n_day"] == row["n_day"] == 5


def test_an_article_known_only_to_its_month_is_not_seen_on_the_first():
    arts, mentions = _view([("m", "m", "2024-03-01", "x"), ("d", "d", "2024-03-05", "y")])
    arts = arts.assign(date_precision=["month", "day"],
                       date_end=[pd.Timestamp("2024-03-31"), pd.Timestamp("2024-03-05")])
    table = ss.story_table(arts, mentions).set_index("story")
    assert pd.isna(table.loc["m", "first_seen"]) and pd.isna(table.loc["m", "last_seen"])
    assert table.loc["d", "first_seen"] == pd.Timestamp("2024-03-05")
    assert table.loc["m", "n_day"] == 0  # and it never counts for a day


def test_a_story_without_an_exact_day_says_so_on_screen():
    shown = ss.for_display(pd.DataFrame({
        "first_seen": pd.to_datetime(["2024-03-05", None]),
        "last_seen": pd.to_datetime(["2024-03-07", None])}))
    assert shown["first_seen"].tolist() == ["2024-03-05", "no exact day"]
    assert shown["last_seen"].tolist() == ["2024-03-07", "no exact day"]
