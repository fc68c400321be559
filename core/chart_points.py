"""The clickable marks of a chart as a list: the same selection without a mouse.

A chart click hands the page the `customdata` of the marks clicked (core.charts puts
there what identifies the articles behind a mark).  Bars and points cannot be reached
with the keyboard, so the pages also offer every mark in a list (a select box under the
chart) whose choice is turned into the same customdata and goes through the same
selection handler.  This module reads the marks out of a figure built by core.charts:

- bars (bar_figure): customdata (label[, type]), the value on x;
- timeline marks (timeline_figure, mentions_over_time_figure): customdata
  (series, kind, start, end, count, collection total, …), kind one of core.timeline's;
- co-occurrence cells (cooccurrence_figure): customdata (actor, actor), the count as
  the marker colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core import timeline

_KINDS = (timeline.KIND_DAY, timeline.KIND_MONTH, timeline.KIND_YEAR)


@dataclass(frozen=True)
class Point:
    label: str  # what the list shows
    key: tuple  # the mark's customdata, as a click reports it


def _plain(value):
    """numpy scalars as Python values (a click's customdata comes back as JSON)."""
    return value.item() if isinstance(value, np.generic) else value


def _as_list(values) -> list:
    if values is None:
        return []
    return list(values.tolist() if isinstance(values, np.ndarray) else values)


def _count(n) -> str:
    try:
        return f"{int(n):,}"
    except (TypeError, ValueError):
        return str(n)


def _timeline_label(cd: tuple, several: bool) -> str:
    series, kind, start, end, n = cd[:5]
    span = start if start == end else f"{start} – {end}"
    where = f"{series}, " if several else ""
    only = "" if kind == timeline.KIND_DAY else f" ({kind})"
    return f"{where}{span}{only}: {_count(n)}"


def points(fig) -> list[Point]:
    """Every mark of `fig` (a plotly Figure) that a click can select, in reading order:
    bars largest first, timeline marks by series then date, co-occurrence cells by count
    (each pair once).  Marks with a count of 0 (a line's empty weeks) are left out."""
    traces = list(fig.data)
    timeline_marks: list[tuple[tuple, str]] = []
    out: list[Point] = []
    cells: list[tuple[int, Point]] = []
    for trace in traces:
        custom = _as_list(getattr(trace, "customdata", None))
        if not custom:
            continue
        keys = [tuple(_plain(v) for v in (c if isinstance(c, (list, tuple, np.ndarray))
                                          else [c])) for c in custom]
        if all(len(k) >= 6 and k[1] in _KINDS for k in keys):
            timeline_marks.extend((k, str(k[0])) for k in keys if _plain(k[4]) != 0)
        elif trace.type == "bar":
            values = _as_list(trace.x if trace.orientation == "h" else trace.y)
            bars = [Point(f"{k[0]} ({_count(v)})", k) for k, v in zip(keys, values, strict=True)]
            out.extend(reversed(bars))  # drawn bottom-up: the largest is the last
        elif len(keys[0]) == 2:
            color = _as_list(getattr(trace.marker, "color", None)) or [0] * len(keys)
            cells.extend((int(n), Point(f"{k[0]} & {k[1]} ({_count(n)})", k))
                         for k, n in zip(keys, color, strict=True))
    if timeline_marks:
        several = len({s for _, s in timeline_marks}) > 1
        order = {s: i for i, s in enumerate(dict.fromkeys(s for _, s in timeline_marks))}
        timeline_marks.sort(key=lambda m: (order[m[1]], str(m[0][2]), str(m[0][1])))
        out.extend(Point(_timeline_label(k, several), k) for k, _ in timeline_marks)
    seen: set[frozenset] = set()
    for _, p in sorted(cells, key=lambda c: -c[0]):
        pair = frozenset(p.key)
        if pair not in seen:  # the matrix is symmetric: A & B once, not B & A too
            seen.add(pair)
            out.append(p)
    return out
