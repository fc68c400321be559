"""Full-text search latency: the 20 representative reader queries against a store.

Each query runs through `core.store.Store.search` exactly as the Reader page asks for a
result page (first 10 hits by relevance with snippets, plus the total count), repeated
`repeats` times; median and p95 are over all query × repetition samples.  A second
series restricts the search to the articles of an actor filter (the `ids` argument the
reader passes when sidebar filters are set).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.dashboard_bench import QUERIES, _stats
from core.store import Store


def measure(db: Path, repeats: int = 5, log=print) -> dict:
    out: dict = {"db": str(db), "queries": QUERIES, "repeats": repeats}
    with Store(db, readonly=True) as store:
        out["n_articles"] = store.count()
        actor = store.actors()["actor"].iloc[0]
        ids = [r[0] for r in store.conn.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE actor = ?", (actor,))]
        for label, restrict in (("all articles", None), (f"within actor filter ({actor}, "
                                                         f"{len(ids):,} articles)", ids)):
            samples, per_query = [], {}
            for q in QUERIES:
                store.search(q, limit=10, ids=restrict)  # first touch: page cache
                qs = []
                for _ in range(repeats):
                    started = time.perf_counter()
                    _, total = store.search(q, limit=10, ids=restrict)
                    qs.append(time.perf_counter() - started)
                samples += qs
                per_query[q] = {**_stats(qs), "hits": total}
            out[label] = {"overall": _stats(samples), "per_query": per_query}
            log(f"  search {label}: {out[label]['overall']}")
    return out
