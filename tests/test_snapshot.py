"""The columnar snapshot is patched, not rebuilt, when the store has only grown — and the
patched frames are exactly what reading every row again gives."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from core.ingest import ingest
from core.store import Store
from tests.conftest import SEEDS

FRAMES = ("articles", "mentions", "topics")


def _frames(db) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    with Store(db, readonly=True) as s:
        got = {"articles": s.articles(with_text=False), "mentions": s.mentions(),
               "topics": s.topics()}
        return got, dict(s.frame_source)


def _afresh(db, tmp_path) -> dict[str, pd.DataFrame]:
    """The same frames read from every row of a copy with no snapshot."""
    copy = tmp_path / "afresh.db"
    shutil.copy(db, copy)
    got, source = _frames(copy)
    assert set(source.values()) == {"database"}
    return got


def _write(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _same(got, want):
    for name in FRAMES:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True, obj=name)


def test_an_ingest_patches_the_snapshot_and_equals_a_full_read(tmp_path):
    db = tmp_path / "s.db"
    seeds = sorted(SEEDS.glob("*.txt"))
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    for p in seeds[:3]:
        shutil.copy(p, first / p.name)
    for p in seeds[3:]:
        shutil.copy(p, second / p.name)
    with Store(db) as store:
        ingest([str(first)], store)
    _, source = _frames(db)
    assert source == {n: "database" for n in FRAMES}
    assert _frames(db)[1] == {n: "snapshot" for n in FRAMES}  # unchanged: read back as is
    with Store(db) as store:
        ingest([str(second)], store)
    got, source = _frames(db)
    assert source == {n: "patched" for n in FRAMES}
    _same(got, _afresh(db, tmp_path))
    assert got["articles"]["article_id"].nunique() == 5


def test_mentions_rewritten_in_place_are_patched_too(news_de_records, tmp_path):
    """A surname alone in an earlier run becomes the full name when a later run brings it:
    those old rows change in place, and the patch re-reads exactly those articles."""
    by_file = {r["file"]: r for r in news_de_records}
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([str(_write(tmp_path / "a.jsonl", [by_file["2024-04-08-pistorius.md"]]))], store)
    before, _ = _frames(db)
    assert "Pistorius" in set(before["mentions"]["actor"])
    with Store(db) as store:
        report = ingest([str(_write(tmp_path / "b.jsonl",
                                    [by_file["2024-04-08-litauen.md"]]))], store)
        assert report.surnames_linked >= 1
    got, source = _frames(db)
    assert source["mentions"] == "patched"
    assert "Pistorius" not in set(got["mentions"]["actor"])
    _same(got, _afresh(db, tmp_path))


def test_a_rescore_or_a_lost_description_means_a_full_read(tmp_path, capsys):
    from core.cli import main

    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([str(SEEDS)], store)
    _frames(db)
    assert main(["rescore", "--db", str(db), "--no-progress"]) == 0
    assert _frames(db)[1]["topics"] == "database"  # every row rewritten: no patch
    (db.parent / (db.name + ".frames") / "mentions.json").unlink()
    got, source = _frames(db)
    assert source["mentions"] == "database"
    _same(got, _afresh(db, tmp_path))


@pytest.mark.parametrize("n_new", [0, 1, 7])
def test_append_compact_equals_compacting_afresh(n_new):
    from core import schema

    rows = pd.DataFrame({"article_id": ["b", "a", "c", "a"], "actor": ["Zoe", "Anna", "Max", "Ä"],
                         "actor_type": "person", "label": "PER", "surface": ["Z", "A", "M", "Ä"],
                         "start": [1, 2, 3, 4], "end": [2, 3, 4, 5]})
    new = pd.DataFrame({"article_id": [f"n{i}" for i in range(n_new)],
                        "actor": [["Björn", "Anna", "Émile"][i % 3] for i in range(n_new)],
                        "actor_type": "place", "label": "LOC", "surface": "x",
                        "start": range(n_new), "end": range(1, n_new + 1)})
    rows, new = schema.conform(rows, "mentions"), schema.conform(new, "mentions")
    old = schema.compact(rows.iloc[1:], "mentions")  # "Zoe" gone: its category must go too
    got = schema.append_compact(old, new, "mentions")
    want = schema.compact(pd.concat([rows.iloc[1:], new], ignore_index=True), "mentions")
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("drop", [(), (0,), (1, 3)])
def test_append_in_row_order_equals_filtering_and_sorting_afresh(drop):
    """Old rows (in row order) minus the dropped, plus new rows merged in: as if every
    remaining row had been compacted and sorted anew."""
    import numpy as np

    from core import schema

    old = schema.conform(pd.DataFrame({
        "article_id": ["a", "a", "b", "c"], "actor": ["Anna", "Zoe", "Max", "Ölaf"],
        "actor_type": "person", "label": "PER", "surface": ["A", "Z", "M", "Ö"],
        "start": [1, 9, 2, 5], "end": [2, 10, 3, 6]}), "mentions")
    new = schema.conform(pd.DataFrame({
        "article_id": ["b", "aa", "c", "0"], "actor": ["Björn", "Anna", "Émile", "Zoe"],
        "actor_type": "place", "label": "LOC", "surface": "x",
        "start": [2, 0, 1, 7], "end": [3, 1, 2, 8]}), "mentions")
    keep = np.ones(len(old), dtype=bool)
    keep[list(drop)] = False
    compact_old = schema.in_row_order(schema.compact(old, "mentions"), "mentions")
    got = schema.append_in_row_order(compact_old, new, "mentions", keep)
    want = schema.in_row_order(schema.compact(
        pd.concat([old[keep], new], ignore_index=True), "mentions"), "mentions")
    pd.testing.assert_frame_equal(got, want)
