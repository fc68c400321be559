"""How fresh the corpus is: what arrived since a view was opened, and when it last changed.

Cheap questions a dashboard asks every few seconds while an ingest or a watcher may be
writing: each is one b-tree edge or a rowid range, never a scan of the corpus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.store import Store


@dataclass(frozen=True)
class Mark:
    """Where the corpus stood: the newest article's rowid (articles are only appended)."""

    rowid: int


def mark(store: Store) -> Mark:
    (rowid,) = store.conn.execute("SELECT ifnull(max(rowid), 0) FROM articles").fetchone()
    return Mark(int(rowid))


def n_new(store: Store, since: Mark) -> int:
    """Articles stored after `since` (a rowid range: cheap at any corpus size)."""
    (n,) = store.conn.execute("SELECT count(*) FROM articles WHERE rowid > ?",
                              (since.rowid,)).fetchone()
    return int(n)


def last_update(store: Store) -> dt.datetime | None:
    """When the last ingest run that added articles finished (UTC), or None."""
    row = store.conn.execute(
        "SELECT finished FROM ingest_runs WHERE finished IS NOT NULL AND added > 0 "
        "ORDER BY run_id DESC LIMIT 1").fetchone()
    if not row or not row[0]:
        return None
    try:
        return dt.datetime.fromisoformat(str(row[0]).split(" (")[0])
    except ValueError:
        return None


def ago(when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """“3 min ago”, “2 h ago”, “5 days ago”; “never” for None."""
    if when is None:
        return "never"
    now = now or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    secs = max((now - when).total_seconds(), 0)
    for size, unit in ((86_400, "days"), (3_600, "h"), (60, "min")):
        if secs >= size:
            n = int(secs // size)
            return f"{n} {'day' if unit == 'days' and n == 1 else unit} ago"
    return "just now"
