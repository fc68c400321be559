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
# A second, all-dev sample drawn after the first results (2026-12-02), to tune on more than
# 96 articles; the first sample's test half stays the frozen test set.
SEED2 = 20261204
OUT2 = ROOT / "training" / "eval" / "topics_sample_dev2.tsv"
PER_STRATUM_DE, N_EN = 20, 32
MIN_WORDS, MAX_WORDS = 60, 1500


def sample_keys(*paths: Path) -> set[tuple[str, str]]:
    """(corpus, file) of every row of these tab-separated lists (reserved.txt, a sample)."""
    out = set()
    for path in paths:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.startswith("#") and "\t" in line:
                    corpus, name = line.split("\t")[:2]
                    out.add((corpus.strip(), name.strip()))
    return out


def excluded() -> set[tuple[str, str]]:
    """Never drawn: reserved articles and those of the actor and person evaluation sets."""
    out = sample_keys(RESERVED)
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


def draw(seed: int = SEED, extra_skip: set | None = None, all_dev: bool = False) -> list[dict]:
    skip = excluded() | (extra_skip or set())
    rng = random.Random(seed)
    strata: dict[str, list[dict]] = {}
    for rec in _pool("news-de-2024.jsonl", skip):
        strata.setdefault(url_section(rec.get("url")) or "unlabelled", []).append(rec)
    strata["english"] = _pool("news-en-ukraine.jsonl", skip)
    drawn = []
    for stratum in sorted(strata):
        k = N_EN if stratum == "english" else PER_STRATUM_DE
        for i, rec in enumerate(rng.sample(strata[stratum], min(k, len(strata[stratum])))):
            split = "dev" if all_dev or i % 2 == 0 else "test"
            drawn.append({**rec, "stratum": stratum, "split": split})
    return drawn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="also write each article's title and text here")
    ap.add_argument(
        "--second-dev",
        action="store_true",
        help=f"draw the second dev set (seed {SEED2}, all dev, none of the first sample) into "
        f"{OUT2.name}",
    )
    args = ap.parse_args(argv)
    out, seed = OUT, SEED
    if args.second_dev:
        out, seed = OUT2, SEED2
        drawn = draw(SEED2, sample_keys(OUT), all_dev=True)
    else:
        drawn = draw()
    lines = [
        "# Topic sample: python -m training.sample_topics"
        + (" --second-dev" if args.second_dev else "")
        + f" (seed {seed})",
        "corpus\tfile\tstratum\tsplit\tn_words",
    ]
    for r in drawn:
        lines.append(
            f"{r['corpus']}\t{r['file']}\t{r['stratum']}\t{r['split']}\t{len(r['text'].split())}"
        )
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.texts:
        args.texts.mkdir(parents=True, exist_ok=True)
        for r in drawn:
            head = f"TITLE: {r.get('title') or ''}\n\n" if r.get("title") else ""
            (args.texts / f"{r['file']}.txt").write_text(head + r["text"], encoding="utf-8")
    print(f"{len(drawn)} articles -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
