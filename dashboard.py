"""Crisis Monitor dashboard: `streamlit run dashboard.py [-- --db FILE]`.

The entry point is the frame around every page: it opens (or, on a fresh
clone, builds from the seeds) the database, draws the shared sidebar filters
once, narrows the corpus with them and hands that context to the selected
page.  Pages only render.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts the script's folder on sys.path, but be explicit for other launchers.
ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui import PAGES, components, data, live, sidebar  # noqa: E402

st.set_page_config(page_title="Crisis Monitor", page_icon=":material/public:", layout="wide")

pages = [
    st.Page(path, title=title, icon=icon, default=(i == 0))
    for i, (path, title, icon) in enumerate(PAGES)
]
nav = st.navigation(pages)

db = data.db_path_from_args()
loaded = data.open_or_explain(db)
if loaded is None:
    st.stop()

# First in the sidebar, where it is seen: articles that arrive while this view is open.
live.remember(loaded)
live.notice(loaded)
filters, loaded = sidebar.render(loaded)
components.set_context(components.Ctx(loaded=loaded, filters=filters,
                                      view=loaded.filtered(filters)))
st.sidebar.caption(f"Database: `{db}` · {loaded.n_articles:,} articles"
                   + (f" · {len(loaded.corrections)} correction(s) of actors applied"
                      if loaded.corrections else ""))
for problem in loaded.health:
    st.sidebar.warning(problem, icon=":material/build:")
if loaded.corrections.problems:
    st.sidebar.warning(f"{len(loaded.corrections.problems)} line(s) of the corrections file "
                       "were skipped: see “Corrections in force” on the Actors page.",
                       icon=":material/warning:")
nav.run()
