"""Draw the hand-labelled topic/section sample (fixed seed, by weak URL section).

    python -m training.sample_topics                 # writes training/eval/topics_sample.tsv
    python -m training.sample_topics --texts DIR     # also one .txt per article, for annotators

Drawn once, before any topic code was changed (2026-12-02): 20 German articles of
news-de-2024.jsonl per weak URL section (training.sections.url_section; "unlabelled" for
URLs that name none) and 32 English articles of news-en-ukraine.jsonl, 60-1,500 words.
Articles in ../shared/data/reserved.txt and in the actor and person evaluation sets are never
drawn.  Within each stratum the articles alternate dev / test; the test half is frozen (see
training/eval/GUIDELINES-topics.md).  The section classifier never trains on these articles.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from training.sample_blind import RESERVED, ROOT
from training.sections import url_section

CORPORA = ROOT.parent / "shared" / "data" / "corpora"
OUT = SAMPLE_PATH = ROOT / "training" / "eval" / "topics_sample.tsv"
EVAL_SETS = (
    "persons_news_de_2024.tsv",
    "persons_news_de_2024_check.tsv",
    "actors_blind_sample.tsv",
)
SEED = 20261203
PER_STRATUM_DE, N_EN = 20, 32
MIN_WORDS, MAX_WORDS = 60, 1500


def excluded() -> set[tuple[str, str]]:
    out = set()
    if RESERVED.is_file():
        for line in RESERVED.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") and "\t" in line:
                corpus, name = line.split("\t")[:2]
                out.add((corpus.strip(), name.strip()))
    for name in EVAL_SETS:
        path = ROOT / "training" / "eval" / name
        if path.is_file():
            for ln in path.read_text(encoding="utf-8").splitlines():
                if not ln.startswith("#"):
                    out.add(("news-de-2024.jsonl", ln.split("\t")[0]))
    return out


def _pool(corpus: str, skip: set) -> list[dict]:
    seen, pool = set(), []
    for line in (CORPORA / corpus).open(encoding="utf-8"):
        rec = json.loads(line)
        n = len(rec["text"].split())
        if (corpus, rec["file"]) in skip or rec["file"] in seen or not MIN_WORDS <= n <= MAX_WORDS:
            continue
        seen.add(rec["file"])
        pool.append({**rec, "corpus": corpus})
    return sorted(pool, key=lambda r: r["file"])


def draw() -> list[dict]:
    skip = excluded()
    rng = random.Random(SEED)
    strata: dict[str, list[dict]] = {}
    for rec in _pool("news-de-2024.jsonl", skip):
        strata.setdefault(url_section(rec.get("url")) or "unlabelled", []).append(rec)
    strata["english"] = _pool("news-en-ukraine.jsonl", skip)
    drawn = []
    for stratum in sorted(strata):
        k = N_EN if stratum == "english" else PER_STRATUM_DE
        for i, rec in enumerate(rng.sample(strata[stratum], min(k, len(strata[stratum])))):
            drawn.append({**rec, "stratum": stratum, "split": "dev" if i % 2 == 0 else "test"})
    return drawn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="also write each article's title and text here")
    args = ap.parse_args(argv)
    drawn = draw()
    lines = [
        f"# Topic sample: python -m training.sample_topics (seed {SEED})",
        "corpus\tfile\tstratum\tsplit\tn_words",
    ]
    for r in drawn:
        lines.append(
            f"{r['corpus']}\t{r['file']}\t{r['stratum']}\t{r['split']}\t{len(r['text'].split())}"
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.texts:
        args.texts.mkdir(parents=True, exist_ok=True)
        for r in drawn:
            head = f"TITLE: {r.get('title') or ''}\n\n" if r.get("title") else ""
            (args.texts / f"{r['file']}.txt").write_text(head + r["text"], encoding="utf-8")
    print(f"{len(drawn)} articles -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
