"""core.charts: figures carry what a click needs, never draw month-only as the 1st, handle empty."""

from __future__ import annotations

import pandas as pd
import pytest

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
    assert counted.layout.yaxis.title.text == "articles per month"


def _bands(fig):
    return [t for t in fig.data if t.type == "bar" and "only to the month" in (t.name or "")]


@pytest.mark.parametrize(("granularity", "per"), [("day", 1), ("week", 7), ("month", None)])
def test_a_month_band_is_drawn_as_its_average_per_bucket(seed_corpus, granularity, per):  # noqa: F811
    """A band on a daily chart is N / days of its month high (and says so), not N per day."""
    arts = seed_corpus.articles
    vol = timeline.volume(arts, timeline.series_membership(arts), granularity)
    fig = charts.timeline_figure(vol, granularity)
    band_rows = vol[vol["kind"] == timeline.KIND_MONTH].set_index("period_start")
    assert _bands(fig)
    for t in _bands(fig):
        for y, cd in zip(t.y, t.customdata, strict=True):
            n = band_rows.loc[pd.Timestamp(cd[2]), "n_articles"]
            days = (pd.Timestamp(cd[3]) - pd.Timestamp(cd[2])).days + 1
            assert y == pytest.approx(n * per / days if per else n)
        if per:
            assert f"per {granularity}: the band's height" in t.hovertemplate
        assert "dated only to %{customdata[6]}" in t.hovertemplate  # "… to Feb 2022"
    assert {cd[6] for t in _bands(fig) for cd in t.customdata} == {"Jan 2022", "Feb 2022"}
    assert fig.layout.yaxis.title.text == f"articles per {granularity}"


@pytest.mark.parametrize("granularity", ["day", "week", "month"])
def test_breakdown_bands_keep_their_colour_and_never_overlap(seed_corpus, granularity):  # noqa: F811
    """Several series' bands in one month are stacked, each in its series' colour, hatched
    and translucent: no band is drawn over another (the overlay blended them into one)."""
    arts = seed_corpus.articles
    mem = timeline.series_membership(arts, by="topic", topics=seed_corpus.topics)
    fig = charts.timeline_figure(timeline.volume(arts, mem, granularity), granularity,
                                 by="topic")
    line_colour = {t.name: t.line.color for t in fig.data if t.type == "scatter"}
    spans: dict[str, list[tuple[float, float]]] = {}
    bands = _bands(fig)
    assert len(bands) >= 3
    for t in bands:
        series = t.customdata[0][0]
        assert t.marker.line.color == t.marker.pattern.fgcolor
        if series in line_colour:  # the band is in the colour of its series' line
            assert t.marker.line.color == line_colour[series]
        assert t.marker.color.startswith("rgba(") and t.marker.pattern.shape == "/"
        for y, base, cd in zip(t.y, t.base, t.customdata, strict=True):
            spans.setdefault(cd[2], []).append((base, base + y))
    assert max(len(v) for v in spans.values()) >= 3  # February holds three topics' bands
    for month in spans.values():
        month.sort()
        assert month[0][0] == 0
        for (_, top), (bottom, _) in zip(month, month[1:]):
            assert bottom == pytest.approx(top)  # each on the one before, not over it
    assert len({t.marker.line.color for t in bands}) == len(bands)


def test_band_note_only_for_charts_with_bands(seed_corpus):  # noqa: F811
    arts = seed_corpus.articles
    vol = timeline.volume(arts, timeline.series_membership(arts), "day")
    note = charts.band_note(vol, "day")
    assert "3 article(s) dated only to the month" in note
    assert "average per day" in note and "the days of the month" in note
    exact_only = vol[vol["kind"] == timeline.KIND_DAY]
    assert charts.band_note(exact_only, "day") is None
    month = timeline.volume(arts, timeline.series_membership(arts), "month")
    assert "hatched part of their month's bar" in charts.band_note(month, "month")
    mem = timeline.series_membership(arts, by="topic", topics=seed_corpus.topics)
    topical = charts.band_note(timeline.volume(arts, mem, "week"), "week", by="topic")
    assert "stacked by series" in topical and "average per week" in topical
