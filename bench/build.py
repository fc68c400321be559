"""Benchmark stores: real ingest of the distinct base texts once, then faithful clones.

Ingesting 100,000 articles through the NLP pipeline takes 20+ minutes on two cores, and
most of them are re-dated copies of ~7,500 real texts whose NLP output is identical.
So a store of N articles is built in two steps:

1. **base store**: the distinct base texts go through the real ingest (`core.ingest`),
   once per machine (cached under bench/out/, keyed on the base texts and the pipeline).
2. **clone**: for every record of the generated corpus, the base article's row, its
   mentions and topics are copied in SQL under the record's own article_id, date,
   source, url and locator; copies get the marked suffix appended to their text (the
   mention offsets are unchanged, since it is at the end).  The FTS5 index is filled
   from the articles table exactly as `Store.write` does, and the `actors` summary is
   computed by the real `core.actors.summarise_actors` over the cloned mentions.

Dates, ids and n_words of a record are computed with the ingest's own functions
(`core.ingest.article_id`, `core.dates.resolve` over metadata + header + text
statements), so the clone holds what a real ingest of the corpus file would hold;
`tests/test_bench.py` checks that against a real ingest of a small corpus.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from bench.corpus import Base
from core import actors as actors_mod
from core import dates
from core.crisis import MIN_WORDS as CRISIS_MIN_WORDS
from core.ingest import Engine, article_id, ingest
from core.store import Store
from core.topics import MIN_WORDS

BASE_FIELDS = ("text", "title", "date", "url", "source", "lang")


def base_records(bases: list[Base]) -> Iterable[dict]:
    """The base texts as jsonl records, with the same fields the generated corpus uses."""
    from bench.corpus import _host

    for b in bases:
        rec = b.record
        yield {"text": rec["text"], "title": rec.get("title") or "",
               "date": rec.get("date") or rec.get("seendate") or "",
               "url": rec.get("url") or "",
               "source": _host(rec.get("url") or "") or f"bench-{b.lang}", "lang": b.lang}


def scoring_fingerprint() -> bytes:
    """What sections, crisis relevance and topics depend on besides the NER pipeline: the
    taxonomy, cue-word and crisis files and the section model.  Part of the cache key, so a
    cached base store scored by older rules is never reused."""
    from core import crisis, sections, topics

    h = hashlib.sha1()
    for path in (topics.TAXONOMY_PATH, sections.CUES_PATH, crisis.CRISIS_PATH,
                 sections.MODEL_DIR / "meta.json"):
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.digest()


def bases_key(bases: list[Base], pipeline: str) -> str:
    h = hashlib.sha1(pipeline.encode())
    h.update(scoring_fingerprint())
    for b in bases:
        h.update(b.base_id.encode())
    return h.hexdigest()[:12]


def ensure_base_store(bases: list[Base], out_dir: Path, *, log=print) -> Path:
    """Ingest the base texts through the real pipeline unless already done (cached)."""
    from bench.corpus import write_corpus

    # Two processes: the same result as one (tests/test_ingest.py), in less time.
    engine = Engine(n_process=2)
    names = sorted({engine.pipeline_for(lang)[1] for lang in ("de", "en")})
    key = bases_key(bases, ",".join(names))
    db = out_dir / f"base-{key}.db"
    if db.exists():
        return db
    src = out_dir / f"base-{key}.jsonl"
    write_corpus(base_records(bases), src)
    tmp = db.with_name(db.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    log(f"ingesting {len(bases):,} base texts through the real pipeline ({', '.join(names)}) "
        f"into {db} (once per machine)…")
    started = time.perf_counter()
    with Store(tmp, create=True) as store:
        report = ingest([str(src)], store, engine=engine)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.replace(db)
    log(f"  base store: {report.added:,} added, {report.duplicates} duplicates, "
        f"{report.rejected} rejected in {time.perf_counter() - started:.0f} s")
    return db


def stored_base_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT article_id FROM articles")}


class _DateCache:
    """Header and in-text date candidates per base text (they do not change with copies)."""

    def __init__(self):
        self._cache: dict[str, tuple] = {}

    def resolve(self, base_id: str, text: str, date_value: str) -> dates.ResolvedDate:
        if base_id not in self._cache:
            header, body = dates.split_header(text)
            self._cache[base_id] = (header, dates.dates_in_text(body))
        header, in_text = self._cache[base_id]
        meta = dates.parse_date_value(date_value) if date_value else None
        return dates.resolve([c for c in (meta, header) if c] + list(in_text))


def plan(records: Iterable[dict], bases: list[Base], locator_prefix: str) -> pd.DataFrame:
    """One row per record: its new id and article fields, and the base it is cloned from."""
    cache = _DateCache()
    rows = []
    for lineno, rec in enumerate(records, start=1):
        base = bases[rec["bench_base"]]
        k = rec["bench_copy"]
        text = rec["text"]
        when = cache.resolve(base.base_id, base.record["text"], rec["date"])
        suffix = text[len(base.record["text"].rstrip()):] if k else ""
        rows.append((
            lineno, article_id(dates.split_header(text)[1]) if k else base.base_id,
            base.base_id, suffix, len(suffix.split()),
            when.published, when.precision,
            when.start.isoformat() if when.start else None,
            when.end.isoformat() if when.end else None,
            rec["source"], rec["url"], f"{locator_prefix}:{lineno}",
        ))
    return pd.DataFrame(rows, columns=[
        "seq", "new_id", "base_id", "suffix", "extra_words", "published", "date_precision",
        "date_start", "date_end", "source", "url", "locator"])


def clone_store(records: Iterable[dict], bases: list[Base], base_db: Path, out_db: Path, *,
                corpus_path: Path, log=print) -> dict:
    """Build `out_db` holding the corpus `records` by cloning rows of `base_db` (see module)."""
    started = time.perf_counter()
    p = plan(records, bases, str(corpus_path))
    if p["new_id"].duplicated().any():
        raise RuntimeError("generated corpus has colliding article ids")
    tmp = out_db.with_name(out_db.name + ".part")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    store = Store(tmp, create=True)
    conn = store.conn
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("ATTACH DATABASE ? AS base", (str(base_db),))
    p.to_sql("plan", conn, if_exists="replace", index=False)
    conn.execute("CREATE INDEX plan_base ON plan(base_id)")
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    missing = conn.execute(
        "SELECT count(*) FROM plan WHERE base_id NOT IN (SELECT article_id FROM base.articles)"
    ).fetchone()[0]
    if missing:
        raise RuntimeError(f"{missing} records have no base article in {base_db}")
    with conn:
        conn.execute(
            "INSERT INTO articles SELECT p.new_id, b.title, b.text || p.suffix, p.published, "
            "p.date_precision, p.date_start, p.date_end, b.language, p.source, p.url, "
            "b.n_words + p.extra_words, 1, b.pipeline, :now, b.section, "
            # Relevance is evidence per 1,000 words (core.crisis): the copy has more words.
            "b.crisis * max(b.n_words, :c) / max(b.n_words + p.extra_words, :c), b.country, "
            # Near-duplicate groups and stories are not cloned: they are computed on the
            # clone after it is built (see below).
            "'', 0, '' "
            "FROM plan p JOIN base.articles b ON b.article_id = p.base_id ORDER BY p.seq",
            {"now": now, "c": CRISIS_MIN_WORDS})
        conn.execute("INSERT INTO article_sources SELECT new_id, locator FROM plan")
        conn.execute(
            'INSERT INTO mentions SELECT p.new_id, m.actor, m.actor_type, m.label, m.surface, '
            'm.start, m."end" FROM plan p JOIN base.mentions m ON m.article_id = p.base_id '
            "ORDER BY p.seq, m.rowid")
        # A score is (section-weighted) keyword hits per 1,000 words (core.topics): the
        # copy's score is the base score scaled by the ratio of the word counts.
        conn.execute(
            "INSERT INTO topics SELECT p.new_id, t.topic, CASE WHEN p.extra_words = 0 THEN "
            "t.score ELSE t.score * max(b.n_words, :m) / max(b.n_words + p.extra_words, :m) END "
            "FROM plan p JOIN base.topics t ON t.article_id = p.base_id "
            "JOIN base.articles b ON b.article_id = p.base_id", {"m": MIN_WORDS})
        # Same statement shape as Store.write: FTS rows share the article's rowid.
        conn.execute("INSERT INTO articles_fts(rowid, title, text) "
                     "SELECT rowid, title, text FROM articles")
        for (name,) in conn.execute("SELECT DISTINCT pipeline FROM articles").fetchall():
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, 'used')", (f"pipeline:{name}",))
        conn.execute(
            "INSERT INTO ingest_runs(started, finished, paths, pipeline, seen, added, duplicates,"
            " rejected) VALUES (?, ?, ?, 'bench-clone', ?, ?, 0, 0)",
            (now, now, str(corpus_path), len(p), len(p)))
        conn.execute("DROP TABLE plan")
    conn.commit()
    conn.execute("DETACH DATABASE base")
    store.replace_actors(actors_mod.summarise_actors(store.mentions()))
    conn.execute("PRAGMA optimize")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = {t: store.count(t) for t in ("articles", "mentions", "topics", "actors")}
    store.close()
    tmp.replace(out_db)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    counts["copies"] = int((p["suffix"] != "").sum())
    log(f"  cloned store {out_db.name}: {counts}")
    return counts


def read_jsonl(path: Path) -> Iterable[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def ensure_groups(db: Path, log=print) -> dict:
    """Near-duplicate groups and stories of a cloned store (clones are not grouped when
    cloned), computed once by the real commands' code; returns their timings."""
    from core import dedupe, story_assign

    with Store(db) as store:
        done = store.meta().get("bench_groups")
        if done:
            return json.loads(done)
        started = time.perf_counter()
        n, copies = dedupe.regroup_store(store, dedupe.threshold())
        grouped = time.perf_counter() - started
        started = time.perf_counter()
        story_assign.update(store, None)
        clustered = time.perf_counter() - started
        out = {"articles": n, "near_copies": copies, "dedupe_s": round(grouped, 1),
               "stories": store.count_stories(), "stories_s": round(clustered, 1)}
        store.set_meta("bench_groups", json.dumps(out))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log(f"grouped near-duplicates and stories of {db.name}: {out}")
    return out
