"""The dashboard's upload against the CLI on the same JSONL: `python -m bench.upload_bench
[--articles 1000] [--repeats 2]`.

Both ingest the same file (the first N records of news-de-2024.jsonl that are not reserved
for blind checks) into a fresh empty store: the upload through `ui.adding.run` — what the
"Add articles" page calls, with its progress callback — in this process, the CLI as
`python -m core ingest` in a subprocess; alternating, `repeats` runs each, timed by ingest's
own clock (the report's seconds).  Prints and returns JSON; target: upload ≥ 0.9× the CLI.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def sample(n: int, out: Path, data: Path = DATA) -> Path:
    reserved = {line.split("\t")[1] for line in (data / "reserved.txt").read_text(
        encoding="utf-8").splitlines() if "\t" in line and not line.startswith("#")}
    kept = 0
    with (data / "corpora" / "news-de-2024.jsonl").open(encoding="utf-8") as fh, \
            out.open("w", encoding="utf-8") as dst:
        for line in fh:
            if kept >= n:
                break
            if json.loads(line).get("file") in reserved:
                continue
            dst.write(line)
            kept += 1
    return out


def run(n: int = 1000, repeats: int = 2, log=print) -> dict:
    from core.store import Store
    from ui import adding

    work = Path(tempfile.mkdtemp(prefix="upload-bench-"))
    src = sample(n, work / "upload.jsonl")
    times: dict[str, list[float]] = {"upload": [], "cli": []}
    for r in range(repeats):
        for kind in ("upload", "cli"):
            db = work / f"{kind}-{r}.db"
            Store(db, create=True).close()
            if kind == "upload":
                report, _ = adding.run(db, [src], lambda k: None)
                secs = report.seconds
            else:
                out = subprocess.run([sys.executable, "-m", "core", "ingest", str(src), "--db",
                                      str(db), "--no-progress"], cwd=ROOT, check=True,
                                     capture_output=True, text=True).stdout
                secs = float(out.split("time:")[1].split(" s")[0])
            times[kind].append(round(secs, 1))
            log(f"  {kind} run {r + 1}: {secs:.1f} s")
    ratio = statistics.median(times["cli"]) / statistics.median(times["upload"])
    return {"articles": n, "upload_s": times["upload"], "cli_s": times["cli"],
            "speed_ratio_upload_to_cli": round(ratio, 3), "target": 0.9}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=2)
    args = ap.parse_args(argv)
    print(json.dumps(run(args.articles, args.repeats,
                         log=lambda m: print(m, file=sys.stderr, flush=True)), indent=2))


if __name__ == "__main__":
    main()
