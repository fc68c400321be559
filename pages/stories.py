"""Stories: the biggest, fastest-growing and breaking stories of the filtered view, each one
click from its articles.  Render only (core.story_stats computes)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core import charts, story_stats
from core.highlight import md
from ui import components

STORY_PARAM = "story"
GEN = "cm_stories_gen"
SHOWS = ("Biggest", "Fastest-growing", "Breaking")  # the values are what the address holds


def _close() -> None:
    st.query_params.pop(STORY_PARAM, None)
    st.session_state[GEN] = st.session_state.get(GEN, 0) + 1


ctx = components.page("Stories")
# Stories are made of articles: sizes count unique articles (all, with "all").
unit = "all" if ctx.filters.unit == "all" else "unique"
view = ctx.loaded.filtered(ctx.filters.with_(unit=unit))
try:
    rule = story_stats.rule_from_settings()
except ValueError as exc:
    st.error(f"{md(exc)}: the breaking flag uses its defaults.")
    rule = story_stats.BreakingRule()
table = story_stats.story_table(view.articles, view.mentions, until=ctx.filters.until,
                                rule=rule)
day = story_stats.latest_day(view.articles, ctx.filters.until)
day_text = day.date().isoformat() if day is not None else "—"
n_multi = int((table["n_articles"] > 1).sum())
n_breaking = int(table["breaking"].sum())

m = st.columns(4)
m[0].metric("Stories", f"{len(table):,}")
m[1].metric("With more than one article", f"{n_multi:,}")
m[2].metric("Latest day", day_text,
            help="The day growth and the breaking flag look at: the “until” date, else the "
                 "latest day of the filtered articles.")
m[3].metric("Breaking that day", f"{n_breaking:,}", help="Breaking: " + rule.describe() + ".")
st.caption("A story: articles about one event within a few days — similar words and the same "
           "actors, each article joining the story it is most like when that is close enough "
           f"(method and measured accuracy in the README). Sizes count {unit} articles.")
if n_multi == 0:
    st.info("Every article here is a story of its own: no two of the filtered articles were "
            "found to report the same event (an older database may need "
            "`python -m core stories --db FILE`).")

show = st.segmented_control(
    "Show", list(SHOWS), default="Biggest", key="show", bind="query-params", required=True,
    help=f"Fastest-growing: most articles on {day_text} beyond the story's usual number per "
         f"day. Breaking: {rule.describe()}.") or "Biggest"
shown = story_stats.listed(
    view.articles, view.mentions,
    {"Biggest": "biggest", "Fastest-growing": "growing"}.get(show, "breaking"),
    until=ctx.filters.until, rule=rule)

if shown.empty:
    st.info({"Fastest-growing": f"No story has articles on {day_text}.",
             "Breaking": f"No story is breaking on {day_text} ({rule.describe()})."}.get(
                show, "No stories."))
else:
    cols = ["title", "n_articles", "n_sources", "first_seen", "last_seen", "n_day",
            "baseline", "breaking", "top_actors", "sources"]
    event = st.dataframe(
        story_stats.for_display(shown[cols]), hide_index=True, on_select="rerun",
        # A new key after "Close this story" drops the table's row selection too.
        key=f"stories_table_{SHOWS.index(show)}_{st.session_state.get(GEN, 0)}",
        selection_mode="single-row",
        column_config={
            "title": st.column_config.TextColumn("story (its first article)", width=300),
            "n_articles": st.column_config.NumberColumn("articles"),
            "n_day": st.column_config.NumberColumn(f"on {day_text}"),
            "baseline": st.column_config.NumberColumn("usual per day", format="%.2f",
                                                      help="Its articles per day over the "
                                                      f"{rule.baseline_days} days before"),
            "n_sources": st.column_config.NumberColumn("outlets"),
            "first_seen": st.column_config.TextColumn("first seen"),
            "last_seen": st.column_config.TextColumn("last seen"),
            "top_actors": st.column_config.TextColumn("top actors"),
            "breaking": st.column_config.CheckboxColumn("breaking"),
        })
    st.caption("Select a row (click, or Tab into the table and press Space) to see the "
               "story's articles and timeline.")
    rows = event.selection.rows if event is not None else []
    if rows:
        st.query_params[STORY_PARAM] = str(shown["story"].iloc[rows[0]])
    components.downloads(ctx, f"stories-{show.lower()}", shown)

# ---- one story: from the table, or from the link (?story=ID) ------------------------------
chosen = st.query_params.get(STORY_PARAM)
if chosen:
    one = table[table["story"] == chosen]
    if one.empty:
        st.warning("The story in this link has no articles that match the filters.")
    else:
        rec = story_stats.with_top_actors(one, view.articles, view.mentions).iloc[0]
        st.divider()
        st.subheader(md(rec["title"]) or "(untitled)")
        c = st.columns(5)
        c[0].metric("Articles", int(rec["n_articles"]))
        c[1].metric("Outlets", int(rec["n_sources"]))
        for col, name, when in ((c[2], "First seen", rec["first_seen"]),
                                (c[3], "Last seen", rec["last_seen"])):
            col.metric(name, str(when.date()) if pd.notna(when) else "—")
        c[4].metric(f"On {day_text}", int(rec["n_day"]),
                    f"{rec['growth']:+.1f} vs usual", delta_color="off")
        st.markdown(f"**Top actors:** {md(rec['top_actors']) or '—'} · "
                    f"**Outlets:** {md(rec['sources']) or '—'}"
                    + (" · **breaking**" if rec["breaking"] else ""))
        st.plotly_chart(charts.story_timeline_figure(
            story_stats.story_daily(view.articles, chosen)), key="story_timeline")
        ids = story_stats.story_ids(view.articles, chosen)
        components.show_article_table(components.article_table(ctx, ids),
                                      key="story_articles")
        components.open_in_reader_button(ids, f"story: {rec['title'][:60]}", key="story_open")
        st.button("Close this story", key="story_close", on_click=_close)
