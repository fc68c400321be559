"""Story clustering evaluation: hand-labelled bundles of news-de-2024.jsonl.

    python -m training.evaluate stories                 # ingests the corpus (minutes)
    python -m training.evaluate stories --db FILE       # reuse a store made by this command
    python -m training.evaluate stories --grid          # also the dev grid of parameters

Bundles: training/eval/stories_sample.tsv (python -m training.sample_stories); labels by
reading: training/eval/stories_labels.tsv (guidelines GUIDELINES-stories.md).  Every
non-reserved article of the corpus goes through the real ingest (default pipeline,
near-duplicates and stories included) into a store; each labelled pair of a bundle is
predicted *same story* when both articles have one story id.  Pairwise precision, recall
and F1 over the pairs within bundles (pairs across bundles are not labelled).  Parameters
are chosen on the dev bundles (``--grid``); the test bundles are reported at the settings'
values only.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from pathlib import Path

from training.sample_blind import ROOT

LABELS = ROOT / "training" / "eval" / "stories_labels.tsv"
# The second, all-dev sample (drawn after the first test score): more pairs to tune on.
LABELS_DEV2 = ROOT / "training" / "eval" / "stories_labels_dev2.tsv"
GRID = {"threshold": (0.1, 0.125, 0.15, 0.175, 0.2, 0.25),
        "actor_weight": (0.1, 0.2, 0.3, 0.4), "window": (2, 3, 4)}


def read_bundles() -> list[dict]:
    """One dict per labelled article: bundle, file, split, story (both samples)."""
    from training.sample_stories import OUT, OUT_DEV2

    labels = {}
    for path in (LABELS, LABELS_DEV2):
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or line.startswith("bundle\t") or not line.strip():
                continue
            b, f, story = line.split("\t")[:3]
            labels[(b, f)] = story.strip()
    out = []
    for path in (OUT, OUT_DEV2):
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or line.startswith("bundle\t"):
                continue
            b, f, _date, split, _role = line.split("\t")
            if (b, f) in labels:
                out.append({"bundle": b, "file": f, "split": split.strip(),
                            "story": labels[(b, f)]})
    return out


def build_store(path: Path) -> Path:
    """Ingest the corpus's non-reserved articles into `path` (one record per line of a
    filtered copy next to it, so a locator names its corpus file)."""
    from core.ingest import Engine, ingest
    from core.store import Store
    from training.sample_stories import CORPUS
    from training.sample_topics import CORPORA, RESERVED, sample_keys

    skip = {f for c, f in sample_keys(RESERVED) if c == CORPUS}
    src = path.with_suffix(".jsonl")
    with (CORPORA / CORPUS).open(encoding="utf-8") as fh, src.open("w", encoding="utf-8") as out:
        for line in fh:
            if json.loads(line)["file"] not in skip:
                out.write(line)
    with Store(path) as store:
        report = ingest([str(src)], store, engine=Engine())
    print(f"ingested {report.added} articles into {path}")
    return path


def file_ids(store, jsonl: Path) -> dict[str, str]:
    """corpus file name -> stored article id (through the article_sources locators)."""
    by_line = {}
    with jsonl.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            by_line[f"{jsonl}:{n}"] = json.loads(line)["file"]
    out = {}
    for aid, loc in store.conn.execute("SELECT article_id, locator FROM article_sources"):
        if loc in by_line:
            out.setdefault(by_line[loc], aid)
    return out


def pair_scores(rows: list[dict], story_of: dict[str, str], split: str) -> tuple[int, int, int]:
    by_bundle = defaultdict(list)
    for r in rows:
        if r["split"] == split:
            by_bundle[r["bundle"]].append(r)
    tp = fp = fn = 0
    for members in by_bundle.values():
        for a, b in itertools.combinations(members, 2):
            gold = a["story"] == b["story"]
            pred = story_of[a["file"]] == story_of[b["file"]]
            tp += gold and pred
            fp += pred and not gold
            fn += gold and not pred
    return tp, fp, fn


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f} (TP {tp}, FP {fp}, FN {fn})"


def stories_for(store, params, arts) -> dict[str, str]:
    """article id -> story id, clustering the whole store with `params` (nothing written)."""
    from core import story_assign

    return dict(zip(arts["article_id"], story_assign.cluster(store, arts, params),
                    strict=True))


def evaluate(db: Path | None = None, grid: bool = False) -> str:
    import tempfile

    from core import story_assign
    from core.store import Store

    rows = read_bundles()
    tmp, reuse = None, db is not None and db.exists()
    if db is None or not db.exists():
        if db is None:
            tmp = tempfile.TemporaryDirectory()
            db = Path(tmp.name) / "stories.db"
        build_store(db)
    try:
        with Store(db) as store:
            ids = file_ids(store, db.with_suffix(".jsonl"))
            missing = [r["file"] for r in rows if r["file"] not in ids]
            if missing:
                raise SystemExit(f"{len(missing)} sampled articles are not in {db}: "
                                 f"{missing[:3]}")
            if reuse:  # clustered anew with the current settings, as an ingest would
                story_assign.update(store, None)
            stored = dict(store.conn.execute("SELECT article_id, story FROM articles"))
            lines = [f"story pairs: {len(rows)} articles in "
                     f"{len({r['bundle'] for r in rows})} bundles; same story = one story id"]
            params = story_assign.params()
            for split in ("dev", "test"):
                tp, fp, fn = pair_scores(
                    rows, {r["file"]: stored[ids[r["file"]]] or ids[r["file"]] for r in rows},
                    split)
                lines.append(f"  as ingested ({params}): {split} {_prf(tp, fp, fn)}")
            if grid:
                from core.stories import Params

                arts = store.story_articles(None)
                for t, w, win in itertools.product(*GRID.values()):
                    p = Params(threshold=t, actor_weight=w, window=win)
                    story = stories_for(store, p, arts)
                    tp, fp, fn = pair_scores(rows, {r["file"]: story[ids[r["file"]]]
                                                    for r in rows}, "dev")  # both samples
                    lines.append(f"  grid threshold {t:.2f} actors {w:.1f} window {win}: "
                                 f"dev {_prf(tp, fp, fn)}")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return "\n".join(lines)
