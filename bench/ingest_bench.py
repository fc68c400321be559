"""Ingest throughput: our whole ingest path against the bare spaCy pipeline it uses.

Reference ("bare"): `nlp.pipe` of the pipeline `core.nlp.load_pipeline` picks for each
language, over exactly the texts our ingest hands to spaCy (the cleaned article texts it
stored), grouped by language as ingest groups them, with the same batch size and number
of processes.  Ours: `core.ingest.ingest` from the jsonl file to a fresh SQLite store —
reading, boilerplate, dates, language detection, NLP, actor resolution, topics, storing,
FTS indexing and the actor summary.  Pipelines are loaded before timing in both.

Runs are interleaved (bare, ours, bare, ours…) so a neighbour's load on the machine hits
both alike; medians are reported.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core import nlp
from core.ingest import Engine, ingest
from core.store import Store


def _bare(texts_by_lang: dict[str, list[str]], batch_size: int, n_process: int) -> float:
    started = time.perf_counter()
    for lang, texts in texts_by_lang.items():
        pipe, _ = nlp.load_pipeline(lang)
        for _doc in pipe.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
    return time.perf_counter() - started


def _ours(sample: Path, batch_size: int, n_process: int, workdir: Path) -> tuple[float, dict]:
    db = workdir / f"ingest-{time.monotonic_ns()}.db"
    engine = Engine(n_process=n_process)
    for lang in ("de", "en"):
        engine.pipeline_for(lang)  # loaded before timing, as for the bare reference
    with Store(db, create=True) as store:
        started = time.perf_counter()
        report = ingest([str(sample)], store, engine=engine, batch_size=batch_size)
        seconds = time.perf_counter() - started
        texts = store.conn.execute("SELECT language, text FROM articles ORDER BY rowid").fetchall()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return seconds, {"added": report.added, "words": report.words, "texts": texts,
                     "pipelines": dict(report.pipelines)}


def measure(sample: Path, *, batch_size: int = 256, processes=(1, 2), repeats: int = 2,
            log=print) -> dict:
    """Median seconds, words/s and articles/s of ours and bare, per process count."""
    out: dict = {"sample": str(sample), "batch_size": batch_size, "repeats": repeats, "runs": {}}
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        work = Path(tmp)
        texts_by_lang: dict[str, list[str]] | None = None
        info: dict = {}
        for n_process in processes:
            ours_s, bare_s = [], []
            bare_error = ""
            for _ in range(repeats):
                seconds, info = _ours(sample, batch_size, n_process, work)
                ours_s.append(seconds)
                if texts_by_lang is None:
                    # Ingest groups a batch by the article's language and runs the pipeline
                    # of that language (core.nlp.PIPELINES, "*" for the others).
                    texts_by_lang = {}
                    for lang, text in info["texts"]:
                        key = lang if lang in nlp.PIPELINES else "*"
                        texts_by_lang.setdefault(key, []).append(text)
                try:
                    bare_s.append(_bare(texts_by_lang, batch_size, n_process))
                except Exception as exc:  # e.g. spaCy's multiprocessing cannot ship the Docs
                    bare_error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1]}"
                    log(f"  bare nlp.pipe n_process={n_process} failed: {bare_error}")
                log(f"  ingest n_process={n_process}: ours {seconds:.1f} s, "
                    f"bare nlp.pipe {bare_s[-1] if bare_s else float('nan'):.1f} s")
            words, arts = info["words"], info["added"]
            o = statistics.median(ours_s)
            if not bare_s:
                out["runs"][str(n_process)] = {
                    "articles": arts, "words": words,
                    "ours_seconds": [round(x, 2) for x in ours_s],
                    "ours_articles_per_s": round(arts / o, 1),
                    "ours_words_per_s": round(words / o), "bare_error": bare_error}
                continue
            b = statistics.median(bare_s)
            out["runs"][str(n_process)] = {
                "articles": arts, "words": words,
                "ours_seconds": [round(s, 2) for s in ours_s],
                "bare_seconds": [round(s, 2) for s in bare_s],
                "ours_articles_per_s": round(arts / o, 1), "ours_words_per_s": round(words / o),
                "bare_articles_per_s": round(arts / b, 1), "bare_words_per_s": round(words / b),
                "ratio_ours_to_bare": round(b / o, 3),
            }
        out["pipelines"] = info.get("pipelines", {})
    one, two = out["runs"].get("1"), out["runs"].get("2")
    if one and two:
        out["speedup_2_processes_ours"] = round(
            two["ours_articles_per_s"] / one["ours_articles_per_s"], 3)
        if "bare_articles_per_s" in two:
            out["speedup_2_processes_bare"] = round(
                two["bare_articles_per_s"] / one["bare_articles_per_s"], 3)
    return out


def peak_memory(sample: Path, n: int, workdir: Path) -> int:
    """Peak RSS (MiB) of a fresh process ingesting the first n records of `sample`."""
    part = workdir / f"mem-{n}.jsonl"
    with sample.open(encoding="utf-8") as src, part.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    db = workdir / f"mem-{n}.db"
    code = (
        "import json,sys\n"
        "from core.ingest import ingest\nfrom core.store import Store\n"
        f"s=Store({str(db)!r}, create=True)\nr=ingest([{str(part)!r}], s)\ns.close()\n"
        "from bench.dashboard_bench import _rss_mib\n"
        "print(json.dumps({'added': r.added, 'peak_mib': _rss_mib()}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent)
    data = json.loads(res.stdout.strip().splitlines()[-1])
    return data["peak_mib"]


def memory_profile(sample: Path, sizes=(500, 2000), log=print) -> dict:
    """Peak RSS of ingest at two corpus sizes: bounded (streaming) if it barely grows."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="cm-bench-mem-") as tmp:
        for n in sizes:
            out[str(n)] = peak_memory(sample, n, Path(tmp))
            log(f"  ingest peak RSS for {n} articles: {out[str(n)]} MiB")
    return out


