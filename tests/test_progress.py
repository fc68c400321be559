"""Progress lines where no bar can be drawn, and rates that do not round to zero."""

from __future__ import annotations

import io
import re

import pytest

from core import progress
from core.cli import main
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("n", "seconds", "expected"),
    [
        (5, 12.0, "0.42 articles/s"),
        (1, 300.0, "0.0033 articles/s"),
        (0, 3.0, "0 articles/s"),
        (5, 0.0, "– articles/s"),
        (99, 10.0, "9.9 articles/s"),
        (12_345, 10.0, "1,234 articles/s"),
    ],
)
def test_rate_keeps_small_rates_readable(n, seconds, expected):
    assert progress.rate(n, seconds) == expected


class _Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_lines_print_every_interval_with_count_rate_and_elapsed():
    clock, out = _Clock(), io.StringIO()
    lines = progress.Lines(desc="ingest", unit=" articles", every=30, file=out, clock=clock)
    for _ in range(10):  # 10 articles in 29 s: not yet a line
        clock.t += 2.9
        lines.update()
    assert out.getvalue() == ""
    clock.t += 1.5
    lines.update(5)
    assert out.getvalue() == "ingest: 15 articles · 0.49 articles/s · 30 s elapsed\n"
    clock.t += 40
    lines.close()
    assert out.getvalue().splitlines()[-1].endswith("70 s elapsed · done")


def test_a_short_run_prints_no_progress_line():
    out = io.StringIO()
    lines = progress.Lines(desc="ingest", unit=" articles", every=30, file=out)
    lines.update(3)
    lines.close()
    assert out.getvalue() == ""


def test_ingest_into_a_log_prints_progress_lines_and_an_honest_rate(tmp_path, capsys,
                                                                     monkeypatch):
    """stderr is not a terminal under capsys, as in `… 2> ingest.log`: lines, not silence."""
    monkeypatch.setenv("CRISIS_MONITOR_PROGRESS_EVERY", "0.000001")
    assert main(["ingest", str(ROOT / "seeds"), "--db", str(tmp_path / "s.db")]) == 0
    captured = capsys.readouterr()
    lines = [x for x in captured.err.splitlines() if x.startswith("ingest: ")]
    assert lines, captured.err
    assert re.fullmatch(r"ingest: [1-5] articles · [\d.,]+ articles/s · [\d,]+ s elapsed",
                        lines[0]), lines[0]
    rate = re.search(r"\(([\d.,]+) articles/s", captured.out).group(1)
    assert float(rate.replace(",", "")) > 0, captured.out


def test_no_progress_prints_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CRISIS_MONITOR_PROGRESS_EVERY", "0.000001")
    assert main(["ingest", str(ROOT / "seeds"), "--db", str(tmp_path / "s.db"),
                 "--no-progress"]) == 0
    assert "ingest: " not in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_a_bad_interval_is_a_clear_usage_error(tmp_path, capsys, monkeypatch, value):
    monkeypatch.setenv("CRISIS_MONITOR_PROGRESS_EVERY", value)
    assert main(["ingest", str(ROOT / "seeds"), "--db", str(tmp_path / "s.db")]) == 2
    err = capsys.readouterr().err
    assert "progress_every must be" in err and "Traceback" not in err
    assert not (tmp_path / "s.db").exists()
