"""Actors: who is covered, when, with whom; per-actor detail.  Render only."""

from __future__ import annotations

import streamlit as st

from core import actor_stats, charts, export, timeline
from core.schema import ACTOR_TYPES
from ui import components, corrections, sidebar

DETAIL_ROWS = 500  # a frequent actor has tens of thousands of articles at 100k

ctx = components.page("Actors")

view = ctx.view
n_articles = len(view.articles)
c1, c2, c3 = st.columns([2, 1, 1])
types = c1.pills("Actor types", list(ACTOR_TYPES), selection_mode="multi", key="types",
                 bind="query-params", default=[])
rank_by = c2.segmented_control("Rank by", ["articles", "mentions"], default="articles",
                               key="rank", bind="query-params", required=True) or "articles"
limit = c3.number_input("How many", min_value=5, max_value=100, value=20, step=5, key="top_n",
                        bind="query-params")
types = tuple(types or ())

top = actor_stats.top_actors(view.mentions, n_total_articles=n_articles, actor_types=types,
                             by=rank_by, limit=int(limit))
st.subheader(f"Top actors by {rank_by}")
if top.empty:
    st.info("No actors of these types in the matching articles.")
else:
    value = "n_articles" if rank_by == "articles" else "n_mentions"
    state = components.plotly_chart(
        charts.bar_figure(top, label="actor", value=value, color_by="actor_type",
                          value_title=ctx.noun if rank_by == "articles" else rank_by),
        key="ac_top")
    st.caption(charts.TYPE_LEGEND.capitalize() + ".")

    def top_ids(key: list) -> tuple[list[str], str]:
        actor = key[0]
        ids = sorted(view.mentions.loc[view.mentions["actor"] == actor, "article_id"].unique())
        return ids, actor

    components.handle_chart_selection(state, top_ids, key="ac_top_sel", ctx=ctx)
components.downloads(ctx, "actor-counts", top)

st.subheader("Mentions over time")
default = list(ctx.filters.actors)[:6] or top["actor"].head(5).tolist()
options = actor_stats.top_actors(view.mentions, limit=300)["actor"].tolist()
options += [a for a in default if a not in options]
d1, d2, d3 = st.columns([3, 1, 1])
chosen = d1.multiselect("Actors", options, default=default, key="mot_actors",
                        max_selections=10, bind="query-params")
gran = d2.selectbox("Granularity", list(timeline.GRANULARITIES), index=1, key="mot_gran",
                    bind="query-params")
gran = gran or "week"
collection = ctx.loaded.filtered(ctx.filters.collection()).articles
totals = timeline.bucket_totals(collection, gran)
metrics = ["share", "n_articles", "n_mentions"]
if not timeline.is_uneven(totals, gran):  # even volume: counts first
    metrics = ["n_articles", "share", "n_mentions"]
metric = d3.selectbox("Show", metrics, key="mot_metric", bind="query-params",
                      format_func=lambda m: {"n_articles": "articles", "share": "% of all articles",
                                             "n_mentions": "mentions"}[m],
                      help="% of all articles: articles mentioning the actor / all articles "
                           "collected in the period (same dates, languages, sources). The "
                           "default where the volume collected swings a lot.")
mot = timeline.with_share(
    actor_stats.mentions_over_time(view.articles, view.mentions, chosen, gran), totals)
if not chosen:
    st.info("Choose one or more actors.")
elif mot.empty:
    st.info("None of the chosen actors appears in a dated article.")
