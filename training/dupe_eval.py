"""Near-duplicate evaluation: labelled candidate pairs of news-de-2024.jsonl.

    python -m training.evaluate dupes          # P/R of "same article" per threshold and split

Pairs: training/eval/dupes_sample.tsv (python -m training.sample_pairs); labels by reading:
training/eval/dupes_labels.tsv (guidelines GUIDELINES-dupes.md; ``unsure`` pairs left out).
The corpus's non-reserved articles (boilerplate-cleaned, one per distinct text, as the
sampler saw them) are written into a temporary store in file order and grouped by the real
code (core.dedupe.regroup_store); a pair is predicted *same* when both articles end up in
one group.  Thresholds are chosen on the dev half; the test half is reported.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from training.sample_blind import ROOT

LABELS = ROOT / "training" / "eval" / "dupes_labels.tsv"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def read_pairs() -> list[dict]:
    from training.sample_pairs import OUT

    labels = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("pair\t") or not line.strip():
            continue
        parts = line.split("\t")
        labels[parts[0]] = parts[1].strip()
    out = []
    for line in OUT.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("pair\t"):
            continue
        pair, a, b, j, split = line.split("\t")
        out.append({"pair": pair, "a": a, "b": b, "jaccard": float(j), "split": split.strip(),
                    "label": labels.get(pair, "")})
    return out


def _source(url: str) -> str:
    """The outlet as ingest names it for these records (core.readers: the URL's host)."""
    from urllib.parse import urlparse

    return urlparse(url.strip()).netloc.lower().removeprefix("www.")


def groups(docs: dict[str, tuple[str, str]], limit: float) -> dict[str, str]:
    """file -> its group's representative file, by the real grouping code."""
    from core import dedupe
    from core.ingest import article_id
    from core.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "pairs.db") as store:
        ids = {}
        with store.conn:
            for file, (text, url) in docs.items():
                aid = article_id(text)
                ids[file] = aid
                store.conn.execute(
                    "INSERT INTO articles (article_id, title, text, published, date_precision, "
                    "language, source, url, n_words, pipeline, ingested_at) "
                    "VALUES (?, '', ?, '', 'unknown', 'de', ?, ?, 0, '', '')",
                    (aid, text, _source(url), url))
        dedupe.regroup_store(store, limit)
        root = dict(store.conn.execute(
            "SELECT article_id, CASE copy_of WHEN '' THEN article_id ELSE copy_of END "
            "FROM articles").fetchall())
    return {f: root[a] for f, a in ids.items()}


def evaluate() -> str:
    from training.sample_pairs import texts

    pairs = [p for p in read_pairs() if p["label"] in ("same", "different")]
    unsure = sum(1 for p in read_pairs() if p["label"] not in ("same", "different"))
    docs = texts()
    lines = [f"near-duplicate pairs: {len(pairs)} labelled ({unsure} unsure or unlabelled left "
             "out); same article = both in one group"]
    for limit in THRESHOLDS:
        root = groups(docs, limit)
        row = [f"  threshold {limit:.1f}:"]
        for split in ("dev", "test"):
            tp = fp = fn = 0
            for p in (p for p in pairs if p["split"] == split):
                pred = root[p["a"]] == root[p["b"]]
                gold = p["label"] == "same"
                tp += pred and gold
                fp += pred and not gold
                fn += gold and not pred
            prec = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            row.append(f"{split} P {prec:.3f} R {rec:.3f} (TP {tp}, FP {fp}, FN {fn})")
        lines.append("  ".join(row))
    return "\n".join(lines)
