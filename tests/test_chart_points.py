"""core.chart_points: every clickable mark of the dashboard's charts as a list entry whose
key is what a click on that mark reports (its customdata), on the real seeds."""

from __future__ import annotations

import json

import pytest

from core import actor_stats, charts, overview, timeline
from core.chart_points import points
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def _customdata(fig) -> list[tuple]:
    """The customdata of every mark with something in it, as a click would send it
    (JSON: numpy numbers become plain ones)."""
    out = []
    for trace in fig.data:
        for cd in json.loads(json.dumps(trace.to_plotly_json().get("customdata", []),
                                        default=lambda v: v.item())):
            cd = tuple(cd) if isinstance(cd, list) else (cd,)
            if len(cd) < 6 or cd[4] != 0:  # a timeline mark of 0 articles: not clickable
                out.append(cd)
    return out


def test_bars_largest_first_with_their_count(seed_corpus):  # noqa: F811
    top = actor_stats.top_actors(seed_corpus.mentions,
                                 n_total_articles=len(seed_corpus.articles), limit=8)
    fig = charts.bar_figure(top, label="actor", value="n_articles", color_by="actor_type")
    got = points(fig)
    assert [p.key[0] for p in got] == top["actor"].tolist()
    assert [p.label for p in got] == [f"{a} ({n})" for a, n in
                                      zip(top["actor"], top["n_articles"], strict=True)]
    assert sorted(p.key for p in got) == sorted(_customdata(fig))


def test_topic_bars(seed_corpus):  # noqa: F811
    tt = overview.topic_table(seed_corpus.topics, len(seed_corpus.articles), ())
    got = points(charts.bar_figure(tt, label="label", value="n_articles"))
    assert [p.key for p in got] == [(label,) for label in tt["label"]]


@pytest.mark.parametrize("by", ["none", "actor"])
@pytest.mark.parametrize("gran", ["day", "week", "month"])
def test_timeline_marks_each_once_by_series_and_date(seed_corpus, by, gran):  # noqa: F811
    c = seed_corpus
    membership = timeline.series_membership(c.articles, by=by, topics=c.topics,
                                            mentions=c.mentions,
                                            actors=["Wladimir Putin", "Joe Biden"],
                                            topic_names=())
    vol = timeline.volume(c.articles, membership, gran)
    fig = charts.timeline_figure(vol, gran, by=by)
    got = points(fig)
    assert sorted(p.key for p in got) == sorted(set(_customdata(fig)))
    assert len({p.label for p in got}) == len(got)  # a list of distinct choices
    assert all(p.key[4] > 0 for p in got)  # a line's empty periods are not offered
    # Month-only articles are their own marks, said so.
    assert any("(month only)" in p.label for p in got)
    if by == "actor":
        assert got[0].label.startswith(got[0].key[0] + ", ")
        series = [p.key[0] for p in got]
        assert series == sorted(series, key=series.index)  # grouped by series


def test_cooccurrence_cells_each_pair_once_biggest_first(seed_corpus):  # noqa: F811
    names = actor_stats.top_actors(seed_corpus.mentions, limit=12)["actor"].tolist()
    pairs = actor_stats.cooccurrence(seed_corpus.mentions, actors=names)
    fig = charts.cooccurrence_figure(actor_stats.cooccurrence_matrix(pairs, names))
    got = points(fig)
    assert len(got) == len({frozenset(p.key) for p in got}) == len(pairs)
    counts = [int(p.label.rsplit("(", 1)[1].rstrip(")")) for p in got]
    assert counts == sorted(counts, reverse=True)
    assert {p.key for p in got} <= set(_customdata(fig))


def test_an_empty_chart_has_nothing_to_list():
    import pandas as pd

    assert points(charts.bar_figure(pd.DataFrame(), label="actor", value="n")) == []
