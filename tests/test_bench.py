"""Smoke test of the benchmark harness at N=1,000 (kept small and fast, not a timed test).

Builds a 1k corpus from 80 real base texts, the cloned store, and runs the dashboard,
search and ingest benchmarks once each, so the harness cannot rot.  It also checks that
the clone is faithful: records ingested for real give exactly the rows the clone holds.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from bench import corpus, report
from bench.__main__ import prepare
from core.ingest import ingest
from core.store import Store
from tests.conftest import SHARED_DATA
from tests.dashboard_fixtures import seed_db  # noqa: F401

N = 1000
BASES = 80


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory):
    if not (SHARED_DATA / "corpora").is_dir():
        pytest.skip(f"{SHARED_DATA / 'corpora'} is absent: the benchmark needs the real corpora")
    out = tmp_path_factory.mktemp("bench")
    src, db, info = prepare(N, seed=corpus.DEFAULT_SEED, out=out, data=SHARED_DATA,
                            max_bases=BASES)
    return out, src, db, info


def test_generator_is_deterministic_and_shaped(bench_store):
    out, src, _, info = bench_store
    records = [json.loads(line) for line in src.open(encoding="utf-8")]
    assert len(records) == N
    bases = corpus.load_bases(SHARED_DATA)[:BASES]
    again = list(corpus.generate(bases[: info["bases"]], N))
    assert [r["text"] for r in again] == [r["text"] for r in records]
    copies = [r for r in records if r["bench_copy"]]
    assert copies and all(r["text"].endswith(f"[bench copy {r['bench_copy']}]") for r in copies)
    months = {r["date"][:7] for r in records if r["date"]}
    assert len(months) == 12
    assert len({r["source"] for r in records}) > 10
    assert any(len(r["date"]) == 7 for r in records) and any(not r["date"] for r in records)


def test_clone_matches_a_real_ingest(bench_store, tmp_path):
    out, src, db, _ = bench_store
    records = [json.loads(line) for line in src.open(encoding="utf-8")]
    pick = [r for r in records if r["bench_copy"] == 0][:10]
    pick += [r for r in records if r["bench_copy"] >= 1][:10]
    pick += [r for r in records if len(r["date"]) != 25][:6]  # month-only and undated
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pick),
                      encoding="utf-8")
    with Store(tmp_path / "real.db") as real:
        ingest([str(sample)], real)
        ids = real.articles(with_text=False)["article_id"].tolist()
        cols = ["article_id", "title", "text", "published", "date_precision", "date_start",
                "date_end", "language", "source", "url", "n_words", "pipeline"]
        want = real.articles(ids=ids).set_index("article_id").sort_index()
        want_m = real.mentions(ids).sort_values(["article_id", "start", "end", "actor"])
        want_t = real.topics().sort_values(["article_id", "topic"])
    with Store(db, readonly=True) as clone:
        got = clone.articles(ids=ids).set_index("article_id").sort_index()
        got_m = clone.mentions(ids).sort_values(["article_id", "start", "end", "actor"])
        got_t = clone.topics()
        got_t = got_t[got_t["article_id"].isin(ids)].sort_values(["article_id", "topic"])
        # The FTS index answers for the cloned rows as for ingested ones.
        assert clone.search("Ukraine OR Berlin", limit=5)[1] > 0
    assert len(got) == len(want) == len({r["text"] for r in pick})
    for col in cols[1:]:
        assert got[col].tolist() == want[col].tolist(), col
    # Entities are the same mentions at the same offsets.  The canonical actor of a mention
    # can depend on the other articles of its ingest batch (cross-article surname
    # resolution), and a clone's batch context is its base text's, so actors may differ
    # for a few mentions, never the mentions themselves.
    key = ["article_id", "label", "surface", "start", "end"]
    got_m, want_m = got_m.reset_index(drop=True), want_m.reset_index(drop=True)
    assert got_m[key].sort_values(key).reset_index(drop=True).equals(
        want_m[key].sort_values(key).reset_index(drop=True))
    merged = got_m.merge(want_m, on=key, suffixes=("_clone", "_real"))
    assert (merged["actor_clone"] == merged["actor_real"]).mean() > 0.9
    assert got_t["topic"].tolist() == want_t["topic"].tolist()
    assert got_t["score"].round(9).tolist() == want_t["score"].round(9).tolist()
    with sqlite3.connect(db) as conn:
        n_fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        n_actors = conn.execute("SELECT count(*) FROM actors").fetchone()[0]
    assert n_fts == N and n_actors > 0


def test_harness_runs_end_to_end(bench_store):
    from bench import dashboard_bench, ingest_bench, search_bench

    out, src, db, info = bench_store
    dash = dashboard_bench.run(db, repeats=1, log=lambda m: None)
    assert dash["n_articles"] == N
    assert "open page reader" in dash["interactions"]
    assert "run a search (reader)" in dash["interactions"]
    assert any(k.endswith(": articles.csv") for k in dash["downloads"])
    search = search_bench.measure(db, repeats=1, log=lambda m: None)
    assert search["all articles"]["overall"]["n"] == len(dashboard_bench.QUERIES)
    sample = out / "sample.jsonl"
    sample.write_text("".join(src.open(encoding="utf-8").readlines()[:24]), encoding="utf-8")
    ing = ingest_bench.measure(sample, processes=(1,), repeats=1, log=lambda m: None)
    assert ing["runs"]["1"]["articles"] == 24 and ing["runs"]["1"]["ratio_ours_to_bare"] > 0
    results = {"date": "x", "machine": {"versions": {"pandas": "", "spacy": "",
                                                     "streamlit": ""}},
               "corpora": {str(N): info}, "dashboard": {str(N): dash},
               "search": {str(N): search}, "ingest": ing}
    results["targets"] = report.targets(results)
    text = report.markdown(results)
    assert "| open page overview |" in text and "## Targets" in text
    assert Path(info["store"]) == db


def test_live_refresh_benchmark_runs_and_patches(seed_db, tmp_path):  # noqa: F811
    """bench/live_bench.py at toy size: the refresh after an append comes from the patched
    snapshot and counts the new articles."""
    from bench import live_bench
    from tests.conftest import SEEDS

    bases = tmp_path / "bases.jsonl"
    bases.write_text("\n".join(json.dumps({"text": p.read_text(encoding="utf-8"),
                                           "title": f"Basis {i}"})
                               for i, p in enumerate(sorted(SEEDS.glob("*.txt")))) + "\n",
                     encoding="utf-8")
    res = live_bench.run(seed_db, 3, 1, tmp_path / "work", bases, log=lambda m: None)
    assert (res["articles_before"], res["articles_after"]) == (5, 8)
    assert set(res["refresh_sources"].values()) == {"patched"}
    assert res["refresh_s_median"] > 0 and res["rebuild_s_median"] > 0


def test_watch_benchmark_runs_at_toy_size():
    """bench/watch_bench.py with 5 feeds for a few seconds: the watcher runs, is sampled and
    stopped (the 200-feed figures are in bench/RESULTS-live.md)."""
    from bench import watch_bench

    res = watch_bench.run(5, seconds=5, warmup=4, log=lambda m: None)
    assert res["feeds"] == 5 and res["seconds"] >= 5
    assert 0 <= res["cpu_pct_one_core"] < 100 and 50 < res["rss_mib_peak"] < 2000


@pytest.mark.corpus
def test_upload_benchmark_runs_at_toy_size():
    """bench/upload_bench.py on 3 articles: both paths ingest them and a ratio comes out."""
    from bench import upload_bench

    if not (SHARED_DATA / "corpora" / "news-de-2024.jsonl").is_file():
        pytest.skip("news-de-2024.jsonl is absent")
    res = upload_bench.run(3, repeats=1, log=lambda m: None)
    assert len(res["upload_s"]) == len(res["cli_s"]) == 1 and res["speed_ratio_upload_to_cli"] > 0
