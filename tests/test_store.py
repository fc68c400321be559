"""The SQLite store on the real seeds: WAL, idempotent writes, FTS5 search and its errors."""

from __future__ import annotations

import sqlite3

import pytest

from core import schema
from core.ingest import ingest
from core.store import SearchError, Store, StoreError
from tests.conftest import ROOT
from tests.dashboard_fixtures import news_de_db  # noqa: F401


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "seeds.db"
    with Store(path) as st:
        report = ingest([str(ROOT / "seeds")], st)
        assert report.added == 5
    st = Store(path)
    yield st
    st.close()


def test_wal_mode_and_frames_match_schema(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    schema.check(store.articles(), "articles")
    schema.check(store.mentions(), "mentions")
    schema.check(store.topics(), "topics")
    schema.check(store.actors(), "actors")
    arts = store.articles(with_text=False)
    assert "text" not in arts.columns and len(arts) == 5


def test_mention_offsets_point_into_the_stored_text(store):
    arts = store.articles().set_index("article_id")["text"]
    mentions = store.mentions()
    assert len(mentions) > 100
    for row in mentions.itertuples():
        assert arts[row.article_id][row.start : row.end] == row.surface


def _titles(store, query, **kw):
    hits, total = store.search(query, limit=50, **kw)
    arts = store.articles(with_text=False).set_index("article_id")
    assert total == len(hits)
    return {arts.loc[a, "source"][:3] for a in hits["article_id"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kirby", {"002"}),
        ("Lawrow", {"000", "001", "002", "003", "004"}),
        ('"Münchner Sicherheitskonferenz"', {"004"}),
        ("Sicherheitsgarant*", {"000", "001", "002", "003"}),
        ("Scholz AND Baerbock", {"004"}),
        ("Kirby OR Trudeau", {"002", "004"}),
        ("Lawrow NOT Blinken", {"000", "003"}),
        ("Stoltenberg", {"004"}),
        ("Jahresabos", set()),  # boilerplate is not indexed
    ],
)
def test_search_syntax(store, query, expected):
    assert _titles(store, query) == expected


def test_search_snippets_mark_hits_and_sort(store):
    hits, _ = store.search("Lawrow", order="newest")
    assert all("\ue000" in s and "\ue001" in s for s in hits["snippet"])
    arts = store.articles(with_text=False).set_index("article_id")
    starts = [arts.loc[a, "date_start"] for a in hits["article_id"]]
    assert starts == sorted(starts, reverse=True)
    page1, total = store.search("Lawrow", limit=2, offset=0)
    page2, _ = store.search("Lawrow", limit=2, offset=2)
    assert total == 5 and not set(page1["article_id"]) & set(page2["article_id"])


def test_search_restricted_to_ids(store):
    arts = store.articles(with_text=False)
    some = arts.loc[arts["source"].str.startswith("002"), "article_id"]
    hits, total = store.search("Lawrow", ids=some)
    assert total == 1 and list(hits["article_id"]) == list(some)


@pytest.mark.parametrize("query", ['"unclosed', "AND", "Lawrow AND", "(Putin", "", "NOT"])
def test_malformed_queries_get_a_friendly_message(store, query):
    with pytest.raises(SearchError) as info:
        store.search(query)
    message = str(info.value)
    assert "Traceback" not in message and ("search" in message.lower() or "Type" in message)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("NATO-Truppen", {"001"}), ("US-Außenminister", {"001", "002"}), ("Ukraine-Kon*", None)],
)
def test_punctuated_words_are_searched_as_phrases(store, query, expected):
    found = _titles(store, query)
    assert found == expected if expected is not None else found


def test_corrupt_and_missing_databases(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match="not a usable"):
        Store(bad)
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "none.db", create=False)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table x(y)").connection.commit()
    with pytest.raises(StoreError, match="not a Crisis Monitor database"):
        Store(other, readonly=True)


