"""Overview: the filtered corpus at a glance, and what is rising.  Render only."""

from __future__ import annotations

import streamlit as st

from core import actor_stats, charts, export, freshness, overview, rising, story_stats
from core.highlight import md
from ui import components

ctx = components.page("Overview")

view = ctx.view
s = overview.summary(view.articles, view.mentions)
crisis = ctx.loaded.crisis
c = st.columns(5)
c[0].metric(ctx.noun.capitalize(), f"{s['n_articles']:,}")
c[1].metric("Sources", f"{s['n_sources']:,}")
c[2].metric("Actors", f"{s['n_actors']:,}")
for col, label, day, coarse, side in ((c[3], "First date", s["first_date"], s["first_coarse"],
                                       "earlier"),
                                      (c[4], "Last date", s["last_date"], s["last_coarse"],
                                       "later")):
    # The day articles are known to be from; a month-/year-only date that may lie beyond
    # it is said apart (never as its month's 1st or last day).
    what = f"The {'earliest' if side == 'earlier' else 'latest'} day an article is dated to."
    if coarse is None:
        col.metric(label, str(day or "—"), help=what)
        continue
    period, precision = coarse[0].split(", ")
    extra = (f"{coarse[1]:,} article(s) are dated only to {period} ({precision}) and may be "
             f"{side}.")
    if day is None:
        col.metric(label, period, precision, delta_color="off", delta_arrow="off",
                   help=f"No article is dated to the day. {extra}")
    else:
        col.metric(label, str(day), f"and {coarse[0]}", delta_color="off", delta_arrow="off",
                   help=f"{what} {extra}")
# How fresh the corpus is: a watcher or an upload may have added articles since.
updated = ctx.loaded.last_update()
st.caption(f"Corpus last updated {freshness.ago(updated)}"
           + (f" ({updated:%Y-%m-%d %H:%M} UTC)" if updated else "")
           + " — new articles are announced in the sidebar.")
if crisis is not None:
    cov = overview.crisis_coverage(view.articles, crisis.threshold)
    st.columns([2, 3])[0].metric(
        f"About {crisis.name}", f"{cov['n_about']:,}", f"{cov['share']:.1%} of these",
        delta_color="off", delta_arrow="off",
        help="Articles whose relevance to the crisis (its terms and actors per 1,000 words) "
             f"reaches {crisis.threshold:g}; the sidebar's “coverage only” switch keeps "
             "just these.")
prec = s["precision"]
langs = ", ".join(f"{k} ({v})" for k, v in s["languages"].items())
st.caption(
    f"Languages: {langs}. Dates: {prec['day']} exact, {prec['month']} known only to the month, "
    f"{prec['year']} only to the year, {prec['unknown']} unknown."
)

left, right = st.columns(2)
with left:
    st.subheader("Top actors")
    top = actor_stats.top_actors(view.mentions, n_total_articles=len(view.articles), limit=12)
    state = components.plotly_chart(charts.bar_figure(top, label="actor", value="n_articles",
                                                      color_by="actor_type",
                                                      value_title=ctx.noun),
                                    key="ov_top_actors")
    st.caption(charts.TYPE_LEGEND.capitalize() + ".")
    components.handle_chart_selection(
        state, lambda key: (actor_stats.articles_with_all(view.mentions, [key[0]]), key[0]),
        key="ov_top_sel", ctx=ctx)
    components.downloads(ctx, "top-actors", top)
with right:
    st.subheader("Topics")
    tt = overview.topic_table(view.topics, len(view.articles), ctx.loaded.topic_label_pairs)
    ids_of = dict(zip(tt["label"], tt["topic"], strict=True))
    state = components.plotly_chart(charts.bar_figure(tt, label="label", value="n_articles",
                                                      value_title=ctx.noun),
                                    key="ov_topics")
    components.handle_chart_selection(
        state, lambda key: (overview.topic_article_ids(view.topics, ids_of.get(key[0], key[0])),
                            f"topic {key[0]}"),
        key="ov_topic_sel", ctx=ctx)
    components.downloads(ctx, "topics", tt)

st.subheader("Sections")
if ctx.loaded.needs_rescore:
    st.info("This database was built before sections and crisis relevance existed: run "
            "`python -m core rescore --db FILE` once to compute them.")
else:
    sec = overview.section_table(view.articles, tuple(ctx.loaded.section_labels.items()))
    key_of = dict(zip(sec["label"], sec["section"], strict=True))
    state = components.plotly_chart(charts.bar_figure(sec, label="label", value="n_articles",
                                                      value_title=ctx.noun),
                                    key="ov_sections")
    components.handle_chart_selection(
        state, lambda key: (overview.section_article_ids(view.articles, key_of.get(key[0], key[0])),
                            f"section {key[0]}"),
        key="ov_section_sel", ctx=ctx)
    components.downloads(ctx, "sections", sec)

st.subheader("Rising")
# Rising compares two periods, so it looks at the corpus narrowed by every filter
# except the dates (the dates define the periods).
undated_filters = ctx.filters.with_(since=None, until=None)
base = ctx.loaded.filtered(undated_filters)
per = rising.periods(base.articles, ctx.filters.since, ctx.filters.until)
if per is None:
    st.info("No dated articles: nothing to compare.")
