"""The watcher: `python -m core watch` polls feeds and watched folders until stopped.

Each round polls every feed that is due (core.feeds) and scans the watched folders for
new files; whatever is new goes through the normal ingest pipeline.  Then it sleeps
until the next feed is due or the next folder scan (at most `folder_settle_seconds`
away), so a watcher with nothing to do costs next to nothing.

Folders are scanned (os.scandir), not watched by inotify: the same code works on network
drives and in `--once` runs.  A file is read once per (path, size, modification time):
a file whose modification time is younger than `folder_settle_seconds`, or whose size
changed since the last scan, is still being written and waits.  A file changed later is
read again (its text deduplicated as always).

Every failure is logged with its reason and the loop goes on; SIGTERM or Ctrl-C ends it
after the current step (a second one at once).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from core import feeds, settings
from core.fetch import Fetcher
from core.ingest import Engine, Report, ingest
from core.readers import READERS
from core.store import Store

log = logging.getLogger("crisis_monitor.watch")


def settle_seconds() -> float:
    return settings.number("folder_settle_seconds", float, lo=0)


def folders_setting() -> list[str]:
    return [p for p in settings.get("watch_folders").split(os.pathsep) if p.strip()]


@dataclass
class FolderScan:
    """New files under watched folders, with a memory of sizes seen at the last scan."""

    folders: list[Path]
    last_size: dict[str, int] = field(default_factory=dict)

    def ready(self, store: Store, now: float, settle: float) -> list[tuple[str, int, int]]:
        """(path, size, mtime_ns) of files not read before that are done being written."""
        found: list[tuple[str, int, int]] = []
        sizes: dict[str, int] = {}
        for folder in self.folders:
            for path, st in _walk(folder):
                if Path(path).suffix.lower() not in READERS:
                    continue  # a partial download (.part, .crdownload) or a foreign file
                key = (path, st.st_size, st.st_mtime_ns)
                sizes[path] = st.st_size
                young = now - st.st_mtime_ns / 1e9 < settle
                grew = self.last_size.get(path, st.st_size) != st.st_size
                if not young and not grew:
                    found.append(key)
        self.last_size = sizes
        done = store.files_read(found)
        return [k for k in found if k not in done]


def _walk(folder: Path):
    """(path, stat) of the regular files under `folder`; unreadable parts are logged."""
    stack = [str(folder)]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                for entry in it:
                    if entry.name.startswith("."):
                        continue  # hidden and temporary files (".~lock", ".file.swp")
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        elif entry.is_file():
                            yield os.path.abspath(entry.path), entry.stat()
                    except OSError as exc:
                        log.warning("watched folder: cannot read %s: %s", entry.path,
                                    exc.strerror or exc)
        except OSError as exc:
            log.warning("watched folder: cannot read %s: %s", top, exc.strerror or exc)


@dataclass
class Round:
    feeds: feeds.FeedRun
    files: int = 0
    report: Report | None = None  # the folders' ingest, None when no file was new


class Watcher:
    """Feeds and folders into one store; `round()` once, `run()` until stopped."""

    def __init__(self, store: Store, folders: list[str], *, engine: Engine | None = None,
                 fetcher: Fetcher | None = None, batch_size: int = 256) -> None:
        feeds.check_settings()
        self.settle = settle_seconds()
        self.store = store
        self.engine = engine or Engine()
        self.fetcher = fetcher or Fetcher()
        self.scan = FolderScan([Path(os.path.abspath(f)) for f in folders])
        self.batch_size = batch_size
        self.stop = threading.Event()

    def round(self) -> Round:
        """Poll the due feeds and scan the folders once; never raises for a feed, page or
        file problem (each is logged and in the store's state)."""
        try:
            fed = feeds.run_feeds(self.store, self.fetcher, self.engine,
                                  batch_size=self.batch_size)
        except Exception:  # noqa: BLE001 - the watcher outlives any one failure
            log.exception("feeds: the round failed; the next round tries again")
            fed = feeds.FeedRun()
        if fed.report is not None:
            log.info("feeds: %s", summary(fed.report))
        out = Round(feeds=fed)
        if not self.scan.folders:
            return out
        try:
            new = self.scan.ready(self.store, time.time(), self.settle)
            if new:
                out.files = len(new)
                out.report = ingest([k[0] for k in new], self.store, engine=self.engine,
                                    batch_size=self.batch_size)
                self.store.mark_files_read(new)
                log.info("folders: %d new file(s): %s", len(new), summary(out.report))
                for rej in out.report.rejections:
                    log.warning("rejected %s: %s", rej.locator, rej.reason)
        except Exception:  # noqa: BLE001
            log.exception("folders: the scan failed; the next round tries again")
        return out

    def next_wake(self, now: float) -> float:
        """Seconds until something may be due: the next feed, or the next folder scan."""
        waits = []
        due = self.store.feeds()["next_due"]
        if len(due):
            waits.append(max(0.0, float(due.min()) - now))
        if self.scan.folders:
            waits.append(max(1.0, self.settle))
        return min(waits) if waits else 60.0

    def run(self, once: bool = False) -> None:
        """Rounds until stopped (SIGTERM, Ctrl-C) or, with `once`, one round."""
        stops = [0]

        def on_signal(signum, frame):
            stops[0] += 1
            if stops[0] > 1:
                raise KeyboardInterrupt
            log.info("stopping after the current step (again to stop at once)")
            self.stop.set()

        old = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                old[sig] = signal.signal(sig, on_signal)
        try:
            while not self.stop.is_set():
                self.round()
                if once:
                    break
                self.stop.wait(max(0.5, self.next_wake(time.time())))
        finally:
            for sig, handler in old.items():
                signal.signal(sig, handler)
            self.fetcher.close()


def summary(report: Report) -> str:
    return (f"{report.seen} seen, {report.added} added, {report.duplicates} duplicates, "
            f"{report.rejected} rejected")
