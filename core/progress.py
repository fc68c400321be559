"""Progress of long commands (ingest, rescore): a bar on a terminal, lines in a log.

tqdm draws nothing when stderr is not a terminal (a pipe, a log file, a CI job), which
left a 17-minute ingest silent; there `Lines` prints one line every `progress_every`
seconds instead, with the count, the rate and the elapsed time.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from core import settings


def rate(n: float, seconds: float, unit: str = "articles") -> str:
    """“12 articles/s”, “0.42 articles/s”: small rates keep two significant digits instead
    of rounding to a misleading 0."""
    if seconds <= 0:
        return f"– {unit}/s"
    r = n / seconds
    if r == 0:
        return f"0 {unit}/s"
    return f"{r:,.0f} {unit}/s" if r >= 10 else f"{r:.2g} {unit}/s"


class Lines:
    """A tqdm-like counter that prints a plain line every `every` seconds (and at the end)."""

    def __init__(self, *, desc: str, unit: str, total: int | None = None,
                 every: float = 30.0, file: TextIO | None = None,
                 clock=time.monotonic):
        self.desc, self.unit, self.total, self.every = desc, unit.strip(), total, every
        self.file = file if file is not None else sys.stderr
        self.clock = clock
        self.start = self.last = clock()
        self.n = 0

    def _line(self) -> str:
        elapsed = self.clock() - self.start
        done = f"{self.n:,}" + (f" of {self.total:,}" if self.total else "")
        return (f"{self.desc}: {done} {self.unit} · {rate(self.n, elapsed, self.unit)} · "
                f"{elapsed:,.0f} s elapsed")

    def update(self, k: int = 1) -> None:
        self.n += k
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            print(self._line(), file=self.file, flush=True)

    def close(self) -> None:
        if self.n and self.clock() - self.start >= self.every:
            print(self._line() + " · done", file=self.file, flush=True)


def bar(*, desc: str, unit: str = " articles", total: int | None = None,
        disable: bool = False, file: TextIO | None = None):
    """A progress counter with `update(k)` and `close()`: tqdm's bar on a terminal, `Lines`
    elsewhere, nothing at all with `disable` (--no-progress)."""
    file = file if file is not None else sys.stderr
    if disable:
        return Lines(desc=desc, unit=unit, total=total, every=float("inf"), file=file)
    if getattr(file, "isatty", lambda: False)():
        from tqdm import tqdm

        return tqdm(total=total, unit=unit, file=file, desc=desc)
    return Lines(desc=desc, unit=unit, total=total, every=every(), file=file)


def every() -> float:
    """The `progress_every` setting; ValueError (naming it) when it is not a positive number."""
    return settings.number("progress_every", float, lo=0, above=True)