else:
    ra, sizes = rising.rising(base.articles, rising.actor_items(base.mentions), per)
    rt, _ = rising.rising(base.articles,
                          rising.topic_items(base.topics, ctx.loaded.topic_label_pairs), per,
                          min_now=1)
    st.caption(f"{per.describe()}: {sizes['articles_now']:,} {ctx.noun} now, "
               f"{sizes['articles_before']:,} before. An item rises when its share of the "
               f"period's {ctx.noun} grows (lift = share now / share before, smoothed); "
               f"counts are {ctx.noun}, using the same date-overlap rule as the filter.")
    note = rising.comparison_note(sizes)
    if note is not None:
        (st.info if note[0] == "empty" else st.warning)(note[1])
    lists = (("Actors", ra, "actors",
              f"No actor rises with at least 2 {ctx.noun} in the period."),
             ("Topics", rt.drop(columns="type"), "topics", "No topic rises in the period."))
    if note is not None and note[0] == "empty":
        lists = ()
    noun = ctx.noun.capitalize()
    # Full width, one table under the other: eight columns side by side in half the page
    # were cut off at 1400 px.
    for title, table, kind, none in lists:
        st.markdown(f"**{title}**")
        if table.empty:
            st.write(none)
        else:
            # Shares shown in percent with two decimals each (the CSV keeps the fractions).
            shown = table.assign(share_now=table["share_now"] * 100,
                                 share_before=table["share_before"] * 100)
            st.dataframe(shown, hide_index=True, key=f"ov_rising_{kind}", column_config={
                "name": st.column_config.TextColumn(title[:-1], width=260),
                "type": st.column_config.TextColumn("Type", width=110),
                "now": st.column_config.NumberColumn(
                    f"{noun} now", format="%d",
                    help=f"{noun} naming it in {per.current[0]} – {per.current[1]}"),
                "before": st.column_config.NumberColumn(
                    f"{noun} before", format="%d",
                    help=f"{noun} naming it in {per.previous[0]} – {per.previous[1]}"),
                "share_now": st.column_config.NumberColumn(
                    "Share now", format="%.2f%%",
                    help=f"Of the {sizes['articles_now']:,} {ctx.noun} of the period"),
                "share_before": st.column_config.NumberColumn(
                    "Share before", format="%.2f%%",
                    help=f"Of the {sizes['articles_before']:,} {ctx.noun} of the period "
                         "before"),
                "change": st.column_config.NumberColumn(
                    "Change", format="%+d", help=f"{noun} now minus {ctx.noun} before"),
                "lift": st.column_config.NumberColumn(
                    "Lift", format="%.2f×",
                    help="Share now / share before, each count +1 so that 0 → 1 article "
                         "does not top the list; above 1 = rising"),
            })
        components.downloads(ctx, f"rising-{kind}", table)

if ctx.loaded.has_stories:
    st.subheader("Breaking")
    try:
        rule = story_stats.rule_from_settings()
    except ValueError as exc:
        st.error(f"{md(exc)}: the breaking flag uses its defaults.")
        rule = story_stats.BreakingRule()
    # Stories are made of articles: counted in unique articles (all, with Count "all").
    sview = ctx.loaded.filtered(ctx.filters.with_(
        unit="all" if ctx.filters.unit == "all" else "unique"))
    hot = story_stats.breaking(sview.articles, sview.mentions, until=ctx.filters.until,
                               rule=rule)
    bday = story_stats.latest_day(sview.articles, ctx.filters.until)
    when = bday.date().isoformat() if bday is not None else "—"
    typical = float(hot["corpus_baseline"].max()) if len(hot) else 0.0
    st.caption(f"On {when} (the “until” date, else the latest day in view), a story is "
               f"breaking with {rule.describe()}."
               + (f" A typical story had {typical:.2f} articles a day then." if len(hot)
                  else ""))
    if hot.empty:
        st.write(f"No story is breaking on {when}.")
    else:
        st.dataframe(
            hot[["title", "n_day", "sources_day", "baseline", "n_articles"]], hide_index=True,
            key="ov_breaking",
            column_config={
                "title": st.column_config.TextColumn("story", width="large"),
                "n_day": st.column_config.NumberColumn(f"articles on {when}"),
                "sources_day": st.column_config.NumberColumn("outlets that day"),
                "baseline": st.column_config.NumberColumn("its usual per day", format="%.2f"),
                "n_articles": st.column_config.NumberColumn("articles in all"),
            })
        components.downloads(ctx, "breaking", hot)
    st.page_link("pages/stories.py", label="Breaking, biggest and fastest-growing stories",
                 icon=":material/newspaper:", query_params={"show": "Breaking"})

st.subheader("Most recent articles")
recent = overview.recent_articles(view.articles, n=10)
components.show_article_table(components.article_table(ctx, recent["article_id"].tolist()),
                              key="ov_recent")
st.page_link("pages/reader.py", label="Read them in the Reader", icon=":material/menu_book:")
components.downloads(ctx, "articles", lambda: export.articles_table(view))

health = ctx.loaded.feed_health()
if not health.empty:
    st.subheader("Feeds")
    failing = int(health["status"].str.startswith("failing").sum())
    st.caption(f"{len(health):,} feed(s) followed by `python -m core watch`"
               + (f", {failing} failing" if failing else ", all answering") + ".")
    st.dataframe(health, hide_index=True, key="ov_feeds", column_config={
        "feed": st.column_config.TextColumn("Feed", width="medium"),
        "status": st.column_config.TextColumn("Status"),
        "last_ok": st.column_config.TextColumn("Last answer"),
        "last_new": st.column_config.TextColumn("Last new item"),
        "next_poll": st.column_config.TextColumn("Next poll"),
        "items": st.column_config.NumberColumn("Items"),
        "last_error": st.column_config.TextColumn("Last error", width="large"),
    })
