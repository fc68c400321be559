"""Draw bundles of news-de-2024.jsonl articles for labelling "same story" (fixed seed).

    python -m training.sample_stories               # -> training/eval/stories_sample.tsv
    python -m training.sample_stories --texts DIR   # also one file per bundle, for reading

Drawn once, before any story code was written (2026-12-02).  A random sample of a general
news corpus holds almost no two articles of one story, so the sample is drawn in bundles:
an *anchor* article and its `NEIGHBOURS` nearest articles published within `WINDOW_DAYS`
days of it, nearest by TF-IDF cosine of title and text (scikit-learn, corpus-wide IDF) — a
candidate generator deliberately simpler than, and independent of, the clustering it
checks.  Half the anchors are drawn from all articles, half from those with at least one
neighbour at cosine >= `RICH_COSINE` (so that stories of several articles are represented);
both at random with `SEED`.  Every article is at most in one bundle; near-copies of a
bundle member (5-word-shingle Jaccard >= 0.5) are skipped, so pairs are between different
texts.  Articles of ../shared/data/reserved.txt are never drawn.  Bundles alternate dev /
test within each half.  Labels: training/eval/stories_labels.tsv (guidelines:
training/eval/GUIDELINES-stories.md).
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from training.sample_blind import ROOT
from training.sample_topics import CORPORA, RESERVED, sample_keys

OUT = ROOT / "training" / "eval" / "stories_sample.tsv"
# A second, all-dev sample drawn after the first test score (more pairs to tune on); it
# never takes an article of the first.
OUT_DEV2 = ROOT / "training" / "eval" / "stories_sample_dev2.tsv"
SEED_DEV2 = 20261213
CORPUS = "news-de-2024.jsonl"
SEED = 20261212
BUNDLES = 32
NEIGHBOURS = 5
WINDOW_DAYS = 3
RICH_COSINE = 0.25


def _date(raw: str) -> datetime | None:
    try:
        return parsedate_to_datetime(raw).replace(tzinfo=None)
    except (TypeError, ValueError):
        try:
            return datetime.fromisoformat(raw[:19])
        except ValueError:
            return None


def documents() -> list[dict]:
    """Every non-reserved, dated article, boilerplate-cleaned, one per distinct text."""
    from core.boilerplate import clean_text
    from core.ingest import article_id

    skip = {f for c, f in sample_keys(RESERVED) if c == CORPUS}
    out, seen = [], set()
    with (CORPORA / CORPUS).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["file"] in skip:
                continue
            text = clean_text(rec.get("text") or "").text
            aid = article_id(text)
            when = _date(rec.get("date") or "")
            if not text.strip() or aid in seen or when is None:
                continue
            seen.add(aid)
            out.append({"file": rec["file"], "title": (rec.get("title") or "").strip(),
                        "url": rec.get("url") or "", "date": when, "text": text})
    return out


def draw(docs: list[dict], seed: int = SEED, all_dev: bool = False,
         taken: set[str] = frozenset()) -> list[tuple[int, str, list[int]]]:
    """(bundle number, split, [doc indices, anchor first])."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from core import near_dupes as nd

    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.05)
    X = vec.fit_transform(d["title"] + "\n" + d["text"] for d in docs)
    days = np.array([d["date"].timestamp() / 86400 for d in docs])
    sigs = nd.signatures(d["text"] for d in docs)

    def neighbours(i: int) -> list[tuple[float, int]]:
        near = np.flatnonzero(np.abs(days - days[i]) <= WINDOW_DAYS)
        near = near[near != i]
        sims = (X[near] @ X[i].T).toarray().ravel()
        order = np.argsort(-sims, kind="stable")
        return [(float(sims[k]), int(near[k])) for k in order]

    rng = random.Random(seed)
    order = list(range(len(docs)))
    rng.shuffle(order)
    used: set[int] = {i for i, d in enumerate(docs) if d["file"] in taken}
    bundles: list[tuple[int, str, list[int]]] = []
    for rich in (False, True):
        made = 0
        for i in order:
            if made == BUNDLES // 2:
                break
            if i in used:
                continue
            cands = neighbours(i)
            if rich and (not cands or cands[0][0] < RICH_COSINE):
                continue
            members = [i]
            for _sim, j in cands:
                if len(members) == NEIGHBOURS + 1:
                    break
                if j in used or any((sigs[j] == sigs[m]).mean() >= 0.5 for m in members):
                    continue
                members.append(j)
            used.update(members)
            split = "dev" if made % 2 == 0 or all_dev else "test"
            bundles.append((len(bundles) + 1, split, members))
            made += 1
    return bundles


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="also write each bundle's articles here")
    ap.add_argument("--dev2", action="store_true", help="draw the second, all-dev sample")
    args = ap.parse_args(argv)
    docs = documents()
    out, seed = (OUT_DEV2, SEED_DEV2) if args.dev2 else (OUT, SEED)
    taken = {ln.split("\t")[1] for ln in OUT.read_text(encoding="utf-8").splitlines()
             if ln.startswith("b")} if args.dev2 else set()
    bundles = draw(docs, seed, all_dev=args.dev2, taken=taken)
    prefix = "d" if args.dev2 else "b"
    lines = [f"# Story bundles: python -m training.sample_stories{' --dev2' * args.dev2} "
             f"(seed {seed})",
             "bundle\tfile\tdate\tsplit\trole"]
    for b, split, members in bundles:
        for k, i in enumerate(members):
            lines.append(f"{prefix}{b:02d}\t{docs[i]['file']}\t{docs[i]['date']:%Y-%m-%d %H:%M}\t"
                         f"{split}\t{'anchor' if k == 0 else 'neighbour'}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(docs)} articles; {len(bundles)} bundles, "
          f"{sum(len(m) for _, _, m in bundles)} articles -> {out}")
    if args.texts:
        args.texts.mkdir(parents=True, exist_ok=True)
        for b, _split, members in bundles:
            parts = []
            for k, i in enumerate(members):
                d = docs[i]
                words = d["text"].split()
                body = " ".join(words[:400]) + (" […]" if len(words) > 400 else "")
                parts.append(f"=== {chr(65 + k)}: {d['file']} | {d['date']:%Y-%m-%d %H:%M} | "
                             f"{d['url']}\nTITLE: {d['title']}\n\n{body}\n")
            (args.texts / f"{prefix}{b:02d}.txt").write_text("\n".join(parts), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
