"""Draw the blind English actor-evaluation sample from news-en-ukraine.jsonl (fixed seed).

    python -m training.sample_blind_en              # -> training/eval/actors_blind_en_sample.tsv
    python -m training.sample_blind_en --texts DIR  # also one .txt per drawn article

Drawn once, before any English actor code was changed (2026-12-02): 64 articles of
news-en-ukraine.jsonl, 60-1,200 words, 16 per media_country group (GB, US, PL, UA+BY) so
every kind of outlet is there, alternating dev / test within each group.  Articles in
../shared/data/reserved.txt and in the topic and language samples are never drawn.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from training.sample_blind import ROOT
from training.sample_topics import CORPORA, OUT2, SAMPLE_PATH, excluded, sample_keys

OUT = SAMPLE_PATH.parent / "actors_blind_en_sample.tsv"
SEED = 20261206
PER_GROUP = 16
GROUPS = {"GB": "GB", "US": "US", "PL": "PL", "UA": "UA+BY", "BY": "UA+BY"}
MIN_WORDS, MAX_WORDS = 60, 1200


def draw() -> list[dict]:
    corpus = "news-en-ukraine.jsonl"
    skip = excluded() | sample_keys(SAMPLE_PATH, OUT2)
    pools: dict[str, list[dict]] = {}
    seen = set()
    for line in (CORPORA / corpus).open(encoding="utf-8"):
        rec = json.loads(line)
        n = len(rec["text"].split())
        if (corpus, rec["file"]) in skip or rec["text"] in seen or not MIN_WORDS <= n <= MAX_WORDS:
            continue
        seen.add(rec["text"])
        group = GROUPS.get(rec.get("media_country", ""), "")
        if group:
            pools.setdefault(group, []).append(rec)
    rng = random.Random(SEED)
    drawn = []
    for group in sorted(pools):
        pool = sorted(pools[group], key=lambda r: r["file"])
        for i, rec in enumerate(rng.sample(pool, min(PER_GROUP, len(pool)))):
            drawn.append({**rec, "section": group, "split": "dev" if i % 2 == 0 else "test"})
    return drawn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="also write each article's text here")
    args = ap.parse_args(argv)
    drawn = draw()
    lines = [f"# Blind English actor sample: python -m training.sample_blind_en (seed {SEED})",
             "file\tsection\tsplit\tn_words\turl"]
    for r in drawn:
        lines.append(f"{r['file']}\t{r['section']}\t{r['split']}\t{len(r['text'].split())}\t")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.texts:
        args.texts.mkdir(parents=True, exist_ok=True)
        for r in drawn:
            (args.texts / f"{r['file']}.txt").write_text(r["text"], encoding="utf-8")
    print(f"{len(drawn)} articles -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
