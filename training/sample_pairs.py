"""Draw candidate near-duplicate pairs of news-de-2024.jsonl for labelling (fixed seed).

    python -m training.sample_pairs                # -> training/eval/dupes_sample.tsv
    python -m training.sample_pairs --texts DIR    # also the two texts of every pair, for reading

Drawn once, before the near-duplicate threshold was chosen (2026-12-02): every article of
the corpus that is not in ../shared/data/reserved.txt, boilerplate-cleaned as ingest does,
one per distinct text; candidate pairs from a permissive LSH (64 bands of 2 MinHash values:
pairs at Jaccard 0.3 are found with p > 0.99), their exact 5-word-shingle Jaccard computed,
and `PER_BIN` pairs drawn at random from each Jaccard bin of `BINS` (all of a bin that has
fewer), alternating dev / test within each bin.  Labels (same article or not) are in
training/eval/dupes_labels.tsv (guidelines: training/eval/GUIDELINES-dupes.md).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

from training.sample_blind import ROOT
from training.sample_topics import CORPORA, RESERVED, sample_keys

OUT = ROOT / "training" / "eval" / "dupes_sample.tsv"
CORPUS = "news-de-2024.jsonl"
SEED = 20261210
BINS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
PER_BIN = 14
SAMPLE_BANDS, SAMPLE_ROWS = 64, 2


def texts() -> dict[str, tuple[str, str]]:
    """file -> (cleaned text, url) of every non-reserved article, one file per distinct text."""
    from core.boilerplate import clean_text
    from core.ingest import article_id

    skip = {f for c, f in sample_keys(RESERVED) if c == CORPUS}
    out: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    with (CORPORA / CORPUS).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["file"] in skip or rec["file"] in out:
                continue
            text = clean_text(rec.get("text") or "").text
            aid = article_id(text)
            if not text.strip() or aid in seen:
                continue
            seen.add(aid)
            out[rec["file"]] = (text, rec.get("url") or "")
    return out


def candidate_pairs(docs: dict[str, tuple[str, str]]) -> list[tuple[str, str, float]]:
    """(file_a, file_b, exact Jaccard) of every pair sharing a permissive LSH band."""
    from core import near_dupes as nd

    files = sorted(docs)
    sigs = nd.signatures(docs[f][0] for f in files)
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, sig in enumerate(sigs):
        for b in range(SAMPLE_BANDS):
            buckets[(b, sig[b * SAMPLE_ROWS : (b + 1) * SAMPLE_ROWS].tobytes())].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 1 < len(members) <= 50:  # a bucket of hundreds is boilerplate, not copies
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    sh = {}
    out = []
    for i, j in sorted(pairs):
        a = sh.setdefault(i, nd.shingles(docs[files[i]][0]))
        b = sh.setdefault(j, nd.shingles(docs[files[j]][0]))
        out.append((files[i], files[j], nd.jaccard(a, b)))
    return out


def draw(pairs: list[tuple[str, str, float]]) -> list[tuple[str, str, float, str]]:
    rng = random.Random(SEED)
    drawn = []
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        pool = sorted(p for p in pairs if lo <= p[2] < hi)
        chosen = rng.sample(pool, min(PER_BIN, len(pool)))
        for k, (a, b, j) in enumerate(chosen):
            drawn.append((a, b, j, "dev" if k % 2 == 0 else "test"))
    return drawn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="also write the pairs' texts here")
    args = ap.parse_args(argv)
    docs = texts()
    pairs = candidate_pairs(docs)
    drawn = draw(pairs)
    lines = [f"# Candidate near-duplicate pairs: python -m training.sample_pairs (seed {SEED})",
             "pair\tfile_a\tfile_b\tjaccard\tsplit"]
    for k, (a, b, j, split) in enumerate(drawn, 1):
        lines.append(f"p{k:03d}\t{a}\t{b}\t{j:.3f}\t{split}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    hist = defaultdict(int)
    for _, _, j in pairs:
        hist[min(int(j * 10), 9)] += 1
    print(f"{len(docs)} articles, {len(pairs)} candidate pairs; per Jaccard decile:",
          dict(sorted(hist.items())))
    print(f"{len(drawn)} pairs -> {OUT}")
    if args.texts:
        args.texts.mkdir(parents=True, exist_ok=True)
        for k, (a, b, _j, _s) in enumerate(drawn, 1):
            (args.texts / f"p{k:03d}.txt").write_text(
                f"=== A: {a} ({docs[a][1]})\n\n{docs[a][0]}\n\n=== B: {b} ({docs[b][1]})\n\n"
                f"{docs[b][0]}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
