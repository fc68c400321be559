"""Add articles: drop files into the dashboard; they are ingested like `python -m core
ingest` and the run's summary is shown — the same lines the CLI prints."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core import ingest_summary, uploads
from core.highlight import md
from ui import adding, components

RESULT = "cm_add_result"  # the last run's summary, kept across the rerun that shows it

ctx = components.context()
st.title("Add articles")
db = Path(ctx.loaded.db)
# Names as escaped Markdown, not code spans: a backslash escape shows up inside a code span.
st.caption(f"Into {md(db.name)} · {ctx.loaded.n_articles:,} articles now. Files are kept in "
           f"{md(db.name + '.uploads')} next to the database.")

try:
    limit = uploads.max_mb()
except ValueError as exc:
    st.error(f"Uploads are off: {md(exc)}.")
    st.stop()

files = st.file_uploader(
    "Articles", type=list(uploads.ACCEPTED), accept_multiple_files=True,
    max_upload_size=max(int(limit), 1), key="add_files",
    help="One article per .txt/.md file; one per record in .json/.jsonl/.csv/.tsv (fields "
         "text/body, title, date, url, source, lang — README, “Command line”). "
         f"At most {limit:g} MB per file.")

typed = st.text_area(
    "Web pages", key="add_urls", height=100, placeholder="https://… (one address per line)",
    help="Each page is fetched politely (robots.txt, one request at a time per site), its "
         "article text, title and date extracted, its HTML kept compressed; an address "
         "already stored counts as a duplicate (README, “Feeds, web pages and watched "
         "folders”).")
urls, bad_urls = uploads.split_urls(typed or "")

if st.button("Add to the corpus", type="primary", disabled=not (files or urls or bad_urls),
             key="add_go"):
    named = [(f.name, f.getvalue()) for f in files or []]
    folder = uploads.folder_for(db)
    saved, refused = uploads.save(named, folder, limit_mb=limit)
    refused += [uploads.Refused(u, "not a web address (http:// or https://)") for u in bad_urls]
    report = n_total = None
    if saved or urls:
        bar = st.progress(0.0, text="Reading and analysing…")
        done = [0]

        def _progress(n: int) -> None:
            # The number of records is known only once read: the bar fills as a batch
            # lands and says how many articles are done.
            done[0] += n
            bar.progress(1 - 1 / (1 + done[0] / 50), text=f"{done[0]:,} articles analysed")

        try:
            report, n_total = adding.run(db, saved, _progress, urls)
        except Exception as exc:  # shown, never a traceback: the store is unchanged or whole
            st.error(f"The files could not be added: {md(exc)}")
            st.stop()
    lines = [f"refused:          {r.name}: {r.reason}" for r in refused]
    if report is not None:
        rel = folder.as_posix() + "/"
        lines += ingest_summary.lines(report, lambda loc: loc.replace(rel, ""))
        lines.append(f"database:         {db.name} ({n_total:,} articles)")
        if ingest_summary.nothing_new(report):
            lines.append("nothing new: every article is already in the database")
    st.session_state[RESULT] = {"lines": lines,
                                "added": report.added if report is not None else 0}
    st.rerun()  # every page, the sidebar and the counts now include the new articles

result = st.session_state.get(RESULT)
if result:
    if result["added"]:
        st.success(f"{result['added']:,} article(s) added: every page shows them now.",
                   icon=":material/check_circle:")
    else:
        st.warning("No article was added: see why below.", icon=":material/info:")
    st.code("\n".join(result["lines"]), language=None)