else:
    fig = charts.mentions_over_time_figure(
        mot, gran, metric="n_articles" if metric == "share" else metric,
        measure="share" if metric == "share" else "count", totals=totals, noun=ctx.noun)
    state = components.plotly_chart(fig, key="ac_mot", selection_mode=("points", "box"),
                                    mark="period")
    bands = charts.band_note(mot.rename(columns={"actor": "series"}), gran, by="actor",
                             measure="share" if metric == "share" else "count",
                             noun=ctx.noun)
    if bands:  # only where the chart has bands (none when every article has its day)
        st.caption(bands[:1].upper() + bands[1:] + ".")
    mem = timeline.series_membership(view.articles, by="actor", mentions=view.mentions,
                                     actors=chosen)

    def mot_ids(key: list) -> tuple[list[str], str]:
        actor, kind, start, end = key[0], key[1], key[2], key[3]
        ids = timeline.bucket_ids(view.articles, mem, gran, series=actor, kind=kind, start=start)
        return ids, f"{actor}, {start if start == end else f'{start} – {end}'}"

    components.handle_chart_selection(state, mot_ids, key="ac_mot_sel", ctx=ctx)
components.downloads(ctx, "actor-mentions-over-time", mot)

st.subheader("Co-occurrence")
top_n = st.slider("Actors in the matrix (most covered)", 5, 40, 15, key="co_n",
                  bind="query-params")
co_actors = actor_stats.top_actors(view.mentions, actor_types=types, limit=top_n)["actor"]
pairs = actor_stats.cooccurrence(view.mentions, actors=co_actors.tolist())
matrix = actor_stats.cooccurrence_matrix(pairs, co_actors.tolist())
if pairs.empty:
    st.info("No two of these actors appear in the same article.")
else:
    state = components.plotly_chart(charts.cooccurrence_figure(matrix), key="ac_co",
                                    mark="cell")
    st.caption("Each cell: number of articles naming both actors.")

    def co_ids(key: list) -> tuple[list[str], str]:
        pair = [key[0], key[1]]
        return actor_stats.articles_with_all(view.mentions, pair), " & ".join(pair)

    components.handle_chart_selection(state, co_ids, key="ac_co_sel", ctx=ctx)
components.downloads(ctx, "cooccurrences", pairs)

st.subheader("Actor detail")
corrections.show_message()
names = top["actor"].tolist() if not top.empty else options
start = list(ctx.filters.actors)[:1] or names[:1]
choices = list(dict.fromkeys(start + names + options))
wanted = components.wanted_value("detail_actor")  # e.g. the target of a merge just made
if wanted and wanted not in choices and wanted in ctx.loaded.actor_types:
    choices.append(wanted)
if not choices:
    st.info("No actor to show.")
    st.stop()
who = st.selectbox("Actor", choices, key="detail_actor", bind="query-params")
d = actor_stats.actor_detail(view.articles, view.mentions, who)
m = st.columns(5)
m[0].metric("Type", d["actor_type"] or "—")
m[1].metric(ctx.noun.capitalize(), d["n_articles"])
m[2].metric("Mentions", d["n_mentions"])
m[3].metric("First seen", str(d["first_seen"] or "—"))
m[4].metric("Last seen", str(d["last_seen"] or "—"))
b1, b2 = st.columns(2)
if who not in ctx.filters.actors:
    b1.button(f"Filter everything by {who}", key="detail_filter", on_click=sidebar.add_actor,
              args=(who,), icon=":material/filter_alt:")
with b2:
    ids = d["articles"]["article_id"].tolist()
    if ids:
        components.open_in_reader_button(ids, who, key="detail_open")
corrections.correct_form(ctx, who, d)
x, y = st.columns(2)
with x:
    st.markdown("**Written as** (aliases found)")
    st.dataframe(d["aliases"], hide_index=True, key="detail_aliases")
with y:
    st.markdown("**Named together with**")
    st.dataframe(d["co_actors"], hide_index=True, key="detail_co")
shown = d["articles"].drop(columns=["date_start", "date_end"], errors="ignore")
more = len(shown) > DETAIL_ROWS
st.markdown("**Articles**" + (f" — the first {DETAIL_ROWS:,} of {len(shown):,}, oldest first "
                              "(the CSV has all)" if more else ""))
st.dataframe(shown.head(DETAIL_ROWS), hide_index=True, key="detail_articles")
components.downloads(ctx, f"articles-naming-{export.slug(who)}", d["articles"])
components.downloads(ctx, "mentions", view.mentions, label="Download all filtered mentions (CSV)")
corrections.corrections_list(ctx)
