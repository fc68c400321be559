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
