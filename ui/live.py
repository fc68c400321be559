"""New articles while the dashboard is open: a sidebar notice that checks every few seconds.

An ingest or a watcher may add articles at any time.  The notice runs as a fragment on
its own timer (setting `live_check_seconds`), asks the store a rowid-range question and,
when something arrived, offers to refresh: a rerun of the whole app, which reloads the
corpus (patched from its snapshot, not rebuilt) and keeps the user's filters — they live
in the address and the widgets' state.
"""

from __future__ import annotations

import streamlit as st

from core import freshness, settings
from ui.data import Loaded

SEEN = "cm_seen_mark"  # where the corpus stood when this view was last drawn in full


def _interval() -> float | None:
    try:
        secs = settings.number("live_check_seconds", float, lo=0)
    except ValueError:
        return None  # a bad setting switches the check off; the sidebar says so
    return secs or None


def remember(loaded: Loaded) -> None:
    """Called on every full run: the view now shows everything up to here."""
    with loaded.lock:
        st.session_state[SEEN] = freshness.mark(loaded.store)


def notice(loaded: Loaded) -> None:
    """The periodic check, drawn in the sidebar."""
    secs = _interval()
    if secs is None:
        try:
            settings.number("live_check_seconds", float, lo=0)
        except ValueError as exc:
            st.sidebar.caption(f"New articles are not checked for: {exc}.")
        return

    @st.fragment(run_every=secs)
    def _check() -> None:
        seen = st.session_state.get(SEEN)
        if seen is None:
            return
        with loaded.lock:
            n = freshness.n_new(loaded.store, seen)
        if n:
            st.info(f"{n:,} new article{'s' if n != 1 else ''} since you opened this view.",
                    icon=":material/fiber_new:")
            if st.button("Refresh", key="cm_live_refresh", icon=":material/refresh:",
                         help="Show them: your filters stay as they are."):
                st.rerun(scope="app")

    with st.sidebar:
        _check()
