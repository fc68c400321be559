"""How fresh the corpus is: what arrived since a view was opened, and when it last changed.

Cheap questions a dashboard asks every few seconds while an ingest or a watcher may be
writing: each is one b-tree edge or a rowid range, never a scan of the corpus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

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


def _epoch_ago(seconds: float, now: float) -> str:
    if not seconds:
        return "never"
    return ago(dt.datetime.fromtimestamp(seconds, dt.UTC),
               dt.datetime.fromtimestamp(now, dt.UTC))


def feed_health(feeds: pd.DataFrame, now: float) -> pd.DataFrame:
    """One row per followed feed for the Overview: its name, whether it is healthy, when it
    last answered and brought something new, when it is polled next, its last error.
    `feeds` is `Store.feeds()` (times as Unix seconds); failing feeds first."""
    cols = ["feed", "status", "last_ok", "last_new", "next_poll", "items", "last_error"]
    if feeds is None or feeds.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for f in feeds.itertuples(index=False):
        if f.failures:
            status = f"failing ({int(f.failures)} in a row)"
        elif not f.last_checked:
            status = "not polled yet"
        else:
            status = "ok"
        due = float(f.next_due or 0)
        rows.append({
            "feed": f.name or f.url, "status": status,
            "last_ok": _epoch_ago(float(f.last_ok or 0), now),
            "last_new": _epoch_ago(float(f.last_new or 0), now),
            "next_poll": ("due now" if due <= now else
                          f"in {max(int((due - now) // 60), 1)} min"),
            "items": int(f.items or 0), "last_error": f.last_error or "",
            "_order": (0 if f.failures else 1, str(f.name or f.url).lower())})
    out = pd.DataFrame(rows).sort_values("_order", kind="stable").drop(columns="_order")
    return out[cols].reset_index(drop=True)
