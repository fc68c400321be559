"""Reader: full-text search over the filtered articles, and the article view.  Render only.

Everything taken from an article (title, snippet, text, source, actor names) is
HTML-escaped by core.highlight before it reaches unsafe_allow_html.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from core import export, highlight, listing, search_terms, titles
from core import filters as flt
from core.highlight import esc, md
from core.schema import ACTOR_TYPES
from core.store import SearchError
from ui import components, sidebar

PAGE_SIZE = 10
ARTICLE = "cm_article"
ARTICLE_PARAM = "article"

ctx = components.context()
st.title("Reader")
components.filter_caption(ctx)

# The chart selection narrows the reader on top of the sidebar filters.
selected = sidebar.selection_ids()
view_ids = ctx.view.articles["article_id"]
if selected is not None and ctx.filters.unit == "stories":
    # A selection is a set of articles (a story's, a chart bar's): list each of them, not
    # one per story.
    view_ids = ctx.loaded.filtered(ctx.filters.with_(unit="unique")).articles["article_id"]
if selected is not None:
    view_ids = view_ids[view_ids.isin(selected)]
    sel = st.session_state[sidebar.SELECTION]
    c1, c2 = st.columns([4, 1])
    c1.info(f"Narrowed to a chart selection: **{md(sel['label'])}** — "
            f"{len(view_ids)} article(s) that also match the filters.")
    c2.button("Show all again", on_click=sidebar.clear_selection, key="rd_clear_sel")
if ctx.loaded.n_articles == 0 or (ctx.view.articles.empty and selected is None):
    components.no_articles(ctx)
    st.stop()
# Counting copies once (the default) hides them from the results too.
restricted = (selected is not None or not ctx.filters.is_empty()
              or (ctx.loaded.n_near_copies > 0 and ctx.filters.unit == "unique"))
ids = view_ids.tolist() if restricted else None


def close_article() -> None:
    st.session_state.pop(ARTICLE, None)
    if ARTICLE_PARAM in st.query_params:
        del st.query_params[ARTICLE_PARAM]


def open_article(article_id: str) -> None:
    st.session_state[ARTICLE] = article_id
    st.query_params[ARTICLE_PARAM] = article_id


def search_plan(text: str) -> search_terms.Plan | None:
    """The plan of a typed query (None for none); a malformed one is said where searched."""
    try:
        return ctx.loaded.search_plan(text) if text else None
    except SearchError:
        return None


# The search box is drawn below the open article, whose words it marks: its value is read
# here before the widget exists (the session's, else the link's).
typed = str(components.wanted_value("q") or "").strip()
plan = search_plan(typed)


# ---- the article view -------------------------------------------------------------------
# The open article is part of the link (?article=ID): restored from a shared URL,
# re-written after a page switch dropped it.
current = st.session_state.get(ARTICLE) or st.query_params.get(ARTICLE_PARAM)
if current:
    st.session_state[ARTICLE] = current
    st.query_params[ARTICLE_PARAM] = current
    art = ctx.loaded.article(current)
    if art is None:
        st.warning("The article in this link is not in this database.")
        close_article()
    else:
        with st.container(border=True):
            top_l, top_r = st.columns([5, 1])
            # Without a headline the stored title is the lead sentence cut off ("… hat
            # am…"): the heading says so instead, and the lead opens the body below.
            heading = (f"Untitled article · {art['source']} · {art['published'] or 'undated'}"
                       if titles.is_lead(str(art["title"]), str(art["text"])) else art["title"])
            top_l.markdown(f"<h3 style='margin-top:0'>{esc(heading)}</h3>",
                           unsafe_allow_html=True)
            top_r.button("Close", on_click=close_article, key="rd_close", icon=":material/close:")
            crisis = ctx.loaded.crisis
            about = (f" · about {esc(crisis.name)}" if crisis is not None
                     and float(art["crisis"]) >= crisis.threshold > 0 else "")
            url = str(art["url"])
            link = (f" · <a href='{esc(url)}' target='_blank' rel='noopener noreferrer'>"
                    "original</a>" if url.startswith(("http://", "https://")) else "")
            st.markdown(
                f"<div style='opacity:0.75'>{esc(art['published'] or 'undated')} "
                f"({esc(art['date_precision'])}) · {esc(art['source'])}"
                + (f" ({esc(art['country'])})" if art["country"] else "") + " · "
                f"{esc(art['language'])} · "
                f"{esc(ctx.loaded.section_label(art['section']))} · "
                f"{int(art['n_words'])} words{about}{link}</div>",
                unsafe_allow_html=True)
            mentions = ctx.loaded.article_mentions(current)
            shown = st.pills("Highlight", list(ACTOR_TYPES), selection_mode="multi",
                             default=list(ACTOR_TYPES), key="rd_types")
            st.markdown(highlight.legend_html(terms=plan is not None), unsafe_allow_html=True)
            body = highlight.article_html(str(art["text"]), mentions, types=tuple(shown or ()),
                                          terms=plan.patterns if plan is not None else ())
            st.markdown(f"<div class='cm-article' style='line-height:1.6'>{body}</div>",
                        unsafe_allow_html=True)
            versions = ctx.loaded.versions(current)
            if not versions.empty:
                copy_of = str(art.get("copy_of", "") or "")
                st.markdown(
                    f"**{len(versions)} other version(s) or copies** of this article "
                    + ("(this one is a copy; counted once, by the first):" if copy_of
                       else "(counted once, by this one):"))
                for i, v in enumerate(versions.head(10).itertuples(index=False)):
                    sim = (f", {float(v.similarity):.0%} alike" if v.copy_of and v.similarity
                           else ", the representative" if not v.copy_of else "")
                    st.button(md(f"{v.published or 'undated'} · {v.source} · {v.title[:80]}{sim}"),
                              key=f"rd_version_{i}", on_click=open_article,
                              args=(v.article_id,), help="Open this version")
            story = ctx.loaded.story_of(current)
            if story is not None and story[1] > 1:
                st.page_link("pages/stories.py", query_params={"story": story[0]},
                             icon=":material/newspaper:",
                             label=md(f"Part of a story of {story[1]} articles: "
                                      f"{story[2][:90]}"))
            counts = listing.actor_counts(mentions, current)
            if not counts.empty:
                st.markdown("**Actors in this article** — click to filter every page by one:")
                cols = st.columns(4)
                for i, rec in enumerate(counts.head(16).itertuples(index=False)):
                    cols[i % 4].button(
                        md(f"{rec.actor} ({rec.n})"), key=f"rd_actor_{i}",
                        on_click=sidebar.add_actor, args=(rec.actor,),
                        help=f"{rec.actor_type}: add to the sidebar actor filter",
                        disabled=rec.actor in ctx.filters.actors)
    st.divider()

# ---- search -------------------------------------------------------------------------------
c1, c2 = st.columns([3, 2])
query = c1.text_input(
    "Search", key="q", bind="query-params",
    placeholder='e.g. Lawrow AND "Sicherheitsgarantien", Sanktion*, Putin NOT Biden',
    help='Words, "exact phrases", prefix*, AND / OR / NOT. Searches title and text '
         "of the articles matching the sidebar filters.")
order = c2.segmented_control("Sort", ["relevance", "newest", "oldest"], default="relevance",
                             key="sort", bind="query-params", required=True) or "relevance"
query = (query or "").strip()

page_key = "rd_page"
if st.session_state.get("rd_last") != (query, order, tuple(ids) if ids is not None else None):
    st.session_state["rd_last"] = (query, order, tuple(ids) if ids is not None else None)
    st.session_state[page_key] = 1

arts = ctx.loaded.corpus.articles
page = max(1, int(st.session_state.get(page_key, 1)))
if query:
    try:
        plan = ctx.loaded.search_plan(query)
        # One query gives the page and the total; a page beyond the end (the result set
        # shrank) falls back to the last page.
        results, total = ctx.loaded.search(plan, limit=PAGE_SIZE,
                                           offset=(page - 1) * PAGE_SIZE, order=order, ids=ids)
        if results.empty and total and page > 1:
            page = math.ceil(total / PAGE_SIZE)
            results, total = ctx.loaded.search(plan, limit=PAGE_SIZE,
                                               offset=(page - 1) * PAGE_SIZE, order=order,
                                               ids=ids)
    except SearchError as exc:
        st.warning(md(str(exc)))  # it quotes the query: Markdown-escaped
        st.stop()
else:
    pool = arts if ids is None else arts[arts["article_id"].isin(ids)]
    total = len(pool)



def searched_besides() -> None:
    """What was searched besides the typed words, so no hit is a mystery; and what the
    cap on terms left out."""
    note = ctx.loaded.also_note(plan)
    if note:  # the names come from articles and files: Markdown-escaped
        head = "Also searched: "
        st.caption(head + md(note.removeprefix(head)))
    if plan.dropped:
        st.info(md(search_terms.dropped_note(plan)), icon=":material/content_cut:")


if total == 0:
    st.warning("No articles match this search and these filters." if query else
               "No articles match the filters.")
    if query:
        searched_besides()
    st.stop()

n_pages = max(1, math.ceil(total / PAGE_SIZE))
page = min(page, n_pages)
offset = (page - 1) * PAGE_SIZE
if query:
    st.caption(f"{total:,} article(s) match “{md(titles.shorten(query, 100))}”"
               + (" within the filters." if restricted else "."))
    searched_besides()
else:
    ordered = listing.ordered_ids(pool, order)
    results = pd.DataFrame({"article_id": ordered[offset: offset + PAGE_SIZE], "snippet": ""})
    st.caption(f"{total:,} article(s)" + (" matching the filters" if restricted else "")
               + (" — newest first" if order != "oldest" else " — oldest first")
               + ". Type in the search box to search their text.")

info = arts[arts["article_id"].isin(results["article_id"])].set_index("article_id")
for i, rec in enumerate(results.itertuples(index=False)):
    a = info.loc[rec.article_id]
    with st.container(border=True):
        left, right = st.columns([6, 1])
        left.markdown(
            f"<div style='font-weight:600'>{esc(a['title'])}</div>"
            f"<div style='opacity:0.75;font-size:0.85em'>{esc(a['published'] or 'undated')}"
            f" · {esc(a['source'])}" + (f" ({esc(a['country'])})" if a["country"] else "")
            + f" · {esc(a['language'])}"
            f" · {esc(ctx.loaded.section_label(a['section']))}</div>"
            + (f"<div class='cm-snippet' style='margin-top:4px'>"
               f"{highlight.snippet_html(rec.snippet)}</div>" if rec.snippet else ""),
            unsafe_allow_html=True)
        right.button("Read", key=f"rd_open_{offset + i}", on_click=open_article,
                 args=(rec.article_id,), type="primary" if rec.article_id == current else
                 "secondary")

p1, p2, p3 = st.columns([1, 2, 1])
p1.button("← Previous", key="rd_prev", disabled=page <= 1,
          on_click=lambda: st.session_state.__setitem__(page_key, page - 1))
p2.markdown(f"<div style='text-align:center'>Page {page} of {n_pages}</div>",
            unsafe_allow_html=True)
p3.button("Next →", key="rd_next", disabled=page >= n_pages,
          on_click=lambda: st.session_state.__setitem__(page_key, page + 1))


def result_frame() -> pd.DataFrame:
    """All results (not just this page) with the export's article columns, in result order."""
    if query:
        found, _ = ctx.loaded.search(plan, limit=max(total, 1), offset=0, order=order, ids=ids)
        order_ids = found["article_id"].tolist()
    else:
        order_ids = ordered
    # The filtered view already holds exactly these articles unless a query or a chart
    # selection narrows it (no second pass over 100,000 ids for the common case).
    same = len(order_ids) == len(ctx.view.articles)
    view = ctx.view if same else flt.apply(ctx.loaded.corpus,
                                           flt.Filters(article_ids=tuple(order_ids)))
    table = export.articles_table(view).set_index("article_id").reindex(order_ids)
    return table.reset_index()


# The file says what was searched: search-aussenminister.csv (an ASCII slug of the query).
kind = f"search-{search_terms.slug(query)}" if query else "articles"
components.downloads(ctx, kind, result_frame,
                     label="Download search results (CSV)" if query else None,
                     filters=ctx.filters.with_(article_ids=tuple(ids)) if selected is not None
                     else ctx.filters,
                     extra={"search": query, "sort": order, "also_searched": list(plan.also),
                            "terms_left_out": list(plan.dropped)} if query else None)
