"""Timeline: article volume over time, by topic or by actor; click to read.  Render only."""

from __future__ import annotations

import streamlit as st

from core import actor_stats, charts, export, timeline
from ui import components

ctx = components.page("Timeline")

view = ctx.view
c1, c2 = st.columns([1, 2])
gran = c1.segmented_control("Granularity", list(timeline.GRANULARITIES), default="week",
                            key="gran", bind="query-params", required=True)
by = c2.segmented_control("Break down by", list(timeline.BREAKDOWNS), default="none",
                          key="by", bind="query-params", required=True,
                          format_func=lambda b: {"none": "total", "topic": "topic",
                                                 "actor": "actor"}[b])
gran = gran or "week"
by = by or "none"
# The coverage these articles are a share of: same dates, languages and sources.
collection = ctx.loaded.filtered(ctx.filters.collection()).articles
totals = timeline.bucket_totals(collection, gran)
narrowed = by != "none" or ctx.filters.collection() != ctx.filters
default_measure = "share" if narrowed and timeline.is_uneven(totals, gran) else "count"
measure = st.segmented_control(
    "Show", list(timeline.MEASURES), default=default_measure, key="measure",
    # No format_func: a bound widget puts what it displays into the URL (?measure=share).
    bind="query-params", required=True,
    help="count = articles; share = these articles / all articles collected in the same "
         "period (same dates, languages, sources and outlet countries, without the actor, "
         "topic, section and crisis filters). Share is the default where the volume "
         "collected swings a lot.")
measure = measure or default_measure

chosen: list[str] = []
if by == "actor":
    default = list(ctx.filters.actors) or actor_stats.top_actors(
        view.mentions, n_total_articles=len(view.articles), limit=5)["actor"].tolist()
    options = actor_stats.top_actors(view.mentions, limit=300)["actor"].tolist()
    options += [a for a in default if a not in options]
    chosen = st.multiselect("Actors to compare", options, default=default, key="tl_actors",
                            max_selections=10, bind="query-params")

membership = timeline.series_membership(view.articles, by=by, topics=view.topics,
                                        mentions=view.mentions, actors=chosen,
                                        topic_names=ctx.loaded.topic_label_pairs)
vol = timeline.with_share(timeline.volume(view.articles, membership, gran), totals)
counts = timeline.undated_counts(view.articles)

if vol.empty:
    st.info("No dated articles match the filters"
            + (" for the chosen actors." if by == "actor" else "."))
else:
    fig = charts.timeline_figure(vol, gran, by=by, measure=measure, totals=totals,
                                 noun=ctx.noun)
    state = components.plotly_chart(fig, key="tl_chart", selection_mode=("points", "box"),
                                    mark="period")
    notes = []
    bands = charts.band_note(vol, gran, by=by, measure=measure, noun=ctx.noun)
    if bands:
        notes.append(bands)
    if counts["unknown"]:
        notes.append(f"{counts['unknown']} without a date are not drawn")
    if by != "none":
        notes.append("an article with several topics/actors counts in each of its series")
    if measure == "share":
        notes.append("heights are shares of all articles collected in the period (the hover "
                     "gives both numbers); a break in a line is a period with nothing "
                     "collected at all")
    elif timeline.is_uneven(totals, gran):
        notes.append("the volume collected swings a lot over time: “share” "
                     "shows attention independent of it")
    if notes:
        st.caption("Note: " + "; ".join(notes) + ".")

    def to_ids(key: list) -> tuple[list[str], str]:
        series, kind, start, end = key[0], key[1], key[2], key[3]
        ids = timeline.bucket_ids(view.articles, membership, gran,
                                  series=None if by == "none" else series, kind=kind,
                                  start=start)
        span = start if start == end else f"{start} – {end}"
        what = "" if by == "none" else f"{series}, "
        return ids, f"{what}{span} ({kind})"

    components.handle_chart_selection(state, to_ids, key="tl_sel", ctx=ctx)

st.markdown("**Data behind the chart**")
components.downloads(ctx, f"timeline-{gran}-{by}", vol, label="Download the series (CSV)")
components.downloads(ctx, "articles", lambda: export.articles_table(view),
                     label="Download the filtered articles (CSV)")
