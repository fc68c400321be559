"""Plotly figures built from the frames of core.timeline / actor_stats / overview.

Pure: frame in, figure out, no Streamlit.  Figures are memoised on the identity of
their (memoised) input frames, so a rerun that shows the same data reuses the figure;
callers must not modify a returned figure in place (the pages hand it to st.plotly_chart).
Every clickable trace carries
`customdata` that identifies the articles behind a mark, so a page can turn a
chart selection back into article ids (see `selection_keys`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from core import timeline
from core.filters import frame_memo

PALETTE = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
]
TYPE_LEGEND = ("bar colour = actor type: blue person, orange organisation, green place, "
               "yellow event, purple other")
TYPE_BAR_COLORS = {"person": "#3b7dd8", "organisation": "#e8912d", "place": "#3aa655",
                   "event": "#d4b106", "other": "#9b59b6"}


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=260)
    return fig


def _layout(*, height: int = 420, title: str | None = None) -> dict:
    return {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hovermode": "closest",
        "clickmode": "event+select",
        "title": title,
    }


def _base(fig: go.Figure, *, height: int = 420, title: str | None = None) -> go.Figure:
    fig.update_layout(**_layout(height=height, title=title))
    return fig


def _count_ticks(values: pd.Series) -> dict:
    """Whole-number ticks for small counts (no "0.5 articles")."""
    top = float(values.max()) if len(values) else 0.0
    return {"tick0": 0, "dtick": 1} if top <= 8 else {"tickformat": ",d"}


def _iso(series: pd.Series) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in series]


def _y(rows: pd.DataFrame, measure: str) -> pd.Series:
    """What a mark's height shows: the count, or the share of the collection in percent."""
    return rows["share"] * 100 if measure == "share" else rows["n_articles"]


def _custom(rows: pd.DataFrame, name: str) -> list:
    """customdata of a mark: series, kind, start, end (what a click selects), then the
    count and the collection's total (the hover states both, whatever the y axis shows)."""
    n = rows["n_articles"].fillna(0).astype("int64") if "n_articles" in rows else 0
    total = rows["n_total"] if "n_total" in rows else pd.Series([0] * len(rows))
    return list(zip([name] * len(rows), rows["kind"], _iso(rows["period_start"]),
                    _iso(rows["period_end"]), n, total))


# What a count is of, as hover texts say it (the counting unit's noun: core.filters.UNITS).
_COUNTED = {"articles": "article(s)", "stories": "story(-ies)"}


def _amount(measure: str, what: str, with_total: bool = True, noun: str = "articles") -> str:
    """Hover text for a mark: both numbers, share first when the axis shows share."""
    count = f"%{{customdata[4]}} {what}"
    if not with_total:
        return count
    things = _COUNTED.get(noun, noun)
    if measure == "share":
        return (f"%{{y:.1f}}% of the %{{customdata[5]}} {things} collected then"
                f"<br>({count})")
    return f"{count}<br>of %{{customdata[5]}} {things} collected then"


