"""The watcher: watched folders (each file once, only when written completely) and a loop
that survives failures and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from core.ingest import Engine
from core.store import Store
from core.watch import Watcher
from tests.conftest import ROOT
from tests.test_web import PARAS


@pytest.fixture(scope="module")
def engine():
    return Engine()


def _age(path, seconds=60):
    """Make a file look written `seconds` ago (no sleeping in tests)."""
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_folder_file_is_read_once_and_only_when_complete(tmp_path, engine, monkeypatch):
    monkeypatch.setenv("CRISIS_MONITOR_FOLDER_SETTLE_SECONDS", "5")
    inbox = tmp_path / "eingang"
    (inbox / "unter").mkdir(parents=True)
    with Store(tmp_path / "w.db") as store:
        watcher = Watcher(store, [str(inbox)], engine=engine)
        growing = inbox / "unter" / "bericht.txt"
        growing.write_text("Scholz in Kiew\n\n" + PARAS[0], encoding="utf-8")
        (inbox / ".versteckt.txt").write_text(PARAS[1], encoding="utf-8")
        (inbox / "download.txt.part").write_text(PARAS[1], encoding="utf-8")
        assert watcher.round().files == 0  # just written: still being written?
        with growing.open("a", encoding="utf-8") as fh:
            fh.write("\n\n" + PARAS[1])
        _age(growing)
        assert watcher.round().files == 0  # older, but it grew since the last look
        done = watcher.round()
        assert done.files == 1 and done.report.added == 1
        assert watcher.round().files == 0  # once
        # Changed later: read again (a new version of its text).
        with growing.open("a", encoding="utf-8") as fh:
            fh.write("\n\n" + PARAS[2])
        _age(growing, 30)
        watcher.round()
        again = watcher.round()
        assert again.files == 1 and again.report.added == 1
        # A bad file is rejected with its reason, and the watcher goes on.
        bad = inbox / "kaputt.json"
        bad.write_text("{nicht json", encoding="utf-8")
        _age(bad)  # an old file put in place whole (moved in): read at first sight
        rejected = watcher.round()
        assert rejected.report.rejected == 1
        assert rejected.report.rejections[0].reason.startswith("malformed")
        assert store.count() == 2


def test_a_missing_watched_folder_is_refused(tmp_path):
    out = subprocess.run([sys.executable, "-m", "core", "watch", "--db", str(tmp_path / "x.db"),
                          "--folder", str(tmp_path / "nicht-da"), "--once"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "no such folder to watch" in out.stderr


def test_sigterm_stops_the_watcher_cleanly(tmp_path):
    inbox = tmp_path / "eingang"
    inbox.mkdir()
    env = {**os.environ, "CRISIS_MONITOR_FOLDER_SETTLE_SECONDS": "0.2"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "core", "watch", "--db", str(tmp_path / "s.db"), "--folder",
         str(inbox)], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in proc.stderr:  # wait for the watcher to say it runs
            lines.append(line)
            if "watching 0 feed(s) and 1 folder(s)" in line:
                break
        (inbox / "neu.txt").write_text("Neu\n\n" + PARAS[0], encoding="utf-8")
        for line in proc.stderr:  # the file is picked up while it runs
            lines.append(line)
            if "new file(s)" in line:
                break
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=30)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, "".join(lines) + rest
    assert "1 new file(s): 1 seen, 1 added" in "".join(lines)
    assert "stopping after the current step" in rest
