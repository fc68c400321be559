"""The corpus store: one SQLite file (WAL mode) with an FTS5 index for the reader.

This module and the readers are the only places that do I/O.  Frames go in and
come out conforming to `core.schema`; SQL stays in here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from core import schema, search_terms
from core.search_terms import SearchError

SCHEMA_VERSION = "1"
FRAMES_VERSION = "6"  # bump when the snapshot's layout or the frames' dtypes change

_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    language TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    n_words INTEGER NOT NULL,
    n_copies INTEGER NOT NULL DEFAULT 1,
    pipeline TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    crisis REAL NOT NULL DEFAULT 0,
    country TEXT NOT NULL DEFAULT '',
    copy_of TEXT NOT NULL DEFAULT '',
    similarity REAL NOT NULL DEFAULT 0,
    story TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_start ON articles(date_start);
CREATE TABLE IF NOT EXISTS article_sources (
    article_id TEXT NOT NULL,
    locator TEXT NOT NULL,
    PRIMARY KEY (article_id, locator)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_type TEXT NOT NULL,
    label TEXT NOT NULL,
    surface TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor, article_id);
CREATE TABLE IF NOT EXISTS topics (
    article_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (article_id, topic)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS topics_topic ON topics(topic);
CREATE TABLE IF NOT EXISTS actors (
    actor TEXT PRIMARY KEY,
    actor_type TEXT NOT NULL,
    n_mentions INTEGER NOT NULL,
    n_articles INTEGER NOT NULL,
    aliases TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    paths TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    seen INTEGER, added INTEGER, duplicates INTEGER, rejected INTEGER
);
CREATE TABLE IF NOT EXISTS rejections (
    run_id INTEGER NOT NULL,
    locator TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS minhash (
    article_id TEXT PRIMARY KEY,
    sig BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS minhash_bands (band INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS minhash_bands_band ON minhash_bands(band);
CREATE TABLE IF NOT EXISTS paragraph_df (key INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mention_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL
);
-- Feeds, web pages and watched folders (core.feeds, core.web, core.watch).  Times are
-- Unix seconds (UTC); 0 = never.
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    interval_minutes REAL NOT NULL DEFAULT 0,
    etag TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL DEFAULT '',
    next_due REAL NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    last_checked REAL NOT NULL DEFAULT 0,
    last_ok REAL NOT NULL DEFAULT 0,
    last_new REAL NOT NULL DEFAULT 0,
    items INTEGER NOT NULL DEFAULT 0,
    added_at REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed_url TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    next_try REAL NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '',
    seen_at REAL NOT NULL,
    PRIMARY KEY (feed_url, entry_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS web_pages (
    url TEXT PRIMARY KEY,
    article_id TEXT NOT NULL DEFAULT '',
    fetched_url TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    etag TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL DEFAULT '',
    meta TEXT NOT NULL DEFAULT '{}',
    html BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS web_pages_article ON web_pages(article_id);
CREATE TABLE IF NOT EXISTS folder_files (
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    read_at REAL NOT NULL,
    PRIMARY KEY (path, size, mtime_ns)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
"""
# The search index's tokenizer is FTS5's default, unicode61 with remove_diacritics 1: it
# already ignores case and accents ("Orban" finds "Orbán", "Munchen" "München"), but not
# ß/ss or ä/ae: core.search_terms searches those spellings both ways.