@frame_memo
def timeline_figure(vol: pd.DataFrame, granularity: str, *, by: str = "none",
                    measure: str = "count", totals: pd.DataFrame | None = None,
                    noun: str = "articles") -> go.Figure:
    """Volume over time.  Exact-date counts are bars (one series) or lines (breakdown);
    month-/year-only articles are hatched translucent bands spanning their whole
    month/year, in the same colour as their series, so they never look like articles of
    the 1st; a band is as high as its articles' average per bucket (band_height), and the
    bands of several series in one month are stacked, not drawn over each other.

    measure="share": heights are the share of all collected articles in the bucket
    (`vol` needs n_total/share: core.timeline.with_share); `totals` (bucket_totals of the
    collection) makes a line break where nothing at all was collected, instead of
    dropping to zero.  `noun`: what the counts are of (articles, stories).
    """
    if vol.empty:
        return _empty(f"No dated {noun} match the filters.")
    with_total = "n_total" in vol
    if not with_total:
        measure = "count"
        vol = vol.assign(n_total=0, share=float("nan"))
    fig = go.Figure()
    series_names = list(dict.fromkeys(vol["series"]))
    colors = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series_names)}
    unit = {"day": "day", "week": "week of", "month": "month"}[granularity]
    bands, marks = [], []
    stacked: dict[tuple, float] = {}  # (kind, start) -> height of the bands drawn there
    for name in series_names:
        rows = vol[vol["series"] == name]
        for kind in (timeline.KIND_MONTH, timeline.KIND_YEAR):
            band = rows[rows["kind"] == kind]
            if not band.empty:
                bands.append(_band_trace(band, name, kind, colors[name], by, measure,
                                         with_total, noun, granularity, stacked))
        exact = rows[rows["kind"] == timeline.KIND_DAY]
        if exact.empty:
            continue
        custom = _custom(exact, name)
        hover = (f"<b>{name}</b><br>{unit} %{{customdata[2]}}<br>"
                 + _amount(measure, f"{_COUNTED.get(noun, noun)} with an exact date",
                           with_total, noun)
                 + "<extra></extra>")
        if by == "none":
            # Explicit centre and width: plotly's automatic bar width follows the
            # smallest gap between x values, which the bands would distort.
            span = exact["period_end"] - exact["period_start"] + pd.Timedelta(days=1)
            marks.append(go.Bar(
                x=exact["period_start"] + span / 2, y=_y(exact, measure), name=name,
                width=(span / pd.Timedelta(milliseconds=1) * 0.85).tolist(),
                marker_color=colors[name], customdata=custom, hovertemplate=hover))
        else:
            exact = timeline.zero_filled(exact, granularity, totals)
            custom = _custom(exact, name)
            marks.append(go.Scatter(x=exact["period_start"], y=_y(exact, measure), name=name,
                                    mode="lines+markers", line={"color": colors[name]},
                                    marker={"size": 8}, customdata=custom,
                                    hovertemplate=hover, legendgroup=name))
    # Bands first so the exact-date marks are drawn on top of them.
    for trace in bands + marks:
        fig.add_trace(trace)
    # At month granularity bands and bars share x positions: stack them so the bar's
    # height is the month's total.  Elsewhere bands span many bars: overlay.
    stack = granularity == "month" and by == "none"
    fig.update_layout(barmode="stack" if stack else "overlay", bargap=0.15)
    if measure == "share":
        fig.update_yaxes(title=f"% of all {noun} collected", rangemode="tozero",
                         ticksuffix="%")
    else:
        # Per bucket: a bar is a day's (week's, month's) count, a band its average.
        fig.update_yaxes(title=f"{noun} per {granularity}", rangemode="tozero",
                         **_count_ticks(vol["n_articles"]))
    fig.update_xaxes(title=None)
    return _base(fig)


def band_days(band: pd.DataFrame) -> pd.Series:
    """Days each band row spans (its month or year)."""
    return (band["period_end"] - band["period_start"]).dt.days + 1


def band_height(band: pd.DataFrame, granularity: str, measure: str = "count") -> pd.Series:
    """How high a month-/year-only band is drawn: its articles averaged over the buckets it
    spans (N / days of the month on a daily chart, N × 7 / days on a weekly one, N / 12 for
    a year on a monthly one), so a band reads on the axis as "per day" like the bars around
    it, not as N articles on each of its days.  A share is already a ratio: kept."""
    if measure == "share":
        return band["share"] * 100
    if granularity == "month":
        months = (band["period_end"].dt.year - band["period_start"].dt.year) * 12 + (
            band["period_end"].dt.month - band["period_start"].dt.month) + 1
        return band["n_articles"] / months
    per = {"day": 1, "week": 7}[granularity]
    return band["n_articles"] * per / band_days(band)


