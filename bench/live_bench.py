"""Appending to a big store while the dashboard is open: how long until it shows the new
articles.  `python -m bench.live_bench --db STORE [--n 1000] [--repeats 3]`

1. copies STORE and loads its frames once (the snapshot the open dashboard has);
2. ingests N new articles into the copy with the CLI (real pipeline; base texts of the
   bench, each with a new closing sentence, so every one is a new article);
3. times what the dashboard's Refresh does in a fresh process — `ui.data._load`: the frames
   (patched from the snapshot), the corrections, the actor summary — REPEATS times, each from
   the pre-ingest snapshot; and, for comparison, the same load with no snapshot (a rebuild).
Prints and returns JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_LOAD = """
import json, time
from pathlib import Path
from bench.dashboard_bench import _rss_mib
from ui.data import _load
t = time.perf_counter()
loaded = _load(Path({db!r}))
secs = time.perf_counter() - t
print(json.dumps({{"seconds": round(secs, 2), "source": loaded.store.frame_source,
                  "articles": len(loaded.corpus.articles), "peak_rss_mib": _rss_mib()}}))
"""


def _load_once(db: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", _LOAD.format(db=str(db))], cwd=ROOT,
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def _frames(db: Path) -> Path:
    return db.with_name(db.name + ".frames")


def run(db: Path, n: int, repeats: int, work: Path, bases: Path, log=print) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    copy = work / "live.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
        if Path(str(db) + suffix).exists() and suffix != "-shm":
            shutil.copy(str(db) + suffix, str(copy) + suffix)
    shutil.rmtree(_frames(copy), ignore_errors=True)
    log("loading the frames once (the open dashboard's snapshot)…")
    first = _load_once(copy)
    saved = work / "frames-before"
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(_frames(copy), saved)
    src = work / f"new-{n}.jsonl"
    with bases.open(encoding="utf-8") as fh, src.open("w", encoding="utf-8") as out:
        for i, line in enumerate(fh):
            if i >= n:
                break
            rec = json.loads(line)
            rec["text"] = rec["text"].rstrip() + f"\n\nNachtrag {i}: aktualisiert um {i % 24} Uhr."
            rec["url"] = (rec.get("url") or f"https://bench.example/{i}") + f"#live-{i}"
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    log(f"ingesting {n} new articles into the copy…")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "core", "ingest", str(src), "--db", str(copy),
                    "--no-progress"], cwd=ROOT, check=True, capture_output=True, text=True)
    ingest_s = time.perf_counter() - t
    patched = []
    for _ in range(repeats):
        shutil.rmtree(_frames(copy), ignore_errors=True)
        shutil.copytree(saved, _frames(copy))
        patched.append(_load_once(copy))
        log(f"  refresh after the ingest: {patched[-1]}")
    rebuilt = []
    for _ in range(max(1, repeats // 2)):
        shutil.rmtree(_frames(copy), ignore_errors=True)
        rebuilt.append(_load_once(copy))
        log(f"  load with no snapshot: {rebuilt[-1]}")
    return {
        "articles_before": first["articles"], "articles_after": patched[-1]["articles"],
        "new_articles": n, "ingest_s": round(ingest_s, 1),
        "refresh_s_median": statistics.median(p["seconds"] for p in patched),
        "refresh_s": [p["seconds"] for p in patched],
        "refresh_sources": patched[-1]["source"],
        "refresh_peak_rss_mib": max(p["peak_rss_mib"] for p in patched),
        "rebuild_s_median": statistics.median(r["seconds"] for r in rebuilt),
        "rebuild_s": [r["seconds"] for r in rebuilt],
        "target_s": 5.0,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out" / "live")
    ap.add_argument("--bases", type=Path, default=None,
                    help="jsonl of texts to append (default: the bench's base texts)")
    args = ap.parse_args(argv)
    bases = args.bases or next((ROOT / "bench" / "out").glob("base-*.jsonl"))
    res = run(args.db, args.n, args.repeats, args.work, bases,
              log=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
