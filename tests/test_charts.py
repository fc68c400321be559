"""core.charts: figures carry what a click needs, never draw month-only as the 1st, handle empty."""

from __future__ import annotations

import pandas as pd

from core import actor_stats, charts, overview, timeline
from tests.dashboard_fixtures import seed_corpus, seed_db  # noqa: F401


def test_timeline_figure_bands_span_the_month(seed_corpus):  # noqa: F811
    arts = seed_corpus.articles
    vol = timeline.volume(arts, timeline.series_membership(arts), "week")
    fig = charts.timeline_figure(vol, "week")
    bands = [t for t in fig.data if t.type == "bar" and "only to the month" in (t.name or "")]
    assert bands, "month-only articles must have their own trace"
    for t in bands:
        for x, w, cd in zip(t.x, t.width, t.customdata):
            start, end = pd.Timestamp(cd[2]), pd.Timestamp(cd[3])
            assert start.day == 1 and end.is_month_end
            centre = pd.Timestamp(x)
            # The bar covers the whole month: centre ± width/2 = 1st 00:00 … last day 24:00.
            assert centre - pd.Timedelta(milliseconds=w / 2) == start
            assert centre + pd.Timedelta(milliseconds=w / 2) == end + pd.Timedelta(days=1)
    exact = [t for t in fig.data if t.name == timeline.TOTAL]
    assert exact and all(cd[1] == timeline.KIND_DAY for cd in exact[0].customdata)


def test_timeline_breakdown_uses_lines_with_customdata(seed_corpus):  # noqa: F811
    arts = seed_corpus.articles
    mem = timeline.series_membership(arts, by="topic", topics=seed_corpus.topics)
    fig = charts.timeline_figure(timeline.volume(arts, mem, "day"), "day", by="topic")
    lines = [t for t in fig.data if t.type == "scatter"]
    # series, kind, start, end (what a click selects), then count and collection total
    assert lines and all(len(cd) == 6 for t in lines for cd in t.customdata)


def test_bar_and_cooccurrence_figures(seed_corpus):  # noqa: F811
    top = actor_stats.top_actors(seed_corpus.mentions, limit=5)
    fig = charts.bar_figure(top, label="actor", value="n_articles", color_by="actor_type")
    assert list(fig.data[0].y)[::-1] == top["actor"].tolist()
    assert fig.data[0].customdata[-1][0] == top["actor"].iloc[0]
    names = top["actor"].tolist()
    mat = actor_stats.cooccurrence_matrix(actor_stats.cooccurrence(seed_corpus.mentions,
                                                                   actors=names), names)
    co = charts.cooccurrence_figure(mat)
    assert co.data[0].type == "scatter" and len(co.data[0].customdata[0]) == 2
    tt = overview.topic_table(seed_corpus.topics, 5)
    assert charts.bar_figure(tt, label="topic", value="n_articles").data


def test_empty_frames_give_a_message_not_an_error():
    empty_vol = pd.DataFrame(columns=timeline.VOLUME_COLUMNS)
    for fig in (charts.timeline_figure(empty_vol, "day"),
                charts.bar_figure(pd.DataFrame(columns=["a", "b"]), label="a", value="b"),
                charts.cooccurrence_figure(pd.DataFrame())):
        assert not fig.data and fig.layout.annotations


def test_selection_keys_reads_streamlit_selection_state():
    state = {"selection": {"points": [{"x": 1, "customdata": ["s", "exact date", "2022-02-01",
                                                               "2022-02-01"]},
                                      {"x": 2}]}}
    assert charts.selection_keys(state) == [["s", "exact date", "2022-02-01", "2022-02-01"]]
    assert charts.selection_keys(None) == []
    assert charts.selection_keys({"selection": {"points": []}}) == []


def test_timeline_share_axis_and_hover_state_both_numbers(seed_corpus):  # noqa: F811
    arts = seed_corpus.articles
    totals = timeline.bucket_totals(arts, "month")
    mem = timeline.series_membership(arts, by="topic", topics=seed_corpus.topics)
    vol = timeline.with_share(timeline.volume(arts, mem, "month"), totals)
    fig = charts.timeline_figure(vol, "month", by="topic", measure="share", totals=totals)
    assert fig.layout.yaxis.ticksuffix == "%"
    for trace in fig.data:
        assert all(0 <= y <= 100 for y in trace.y if y == y)
        assert "customdata[5]" in trace.hovertemplate and "customdata[4]" in trace.hovertemplate
    counted = charts.timeline_figure(vol, "month", by="topic")
    assert counted.layout.yaxis.title.text == "articles"