def test_frames_snapshot_is_used_and_follows_the_store(tmp_path):
    """The columnar snapshot next to the store gives the same frames as SQLite, and an
    ingest that changes the store makes it stale (rebuilt, never served out of date)."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    first = tmp_path / "first"
    first.mkdir()
    for p in seeds[:3]:
        (first / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "c.db"
    with Store(db) as st:
        ingest([str(first)], st)
    with Store(db, readonly=True) as ro:
        from_sql = (ro.articles(with_text=False), ro.mentions(), ro.topics())
        assert {p.name for p in ro.frames_dir.glob("*.json")} == {
            "articles.json", "mentions.json", "topics.json"}
        assert {p.name for p in ro.frames_dir.glob("*.feather")} == {
            "articles.feather", "mentions.feather", "topics.feather"}
        again = (ro.articles(with_text=False), ro.mentions(), ro.topics())
    for a, b in zip(from_sql, again, strict=True):
        assert a.equals(b)
    with Store(db) as st:
        ingest([str(ROOT / "seeds")], st)
    with Store(db, readonly=True) as ro:
        assert len(from_sql[0]) == 3 and len(ro.articles(with_text=False)) == 5
        assert ro.mentions()["article_id"].nunique() == 5
    # A snapshot that cannot be read is ignored, not an error.
    (db.with_name(db.name + ".frames") / "mentions.feather").write_bytes(b"garbage")
    with Store(db, readonly=True) as ro:
        assert len(ro.mentions()) > 100


def test_actor_summary_in_sql_matches_pandas(store):
    from core.actors import summarise_actors

    assert store.actor_summary().equals(summarise_actors(store.mentions()))


# -- search folding (issue 15) ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("queries", "n"),
    [
        (["Außenminister", "aussenminister", "AUSSENMINISTER", "Aussenminister"], 5),
        (['"Münchner Sicherheitskonferenz"', '"Muenchner Sicherheitskonferenz"',
          '"Munchner Sicherheitskonferenz"'], 1),
        (["Außenminister*", "aussenmin*"], 5),
    ],
)
def test_spellings_with_ss_and_ae_find_the_same(store, queries, n):
    found = [_titles(store, q) for q in queries]
    assert all(f == found[0] for f in found) and len(found[0]) == n


def test_the_index_ignores_accents_itself(news_de_db):  # noqa: F811
    """FTS5's default tokenizer (unicode61, remove_diacritics 1) folds accents: no index
    rebuild is needed for "Orban" to find "Orbán" — only ß/ss and ä/ae are query variants."""
    with Store(news_de_db, readonly=True) as s:
        orban, n = s.search("Orban", limit=500)
        assert n > 0 and s.search("Orbán", limit=500)[1] == n
        assert set(s.search("orbán", limit=500)[0]["article_id"]) == set(orban["article_id"])


def test_known_words_are_index_tokens_read_only(store, tmp_path):
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = store.path.read_bytes()
    with Store(store.path, readonly=True) as ro:
        assert ro.known_words(["außenminister", "aussenminister", "lawrow", "munchner",
                               "rußland"]) == {"außenminister", "lawrow", "munchner"}
        assert ro.known_words([]) == set()
    assert store.path.read_bytes() == before


@pytest.mark.parametrize("n_words", [2_000, 20_000])
def test_a_pasted_article_as_the_query_returns_in_well_under_a_second(news_de_db, n_words):  # noqa: F811
    import time

    from core import search_terms

    with Store(news_de_db, readonly=True) as s:
        words = []
        for (text,) in s.conn.execute("SELECT text FROM articles ORDER BY rowid LIMIT 400"):
            words += [w for w in text.split() if w.isalpha()]
        for joiner in (" ", " OR "):  # all words, and any of them (the slow case: > 90 s)
            query = joiner.join(words[:n_words])
            started = time.perf_counter()
            plan = search_terms.plan(query)
            _, total = s.search(plan, limit=10)
            took = time.perf_counter() - started
            assert took < 1.0, f"{n_words} words{joiner!r}: {took:.2f} s"
            assert len(plan.terms) == 30 and len(plan.dropped) == n_words - 30
