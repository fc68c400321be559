"""The shared filters, drawn once by dashboard.py for every page, mirrored into the URL.

Each widget is bound to a query parameter (`bind="query-params"`, key = param
name), so the address bar always holds the current filters
(?actor=Wladimir+Putin&since=2022-01-01&until=2022-02-28&lang=de&topic=diplomacy
&section=international&crisis=true)
and opening such a link restores them.  Because the widgets live in the
entry point, not in a page, their values survive page switches.

The widget values are turned into one `core.filters.Filters`, the object every
page and every CSV download uses, so screen and export cannot disagree.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from core import filters as flt
from core.highlight import md
from ui.data import Loaded

KEYS = ("actor", "actor_mode", "since", "until", "lang", "topic", "section", "crisis", "source",
        "country", "names", "unit")
SELECTION = "cm_selection"  # {"ids": [...], "label": str} set by a chart click
# The selection travels in the URL too (?sel=id,id,...&sel_label=...), so a link to
# "the articles behind this bar" works for someone else; beyond this many ids the
# address would get unwieldy and the selection stays in the session only.
SEL_PARAM, SEL_LABEL_PARAM = "sel", "sel_label"
MAX_SHARED_SELECTION = 400
MAX_ACTOR_OPTIONS = 4000  # beyond this the widget payload slows every rerun down


def actor_options(names: list[str], wanted: list[str]) -> list[str]:
    """Actors offered in the multiselect: most-covered first, capped, plus whatever the
    URL/session already asks for (a shared link naming a rare actor must still work)."""
    head = names[:MAX_ACTOR_OPTIONS]
    if not wanted:
        return head
    in_head = set(head)
    missing = [a for a in wanted if a not in in_head]
    if not missing:
        return head
    known = set(names)
    return head + [a for a in missing if a in known]


def _wanted_actors() -> list[str]:
    """Actors requested by the session state or the URL, before the widget exists."""
    value = st.session_state.get("actor")
    if value:
        return list(value)
    try:
        return st.query_params.get_all("actor")
    except Exception:  # the binding owns the param: reading can be refused, that is fine
        return []


def _other_names(loaded: Loaded, wanted: list[str]) -> list[str]:
    """Requested actors written by their id or their name in another display language
    ("Wladimir Putin" in a link opened with names in English): offered as they are, so the
    link keeps working and stays in the address, and filtered as the actor they name."""
    if not wanted:
        return []
    shown = loaded.actor_name_set
    return [a for a in wanted if a not in shown and loaded.shown(loaded.base_id(a)) in shown]


def _display_language(loaded: Loaded) -> str:
    """The "Names in" control: which language actors are named in (URL-bound, ?names=en)."""
    options = loaded.display_languages
    if len(options) < 2:
        return options[0]
    if st.session_state.get("names") not in (None, *options):
        st.session_state["names"] = options[0]
    return st.selectbox(
        "Names in", options, key="names", bind="query-params",
        help="The language actors are named in: “Vladimir Putin, Kremlin” (en) or "
             "“Wladimir Putin, Kreml” (de). One actor whatever the language of its articles; "
             "the Reader shows each article's own spelling.") or options[0]


def _reset() -> None:
    # Bound widgets can only be changed through session_state; the URL follows.
    clear_selection()
    st.session_state["actor"] = []
    st.session_state["lang"] = []
    st.session_state["topic"] = []
    st.session_state["section"] = []
    st.session_state["crisis"] = False
    st.session_state["source"] = []
    st.session_state["country"] = []
    st.session_state["since"] = None
    st.session_state["until"] = None
    st.session_state["actor_mode"] = "any"
    if "unit" in st.session_state:
        st.session_state["unit"] = "unique"


def _write_selection_url(sel: dict | None) -> None:
    """Put a selection into the URL, or take it out (none, or too many ids for a link)."""
    if sel is not None and len(sel["ids"]) <= MAX_SHARED_SELECTION:
        st.query_params[SEL_PARAM] = ",".join(sel["ids"])
        st.query_params[SEL_LABEL_PARAM] = sel["label"]
        return
    for param in (SEL_PARAM, SEL_LABEL_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def clear_selection() -> None:
    st.session_state.pop(SELECTION, None)
    _write_selection_url(None)


def sync_selection_url(article_ids: pd.Series) -> None:
    """Keep ?sel= in step with the session's chart selection.

    A selection in the session is written to the URL (page links drop unbound
    parameters, so this runs every time); a URL selection with none in the session
    is a shared link being opened, and is restored, keeping only ids this corpus has.
    """
    sel = st.session_state.get(SELECTION)
    if sel is not None:
        _write_selection_url(sel)
        return
    raw = st.query_params.get(SEL_PARAM)
    if not raw:
        return
    wanted = [i for i in raw.split(",") if i]
    ids = article_ids[article_ids.isin(wanted)].tolist()
    if ids:
        label = st.query_params.get(SEL_LABEL_PARAM) or f"{len(ids)} shared article(s)"
        st.session_state[SELECTION] = {"ids": ids, "label": label}


def add_actor(name: str) -> None:
    """Callback for 'filter by this actor' buttons (must run before the widget is drawn)."""
    current = list(st.session_state.get("actor") or [])
    if name not in current:
        st.session_state["actor"] = [*current, name]


def render(loaded: Loaded) -> tuple[flt.Filters, Loaded]:
    """Draw the filters in the sidebar; return them as a Filters value, and the corpus with
    its actors named in the chosen display language."""
    arts = loaded.corpus.articles
    lo, hi = loaded.date_span or (dt.date(2000, 1, 1), dt.date.today())
    sync_selection_url(arts["article_id"])
    with st.sidebar:
        st.markdown("### Filters")
        loaded = loaded.in_language(_display_language(loaded))
        wanted = _wanted_actors()
        options = actor_options(loaded.actor_names, wanted) + _other_names(loaded, wanted)
        actors = st.multiselect(
            "Actors", options, key="actor", bind="query-params",
            placeholder="Type to search actors…",
            help="Articles mentioning these actors (type to search; most-covered first).",
        )
        mode = "any"
        if len(actors) > 1:
            mode = st.radio("Articles mentioning", ["any", "all"], key="actor_mode",
                            bind="query-params", horizontal=True,
                            format_func=lambda m: {"any": "any of them",
                                                   "all": "all of them"}[m])
        c1, c2 = st.columns(2)
        since = c1.date_input("From", value=None, min_value=dt.date(1900, 1, 1),
                              max_value=dt.date(2100, 12, 31), key="since",
                              bind="query-params", format="YYYY-MM-DD",
                              help=f"Corpus spans {lo} – {hi}. An article dated only to a "
                                   "month is kept when its month overlaps the range.")
        until = c2.date_input("To", value=None, min_value=dt.date(1900, 1, 1),
                              max_value=dt.date(2100, 12, 31), key="until",
                              bind="query-params", format="YYYY-MM-DD")
        if since and until and since > until:
            st.warning("“From” is after “To”: the two dates were swapped.")
            since, until = until, since
        lang = st.multiselect("Language", loaded.languages, key="lang", bind="query-params")
        # Ids, not labels, as options: a bound widget puts what it displays into the URL,
        # and links must not break when a label is reworded in topics.toml.
        topic = st.multiselect("Topic", loaded.topic_names, key="topic", bind="query-params",
                               help="Articles with this topic among their keyword scores. "
                                    + "; ".join(f"{t}: {loaded.topic_label(t)}"
                                                for t in loaded.topic_names))
        # Keys as options (no format_func), like topics: the URL holds what is displayed.
        section = st.multiselect(
            "Section", loaded.section_names, key="section", bind="query-params",
            help="The desk an article belongs to, from a trained classifier and cue words "
                 "(README, “Sections”). "
                 + "; ".join(f"{s}: {loaded.section_label(s)}" for s in loaded.section_names))
        crisis = loaded.crisis
        crisis_only = False
        if crisis is not None:
            crisis_only = st.toggle(
                f"{crisis.name} coverage only", key="crisis", bind="query-params",
                help=f"Articles about {crisis.name} as defined in the crisis file "
                     f"(relevance at least {crisis.threshold:g} per 1,000 words, from its "
                     "terms and actors). Define your own crisis: README, “Your crisis”.")
        else:
            st.caption("The crisis definition file cannot be read: the crisis filter is off.")
        source = st.multiselect("Source", loaded.sources, key="source", bind="query-params",
                                help="The outlet (the record's source, else its URL's host); "
                                     "the file name where a record names neither.")
        country = []
        if loaded.countries:
            country = st.multiselect(
                "Outlet country", loaded.countries, key="country", bind="query-params",
                help="Where the outlet is based (ISO code): from the record "
                     "(media_country, country) or the URL's country domain (.de, .co.uk).")
        unit = "unique"
        if loaded.n_near_copies or loaded.has_stories:
            # Values as options (no format_func): the address holds what is displayed.
            units = ["unique", "all", "stories"] if loaded.has_stories else ["unique", "all"]
            unit = st.radio(
                "Count", units, key="unit", bind="query-params", horizontal=True,
                help=f"unique: an article and its versions and copies (an agency text at "
                     f"several outlets, re-scraped or updated pages) count once — "
                     f"{loaded.n_near_copies:,} of {loaded.n_articles:,} stored articles are "
                     "such copies; all: every stored article counts"
                     + (f"; stories: articles about one event within a few days count once "
                        f"({loaded.n_stories:,} stories), at their first article in view, "
                        "with the actors and topics of all of them" if loaded.has_stories
                        else "") + ".") or "unique"
        filters = flt.Filters(
            # Names from another display language count as the actor they name.
            actors=tuple(dict.fromkeys(loaded.shown(loaded.base_id(a)) for a in actors)),
            actor_mode=mode, since=since or None, until=until or None,
            languages=tuple(lang), topics=tuple(topic), sources=tuple(source),
            sections=tuple(section), countries=tuple(country),
            crisis_min=crisis.threshold if crisis is not None and crisis_only else None,
            unit=unit,
        )
        sel = st.session_state.get(SELECTION)
        if sel:
            st.info(f"Chart selection: {len(sel['ids'])} article(s) — {md(sel['label'])}"
                    + ("" if len(sel["ids"]) <= MAX_SHARED_SELECTION else
                       " (too many to put in a link: the address holds the filters only)"))
            st.button("Clear chart selection", on_click=clear_selection, key="clear_sel")
        if not filters.is_empty() or sel:
            st.button("Reset all filters", on_click=_reset, key="reset_filters")
        st.caption("The address bar holds these filters: copy it to share this view.")
    return filters, loaded


def selection_ids() -> tuple[str, ...] | None:
    sel = st.session_state.get(SELECTION)
    return tuple(sel["ids"]) if sel else None


def set_selection(ids: list[str], label: str) -> None:
    st.session_state[SELECTION] = {"ids": list(ids), "label": label}
    _write_selection_url(st.session_state[SELECTION])