def _band_label(band: pd.DataFrame, kind: str) -> list[str]:
    fmt = "%b %Y" if kind == timeline.KIND_MONTH else "%Y"
    return [d.strftime(fmt) for d in band["period_start"]]


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _band_trace(band: pd.DataFrame, name: str, kind: str, color: str, by: str,
                measure: str = "count", with_total: bool = False,
                noun: str = "articles", granularity: str = "month",
                stacked: dict | None = None) -> go.Bar:
    """Articles dated only to a month/year: a hatched bar exactly as wide as that interval,
    as high as its articles' average per bucket (band_height).

    In the series' own colour, hatched and translucent (exact-date bars are solid, lines
    are lines); the bands of several series in one month are stacked, each on the ones
    before (`stacked` keeps the height drawn so far), so colours never blend into one."""
    span = band["period_end"] - band["period_start"] + pd.Timedelta(days=1)
    unit = kind.split()[0]
    height = band_height(band, granularity, measure)
    keys = list(zip([kind] * len(band), band["period_start"]))
    stacked = {} if stacked is None else stacked
    base = [stacked.get(k, 0.0) for k in keys]
    for k, h in zip(keys, height.fillna(0), strict=True):
        stacked[k] = stacked.get(k, 0.0) + float(h)
    label = _band_label(band, kind)
    averaged = measure != "share" and not (granularity == "month" and unit == "month")
    custom = [(*c, lbl, float(h)) for c, lbl, h in zip(_custom(band, name), label, height,
                                                       strict=True)]
    things = _COUNTED.get(noun, noun)
    if measure == "share":
        amount = (f"%{{y:.1f}}% of the %{{customdata[5]}} {things} dated only to "
                  f"%{{customdata[6]}}<br>(%{{customdata[4]}} {things})")
    else:
        amount = f"%{{customdata[4]}} {things} dated only to %{{customdata[6]}}"
        if averaged:
            amount += f" (≈ %{{customdata[7]:.2f}} per {granularity}: the band's height)"
        if with_total:
            amount += f"<br>of %{{customdata[5]}} {things} dated only to it"
    return go.Bar(
        x=band["period_start"] + span / 2, y=height, base=base if by != "none" else None,
        width=(span / pd.Timedelta(milliseconds=1)).tolist(),
        name=f"{name} · dated only to the {unit}" if by != "none"
        else f"date known only to the {unit}",
        marker={"color": _rgba(color, 0.22), "line": {"color": color, "width": 1.5},
                "pattern": {"shape": "/" if unit == "month" else "x", "fgcolor": color,
                            "fgopacity": 0.9, "size": 7, "solidity": 0.25}},
        customdata=custom, legendgroup=name,
        hovertemplate=(f"<b>{name}</b><br>%{{customdata[2]}} – %{{customdata[3]}}<br>"
                       + amount +
                       "<br>(anywhere in this period, not on one day)<extra></extra>"),
    )


def band_note(vol: pd.DataFrame, granularity: str, *, by: str = "none",
              measure: str = "count", noun: str = "articles") -> str | None:
    """What the hatched bands of a timeline show, for the caption under it; None when the
    chart has none (no article of its series is dated only to a month or year)."""
    band = vol[vol["kind"] != timeline.KIND_DAY]
    if band.empty:
        return None
    things = _COUNTED.get(noun, noun)
    month = band[band["kind"] == timeline.KIND_MONTH]
    year = band[band["kind"] == timeline.KIND_YEAR]
    # One series: its band rows count distinct articles; across series an article may
    # be in several, so no total is given.
    n = f"{int(band['n_articles'].sum()):,} " if by == "none" else ""
    what = " or ".join(w for w, rows in (("month", month), ("year", year)) if not rows.empty)
    if granularity == "month" and year.empty and by == "none" and measure == "count":
        return (f"{n}{things} dated only to the {what} are the hatched part of their "
                "month's bar")
    per = {"day": "day", "week": "week", "month": "month"}[granularity]
    stack = (", stacked by series (one colour each)" if by != "none"
             and band.groupby(["kind", "period_start"])["series"].nunique().max() > 1
             else "")
    if measure == "share":
        height = f"their share of all {things} dated only to that {what}"
    elif granularity == "month" and year.empty:
        height = "their count in that month"
    else:
        height = (f"their average per {per} (the count ÷ the {per}s of the {what}; hover "
                  "for the count)")
    return (f"hatched bands: {n}{things} dated only to the {what}, spread over the whole "
            f"{what}: a band's height is {height}{stack}")


@frame_memo
def bar_figure(df: pd.DataFrame, *, label: str, value: str, color_by: str | None = None,
               height: int | None = None, value_title: str | None = None) -> go.Figure:
    """Horizontal bars, largest on top; customdata = the label (for click → filter)."""
    if df.empty:
        return _empty("Nothing to show for these filters.")
    df = df.iloc[::-1]
    colors = (df[color_by].map(TYPE_BAR_COLORS).fillna("#888").tolist() if color_by
              else PALETTE[0])
    extra = "<br>%{customdata[1]}" if color_by else ""
    custom = list(zip(df[label], df[color_by])) if color_by else list(zip(df[label]))
    # One constructor call: each update_* on a built figure re-validates (~10 ms apiece).
    layout = _layout(height=height or max(240, 26 * len(df) + 60))
    layout["xaxis"] = {"title": {"text": value_title or value}, **_count_ticks(df[value])}
    layout["yaxis"] = {"automargin": True}
    return go.Figure(data=[go.Bar(
        x=df[value].to_numpy(), y=df[label].to_numpy(dtype=object), orientation="h",
        marker_color=colors, customdata=custom,
        hovertemplate=f"<b>%{{y}}</b><br>{value_title or value}: %{{x}}{extra}<extra></extra>",
    )], layout=layout)


