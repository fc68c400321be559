"""Ingest from the dashboard: the same engine and report as `python -m core ingest`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core import settings
from core.ingest import Engine, Report, ingest
from core.store import Store


@st.cache_resource(show_spinner="Loading the language models…")
def engine() -> Engine:
    """One engine per server: its spaCy pipelines load once, on the first upload."""
    eng = Engine(prefer=settings.get("pipeline") or None,
                 aliases_path=settings.get("aliases"), topics_path=settings.get("topics"),
                 sections_path=settings.get("sections"), crisis_path=settings.get("crisis"))
    eng.check()
    return eng


def run(db: Path, paths: list[Path], progress, urls: list[str] = ()) -> tuple[Report, int]:
    """Ingest `paths` and the web pages at `urls` into the database (opened for writing just
    for this run) exactly as the CLI does; returns the report and the articles stored."""
    batch = int(settings.number("batch_size", int, lo=1))
    with Store(db, create=False) as store:
        store.recover()
        if urls:
            from core.web_ingest import ingest_urls

            report = ingest_urls(list(urls), store, paths=[str(p) for p in paths],
                                 engine=engine(), progress=progress, batch_size=batch)
        else:
            report = ingest([str(p) for p in paths], store, engine=engine(),
                            progress=progress, batch_size=batch)
        return report, store.count()
