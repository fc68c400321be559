"""A watcher following many feeds when nothing is new: its CPU and memory.
`python -m bench.watch_bench [--feeds 200] [--seconds 240] [--warmup 90]`

A separate process serves N RSS feeds of 20 entries each on 127.0.0.1 (with ETags, so a
conditional request gets 304; tests/local_web.py); every entry is already marked as done in
a fresh store, so nothing is new.  `python -m core watch` runs against them with
poll_minutes=1 (each feed polled every minute: 15x the default rate).  After a warm-up (the
first round fetches every feed whole) /proc/PID/stat (user+system time) and /proc/PID/statm
(RSS) are sampled every 5 s.  Prints and returns JSON; targets < 5 % of one core, < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SERVE = """
import sys, time
sys.path.insert(0, {root!r})
from tests.local_web import LocalWeb
from tests.test_feeds import rss2
w = LocalWeb()
for i in range({n}):
    w.route(f"/feed{{i}}.xml", rss2(w.url(""), [(f"{{i}}-{{j}}", f"/p{{i}}-{{j}}.html", "")
                                            for j in range(20)]),
            content_type="application/rss+xml", etag=f'"{{i}}"')
print(w.port, flush=True)
while True:
    time.sleep(3600)
"""


def _sample(pid: int) -> tuple[float, float]:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return cpu, pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def run(n_feeds: int = 200, seconds: float = 240, warmup: float = 90, log=print) -> dict:
    from core.store import Store

    work = Path(tempfile.mkdtemp(prefix="watch-bench-"))
    db = work / "watch.db"
    server = subprocess.Popen([sys.executable, "-c", _SERVE.format(root=str(ROOT), n=n_feeds)],
                              stdout=subprocess.PIPE, text=True)
    watcher = None
    try:
        port = int(server.stdout.readline())
        with Store(db) as s:
            for i in range(n_feeds):
                url = f"http://127.0.0.1:{port}/feed{i}.xml"
                s.add_feed(url, f"Feed {i}")
                s.set_feed_items([(url, f"{i}-{j}", f"http://127.0.0.1:{port}/p{i}-{j}.html",
                                   "done", 1, 0, "") for j in range(20)])
        env = {**os.environ, "CRISIS_MONITOR_POLL_MINUTES": "1",
               "CRISIS_MONITOR_HOST_INTERVAL": "0.05"}
        with (work / "watch.log").open("w") as err:
            watcher = subprocess.Popen([sys.executable, "-m", "core", "watch", "--db", str(db)],
                                       cwd=ROOT, env=env, stderr=err)
        log(f"watching {n_feeds} feeds; warm-up {warmup:g} s, then {seconds:g} s of samples…")
        time.sleep(warmup)
        cpu0, _ = _sample(watcher.pid)
        t0, peak = time.time(), 0.0
        while time.time() - t0 < seconds:
            time.sleep(5)
            _, rss = _sample(watcher.pid)
            peak = max(peak, rss)
        cpu1, rss = _sample(watcher.pid)
        elapsed = time.time() - t0
    finally:
        if watcher is not None:
            watcher.terminate()
            watcher.wait(60)
        server.terminate()
    return {"feeds": n_feeds, "seconds": round(elapsed), "poll_minutes": 1,
            "cpu_pct_one_core": round(100 * (cpu1 - cpu0) / elapsed, 2),
            "rss_mib_end": round(rss), "rss_mib_peak": round(peak),
            "targets": {"cpu_pct_one_core": 5, "rss_mib": 500}}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=240)
    ap.add_argument("--warmup", type=float, default=90)
    args = ap.parse_args(argv)
    res = run(args.feeds, args.seconds, args.warmup,
              log=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
