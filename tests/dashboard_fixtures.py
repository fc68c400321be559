"""Stores the dashboard tests share: the real seeds (plus an XSS article), built once per session.

Import the fixtures into a test module (`from tests.dashboard_fixtures import seed_db`).
Kept out of conftest.py so the dashboard's fixtures stay next to the dashboard's tests.
A fixture imported into a module is a fixture *of that module* to pytest, built again for
every module even at session scope: `_once` makes each store one build per session.
Tests never write into these stores (they copy one to change it).
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from core import filters as flt
from core.ingest import Engine, ingest
from core.store import Store
from tests.conftest import CORPORA, SEEDS

XSS_TEXT = """\
Sicherheitslücke im Nachrichtenportal: <script>alert(1)</script> stand im Artikel

Berlin. Ein manipulierter Beitrag enthielt den Code <img src=x onerror=alert(1)> mitten im Text.
Die Bundesregierung und Olaf Scholz äußerten sich am Dienstag zu dem Vorfall in Berlin.
Wladimir Putin wurde in dem Beitrag ebenfalls erwähnt, ebenso die Nato und Moskau.
Stand: 15.02.2022 10:00 Uhr
"""
XSS_MARKERS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


_BUILT: dict[str, Path] = {}


def _once(fn):
    @functools.wraps(fn)  # pytest reads the fixture's arguments through __wrapped__
    def built(*args, **kwargs):
        if fn.__name__ not in _BUILT:
            _BUILT[fn.__name__] = fn(*args, **kwargs)
        return _BUILT[fn.__name__]
    return built


def build_store(paths: list[Path], db: Path, *, pipeline: str | None = None) -> Path:
    with Store(db, create=True) as store:
        ingest([str(p) for p in paths], store, engine=Engine(prefer=pipeline))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture(scope="session")
@_once
def seed_db(tmp_path_factory) -> Path:
    """The five real seed articles, ingested with the real pipeline."""
    return build_store([SEEDS], tmp_path_factory.mktemp("seeds") / "seeds.db")


@pytest.fixture(scope="session")
@_once
def xss_db(tmp_path_factory) -> Path:
    """Seeds + one German article whose text contains script and onerror markup."""
    folder = tmp_path_factory.mktemp("xss_src")
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    (folder / "zz_xss.txt").write_text(XSS_TEXT, encoding="utf-8")
    return build_store([folder], tmp_path_factory.mktemp("xss") / "xss.db")


@pytest.fixture(scope="session")
@_once
def seeds_en_db(tmp_path_factory, news_en_records) -> Path:
    """The German seeds plus the first 80 English records of news-en-ukraine: one corpus in
    two languages (display names, one actor across languages)."""
    import json

    folder = tmp_path_factory.mktemp("seeds_en")
    src = folder / "en.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in news_en_records[:80]) + "\n",
                   encoding="utf-8")
    return build_store([SEEDS, src], folder / "mixed.db")


# Olympic semi-finals of August 2024 (a dev bundle of the story evaluation): three reports
# of one football match, two of one handball match, one of 3x3 basketball.
STORY_FILES = ("2024-08-06-fussball-olympia.md", "2024-08-06-dfb-frauen.md",
               "2024-08-06-deutschland-usa.md", "2024-08-09-handball-deutschland-spanien.md",
               "2024-08-09-handball.md", "2024-08-05-3x3-basketball-olympia.md")


@pytest.fixture(scope="session")
@_once
def stories_db(tmp_path_factory, news_de_records) -> Path:
    """The German seeds plus the news-de-2024 articles of 1-9 August 2024 (stories of
    several articles; the Olympics), through the real ingest."""
    import json

    folder = tmp_path_factory.mktemp("stories")
    recs = [r for r in news_de_records if r["file"][:9] == "2024-08-0"]
    assert set(STORY_FILES) <= {r["file"] for r in recs}
    src = folder / "aug.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    return build_store([SEEDS, src], folder / "stories.db")


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("empty") / "empty.db"
    Store(db, create=True).close()
    return db


@pytest.fixture(scope="session")
def seed_corpus(seed_db) -> flt.Corpus:
    with Store(seed_db, readonly=True) as s:
        return flt.Corpus(s.articles(with_text=True), s.mentions(), s.topics())


NEWS_DE_CACHE = Path("/tmp/crisis-monitor-news-de.db")


@pytest.fixture(scope="session")
def news_de_db() -> Path:
    """The 7,087-record German corpus, ingested once into /tmp (several minutes the first time)."""
    src = CORPORA / "news-de-2024.jsonl"
    if not src.is_file():
        pytest.skip(f"{src} is absent (real corpora not available on this machine)")
    if not NEWS_DE_CACHE.exists():
        tmp = NEWS_DE_CACHE.with_name(NEWS_DE_CACHE.name + ".part")
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        # These tests measure the dashboard on 6.7k real articles, not NER: the rule
        # pipeline builds the store in ~2 minutes instead of the bundled model's ~8.
        build_store([src], tmp, pipeline="rules-de")
        tmp.rename(NEWS_DE_CACHE)
    # A cache built by an older version lacks sections and crisis relevance: the real
    # `rescore` command brings it up to date (seconds, no NER).
    with Store(NEWS_DE_CACHE) as store:
        stale = store.needs_rescore()
        no_stories = store.conn.execute(
            "SELECT count(*) FROM articles WHERE story = ''").fetchone()[0] > 0
    from core.cli import main as cli_main

    if stale:
        assert cli_main(["rescore", "--db", str(NEWS_DE_CACHE), "--no-progress"]) == 0
    if no_stories:  # a cache built before stories existed: the real command adds them
        assert cli_main(["stories", "--db", str(NEWS_DE_CACHE)]) == 0
    return NEWS_DE_CACHE
