"""The README's test command reports tests and lint both, and fails when either fails."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT


def test_a_failing_test_run_still_lints_and_fails():
    # A path that does not exist makes pytest fail at once (exit 4): the quickest failing run.
    run = subprocess.run(["bash", "scripts/test.sh", "tests/no_such_test_file.py"], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode != 0
    assert "== ruff check" in run.stdout, run.stdout[-2000:]
    assert "== tests: FAILED (exit 4) · lint: " in run.stdout, run.stdout[-2000:]
