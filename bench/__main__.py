"""`python -m bench run --sizes 10000,100000`: the whole benchmark, one command.

Sub-commands:
  generate --size N [--out FILE]      write the N-article corpus (jsonl) and stop
  build    --size N                   build the N-article store (base ingest + clone)
  run      --sizes A,B [...]          corpora, stores, ingest, dashboard and search
                                      benchmarks; writes bench/results.json + RESULTS.md

Generated corpora and stores go to bench/out/ (ignored by git).  Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench import build, corpus, report

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def prepare(size: int, *, seed: int, out: Path, data: Path, max_bases: int | None = None
            ) -> tuple[Path, Path, dict]:
    """Corpus file and store for `size` articles (cached in `out` by size, seed and bases)."""
    out.mkdir(parents=True, exist_ok=True)
    bases = corpus.load_bases(data)
    if max_bases:
        bases = bases[:max_bases]
    base_db = build.ensure_base_store(bases, out, log=log)
    # Only bases that survived the real ingest (not rejected) can stand for an article.
    kept = build.stored_base_ids(base_db)
    bases = [corpus.Base(i, b.record, b.lang, b.crisis, b.base_id)
             for i, b in enumerate(b for b in bases if b.base_id in kept)]
    # The base store's key (base texts + pipelines) is part of the name: a new NLP
    # pipeline gives new stores, never a stale clone.
    tag = f"n{size}-s{seed}-b{len(bases)}-{base_db.stem.removeprefix('base-')}"
    src = out / f"corpus-{tag}.jsonl"
    db = out / f"store-{tag}.db"
    info = {"size": size, "seed": seed, "bases": len(bases), "corpus": str(src), "store": str(db)}
    if not src.exists():
        started = time.perf_counter()
        corpus.write_corpus(corpus.generate(bases, size, seed=seed), src)
        log(f"generated {src} in {time.perf_counter() - started:.1f} s")
    if not db.exists():
        log(f"building {db} by cloning the base store…")
        info["clone"] = build.clone_store(build.read_jsonl(src), bases, base_db, db,
                                          corpus_path=src, log=log)
    info["groups"] = build.ensure_groups(db, log=log)
    return src, db, info


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(),
            "cpus": os.cpu_count(), "loadavg_at_start": os.getloadavg()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    try:
        info["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                     capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    import pandas
    import spacy
    import streamlit
    info["versions"] = {"pandas": pandas.__version__, "spacy": spacy.__version__,
                        "streamlit": streamlit.__version__}
    return info


def snapshot_rebuild(db: Path) -> dict:
    """Time (and peak memory of) loading the frames from SQLite and writing the columnar
    snapshot, in a fresh process: what the first dashboard start after an ingest pays."""
    code = (
        "import json,shutil,time\nfrom pathlib import Path\n"
        "from bench.dashboard_bench import _rss_mib\n"
        "from core.store import Store\n"
        f"db=Path({str(db)!r})\n"
        "shutil.rmtree(db.with_name(db.name + '.frames'), ignore_errors=True)\n"
        "t=time.perf_counter()\ns=Store(db, create=False, readonly=True)\n"
        "s.articles(with_text=False); s.mentions(); s.topics()\n"
        "sql=time.perf_counter()-t\nt=time.perf_counter()\n"
        "s.articles(with_text=False); s.mentions(); s.topics()\n"
        "snap=time.perf_counter()-t\n"
        "print(json.dumps({'load_from_sqlite_and_write_snapshot_s': round(sql, 2),"
        " 'load_from_snapshot_s': round(snap, 2),"
        " 'peak_rss_mib': _rss_mib()}))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def dashboard(db: Path, repeats: int, out: Path) -> dict:
    """The AppTest benchmark in a fresh process (its own cold start and peak memory)."""
    snap = snapshot_rebuild(db)
    log(f"  frames snapshot rebuilt: {snap}")
    res = out.with_suffix(".json")
    subprocess.run([sys.executable, "-m", "bench.dashboard_bench", "--db", str(db),
                    "--repeats", str(repeats), "--out", str(res)], cwd=ROOT, check=True)
    return {**json.loads(res.read_text(encoding="utf-8")), "snapshot": snap}


def cmd_run(args) -> dict:
    from bench import ingest_bench, search_bench

    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                     "machine": machine(), "seed": args.seed, "corpora": {},
                     "dashboard": {}, "search": {}}
    log(f"machine: {results['machine']}")
    for size in sizes:
        _, _, info = prepare(size, seed=args.seed, out=args.out_dir, data=args.data,
                             max_bases=args.max_bases)
        results["corpora"][str(size)] = info
    if args.ingest_sample:
        # The sample is the start of the largest corpus: originals and copies, both languages.
        src = Path(results["corpora"][str(max(sizes))]["corpus"])
        sample = args.out_dir / f"ingest-sample-{args.ingest_sample}.jsonl"
        with src.open(encoding="utf-8") as fh, sample.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(fh):
                if i >= args.ingest_sample:
                    break
                dst.write(line)
        previous = (json.loads(args.results.read_text(encoding="utf-8")).get("ingest")
                    if args.reuse_ingest and args.results and args.results.exists() else None)
        if previous:
            log("ingest throughput: reusing the figures of the previous results file")
            results["ingest"] = previous
        else:
            log(f"ingest throughput on {args.ingest_sample} articles…")
            results["ingest"] = ingest_bench.measure(sample, batch_size=args.batch_size,
                                                     repeats=args.ingest_repeats, log=log)
            results["ingest"]["measured"] = results["date"]
        # Both sizes span several batches: bounded memory means the same peak for both.
        results["ingest"]["peak_rss_mib"] = ingest_bench.memory_profile(
            sample, sizes=(max(args.ingest_sample // 2, 50), args.ingest_sample), log=log)
    for size in sizes:
        db = Path(results["corpora"][str(size)]["store"])
        log(f"dashboard at {size:,} articles…")
        results["dashboard"][str(size)] = dashboard(db, args.repeats,
                                                    args.out_dir / f"dashboard-{size}")
    if args.live_append:
        from bench import live_bench

        size = max(sizes)
        log(f"appending {args.live_append} articles to the {size:,}-article store…")
        results["live"] = live_bench.run(
            Path(results["corpora"][str(size)]["store"]), args.live_append, args.repeats // 2
            or 1, args.out_dir / "live", next(args.out_dir.glob("base-*.jsonl")), log=log)
    if args.upload_articles:
        from bench import upload_bench

        log(f"upload vs CLI on {args.upload_articles} articles…")
        results["upload"] = upload_bench.run(args.upload_articles, log=log)
    if args.watch_feeds:
        from bench import watch_bench

        log(f"a watcher following {args.watch_feeds} feeds with nothing new…")
        results["watch"] = watch_bench.run(args.watch_feeds, args.watch_seconds, log=log)
    search_size = max(sizes)
    log(f"search at {search_size:,} articles…")
    results["search"][str(search_size)] = search_bench.measure(
        Path(results["corpora"][str(search_size)]["store"]), repeats=args.search_repeats, log=log)
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    results["targets"] = report.targets(results)
    if args.results:
        args.results.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")
        md = args.results.with_name("RESULTS.md")
        md.write_text(report.markdown(results), encoding="utf-8")
        log(f"wrote {args.results} and {md}")
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    ap.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    ap.add_argument("--out-dir", type=Path, default=OUT, help="corpora and stores (cache)")
    ap.add_argument("--max-bases", type=int, default=None,
                    help="use only the first N distinct real texts (quick runs)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--size", type=int, required=True)
    g.add_argument("--out", type=Path, default=None)
    b = sub.add_parser("build")
    b.add_argument("--size", type=int, required=True)
    r = sub.add_parser("run")
    r.add_argument("--sizes", default="10000,100000")
    r.add_argument("--repeats", type=int, default=7, help="repetitions per interaction")
    r.add_argument("--search-repeats", type=int, default=5)
    r.add_argument("--ingest-sample", type=int, default=600,
                   help="articles for the ingest throughput runs (0: skip)")
    r.add_argument("--ingest-repeats", type=int, default=2)
    r.add_argument("--batch-size", type=int, default=256)
    r.add_argument("--live-append", type=int, default=1000,
                   help="articles appended to the largest store for the live-refresh "
                        "benchmark (0: skip; bench/live_bench.py)")
    r.add_argument("--upload-articles", type=int, default=1000,
                   help="articles for the upload-vs-CLI benchmark (0: skip)")
    r.add_argument("--watch-feeds", type=int, default=200,
                   help="feeds on a local server for the watcher benchmark (0: skip)")
    r.add_argument("--watch-seconds", type=float, default=240)
    r.add_argument("--reuse-ingest", action="store_true",
                   help="keep the ingest throughput figures of the existing results file")
    r.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    args = ap.parse_args(argv)
    if not (args.data / "corpora").is_dir():
        ap.exit(2, f"{args.data / 'corpora'} is absent: the benchmark needs the real corpora\n")
    if args.cmd == "generate":
        bases = corpus.load_bases(args.data)[: args.max_bases or None]
        out = args.out or args.out_dir / f"corpus-n{args.size}-s{args.seed}.jsonl"
        n = corpus.write_corpus(corpus.generate(bases, args.size, seed=args.seed), out)
        log(f"wrote {n} records to {out}")
    elif args.cmd == "build":
        src, db, _ = prepare(args.size, seed=args.seed, out=args.out_dir, data=args.data,
                             max_bases=args.max_bases)
        log(f"corpus {src}\nstore  {db}")
    else:
        cmd_run(args)


if __name__ == "__main__":
    main()
