"""What arrived since a view was opened, and when the corpus last changed."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from core import freshness
from core.ingest import ingest
from core.store import Store
from tests.conftest import SEEDS


def test_new_articles_are_counted_from_a_mark(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    for p in seeds[:2]:
        shutil.copy(p, first / p.name)
    for p in seeds[2:]:
        shutil.copy(p, second / p.name)
    db = tmp_path / "s.db"
    with Store(db) as store:
        assert freshness.last_update(store) is None
        ingest([str(first)], store)
    with Store(db, readonly=True) as reader:  # as the dashboard holds it, open throughout
        seen = freshness.mark(reader)
        assert freshness.n_new(reader, seen) == 0
        with Store(db) as writer:
            ingest([str(second)], writer)
            ingest([str(second)], writer)  # duplicates only: nothing new
        assert freshness.n_new(reader, seen) == 3
        assert freshness.n_new(reader, freshness.mark(reader)) == 0
        when = freshness.last_update(reader)
        assert when is not None and abs(dt.datetime.now(dt.UTC) - when).total_seconds() < 600


NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("when", "expected"),
    [(None, "never"), (NOW - dt.timedelta(seconds=20), "just now"),
     (NOW - dt.timedelta(minutes=3, seconds=5), "3 min ago"),
     (NOW - dt.timedelta(hours=2), "2 h ago"), (NOW - dt.timedelta(days=1), "1 day ago"),
     (NOW - dt.timedelta(days=9), "9 days ago"), (NOW + dt.timedelta(minutes=5), "just now"),
     (dt.datetime(2026, 12, 2, 11, 0), "1 h ago")],  # naive times are UTC, as stored
)
def test_ago(when, expected):
    assert freshness.ago(when, NOW) == expected


def test_feed_health_lists_failing_feeds_first_with_their_state(tmp_path):
    db = tmp_path / "f.db"
    now = 1_800_000_000.0
    with Store(db) as store:
        assert freshness.feed_health(store.feeds(), now).empty
        store.add_feed("https://a.example/rss", "Agentur")
        store.add_feed("https://b.example/atom", "")
        store.add_feed("https://c.example/feed", "Zeitung")
        store.update_feed("https://a.example/rss", last_checked=now - 60, last_ok=now - 60,
                          last_new=now - 7200, next_due=now + 600, items=12)
        store.update_feed("https://b.example/atom", failures=3, last_checked=now - 30,
                          last_error="HTTP 429 (Retry-After 600 s)", next_due=now + 590)
        health = freshness.feed_health(store.feeds(), now)
    assert health["feed"].tolist() == ["https://b.example/atom", "Agentur", "Zeitung"]
    assert health["status"].tolist() == ["failing (3 in a row)", "ok", "not polled yet"]
    agentur = health.iloc[1]
    assert (agentur["last_ok"], agentur["last_new"], agentur["next_poll"], agentur["items"]) == (
        "1 min ago", "2 h ago", "in 10 min", 12)
    assert health.iloc[0]["last_error"].startswith("HTTP 429")
    assert health.iloc[2]["next_poll"] == "due now"
