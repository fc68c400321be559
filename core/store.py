"""The corpus store: one SQLite file (WAL mode) with an FTS5 index for the reader.

This module and the readers are the only places that do I/O.  Frames go in and
come out conforming to `core.schema`; SQL stays in here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from core import schema

SCHEMA_VERSION = "1"

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
    ingested_at TEXT NOT NULL
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
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid'
);
"""


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why and what to do."""


class SearchError(ValueError):
    """A full-text query FTS5 cannot parse; the message is meant for the user."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """A corpus in one SQLite file.  Use as a context manager or call close()."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True, readonly: bool = False):
        self.path = Path(path)
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
        try:
            if readonly:
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
            self._setup(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a usable Crisis Monitor database ({exc}); "
                "point --db at another file or delete this one to rebuild it"
            ) from None

    def _setup(self, readonly: bool) -> None:
        conn = self.conn
        # Reading the schema first makes a non-database file fail here, cleanly.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_DDL)
            version = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if version is None:
                conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
                conn.commit()
            elif version[0] != SCHEMA_VERSION:
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
        conn.execute("PRAGMA cache_size=-65536")

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
                )
            )
        with self.conn:
            self.conn.executemany("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
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

    def articles(self, *, with_text: bool = True, ids: Iterable[str] | None = None) -> pd.DataFrame:
        cols = [c for c in schema.ARTICLES if with_text or c != "text"]
        sql = "SELECT " + ", ".join(cols) + " FROM articles"
        params: list = []
        if ids is not None:
            ids = list(ids)
            if not ids:
                return _conform_partial(pd.DataFrame(columns=cols), cols)
            sql += " WHERE article_id IN (SELECT value FROM json_each(?))"
            params = [pd.Series(ids).to_json(orient="values")]
        df = pd.read_sql_query(sql, self.conn, params=params)
        return _conform_partial(df, cols)

    def mentions(self, ids: Iterable[str] | None = None) -> pd.DataFrame:
        sql = 'SELECT article_id, actor, actor_type, label, surface, start, "end" FROM mentions'
        params: list = []
        if ids is not None:
            sql += " WHERE article_id IN (SELECT value FROM json_each(?))"
            params = [pd.Series(list(ids), dtype="str").to_json(orient="values")]
        return schema.conform(pd.read_sql_query(sql, self.conn, params=params), "mentions")

    def topics(self) -> pd.DataFrame:
        df = pd.read_sql_query("SELECT article_id, topic, score FROM topics", self.conn)
        return schema.conform(df, "topics")

    def actors(self) -> pd.DataFrame:
        df = pd.read_sql_query(
            "SELECT actor, actor_type, n_mentions, n_articles, aliases FROM actors "
            "ORDER BY n_mentions DESC, actor",
            self.conn,
        )
        return schema.conform(df, "actors")

    def rejections(self, run_id: int | None = None) -> pd.DataFrame:
        if run_id is None:
            run_id = self.conn.execute("SELECT max(run_id) FROM ingest_runs").fetchone()[0]
        return pd.read_sql_query(
            "SELECT locator, reason FROM rejections WHERE run_id = ?", self.conn, params=[run_id]
        )

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        order: str = "relevance",
        ids: Iterable[str] | None = None,
    ) -> tuple[pd.DataFrame, int]:
        """Full-text search (FTS5 syntax: words, "phrases", prefix*, AND/OR/NOT).

        Returns (page of results with article_id, rank and a highlighted snippet,
        total number of matches).  Snippets mark hits with U+E000/U+E001 so the
        caller can HTML-escape the text first and turn the markers into <mark>.
        `ids` restricts the search to a set of articles (the dashboard's filters).
        """
        query = (query or "").strip()
        if not query:
            raise SearchError("Type a word or phrase to search for.")
        order_sql = {
            "relevance": "rank",
            "newest": "a.date_start DESC NULLS LAST, rank",
            "oldest": "a.date_start ASC NULLS LAST, rank",
        }.get(order)
        if order_sql is None:
            raise ValueError(f"unknown order {order!r}")
        where = "articles_fts MATCH ?"
        params: list = [_quote_punctuated(query)]
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
            raise SearchError(_friendly_fts_error(query, str(exc))) from None
        return df, int(total)


_BAREWORD = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')


def _quote_punctuated(query: str) -> str:
    """Quote barewords with punctuation ("NATO-Truppen", "U.S."), which FTS5 would reject.

    Phrases, parentheses, operators and prefix* terms are left as typed.
    """
    out = []
    for token in _BAREWORD.findall(query):
        core = token[:-1] if token.endswith("*") else token
        if token.startswith('"') or token in "()" or re.fullmatch(r"\w+", core):
            out.append(token)
        else:
            out.append('"' + core.replace('"', "") + '"' + ("*" if token.endswith("*") else ""))
    return " ".join(out)


def _friendly_fts_error(query: str, detail: str) -> str:
    hint = (
        'Use words, "exact phrases", prefix* and AND / OR / NOT between terms; '
        "put words with hyphens or other punctuation in double quotes."
    )
    if query.count('"') % 2:
        return f"The search has an unmatched double quote. {hint}"
    return f"The search “{query}” could not be understood ({detail}). {hint}"


def _conform_partial(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """`schema.conform` for a frame that may lack the text column on purpose."""
    if "text" not in cols:
        df = df.assign(text="")
        out = schema.conform(df, "articles")
        return out.drop(columns=["text"])
    return schema.conform(df, "articles")
