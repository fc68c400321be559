"""Streamlit pieces shared by the pages: the page context, downloads, empty states,
article lists and chart-click handling.  No computation here (that is in core/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core import chart_points, charts, csvsafe, export, listing
from core import corrections as corr
from core import filters as flt
from core.highlight import md
from ui import sidebar
from ui.data import Loaded

CTX = "cm_ctx"
READER_PAGE = "pages/reader.py"


@dataclass
class Ctx:
    loaded: Loaded
    filters: flt.Filters
    view: flt.Corpus  # the corpus narrowed by the sidebar filters

    @property
    def corpus_size(self) -> int:
        """The corpus in the chosen counting unit (the "of M" of every caption)."""
        return self.loaded.size(self.filters.unit)

    @property
    def noun(self) -> str:
        """What counts are in: "articles" or "stories" (the sidebar's Count)."""
        return flt.unit_noun(self.filters.unit)


def set_context(ctx: Ctx) -> None:
    st.session_state[CTX] = ctx


def context() -> Ctx:
    """The context dashboard.py prepared for this run.

    If a server's very first request is a deep link (/reader?actor=…), Streamlit's
    legacy `pages/` folder mode runs the page file alone, without dashboard.py.
    Declaring the navigation (which switches that mode off for the process) and
    rerunning sends the request through the entry point, filters and all.
    """
    ctx = st.session_state.get(CTX)
    if ctx is None:
        from ui import PAGES

        st.navigation([st.Page(p, title=t, icon=i) for p, t, i in PAGES], position="hidden")
        st.rerun()
    return ctx


def page(title: str) -> Ctx:
    """Start a page: its title and the filter caption; stops the page, after saying why,
    when no article matches (the Reader, which also shows chart selections, does its own)."""
    ctx = context()
    st.title(title)
    filter_caption(ctx)
    if no_articles(ctx):
        st.stop()
    return ctx


def no_articles(ctx: Ctx) -> bool:
    """Show the 'nothing matches' state; True when the page should stop drawing."""
    if ctx.loaded.n_articles == 0:
        st.info("The database holds no articles yet. Ingest some with "
                "`python -m core ingest PATH --db FILE`.")
        return True
    if ctx.view.articles.empty:
        st.warning("No articles match the filters. Widen the date range or remove a filter "
                   "in the sidebar (or use “Reset all filters”).")
        return True
    return False


def filter_caption(ctx: Ctx) -> None:
    n, total = len(ctx.view.articles), ctx.corpus_size
    desc = ctx.filters.describe()
    bits = []
    if "actors" in desc:
        joiner = " and " if ctx.filters.actor_mode == "all" else " or "
        bits.append("mentioning " + joiner.join(desc["actors"]))
    if "since" in desc or "until" in desc:
        bits.append(f"dated {desc.get('since', '…')} – {desc.get('until', '…')}")
    if "topics" in desc:
        desc["topics"] = [ctx.loaded.topic_label(t) for t in desc["topics"]]
    if "sections" in desc:
        desc["sections"] = [ctx.loaded.section_label(s) for s in desc["sections"]]
    for key, word in (("languages", "language"), ("topics", "topic"), ("sections", "section"),
                      ("sources", "source"), ("countries", "outlet country")):
        if key in desc:
            bits.append(f"{word} " + ", ".join(desc[key]))
    if "crisis_min" in desc and ctx.loaded.crisis is not None:
        bits.append(f"about {ctx.loaded.crisis.name}")
    if ctx.filters.unit == "stories":
        bits.append("each story counted once, at its first article in view")
    elif ctx.loaded.n_near_copies:
        bits.append("versions and copies counted once" if ctx.filters.unit == "unique"
                    else "every version and copy counted")
    # Actor, source and topic names come from articles and the address: Markdown-escaped.
    st.caption(f"{n:,} of {total:,} {ctx.noun}"
               + (" · " + " · ".join(md(b) for b in bits) if bits else ""))


def downloads(ctx: Ctx, kind: str, frame: Callable[[], pd.DataFrame] | pd.DataFrame, *,
              label: str | None = None, filters: flt.Filters | None = None,
              extra: dict | None = None) -> None:
    """CSV of exactly the data behind a view + its manifest, both built only when clicked."""
    filters = filters or ctx.filters
    name = export.snapshot_name(kind, filters)

    def _frame() -> pd.DataFrame:
        return frame() if callable(frame) else frame

    def _csv() -> bytes:
        return csvsafe.to_csv_bytes(_frame())

    def _manifest() -> str:
        data = export.manifest(filters, corpus_size=ctx.corpus_size,
                               rows={name: int(len(_frame()))}, db=ctx.loaded.db)
        if ctx.loaded.corrections:
            data["corrections"] = corr.manifest_entry(ctx.loaded.corrections)
        data.update(extra or {})
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    row = st.container(horizontal=True, vertical_alignment="center")
    row.download_button(label or f"Download {kind} (CSV)", _csv, file_name=name,
                        mime="text/csv", on_click="ignore", key=f"dl_{kind}",
                        icon=":material/download:")
    row.download_button("Manifest (JSON)", _manifest, file_name=name.rsplit(".", 1)[0]
                       + ".manifest.json", mime="application/json", on_click="ignore",
                       key=f"dlm_{kind}", type="tertiary")


def wanted_value(key: str):
    """A bound widget's value asked for by the session or the URL, before the widget exists
    (None when neither says)."""
    if st.session_state.get(key) is not None:
        return st.session_state[key]
    try:
        return st.query_params.get(key)
    except Exception:  # the binding owns the param: reading can be refused, that is fine
        return None


def article_table(ctx: Ctx, ids: list[str] | None = None, *, limit: int = 200) -> pd.DataFrame:
    """Title/date/source/top actors of some articles (all filtered ones when ids is None)."""
    corpus = ctx.view if ids is None else ctx.loaded.corpus
    return listing.article_table(corpus.articles, corpus.mentions, ids, limit=limit)


def show_article_table(df: pd.DataFrame, *, key: str) -> None:
    # Widths that add up to the main column of a 1400 px window (every column in view).
    st.dataframe(
        listing.for_display(df), hide_index=True, key=key,
        column_config={
            "published": st.column_config.TextColumn("Date", width=110),
            "title": st.column_config.TextColumn("Title", width=320),
            "source": st.column_config.TextColumn("Source", width=130),
            "language": st.column_config.TextColumn("Lang.", width=50),
            "section": st.column_config.TextColumn("Section", width=100),
            "actors": st.column_config.TextColumn("Actors", width=200),
        },
    )


def open_in_reader_button(ids: list[str], label: str, *, key: str) -> None:
    """Narrow the reader to these articles and offer the way there.

    A page link, not st.switch_page: switching pages from Python clears the query
    string, which Streamlit refuses while widgets are bound to it (the filters).
    """
    if st.button(f"Narrow the Reader to these {len(ids)} article(s)", key=key,
                 icon=":material/filter_alt:"):
        sidebar.set_selection(ids, label)
    if sidebar.selection_ids() == tuple(ids):
        st.page_link(READER_PAGE, label=f"Open these {len(ids)} article(s) in the Reader",
                     icon=":material/menu_book:")


PLOTLY_CONFIG = {"displaylogo": False}
MARKS = {"bar": "a bar", "point": "a point", "period": "a period", "cell": "a pair"}


def _chart_clicked(key: str) -> None:
    # A click on the chart is the newest choice: the list under it lets go of its own.
    st.session_state[f"{key}_src"] = "mouse"
    st.session_state[f"{key}_pick"] = None


def _mark_picked(key: str) -> None:
    st.session_state[f"{key}_src"] = "list"


def plotly_chart(fig, *, key: str, selection_mode="points", mark: str = "bar"):
    """A clickable chart plus the same choice from a list under it (bars and points
    cannot be reached with the keyboard; a select box can: Tab, type or arrows, Enter).

    Returns a selection state like st.plotly_chart's, from whichever of the two was used
    last, for handle_chart_selection.
    """
    state = st.plotly_chart(fig, key=key, on_select=lambda: _chart_clicked(key),
                            selection_mode=selection_mode, config=PLOTLY_CONFIG)
    marks = {p.label: p.key for p in chart_points.points(fig)}
    if not marks:
        return state
    what = MARKS.get(mark, mark)
    picked = st.selectbox(
        f"Or choose {what} from the list", list(marks), index=None, key=f"{key}_pick",
        placeholder=f"Choose {what} to list its articles", on_change=_mark_picked,
        filter_mode="contains",  # typing "2024-08" or a name narrows the list to it
        args=(key,), help="The same as clicking it on the chart: its articles are listed "
                          "below, ready to open in the Reader.")
    if st.session_state.get(f"{key}_src") != "list":
        return state
    if picked is None or picked not in marks:
        return {"selection": {"points": []}}
    return {"selection": {"points": [{"customdata": list(marks[picked])}]}}


def handle_chart_selection(state, to_ids: Callable[[list], tuple[list[str], str]], *,
                           key: str, ctx: Ctx) -> None:
    """Turn a chart click into article ids, list them under the chart, offer the reader."""
    keys = charts.selection_keys(state)
    if not keys:
        st.caption("Click a bar or point, or choose it from the list, to list its articles "
                   "here and open them in the Reader.")
        return
    ids: list[str] = []
    labels = []
    for k in keys:
        got, label = to_ids(k)
        ids.extend(i for i in got if i not in ids)
        labels.append(label)
    label = "; ".join(labels[:3]) + (" …" if len(labels) > 3 else "")
    st.markdown(f"**Selected:** {md(label)} — {len(ids)} article(s)")
    if not ids:
        return
    # A new click becomes the reader's selection; re-rendering the same chart state
    # must not bring back a selection the user cleared in the sidebar.
    seen_key = f"{key}_seen"
    if st.session_state.get(seen_key) != keys:
        st.session_state[seen_key] = keys
        sidebar.set_selection(ids, label)
    show_article_table(article_table(ctx, ids), key=f"{key}_table")
    if sidebar.selection_ids() == tuple(ids):
        st.page_link(READER_PAGE, label=f"Open these {len(ids)} article(s) in the Reader",
                     icon=":material/menu_book:")
    else:
        open_in_reader_button(ids, label, key=f"{key}_open")
