"""The Overview says how fresh the corpus is and how the followed feeds are doing."""

from __future__ import annotations

import shutil
import time

from core.store import Store
from tests.dashboard_fixtures import seed_db  # noqa: F401
from tests.test_app import _navigation_mode, app, ok, texts  # noqa: F401


def test_overview_shows_the_last_update_and_each_feeds_health(seed_db, monkeypatch,  # noqa: F811
                                                              tmp_path):
    db = tmp_path / "feeds.db"
    shutil.copy(seed_db, db)
    at = app(db, monkeypatch)
    ok(at)
    assert "Corpus last updated just now" in texts(at) or "min ago" in texts(at)
    assert "Feeds" not in [s.value for s in at.subheader]  # none followed: no section
    with Store(db) as store:
        store.add_feed("https://agentur.example/rss", "Agentur")
        store.update_feed("https://agentur.example/rss", failures=2,
                          last_error="timed out after 20 s", last_checked=time.time())
    at = app(db, monkeypatch)
    ok(at)
    assert "Feeds" in [s.value for s in at.subheader]
    assert "1 feed(s) followed by" in texts(at) and "1 failing" in texts(at)
    (table,) = [d.value for d in at.dataframe if "last_error" in d.value.columns]
    assert table.iloc[0]["status"] == "failing (2 in a row)"
    assert table.iloc[0]["last_error"] == "timed out after 20 s"
