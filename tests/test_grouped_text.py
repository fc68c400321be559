"""core.grouped_text: per-group joins, checked against the obvious Python loop."""

from __future__ import annotations

import numpy as np
import pytest

from core.grouped_text import join_per_group, rank_in_group


def _loop(groups, texts, n, sep, limit):
    out = [[] for _ in range(n)]
    for g, t in zip(groups, texts):
        if limit is None or len(out[g]) < limit:
            out[g].append(t)
    return [sep.join(x) for x in out]


@pytest.mark.parametrize("limit", [None, 1, 3])
def test_join_per_group_matches_a_loop(limit):
    rng = np.random.default_rng(7)
    groups = np.sort(rng.integers(0, 50, size=400))
    texts = np.array([f"t{i}" for i in rng.integers(0, 30, size=400)], dtype=object)
    got = join_per_group(groups, texts, 60, "; ", limit)
    assert got.tolist() == _loop(groups, texts, 60, "; ", limit)
    assert (got[50:] == "").all()  # groups without rows


def test_rank_in_group_and_empty_input():
    assert rank_in_group(np.array([0, 0, 2, 2, 2, 5])).tolist() == [0, 1, 0, 1, 2, 0]
    assert join_per_group(np.array([], dtype=int), np.array([], dtype=object), 3, ",").tolist() \
        == ["", "", ""]
