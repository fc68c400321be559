"""Sections, crisis topics and crisis relevance on the hand-labelled topic sample.

    python -m training.evaluate topics        # dev and frozen test half
    python -m training.evaluate topics -v     # also the dev half's errors

The 192 articles of training/eval/topics_sample.tsv (160 German of news-de-2024 by weak URL
section, 32 English of news-en-ukraine; drawn before any topic code changed) go through the
real ingest (core.ingest) into a temporary store; what the store says is compared with
training/eval/topics_labels.tsv (labelled by careful reading, GUIDELINES-topics.md):

- **section**: accuracy and per-section F1 (gold: one section per article);
- **topics**: per crisis topic P/R/F1 of "the article carries the topic" (core.topics'
  assigned topics, any rank) against the labelled topic set;
- **crisis**: P/R/F1 of the crisis flag against "about the Russia-Ukraine crisis".

A second sample, all dev (training/eval/topics_labels_dev2.tsv, 192 more articles, drawn and
labelled after the first results), is reported as "dev2".  Errors are listed for the dev
halves only: the test half is frozen (its scores are reported, its individual errors are never
looked at).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from training.sample_topics import CORPORA, SAMPLE_PATH

LABELS_PATH = SAMPLE_PATH.parent / "topics_labels.tsv"
# The second sample (python -m training.sample_topics --second-dev): all dev, split "dev2".
DEV2_LABELS_PATH = SAMPLE_PATH.parent / "topics_labels_dev2.tsv"
TOPICS = (
    "diplomacy",
    "military",
    "economy_sanctions",
    "energy",
    "humanitarian_refugees",
    "domestic_politics",
)


def read_labels(path: Path = LABELS_PATH, *, with_dev2: bool = True
                ) -> dict[tuple[str, str], dict]:
    out = {}
    if with_dev2 and path == LABELS_PATH and DEV2_LABELS_PATH.is_file():
        out.update({k: {**v, "split": "dev2"}
                    for k, v in read_labels(DEV2_LABELS_PATH, with_dev2=False).items()})
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        topics = set() if row["topics"] in ("-", "") else set(row["topics"].split(";"))
        out[(row["corpus"], row["file"])] = {
            "split": row["split"],
            "section": row["section"],
            "topics": topics,
            "crisis": row["crisis"] == "1",
        }
    return out


def predict(keys: set[tuple[str, str]], pipeline: str | None = None) -> dict:
    """Ingest the sample; {(corpus, file): {"section", "topics", "crisis", "title"}}."""
    from core.ingest import Engine, ingest
    from core.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        paths, where = [], {}
        for corpus in sorted({c for c, _ in keys}):
            path = Path(tmp) / corpus
            n = 0
            with (CORPORA / corpus).open(encoding="utf-8") as src, path.open("w") as dst:
                for line in src:
                    rec = json.loads(line)
                    if (corpus, rec.get("file")) in keys and (
                        corpus,
                        rec["file"],
                    ) not in where.values():
                        n += 1
                        dst.write(json.dumps(rec, ensure_ascii=False) + "\n")
                        where[f"{path}:{n}"] = (corpus, rec["file"])
            paths.append(str(path))
        with Store(Path(tmp) / "eval.db") as store:
            ingest(paths, store, engine=Engine(prefer=pipeline))
            arts = store.articles(with_text=False)
            topics = store.topics()
            located = store.conn.execute(
                "SELECT article_id, locator FROM article_sources"
            ).fetchall()
    from core.topics import assigned_topics

    assigned = assigned_topics(topics)
    key_of = {}
    for aid, loc in located:
        if loc in where:
            key_of[aid] = where[loc]
    out = {}
    for row in arts.itertuples(index=False):
        key = key_of.get(row.article_id)
        if key is None:
            continue
        names = assigned.get(row.article_id, "")
        out[key] = {
            "section": getattr(row, "section", ""),
            "topics": set(names.split(";")) - {""} if names else set(),
            "crisis": bool(getattr(row, "crisis", False)),
            "title": row.title,
        }
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: dict, pred: dict, split: str) -> tuple[list[str], list[str]]:
    keys = [k for k, g in gold.items() if g["split"] == split]
    lines, errors = [], []
    missing = [k for k in keys if k not in pred]
    if missing:
        lines.append(f"  {len(missing)} articles not stored (rejected?): {missing[:3]}")
    keys = [k for k in keys if k in pred]
    # sections
    ok = sum(pred[k]["section"] == gold[k]["section"] for k in keys)
    lines.append(f"  section accuracy {ok / len(keys):.3f}  ({ok}/{len(keys)})")
    for lang, corpus in (("de", "news-de-2024.jsonl"), ("en", "news-en-ukraine.jsonl")):
        sub = [k for k in keys if k[0] == corpus]
        if sub:
            n_ok = sum(pred[k]["section"] == gold[k]["section"] for k in sub)
            lines.append(f"    {lang}: {n_ok / len(sub):.3f} ({n_ok}/{len(sub)})")
    sections = sorted({gold[k]["section"] for k in keys} | {pred[k]["section"] for k in keys})
    cells = []
    for s in sections:
        tp = sum(pred[k]["section"] == s and gold[k]["section"] == s for k in keys)
        fp = sum(pred[k]["section"] == s and gold[k]["section"] != s for k in keys)
        fn = sum(pred[k]["section"] != s and gold[k]["section"] == s for k in keys)
        cells.append(f"{s or '(none)'} {_prf(tp, fp, fn)[2]:.2f}")
    lines.append("    F1: " + ", ".join(cells))
    # topics
    lines.append(f"  {'topic':24} {'P':>5} {'R':>5} {'F1':>5}  gold pred")
    for t in TOPICS:
        tp = sum(t in pred[k]["topics"] and t in gold[k]["topics"] for k in keys)
        fp = sum(t in pred[k]["topics"] and t not in gold[k]["topics"] for k in keys)
        fn = sum(t not in pred[k]["topics"] and t in gold[k]["topics"] for k in keys)
        p, r, f = _prf(tp, fp, fn)
        lines.append(f"  {t:24} {p:5.2f} {r:5.2f} {f:5.2f}  {tp + fn:4} {tp + fp:4}")
    # crisis
    tp = sum(pred[k]["crisis"] and gold[k]["crisis"] for k in keys)
    fp = sum(pred[k]["crisis"] and not gold[k]["crisis"] for k in keys)
    fn = sum(not pred[k]["crisis"] and gold[k]["crisis"] for k in keys)
    p, r, f = _prf(tp, fp, fn)
    lines.append(
        f"  {'crisis (Russia-Ukraine)':24} {p:5.2f} {r:5.2f} {f:5.2f}  {tp + fn:4} {tp + fp:4}"
    )
    # crisis topics on articles the annotators filed under sports/culture/panorama
    soft = [k for k in keys if gold[k]["section"] in ("sports", "culture", "panorama")]
    with_topic = sum(bool(pred[k]["topics"]) for k in soft)
    lines.append(
        f"  sports/culture/panorama articles with a crisis topic: {with_topic}/{len(soft)}"
    )
    for k in keys:
        g, p = gold[k], pred[k]
        if g["section"] != p["section"]:
            errors.append(
                f"SECTION {k[1]}: gold {g['section']}, got {p['section'] or '-'}"
                f"  | {p['title'][:60]}"
            )
        for t in sorted(g["topics"] ^ p["topics"]):
            kind = "FN" if t in g["topics"] else "FP"
            errors.append(f"TOPIC {kind} {t:22} {k[1]}  | {p['title'][:60]}")
        if g["crisis"] != p["crisis"]:
            errors.append(f"CRISIS {'FN' if g['crisis'] else 'FP'} {k[1]}  | {p['title'][:60]}")
    return lines, errors


def evaluate(pipeline: str | None = None, verbose: bool = False) -> str:
    gold = read_labels()
    pred = predict(set(gold), pipeline)
    out = [f"Topic sample: {len(gold)} articles, {len(pred)} stored"]
    counts = Counter(g["split"] for g in gold.values())
    for split in [s for s in ("dev", "dev2", "test") if counts[s]]:
        lines, errors = score(gold, pred, split)
        out.append(
            f"\n{split} half ({counts[split]} articles)" + (" — frozen" if split == "test" else "")
        )
        out += lines
        if verbose and split in ("dev", "dev2"):
            out.append("  dev errors:")
            out += ["    " + e for e in errors]
    return "\n".join(out)