_ARTICLE_COLUMNS = (
    "article_id, title, text, published, date_precision, date_start, date_end, language, "
    "source, url, n_words, n_copies, pipeline, ingested_at, section, crisis, country, "
    "copy_of, similarity, story"
)


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why and what to do."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A corpus in one SQLite file.  Use as a context manager or call close()."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True, readonly: bool = False):
        self.path = Path(path)
        self._fingerprint: str | None = None
        # Where each whole-corpus frame last came from: "snapshot", "patched" or "database".
        self.frame_source: dict[str, str] = {}
        if not self.path.exists():
            if not create or readonly:
                raise StoreError(f"no database at {self.path}: ingest articles first")
            parent = self.path.parent if str(self.path.parent) else Path(".")
            if not parent.is_dir():
                raise StoreError(f"cannot create database {self.path}: folder {parent} is missing")
            if not os.access(parent, os.W_OK):
                raise StoreError(
                    f"cannot create database {self.path}: folder {parent} is not writable"
                )
        elif self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file")
        elif self.path.is_file() and self.path.stat().st_size == 0:
            # SQLite would silently make any empty file a database: a typo'd --db (an
            # empty file of something else) must not become one.
            raise StoreError(f"{self.path} is an empty file, not a database: delete it or "
                             "point --db at another file")
        try:
            if readonly:
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
            self._setup(readonly)
        except sqlite3.DatabaseError as exc:
            folder = self.path.parent if str(self.path.parent) else Path(".")
            if not os.access(folder, os.W_OK) and "unable to open" in str(exc):
                # SQLite writes its -wal/-shm files beside the database, also to read it.
                raise StoreError(
                    f"cannot use {self.path}: its folder {folder} is read-only and SQLite "
                    "needs to write its journal files beside it; copy the database to a "
                    "writable folder") from None
            raise StoreError(
                f"{self.path} is not a usable Crisis Monitor database ({exc}); "
                "point --db at another file or delete this one to rebuild it"
            ) from None

    def _setup(self, readonly: bool) -> None:
        conn = self.conn
        # Reading the schema first makes a non-database file fail here, cleanly.
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        ours = "meta" in tables and conn.execute(
            "SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone() is not None
        if tables and not ours:
            if {"meta", "articles"} <= tables:
                # Ours, but its creation was cut off (a full disk) before it was finished.
                raise StoreError(f"{self.path} is an incomplete Crisis Monitor database (its "
                                 "creation was interrupted): delete it and ingest again")
            # Another program's database: never add our tables to it.
            raise StoreError(f"{self.path} is not a Crisis Monitor database (an SQLite "
                             "database of another program): point --db at another file")
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            if not tables:
                # A new database: every table and the version in one transaction, so a full
                # disk or a kill leaves an empty file, never half a schema.
                conn.executescript(
                    "BEGIN;\n" + _DDL + "\nINSERT INTO meta VALUES ('schema_version', '"
                    + SCHEMA_VERSION + "');\nCOMMIT;")
            else:
                conn.executescript(_DDL)  # tables added by later versions
            version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if tables:
                self._add_missing_columns()
            if version is not None and version[0] != SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} has schema version {version[0]}, this program expects "
                    f"{SCHEMA_VERSION}; re-ingest into a new database"
                )
        else:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "articles" not in tables:
                raise StoreError(
                    f"{self.path} is not a Crisis Monitor database (no articles table)"
                )
            version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if version is not None and version[0] != SCHEMA_VERSION:
                # Read-only openers (the dashboard, info, export) refuse it as ingest does.
                raise StoreError(
                    f"{self.path} has schema version {version[0]}, this program expects "
                    f"{SCHEMA_VERSION}; re-ingest into a new database"
                )
            if "articles_fts" not in tables:
                raise StoreError(f"{self.path} has lost its search index: run "
                                 "`python -m core ingest` on it once to rebuild it")
        conn.execute("PRAGMA cache_size=-65536")

    # Columns added since schema 1, with their defaults: a store written before them gets
    # them on open (cheap: SQLite adds a column without rewriting rows) and is marked as
    # needing `python -m core rescore`, which fills them from the stored texts.
    _ADDED_COLUMNS = {
        "section": "TEXT NOT NULL DEFAULT ''",
        "crisis": "REAL NOT NULL DEFAULT 0",
        # Not recomputable from stored text (it comes from the record): "" until re-ingested.
        "country": "TEXT NOT NULL DEFAULT ''",
        # Near-duplicates: `python -m core dedupe` fills them in for an older store.
        "copy_of": "TEXT NOT NULL DEFAULT ''",
        "similarity": "REAL NOT NULL DEFAULT 0",
        # Stories: `python -m core stories` (or `dedupe`) fills it in for an older store.
        "story": "TEXT NOT NULL DEFAULT ''",
    }

    _RESCORED = ("section", "crisis")  # what `python -m core rescore` fills in

    def _add_missing_columns(self) -> None:
        have = {r[1] for r in self.conn.execute("PRAGMA table_info(articles)")}
        missing = [c for c in self._ADDED_COLUMNS if c not in have]
        if not missing:
            return
        with self.conn:
            for col in missing:
                self.conn.execute(
                    f"ALTER TABLE articles ADD COLUMN {col} {self._ADDED_COLUMNS[col]}"
                )
            rescorable = set(missing) & set(self._RESCORED)
            if rescorable and self.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
                self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('needs_rescore', '1')")

    def known_words(self, words: Iterable[str]) -> set[str]:
        """Which of these index tokens (lower case, accents removed: search_terms.norm)
        occur in some article: which spelling variants are worth telling the user about."""
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.cm_vocab USING "
                          "fts5vocab(main, 'articles_fts', 'row')")  # temp: also read-only
        return {w for w in set(words) if self.conn.execute(
            "SELECT 1 FROM temp.cm_vocab WHERE term = ?", (w,)).fetchone()}

    def needs_rescore(self) -> bool:
        """True when stored articles have no section/crisis scores yet (an older store)."""
        have = {r[1] for r in self.conn.execute("PRAGMA table_info(articles)")}
        if not set(self._RESCORED) <= have:  # an older store opened read-only
            return self.count() > 0
        row = self.conn.execute("SELECT value FROM meta WHERE key='needs_rescore'").fetchone()
        return bool(row and row[0] == "1")

    def rescore(self, articles: pd.DataFrame, topics: pd.DataFrame) -> None:
        """Replace the section, crisis relevance and topics of `articles` (one transaction)."""
        schema.check(topics, "topics")
        ids = articles["article_id"].astype(str).tolist()
        with self.conn:
            self.conn.executemany(
                "UPDATE articles SET section = ?, crisis = ? WHERE article_id = ?",
                zip(articles["section"].astype(str), articles["crisis"].astype(float), ids),
            )
            self.conn.executemany("DELETE FROM topics WHERE article_id = ?", ((a,) for a in ids))
            self.conn.executemany(
                "INSERT OR REPLACE INTO topics VALUES (?,?,?)",
                topics[list(schema.TOPICS)].itertuples(index=False, name=None),
            )
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('scored_at', ?)", (_now(),))

    def iter_for_rescore(self, batch_size: int = 1000):
        """(articles with text, their mentions) in batches of stored articles, by rowid."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT rowid, article_id FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch_size),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            ids = [r[1] for r in rows]
            yield self._articles(ids=ids), self._mentions(ids)

    def finish_rescore(self) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM meta WHERE key = 'needs_rescore'")

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT article_id FROM articles WHERE article_id IN ({marks})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def add_copies(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Record (article_id, locator) sightings of stored articles; returns how many were new.

        Re-reading the same file is not a new copy; the same text from another
        file or record is, and bumps the article's n_copies.
        """
        added = 0
        with self.conn:
            for article_id, locator in pairs:
                cur = self.conn.execute(
                    "INSERT OR IGNORE INTO article_sources VALUES (?, ?)", (article_id, locator)
                )
                if cur.rowcount:
                    added += 1
                    self.conn.execute(
                        "UPDATE articles SET n_copies = n_copies + 1 WHERE article_id = ?",
                        (article_id,),
                    )
        return added

    # -- near-duplicates (core.near_dupes) --------------------------------------------------

    def near_candidates(self, band_keys: Iterable[int], before: int | None = None) -> pd.DataFrame:
        """Stored articles sharing one of these LSH band keys: article_id, sig (bytes),
        copy_of, url (one row per article); with `before`, only articles stored before that
        rowid."""
        keys = sorted(set(band_keys))
        if not keys:
            return pd.DataFrame(columns=["article_id", "sig", "copy_of", "url", "text", "source"])
        return pd.read_sql_query(
            "SELECT a.article_id, h.sig, a.copy_of, a.url, a.text, a.source FROM articles a "
            "JOIN minhash h ON h.article_id = a.article_id WHERE a.article_id IN "
            "(SELECT article_id FROM minhash_bands WHERE band IN "
            "(SELECT value FROM json_each(?))) AND a.rowid < ? ORDER BY a.rowid",
            self.conn,
            params=[pd.Series(keys, dtype="int64").to_json(orient="values"),
                    before if before is not None else 2**62],
        )

    def add_signatures(self, rows: Iterable[tuple[str, bytes, list[int]]]) -> None:
        """Store (article_id, signature blob, band keys) of new articles."""
        rows = list(rows)
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO minhash VALUES (?, ?)", [(a, b) for a, b, _ in rows])
            self.conn.executemany(
                "INSERT INTO minhash_bands VALUES (?, ?)",
                [(k, a) for a, _, keys in rows for k in keys])

    def count_paragraphs(self, keys: Iterable[int]) -> None:
        """One more article holds each of these paragraph keys (near_dupes.paragraph_keys)."""
        with self.conn:
            self.conn.executemany(
                "INSERT INTO paragraph_df VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET n = n + 1",
                [(k,) for k in keys])

    def paragraph_counts(self, keys: Iterable[int]) -> dict[int, int]:
        """How many stored articles hold each of these paragraph keys (absent: 0)."""
        keys = sorted(set(keys))
        if not keys:
            return {}
        return dict(self.conn.execute(
            "SELECT key, n FROM paragraph_df WHERE key IN (SELECT value FROM json_each(?))",
            [pd.Series(keys, dtype="int64").to_json(orient="values")]).fetchall())

    def regroup(self, old_root: str, new_root: str) -> int:
        """A newer version supersedes a group's representative: every article of the group
        (and the old representative itself) becomes a copy of `new_root`."""
        with self.conn:
            cur = self.conn.execute(
                "UPDATE articles SET copy_of = ? WHERE (copy_of = ? OR article_id = ?) "
                "AND article_id != ?", (new_root, old_root, old_root, new_root))
            self.conn.execute(
                "UPDATE articles SET similarity = 1.0 WHERE article_id = ? AND similarity = 0",
                (old_root,))
        self._fingerprint = None
        return cur.rowcount

    def articles_in_order(self, after: int, limit: int) -> pd.DataFrame:
        """rowid, article_id, text, url of stored articles after `after`, insertion order."""
        return pd.read_sql_query(
            "SELECT rowid AS rowid_, article_id, text, url, source FROM articles WHERE rowid > ? "
            "ORDER BY rowid LIMIT ?", self.conn, params=[after, limit])

    def clear_near_duplicates(self) -> None:
        """Forget every signature and group (before grouping the store anew)."""
        with self.conn:
            self.conn.execute("DELETE FROM minhash")
            self.conn.execute("DELETE FROM minhash_bands")
            self.conn.execute("DELETE FROM paragraph_df")
            self.conn.execute("UPDATE articles SET copy_of = '', similarity = 0")
        self._fingerprint = None

    def count_near_copies(self) -> int:
        """Stored articles that are a version or copy of another (copy_of set)."""
        return int(self.conn.execute(
            "SELECT count(*) FROM articles WHERE copy_of != ''").fetchone()[0])

    def set_copies(self, rows: Iterable[tuple[str, str, float]]) -> None:
        """(article_id, copy_of, similarity) for already stored articles."""
        with self.conn:
            self.conn.executemany(
                "UPDATE articles SET copy_of = ?, similarity = ? WHERE article_id = ?",
                [(c, float(sim), a) for a, c, sim in rows])
        self._fingerprint = None

    def story_articles(self, since: str | None, lead: int = 3000) -> pd.DataFrame:
        """What story clustering needs of the articles dated from `since` (ISO day; None:
        all) and of every article without a story yet: ids, titles, the first `lead`
        characters of the text, dates, copy_of and the stored story."""
        cols = ("article_id, title, substr(text, 1, ?) AS text, date_precision, date_start, "
                "date_end, copy_of, story")
        sql, params = f"SELECT {cols} FROM articles", [lead]
        if since is not None:
            sql += " WHERE date_start >= ? OR story = ''"
            params.append(since)
        df = pd.read_sql_query(sql + " ORDER BY rowid", self.conn, params=params)
        for c in ("date_start", "date_end"):
            df[c] = pd.to_datetime(df[c]).astype(schema.DATETIME)
        return df

    def set_stories(self, rows: Iterable[tuple[str, str]]) -> int:
        """(article_id, story) for stored articles; then every copy takes its
        representative's story.  Returns the number of rows changed."""
        with self.conn:
            cur = self.conn.executemany(
                "UPDATE articles SET story = ? WHERE article_id = ? AND story != ?",
                [(s, a, s) for a, s in rows])
            n = cur.rowcount
            cur = self.conn.execute(
                "UPDATE articles SET story = (SELECT r.story FROM articles r "
                "WHERE r.article_id = articles.copy_of) WHERE copy_of != '' AND story != "
                "(SELECT r.story FROM articles r WHERE r.article_id = articles.copy_of)")
            n += max(cur.rowcount, 0)
        self._fingerprint = None
        return n

    def count_terms(self, per_article: Iterable[set[str]]) -> None:
        """Add articles' distinct story words to the document frequencies (core.stories)."""
        from collections import Counter

        counts: Counter = Counter()
        n = 0
        for words in per_article:
            counts.update(words)
            n += 1
        if not n:
            return
        with self.conn:
            self.conn.executemany(
                "INSERT INTO term_df VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + "
                "excluded.n", counts.items())
            self.conn.execute(
                "INSERT INTO meta VALUES ('term_docs', ?) ON CONFLICT(key) DO UPDATE SET "
                "value = CAST(value AS INTEGER) + excluded.value", (n,))

    def clear_terms(self) -> None:
        with self.conn:
            self.conn.execute("DELETE FROM term_df")
            self.conn.execute("DELETE FROM meta WHERE key = 'term_docs'")

    def doc_freq(self, words: Iterable[str], actors: Iterable[str]):
        """core.stories.DocFreq of these words (term_df) and actors (the actor table's
        article counts), over the store's articles."""
        from core.stories import DocFreq

        def lookup(sql: str, keys: Iterable[str]) -> dict[str, int]:
            keys = list(dict.fromkeys(keys))
            out: dict[str, int] = {}
            for i in range(0, len(keys), 50_000):
                out.update(self.conn.execute(sql, (json.dumps(keys[i : i + 50_000]),)))
            return out

        n = self.conn.execute("SELECT value FROM meta WHERE key = 'term_docs'").fetchone()
        return DocFreq(
            int(n[0]) if n else 0,
            lookup("SELECT term, n FROM term_df WHERE term IN (SELECT value FROM json_each(?))",
                   words),
            lookup("SELECT actor, n_articles FROM actors WHERE actor IN "
                   "(SELECT value FROM json_each(?))", actors))

    def count_stories(self) -> int:
        """Distinct stories of the stored articles (an article without one is its own)."""
        return int(self.conn.execute(
            "SELECT count(DISTINCT CASE story WHEN '' THEN article_id ELSE story END) "
            "FROM articles").fetchone()[0])

    def write(
        self,
        articles: pd.DataFrame,
        mentions: pd.DataFrame,
        topics: pd.DataFrame,
        locators: dict[str, str],
    ) -> None:
        """Insert new articles with their mentions and topics in one transaction."""
        schema.check(articles, "articles")
        schema.check(mentions, "mentions")
        schema.check(topics, "topics")
        if articles.empty:
            return
        now = _now()
        rows = []
        for rec in articles.itertuples(index=False):
            rows.append(
                (
                    rec.article_id,
                    rec.title,
                    rec.text,
                    rec.published,
                    rec.date_precision,
                    None if pd.isna(rec.date_start) else rec.date_start.date().isoformat(),
                    None if pd.isna(rec.date_end) else rec.date_end.date().isoformat(),
                    rec.language,
                    rec.source,
                    rec.url,
                    int(rec.n_words),
                    int(rec.n_copies),
                    rec.pipeline,
                    now,
                    rec.section,
                    float(rec.crisis),
                    rec.country,
                    rec.copy_of,
                    float(rec.similarity),
                    getattr(rec, "story", "") or "",
                )
            )
        with self.conn:
            self.conn.executemany(
                "INSERT INTO articles (" + _ARTICLE_COLUMNS + ") VALUES "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            ids = [r[0] for r in rows]
            # FTS rows share the article's rowid so search results join back cheaply.
            for i in range(0, len(ids), 900):
                chunk = ids[i : i + 900]
                marks = ",".join("?" * len(chunk))
                self.conn.execute(
                    "INSERT INTO articles_fts(rowid, title, text) "
                    f"SELECT rowid, title, text FROM articles WHERE article_id IN ({marks})",
                    chunk,
                )
            self.conn.executemany(
                "INSERT OR IGNORE INTO article_sources VALUES (?, ?)",
                [(a, locators.get(a, "")) for a in ids],
            )
            self.conn.executemany(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
                mentions[list(schema.MENTIONS)].itertuples(index=False, name=None),
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO topics VALUES (?,?,?)",
                topics[list(schema.TOPICS)].itertuples(index=False, name=None),
            )

    def person_actors(self) -> pd.DataFrame:
        """Distinct (article_id, actor) of person mentions, with actor_type and `named`:
        whether the article writes the actor's given name anywhere (a surname alone that
        was linked to a full name has named = 0; for core.actors.link_across_articles)."""
        df = pd.read_sql_query(
            "SELECT article_id, actor, actor_type, "
            "MAX(instr(actor, ' ') = 0 OR "
            "    instr(surface, substr(actor, 1, instr(actor, ' ') - 1)) > 0) AS named, "
            "group_concat(DISTINCT CASE WHEN instr(surface, ' ') > 0 THEN surface END) "
            "    AS full_forms "
            "FROM mentions WHERE actor_type = 'person' GROUP BY article_id, actor",
            self.conn,
        )
        if df.empty:
            return df.drop(columns=["full_forms"])
        # A full name written in another spelling names the actor too: "Vladimir Putin" in
        # an English article is the actor "Wladimir Putin" (alias file), given name and all.
        from core.actors import spelled_alike

        unnamed = df["named"].to_numpy() == 0
        for i in unnamed.nonzero()[0]:
            forms = df.at[i, "full_forms"]
            if isinstance(forms, str) and any(
                spelled_alike(f, df.at[i, "actor"]) for f in forms.split(",")
            ):
                df.at[i, "named"] = 1
        return df.drop(columns=["full_forms"])

    def surname_like_actors(self) -> pd.DataFrame:
        """Distinct (article_id, actor, actor_type) of one-word places, organisations and
        others that are the last word of some person actor ("Wirtz" tagged a place): the
        candidates of core.actors.surnames_of_persons."""
        return pd.read_sql_query(
            "SELECT DISTINCT m.article_id, m.actor, m.actor_type FROM mentions m "
            "WHERE m.actor_type != 'person' AND instr(m.actor, ' ') = 0 AND m.actor IN ("
            "  SELECT DISTINCT substr(actor, length(rtrim(actor, replace(actor, ' ', ''))) + 1)"
            "  FROM mentions WHERE actor_type = 'person' AND instr(actor, ' ') > 0)",
            self.conn,
        )

    def retype_as_person(self, renames: Iterable[tuple[str, str, str, str]]) -> int:
        """(article_id, old actor, old type, person actor): one actor of one article
        becomes a person."""
        rows = [(new, aid, old, typ) for aid, old, typ, new in renames]
        with self.conn:
            self.conn.executemany(
                "UPDATE mentions SET actor = ?, actor_type = 'person' "
                "WHERE article_id = ? AND actor = ? AND actor_type = ?",
                rows,
            )
            self._log_mention_changes(r[1] for r in rows)
        return len(rows)

    def _log_mention_changes(self, article_ids: Iterable[str]) -> None:
        # Mentions rewritten in place (not appended): the snapshot patch re-reads these
        # articles' mentions instead of the whole table.
        self.conn.executemany("INSERT INTO mention_changes(article_id) VALUES (?)",
                              ((a,) for a in dict.fromkeys(article_ids)))

    def rename_person_actors(self, renames: Iterable[tuple[str, str, str]]) -> int:
        """(article_id, old actor, new actor): rename one person actor within one article."""
        rows = [(new, aid, old) for aid, old, new in renames]
        with self.conn:
            self.conn.executemany(
                "UPDATE mentions SET actor = ? WHERE article_id = ? AND actor = ? "
                "AND actor_type = 'person'",
                rows,
            )
            self._log_mention_changes(r[1] for r in rows)
        return len(rows)

    def replace_actors(self, actors: pd.DataFrame) -> None:
        schema.check(actors, "actors")
        with self.conn:
            self.conn.execute("DELETE FROM actors")
            self.conn.executemany(
                "INSERT INTO actors VALUES (?,?,?,?,?)",
                actors[list(schema.ACTORS)].itertuples(index=False, name=None),
            )

    def start_run(self, paths: list[str], pipeline: str) -> int:
        with self.conn:
            cur = self.conn.execute(
                "INSERT INTO ingest_runs(started, paths, pipeline) VALUES (?,?,?)",
                (_now(), "\n".join(paths), pipeline),
            )
        return int(cur.lastrowid)

    def unfinished_runs(self) -> list[tuple[int, str]]:
        """(run id, start time) of ingest runs that never finished (killed, crashed)."""
        return [(int(r), str(t)) for r, t in self.conn.execute(
            "SELECT run_id, started FROM ingest_runs WHERE finished IS NULL ORDER BY run_id")]

    def search_index_gap(self) -> tuple[int, int]:
        """(articles in the search index, articles stored): equal when the index is whole."""
        n_indexed = self.conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
        return int(n_indexed), self.count("articles")

    def recover(self) -> list[str]:
        """Bring the store back to a consistent state after something went wrong earlier:
        an ingest run that never finished (its stored batches are complete — each was one
        transaction — but the actor summary, surname links and stories were not redone) is
        finished now; a full-text index that lost step with the articles is rebuilt.
        Returns one line per repair, for the caller to say."""
        said = []
        runs = self.unfinished_runs()
        if runs:
            self.replace_actors(self.actor_summary())
            with self.conn:
                self.conn.executemany(
                    "UPDATE ingest_runs SET finished = ? WHERE run_id = ?",
                    [(_now() + " (recovered)", r) for r, _ in runs])
            said.append(f"{len(runs)} earlier ingest run(s) did not finish (from "
                        f"{runs[0][1][:19]}): the articles they stored are kept and the actor "
                        "summary was rebuilt")
        n_indexed, n_articles = self.search_index_gap()
        if n_indexed != n_articles:
            with self.conn:
                self.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
            said.append(f"the search index held {n_indexed:,} of {n_articles:,} articles: "
                        "rebuilt")
        return said

    def finish_run(
        self, run_id: int, *, seen: int, added: int, duplicates: int, rejections: list
    ) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE ingest_runs SET finished=?, seen=?, added=?, duplicates=?, rejected=? "
                "WHERE run_id=?",
                (_now(), seen, added, duplicates, len(rejections), run_id),
            )
            self.conn.executemany(
                "INSERT INTO rejections VALUES (?,?,?)",
                [(run_id, r.locator, r.reason) for r in rejections],
            )

    def set_meta(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # -- reading ---------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta"))

    def count(self, table: str = "articles") -> int:
        if table not in ("articles", "mentions", "topics", "actors"):
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def pipelines(self) -> pd.DataFrame:
        return pd.read_sql_query(
            "SELECT pipeline, count(*) AS n_articles FROM articles GROUP BY pipeline", self.conn
        )

    # -- columnar snapshot -----------------------------------------------------------------
    # Reading 2.6 million mention rows through sqlite3 costs ~20 s (a Python tuple per
    # row); the same frames from an Arrow (feather) file take well under a second.  So the
    # whole-corpus frames the dashboard loads (articles without text, mentions, topics)
    # are kept as a snapshot next to the database, `FILE.frames/`, rebuilt whenever the
    # store's fingerprint changes.  The database stays the only source of truth: a missing,
    # stale, unreadable or unwritable snapshot just means reading from SQLite.
    def fingerprint(self) -> str:
        """Changes whenever an ingest run changed the frames (cheap: indexes and maxima)."""
        # Only b-tree edges (no counts: a count(*) reads a whole index, ~0.4 s at 100k on a
        # cold page cache).  Rows are only ever added, and every ingest run, including one
        # that only records copies (n_copies), leaves its mark in ingest_runs.
        row = self.conn.execute(
            "SELECT (SELECT ifnull(max(run_id), 0) FROM ingest_runs), "
            "(SELECT ifnull(finished, '') FROM ingest_runs ORDER BY run_id DESC LIMIT 1), "
            "(SELECT ifnull(max(rowid), 0) FROM articles), "
            "(SELECT ifnull(max(rowid), 0) FROM mentions), "
            "(SELECT ifnull(max(value), '') FROM meta WHERE key IN ('scored_at', 'deduped_at'))"
        ).fetchone()
        return f"{SCHEMA_VERSION}:{FRAMES_VERSION}:" + ":".join(str(x) for x in row)

    @property
    def frames_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".frames")

    # Each frame is `NAME.feather` plus `NAME.json`: the fingerprint it was written at and
    # its marks (the highest rowid of its table, the last in-place rewrite it includes).
    # When the store has only grown since — an ingest, a watcher's new items — the frame is
    # patched: the old file plus the rows past its marks (and the re-read mentions of
    # articles whose mentions were rewritten in place, e.g. a surname linked to a full
    # name), instead of 20 s of reading every row again at 100,000 articles.  A rescore or
    # a dedupe (which rewrite rows everywhere) or a new layout means a full read.
    # frame -> the table whose rowid marks how far it goes (topics has no rowid of its own:
    # an article's topics are written with it, so the articles' rowid marks them)
    _PATCHABLE = {"mentions": "mentions", "topics": "articles", "articles": "articles"}
    # Article columns an ingest rewrites in place for stored articles (a copy counted, a
    # new version of a group, a story regrouped); all others are written once.
    _ARTICLES_REWRITTEN = ("n_copies", "copy_of", "similarity", "story")

    def _base(self) -> str:
        """What a patch needs unchanged since the frame was written."""
        row = self.conn.execute(
            "SELECT ifnull(group_concat(key || '=' || value), '') FROM meta "
            "WHERE key IN ('scored_at', 'deduped_at')").fetchone()
        return f"{SCHEMA_VERSION}:{FRAMES_VERSION}:{row[0]}"

    def _marks(self, name: str) -> dict:
        table = self._PATCHABLE.get(name)
        if table is None or not self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'mention_changes'").fetchone():
            return {}  # not patchable, or an older store opened read-only
        rowid, seq = self.conn.execute(
            f"SELECT (SELECT ifnull(max(rowid), 0) FROM {table}), "
            "(SELECT ifnull(max(seq), 0) FROM mention_changes)").fetchone()
        return {"rowid": int(rowid), "changes": int(seq)}

    def _frame_meta(self, name: str) -> dict | None:
        try:
            return json.loads((self.frames_dir / f"{name}.json").read_text(encoding="utf-8"))
        except Exception:  # absent or unreadable: no snapshot of this frame
            return None

    def _read_frame(self, name: str) -> pd.DataFrame:
        df = pd.read_feather(self.frames_dir / f"{name}.feather")
        # The articles snapshot has no text column (the dashboard never holds texts).
        schema.check(df.assign(text="") if name == "articles" else df, name)
        return df

    def _snapshot_read(self, name: str) -> pd.DataFrame | None:
        meta = self._frame_meta(name)
        try:
            if meta is None or meta.get("fingerprint") != self._fp():
                return None
            return self._read_frame(name)
        except Exception:  # stale, partial or unreadable: SQLite answers instead
            return None

    def _snapshot_patch(self, name: str) -> pd.DataFrame | None:
        """The frame brought up to date from its older snapshot, or None (read it whole)."""
        meta = self._frame_meta(name)
        if (name not in self._PATCHABLE or meta is None or meta.get("base") != self._base()
                or not meta.get("marks")):
            return None
        try:
            old = self._read_frame(name)
        except Exception:
            return None
        marks = meta["marks"]
        if name == "articles":
            return self._patch_articles(old, marks["rowid"])
        if name == "topics":
            new = self._topics(after=marks["rowid"])
            return schema.append_in_row_order(old, new, name)
        changed = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT article_id FROM mention_changes WHERE seq > ?", (marks["changes"],))]
        new = self._mentions(after=marks["rowid"], changes_after=marks["changes"])
        keep = ~old["article_id"].isin(changed).to_numpy() if changed else None
        return schema.append_in_row_order(old, new, name, keep)

    def _patch_articles(self, old: pd.DataFrame, after: int) -> pd.DataFrame | None:
        """Old rows + the rows past `after`, with the in-place columns read afresh (a few
        narrow columns instead of every title and URL again)."""
        new = self._articles(with_text=False, after=after)
        df = pd.concat([old, new], ignore_index=True) if len(new) else old.copy()
        now = self._articles(columns=("article_id", *self._ARTICLES_REWRITTEN))
        if len(now) != len(df) or not (now["article_id"].to_numpy()
                                       == df["article_id"].to_numpy()).all():
            return None  # rows not in the expected order: read everything
        fresh = _conform_partial(now.assign(**{c: df[c] for c in df.columns
                                               if c not in now.columns}),
                                 [c for c in schema.ARTICLES if c != "text"])
        for col in self._ARTICLES_REWRITTEN:
            df[col] = fresh[col]
        return df

    def _fp(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = self.fingerprint()
        return self._fingerprint

    def _snapshot_write(self, name: str, df: pd.DataFrame, meta: dict) -> None:
        folder = self.frames_dir
        try:
            folder.mkdir(exist_ok=True)
            meta_file = folder / f"{name}.json"
            # The description goes first and comes back last: a crash in between leaves a
            # frame without one (read whole next time), never a new frame with old marks.
            meta_file.unlink(missing_ok=True)
            tag = f"{os.getpid()}-{threading.get_ident()}"
            tmp = folder / f".{name}.{tag}.tmp"
            df.reset_index(drop=True).to_feather(tmp)
            os.replace(tmp, folder / f"{name}.feather")
            tmp_meta = folder / f".{name}.json.{tag}.tmp"
            tmp_meta.write_text(json.dumps(meta), encoding="utf-8")
            os.replace(tmp_meta, meta_file)
            (folder / "fingerprint").unlink(missing_ok=True)  # the layout before marks
        except Exception:  # read-only folder, no pyarrow, full disk: no snapshot, no harm
            pass

    def _whole(self, name: str, read) -> pd.DataFrame:
        """A whole-corpus frame: from the snapshot when it is fresh, patched from it when the
        store has only grown, else from SQLite; the snapshot is then brought up to date."""
        self._fingerprint = None  # the store may have changed since the last call
        df = self._snapshot_read(name)
        if df is not None:
            self.frame_source[name] = "snapshot"
            return df
        # One read transaction: the marks and the rows they describe are one state of the
        # store even while an ingest is writing to it.
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")
        try:
            self._fingerprint = None
            meta = {"fingerprint": self._fp(), "base": self._base(), "marks": self._marks(name)}
            df = self._snapshot_patch(name)
            self.frame_source[name] = "patched" if df is not None else "database"
            if df is None:
                df = read()
            if name in schema.ROW_ORDER:
                df = schema.in_row_order(schema.compact(df, name), name)
        finally:
            if own:
                self.conn.execute("COMMIT")
        if self.frame_source[name] == "patched":
            # The caller (a dashboard refreshing after an ingest) gets the frame now; the
            # file is written beside it (a second or two at millions of rows).  Not a
            # daemon: a short-lived CLI waits for it at exit instead of leaving half a file.
            threading.Thread(target=self._snapshot_write, args=(name, df, meta),
                             name=f"snapshot-{name}").start()
        else:
            self._snapshot_write(name, df, meta)
        return df

    def articles(self, *, with_text: bool = True, ids: Iterable[str] | None = None) -> pd.DataFrame:
        if not with_text and ids is None:
            return self._whole("articles", lambda: self._articles(with_text=False))
        return self._articles(with_text=with_text, ids=ids)

    def _articles(
        self, *, with_text: bool = True, ids: Iterable[str] | None = None,
        after: int | None = None, columns: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Articles (of `ids`; past rowid `after`), in rowid order; `columns` picks a few
        columns (the frame is then returned as read, not conformed to the schema)."""
        cols = [c for c in schema.ARTICLES if with_text or c != "text"]
        if columns is not None:
            cols = list(columns)
        have = {r[1] for r in self.conn.execute("PRAGMA table_info(articles)")}
        # An older store opened read-only has no section/crisis columns: defaults stand in.
        fallback = {"section": "'' AS section", "crisis": "0.0 AS crisis",
                    "country": "'' AS country", "copy_of": "'' AS copy_of",
                    "similarity": "0.0 AS similarity", "story": "'' AS story"}
        exprs = [c if c in have else fallback[c] for c in cols]
        sql = "SELECT " + ", ".join(exprs) + " FROM articles"
        params: list = []
        if ids is not None:
            ids = list(ids)
            if not ids:
                return _conform_partial(pd.DataFrame(columns=cols), cols)
            sql += " WHERE article_id IN (SELECT value FROM json_each(?))"
            params = [pd.Series(ids).to_json(orient="values")]
        elif after is not None:
            sql += " WHERE rowid > ? ORDER BY rowid"
            params = [int(after)]
        df = pd.read_sql_query(sql, self.conn, params=params)
        if columns is not None:
            return df
        return _conform_partial(df, cols)

    def mentions(self, ids: Iterable[str] | None = None) -> pd.DataFrame:
        if ids is None:
            return self._whole("mentions", self._mentions)
        return self._mentions(ids)

    def _mentions(self, ids: Iterable[str] | None = None, *, after: int | None = None,
                  changes_after: int = 0) -> pd.DataFrame:
        """Mentions of `ids` (all when None); with `after`, only rows past that rowid and
        those of articles rewritten in place since change `changes_after`, in rowid order."""
        sql = 'SELECT article_id, actor, actor_type, label, surface, start, "end" FROM mentions'
        params: list = []
        if ids is not None:
            sql += " WHERE article_id IN (SELECT value FROM json_each(?))"
            params = [pd.Series(list(ids), dtype="str").to_json(orient="values")]
        elif after is not None:
            # Two index lookups, not one OR (which makes SQLite scan every row: 16 s at
            # 3.9 million mentions); UNION drops a row found by both.
            cols = sql.removeprefix("SELECT ").split(" FROM ")[0]
            sql = (f"SELECT rowid AS _r, {cols} FROM mentions WHERE rowid > ? UNION "
                   f"SELECT rowid AS _r, {cols} FROM mentions WHERE article_id IN "
                   "(SELECT article_id FROM mention_changes WHERE seq > ?) ORDER BY _r")
            params = [after, changes_after]
        # In chunks, each turned into compact Arrow-backed columns at once: reading millions
        # of rows in one go holds them all as Python objects first (~2.7 GB at 3.8 million).
        parts = [
            schema.conform(chunk, "mentions")
            for chunk in pd.read_sql_query(sql, self.conn, params=params, chunksize=200_000)
        ]
        if not parts:
            return schema.empty("mentions")
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def topics(self) -> pd.DataFrame:
        return self._whole("topics", self._topics)

    def _topics(self, after: int | None = None) -> pd.DataFrame:
        sql = "SELECT article_id, topic, score FROM topics"
        if after is not None:  # the topics of articles past this rowid (a snapshot patch)
            sql += (" WHERE article_id IN (SELECT article_id FROM articles WHERE rowid > "
                    f"{int(after)})")
        df = pd.read_sql_query(sql, self.conn)
        return schema.conform(df, "topics")

    def actors(self) -> pd.DataFrame:
        df = pd.read_sql_query(
            "SELECT actor, actor_type, n_mentions, n_articles, aliases FROM actors "
            "ORDER BY n_mentions DESC, actor",
            self.conn,
        )
        return schema.conform(df, "actors")

    def actor_summary(self) -> pd.DataFrame:
        """`core.actors.summarise_actors(self.mentions())`, aggregated in SQL.

        Same frame, but memory stays bounded by the number of (actor, surface) pairs
        instead of holding every mention of the corpus (millions at 100k articles).
        """
        counts = pd.read_sql_query(
            "SELECT actor, count(*) AS n_mentions, count(DISTINCT article_id) AS n_articles "
            "FROM mentions GROUP BY actor",
            self.conn,
        )
        if counts.empty:
            return schema.empty("actors")
        # One type per actor by construction; like groupby().first(), the earliest row's.
        types = pd.read_sql_query(
            "SELECT actor, actor_type FROM mentions WHERE rowid IN "
            "(SELECT min(rowid) FROM mentions GROUP BY actor)",
            self.conn,
        )
        surf = pd.read_sql_query(
            "SELECT actor, surface, count(*) AS n FROM mentions GROUP BY actor, surface", self.conn
        )
        surf = surf.sort_values(["actor", "n", "surface"], ascending=[True, False, True])
        aliases = surf.groupby("actor", sort=False)["surface"].agg(" | ".join).rename("aliases")
        out = counts.merge(types, on="actor", how="left").merge(
            aliases.reset_index(), on="actor", how="left"
        )
        out = out.sort_values(["n_mentions", "actor"], ascending=[False, True])
        return schema.conform(out, "actors")

    def rejections(self, run_id: int | None = None) -> pd.DataFrame:
        if run_id is None:
            run_id = self.conn.execute("SELECT max(run_id) FROM ingest_runs").fetchone()[0]
        return pd.read_sql_query(
            "SELECT locator, reason FROM rejections WHERE run_id = ?", self.conn, params=[run_id]
        )

    def search(
        self,
        query: str | search_terms.Plan,
        *,
        limit: int = 20,
        offset: int = 0,
        order: str = "relevance",
        ids: Iterable[str] | None = None,
    ) -> tuple[pd.DataFrame, int]:
        """Full-text search (FTS5 syntax: words, "phrases", prefix*, AND/OR/NOT).

        `query` is typed text or a `core.search_terms.Plan` (spelling variants, an actor's
        other names, a cap on terms); text is planned here without actor names.
        Returns (page of results with article_id, rank and a highlighted snippet,
        total number of matches).  Snippets mark hits with U+E000/U+E001 so the
        caller can HTML-escape the text first and turn the markers into <mark>.
        `ids` restricts the search to a set of articles (the dashboard's filters).
        """
        p = query if isinstance(query, search_terms.Plan) else search_terms.plan(query)
        order_sql = {
            "relevance": "rank",
            "newest": "a.date_start DESC NULLS LAST, rank",
            "oldest": "a.date_start ASC NULLS LAST, rank",
        }.get(order)
        if order_sql is None:
            raise ValueError(f"unknown order {order!r}")
        where = "articles_fts MATCH ?"
        params: list = [p.match]
        if ids is not None:
            where += " AND a.article_id IN (SELECT value FROM json_each(?))"
            params.append(pd.Series(list(ids), dtype="str").to_json(orient="values"))
        base = f"FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE {where}"
        try:
            total = self.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
            df = pd.read_sql_query(
                "SELECT a.article_id, rank, "
                "snippet(articles_fts, 1, char(57344), char(57345), '…', 24) AS snippet "
                f"{base} ORDER BY {order_sql} LIMIT ? OFFSET ?",
                self.conn,
                params=[*params, int(limit), int(offset)],
            )
        except sqlite3.OperationalError as exc:
            raise SearchError(_friendly_fts_error(p.query, str(exc))) from None
        return df, int(total)


    # -- feeds, web pages, watched folders (core.feeds, core.web, core.watch) ---------------
    FEED_COLUMNS = ("url", "name", "interval_minutes", "etag", "modified", "next_due",
                    "failures", "last_error", "last_checked", "last_ok", "last_new", "items",
                    "added_at")

    def add_feed(self, url: str, name: str = "", interval_minutes: float = 0) -> bool:
        """Follow a feed (due at once); False when it is followed already."""
        with self.conn:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO feeds (url, name, interval_minutes, added_at) "
                "VALUES (?, ?, ?, ?)", (url, name, interval_minutes, time.time()))
        return bool(cur.rowcount)

    def remove_feed(self, url: str) -> bool:
        """Stop following a feed (its articles stay); False when it was not followed."""
        with self.conn:
            cur = self.conn.execute("DELETE FROM feeds WHERE url = ?", (url,))
            self.conn.execute("DELETE FROM feed_items WHERE feed_url = ?", (url,))
        return bool(cur.rowcount)

    def feeds(self) -> pd.DataFrame:
        """Every followed feed with its state (FEED_COLUMNS), by name and URL."""
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if "feeds" not in tables:  # an older store opened read-only
            return pd.DataFrame(columns=list(self.FEED_COLUMNS))
        return pd.read_sql_query(
            f"SELECT {', '.join(self.FEED_COLUMNS)} FROM feeds ORDER BY name, url", self.conn)

    def update_feed(self, url: str, **values) -> None:
        """Set some of a feed's state columns (FEED_COLUMNS)."""
        bad = set(values) - set(self.FEED_COLUMNS)
        if bad:
            raise ValueError(f"not feed columns: {sorted(bad)}")
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.conn:
            self.conn.execute(f"UPDATE feeds SET {sets} WHERE url = ?", [*values.values(), url])

    def feed_items(self, feed_url: str, keys: Iterable[str]) -> dict[str, tuple]:
        """Known entries of a feed among `keys`: key -> (status, tries, next_try, url)."""
        keys = list(keys)
        if not keys:
            return {}
        rows = self.conn.execute(
            "SELECT entry_key, status, tries, next_try, url FROM feed_items WHERE feed_url = ? "
            "AND entry_key IN (SELECT value FROM json_each(?))",
            (feed_url, json.dumps(keys))).fetchall()
        return {r[0]: tuple(r[1:]) for r in rows}

    def pending_items(self, feed_url: str, now: float) -> list[tuple[str, str, int]]:
        """Entries of a feed waiting for another try that is due: (key, url, tries)."""
        return self.conn.execute(
            "SELECT entry_key, url, tries FROM feed_items WHERE feed_url = ? AND status = "
            "'retry' AND next_try <= ?", (feed_url, now)).fetchall()

    def set_feed_items(self, rows: Iterable[tuple]) -> None:
        """(feed_url, key, url, status, tries, next_try, error) per entry; status is done,
        rejected (for good) or retry (a transient failure: tried again from next_try)."""
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO feed_items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(*r, time.time()) for r in rows])

    def stored_urls(self, urls: Iterable[str]) -> set[str]:
        """The canonical URLs among `urls` whose page is stored as an article."""
        urls = list(urls)
        if not urls:
            return set()
        return {r[0] for r in self.conn.execute(
            "SELECT url FROM web_pages WHERE article_id != '' AND url IN "
            "(SELECT value FROM json_each(?))", (json.dumps(urls),))}

    def page_validators(self, url: str) -> tuple[str, str]:
        """(ETag, Last-Modified) of a stored page, for a conditional fetch."""
        row = self.conn.execute(
            "SELECT etag, modified FROM web_pages WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def put_page(self, url: str, fetched_url: str, html: bytes, *, etag: str = "",
                 modified: str = "", meta: dict | None = None) -> None:
        """Keep a page's raw HTML (zlib-compressed) under its canonical URL, so it can be
        extracted again; `link_pages` ties it to its article once that is stored."""
        import zlib

        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO web_pages VALUES (?, '', ?, ?, ?, ?, ?, ?)",
                (url, fetched_url, time.time(), etag, modified,
                 json.dumps(meta or {}, ensure_ascii=False), zlib.compress(html, 6)))

    def link_pages(self) -> int:
        """Tie pages to the article their text became (by the locator, = canonical URL)."""
        with self.conn:
            cur = self.conn.execute(
                "UPDATE web_pages SET article_id = (SELECT s.article_id FROM article_sources s "
                "WHERE s.locator = web_pages.url LIMIT 1) WHERE article_id = '' AND EXISTS "
                "(SELECT 1 FROM article_sources s WHERE s.locator = web_pages.url)")
        return cur.rowcount

    def raw_pages(self, article_id: str) -> pd.DataFrame:
        """The raw pages an article came from: url, fetched_url, fetched_at, meta, html."""
        import zlib

        df = pd.read_sql_query(
            "SELECT url, fetched_url, fetched_at, meta, html FROM web_pages WHERE "
            "article_id = ? ORDER BY fetched_at", self.conn, params=[article_id])
        df["html"] = [zlib.decompress(b) for b in df["html"]]
        return df

    def files_read(self, keys: Iterable[tuple[str, int, int]]) -> set[tuple[str, int, int]]:
        """Which of these (path, size, mtime_ns) a watched folder's file was read as."""
        keys = list(keys)
        if not keys:
            return set()
        rows = self.conn.execute(
            "SELECT path, size, mtime_ns FROM folder_files WHERE path IN "
            "(SELECT value FROM json_each(?))", (json.dumps(sorted({k[0] for k in keys})),))
        have = {tuple(r) for r in rows}
        return {k for k in keys if k in have}

    def mark_files_read(self, keys: Iterable[tuple[str, int, int]]) -> None:
        with self.conn:
            self.conn.executemany("INSERT OR IGNORE INTO folder_files VALUES (?, ?, ?, ?)",
                                  [(*k, time.time()) for k in keys])


def _friendly_fts_error(query: str, detail: str) -> str:
    shown = query if len(query) <= 80 else query[:79].rsplit(" ", 1)[0] + " …"
    return (f"The search “{shown}” could not be understood ({detail}). "
            f"{search_terms.HINT}")


def _conform_partial(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """`schema.conform` for a frame that may lack the text column on purpose."""
    if "text" not in cols:
        df = df.assign(text="")
        out = schema.conform(df, "articles")
        return out.drop(columns=["text"])
    return schema.conform(df, "articles")