@frame_memo
def mentions_over_time_figure(mot: pd.DataFrame, granularity: str, *,
                              metric: str = "n_articles", measure: str = "count",
                              totals: pd.DataFrame | None = None,
                              noun: str = "articles") -> go.Figure:
    """One line per actor (exact dates) plus translucent month bands for month-only articles.

    measure="share" (articles only): the share of all collected articles that mention the
    actor (`mot` needs n_total/share from core.timeline.with_share)."""
    if mot.empty:
        return _empty("None of the chosen actors appears in dated articles.")
    vol = mot.drop(columns=[c for c in ("n_articles",) if metric != "n_articles"])
    vol = vol.rename(columns={"actor": "series", metric: "n_articles"})
    if metric != "n_articles":
        measure = "count"  # a share of mentions per collected article means nothing here
    # Uncached: this figure is modified below, the memoised one must stay as it is.
    cols = ["series", "kind", "period_start", "period_end", "n_articles"]
    cols += [c for c in ("n_total", "share") if c in vol]
    fig = timeline_figure.uncached(vol[cols], granularity, by="actor", measure=measure,
                                   totals=totals, noun=noun)
    if measure == "share":
        fig.update_yaxes(title=f"% of all {noun} collected that mention it")
    else:
        fig.update_yaxes(title=(f"{noun} mentioning it" if metric == "n_articles"
                                else "mentions") + f" per {granularity}")
    return fig


@frame_memo
def cooccurrence_figure(matrix: pd.DataFrame) -> go.Figure:
    """Heatmap-like matrix drawn with square markers (scatter), so cells are clickable:
    Streamlit reports point selections for scatter traces."""
    if matrix.empty or int(matrix.to_numpy().max()) == 0:
        return _empty("No two of these actors appear in the same article.")
    names = list(matrix.index)
    long = matrix.stack().rename("n").reset_index()
    long.columns = ["a", "b", "n"]
    long = long[long["n"] > 0]
    vmax = int(long["n"].max())
    size = max(10, min(34, int(520 / max(len(names), 1))))
    fig = go.Figure(go.Scatter(
        x=long["b"], y=long["a"], mode="markers",
        marker={"symbol": "square", "size": size, "color": long["n"], "colorscale": "Blues",
                "cmin": 0, "cmax": vmax, "showscale": True,
                "colorbar": {"title": {"text": "shared<br>articles"}},
                "line": {"width": 0.5, "color": "#99a"}},
        customdata=list(zip(long["a"], long["b"])),
        hovertemplate="<b>%{y}</b> & <b>%{x}</b><br>%{marker.color} article(s) together"
                      "<extra></extra>",
    ))
    fig.update_xaxes(categoryorder="array", categoryarray=names, tickangle=-45, title=None)
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1], title=None)
    return _base(fig, height=max(360, size * len(names) + 160))


def selection_keys(state) -> list[list]:
    """customdata of the selected points of a st.plotly_chart selection state (dict-like)."""
    if not state:
        return []
    try:
        points = state["selection"]["points"]
    except (KeyError, TypeError):
        return []
    out = []
    for p in points or []:
        cd = p.get("customdata") if isinstance(p, dict) else None
        if cd is not None:
            out.append(list(cd) if isinstance(cd, (list, tuple)) else [cd])
    return out


@frame_memo
def story_timeline_figure(daily: pd.DataFrame, *, noun: str = "articles") -> go.Figure:
    """One story's articles per day (core.story_stats.story_daily)."""
    if daily.empty:
        return _empty("None of this story's articles is dated to the day.")
    layout = _layout(height=240)
    layout["yaxis"] = {"title": {"text": f"{noun} per day"}, "rangemode": "tozero",
                       **_count_ticks(daily["n_articles"])}
    # Whole days on the axis, with half a day of room each side (a one-day story too).
    half = pd.Timedelta(hours=12)
    layout["xaxis"] = {"type": "date", "tickformat": "%Y-%m-%d",
                       "range": [daily["day"].min() - half, daily["day"].max() + half],
                       **({"dtick": 86_400_000} if len(daily) <= 14 else {})}
    return go.Figure(data=[go.Bar(
        x=daily["day"], y=daily["n_articles"], marker_color=PALETTE[0],
        width=[0.8 * 86_400_000] * len(daily),  # 0.8 day in ms: date axes do not guess it
        hovertemplate="%{x|%Y-%m-%d}: %{y} " + _COUNTED.get(noun, noun) + "<extra></extra>",
    )], layout=layout)
