"""core.stories, core.story_assign and the "stories" counting unit: articles about one event
within a few days form one story, at ingest and incrementally; every view can count stories."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from core import filters as flt
from core import schema, story_assign
from core import stories as st
from core.cli import main as cli
from core.ingest import ingest
from core.store import Store
from tests.conftest import SEEDS


def _seed_bodies() -> list[str]:
    """The seeds' texts without their date headers: five different reports."""
    return [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in sorted(SEEDS.glob("*.txt"))]


def _articles(rows: list[dict]) -> pd.DataFrame:
    """An articles frame of (id, title, text, date, precision[, copy_of]) rows."""
    out = []
    for r in rows:
        start = pd.Timestamp(r["date"]) if r.get("date") else pd.NaT
        prec = r.get("precision", "day" if r.get("date") else "unknown")
        end = start + pd.offsets.MonthEnd(0) if prec == "month" else start
        out.append({"article_id": r["id"], "title": r.get("title", ""), "text": r["text"],
                    "published": r.get("date", ""), "date_precision": prec,
                    "date_start": start, "date_end": end, "language": "de", "source": "",
                    "country": "", "url": "", "section": "", "crisis": 0.0, "n_words": 1,
                    "n_copies": 1, "pipeline": "", "copy_of": r.get("copy_of", ""),
                    "similarity": 0.0, "story": ""})
    return schema.conform(pd.DataFrame(out), "articles")


@pytest.fixture(scope="module")
def freq(news_de_records) -> st.DocFreq:
    """Document frequencies of 2,000 real news articles: what a store of them would weigh
    words by (three articles alone say nothing about which words are rare)."""
    recs = news_de_records[:2000]
    arts = pd.DataFrame({"title": [r.get("title") or "" for r in recs],
                         "text": [r.get("text") or "" for r in recs]})
    from collections import Counter

    words: Counter = Counter()
    for t, x in zip(arts["title"], arts["text"], strict=True):
        words.update(st.terms(t, x))
    return st.DocFreq(len(recs), dict(words), {})


def _story(rows, freq, mentions=None, params=None, fixed=None) -> dict[str, str]:
    arts = _articles(rows)
    got = st.cluster(arts, mentions if mentions is not None else schema.empty("mentions"),
                     params, fixed=fixed, freq=freq)
    return dict(zip(arts["article_id"], got, strict=True))


B = _seed_bodies()


@pytest.fixture(scope="module")
def news(news_de_records) -> dict[str, str]:
    """A real report, the same report retold (the sentences of its lead in reverse order)
    and a report of another event (election day and a cup match)."""
    by_file = {r["file"]: r["text"] for r in news_de_records}
    first = by_file["2025-02-23-wahl.md"]
    lead = " ".join(first.split()[: st.TEXT_WORDS])
    return {"first": first, "retold": " ".join(reversed(lead.split(". "))),
            "other": by_file["2024-09-01-dfb-pokal.md"]}


@pytest.mark.parametrize(("case", "rows", "same", "apart"), [
    ("a retelling the next day joins the first report's story, another event does not",
     [("a", "first", "2022-01-10"), ("b", "retold", "2022-01-11"), ("c", "other", "2022-01-11")],
     [("a", "b")], [("a", "c"), ("b", "c")]),
    ("beyond the window it is a new story",
     [("a", "first", "2022-01-10"), ("b", "retold", "2022-01-20")], [], [("a", "b")]),
    ("a copy belongs to its representative's story, whatever its text",
     [("a", "first", "2022-01-10"), ("b", "retold", "2022-01-10"),
      ("c", "other", "2022-01-10", {"copy_of": "b"})], [("a", "b"), ("a", "c")], []),
    ("an article dated only to the month is a story of its own",
     [("a", "first", "2022-01-10"), ("b", "retold", "2022-01-01", {"precision": "month"})],
     [], [("a", "b")]),
    ("an undated article is a story of its own",
     [("a", "first", "2022-01-10"), ("b", "retold", "", {})], [], [("a", "b")]),
])
def test_clustering(case, rows, same, apart, freq, news):
    story = _story([{"id": r[0], "text": news[r[1]], "date": r[2], **(r[3] if len(r) > 3 else {})}
                    for r in rows], freq)
    for a, b in same:
        assert story[a] == story[b], case
    for a, b in apart:
        assert story[a] != story[b], case


def test_a_story_is_named_by_its_first_article_whatever_the_frame_order(freq, news):
    rows = [{"id": "late", "text": news["retold"], "date": "2022-01-12"},
            {"id": "early", "text": news["first"], "date": "2022-01-11"}]
    assert _story(rows, freq) == {"late": "early", "early": "early"}


def test_shared_actors_add_to_shared_words(freq, news):
    # Reports of two events: apart on words alone, one story when all their actors are
    # shared and actors weigh enough.
    rows = [{"id": "a", "text": news["first"], "date": "2022-01-10"},
            {"id": "b", "text": news["other"], "date": "2022-01-10"}]
    mentions = schema.conform(pd.DataFrame({
        "article_id": ["a", "a", "b", "b"], "actor": ["Ada Lovelace", "Erewhon"] * 2,
        "actor_type": ["person", "place"] * 2, "label": ["PER", "LOC"] * 2,
        "surface": ["Lovelace", "Erewhon"] * 2, "start": [0] * 4, "end": [1] * 4}), "mentions")
    words_only = st.Params(threshold=0.125, window=3, actor_weight=0.0)
    assert len(set(_story(rows, freq, mentions, words_only).values())) == 2
    heavy = st.Params(threshold=0.5, window=3, actor_weight=0.8)
    assert len(set(_story(rows, freq, mentions, heavy).values())) == 1


def test_fixed_context_keeps_its_story_and_new_articles_may_join_it(freq, news):
    rows = [{"id": "old", "text": news["first"], "date": "2022-01-10"},
            {"id": "new", "text": news["retold"], "date": "2022-01-11"}]
    got = _story(rows, freq, fixed=pd.Series(["story-7"], index=["old"]))
    assert got == {"old": "story-7", "new": "story-7"}


def test_empty_and_wordless_frames():
    assert st.cluster(schema.empty("articles"), schema.empty("mentions")).empty
    rows = [{"id": "a", "text": "1 2 3", "date": "2022-01-10"},
            {"id": "b", "text": "4 5 6", "date": "2022-01-10"}]
    assert _story(rows, None) == {"a": "a", "b": "b"}  # idf from the frame itself


# -- the counting unit ---------------------------------------------------------------------


def _corpus_with_stories() -> flt.Corpus:
    arts = _articles([{"id": "a", "text": B[0], "date": "2022-01-10"},
                      {"id": "b", "text": B[1], "date": "2022-01-11"},
                      {"id": "c", "text": B[2], "date": "2022-01-11"}])
    arts = arts.assign(story=["a", "a", "c"])
    mentions = schema.conform(pd.DataFrame({
        "article_id": ["a", "b", "b", "c"], "actor": ["Kiew", "Kiew", "Moskau", "Moskau"],
        "actor_type": ["place"] * 4, "label": ["LOC"] * 4, "surface": ["x"] * 4,
        "start": [0] * 4, "end": [1] * 4}), "mentions")
    topics = schema.conform(pd.DataFrame({"article_id": ["a", "b"], "topic": ["diplomacy"] * 2,
                                          "score": [0.5, 0.9]}), "topics")
    return flt.Corpus(arts, mentions, topics)


def test_the_stories_unit_keeps_one_article_per_story_with_all_its_actors():
    corpus = _corpus_with_stories()
    view = flt.apply(corpus, flt.Filters(unit="stories"))
    assert list(view.articles["article_id"]) == ["a", "c"]  # the story's first article
    # Moskau is named only in the story's second article: the story still mentions it.
    pairs = set(zip(view.mentions["article_id"], view.mentions["actor"], strict=True))
    assert pairs == {("a", "Kiew"), ("a", "Moskau"), ("c", "Moskau")}
    assert view.topics.to_dict("records") == [{"article_id": "a", "topic": "diplomacy",
                                               "score": 0.9}]
    assert (flt.positions(view.articles, view.mentions) >= 0).all()


@pytest.mark.parametrize(("filters", "ids"), [
    (flt.Filters(unit="stories", actors=("Moskau",)), ["b", "c"]),  # b: the first *in view*
    (flt.Filters(unit="stories", since=pd.Timestamp("2022-01-11").date()), ["b", "c"]),
    (flt.Filters(unit="unique"), ["a", "b", "c"]),
    (flt.Filters(unit="all"), ["a", "b", "c"]),
])
def test_filters_pick_the_stories_first_article_in_view(filters, ids):
    corpus = _corpus_with_stories()
    assert list(flt.apply(corpus, filters).articles["article_id"]) == ids
    mask = flt.article_mask(corpus.articles, corpus.mentions, corpus.topics, filters)
    assert list(corpus.articles["article_id"][mask]) == ids


def test_units_name_their_noun():
    assert [flt.unit_noun(u) for u in ("unique", "all", "stories")] == [
        "articles", "articles", "stories"]


# -- the store: at ingest, incrementally, and the command ------------------------------------

# Olympic semi-finals of August 2024 (a dev bundle): three reports of the women's football
# match, two of the handball match, one of 3x3 basketball.
ONE_STORY = ("2024-08-06-fussball-olympia.md", "2024-08-06-dfb-frauen.md",
             "2024-08-06-deutschland-usa.md")
OTHERS = ("2024-08-09-handball-deutschland-spanien.md", "2024-08-09-handball.md",
          "2024-08-05-3x3-basketball-olympia.md")


def _records(news_de_records, files) -> list[dict]:
    by_file = {r["file"]: r for r in news_de_records}
    return [by_file[f] for f in files]


def _write(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    return str(path)


def _stories_by_file(store, paths_records) -> dict[str, str]:
    out = {}
    for aid, loc in store.conn.execute("SELECT article_id, locator FROM article_sources"):
        out[paths_records[loc]] = aid
    story = dict(store.conn.execute("SELECT article_id, story FROM articles"))
    return {f: story[a] for f, a in out.items()}


def test_ingest_clusters_real_news_into_stories_also_incrementally(tmp_path, news_de_records):
    # With the other articles of those days (what a store following the news would hold),
    # as context for which words are rare.
    recs = _records(news_de_records, ONE_STORY + OTHERS) + [
        r for r in news_de_records
        if r["file"].startswith("2024-08-0") and r["file"] not in ONE_STORY + OTHERS][:150]
    whole = _write(tmp_path / "all.jsonl", recs)
    locs = {f"{whole}:{i}": r["file"] for i, r in enumerate(recs, 1)}
    with Store(tmp_path / "one.db") as store:
        ingest([whole], store)
        once = _stories_by_file(store, locs)
    assert len({once[f] for f in ONE_STORY}) == 1
    assert once[OTHERS[0]] == once[OTHERS[1]]
    assert len({once[ONE_STORY[0]], once[OTHERS[0]], once[OTHERS[2]]}) == 3
    assert all(s for s in once.values())

    # The same articles as a live intake brings them: the days up to the 5th, then the rest.
    early = [r for r in recs if r["file"] < "2024-08-06"]
    late = [r for r in recs if r["file"] >= "2024-08-06"]
    first = _write(tmp_path / "first.jsonl", early)
    second = _write(tmp_path / "second.jsonl", late)
    locs = {f"{first}:{i}": r["file"] for i, r in enumerate(early, 1)}
    locs |= {f"{second}:{i}": r["file"] for i, r in enumerate(late, 1)}
    with Store(tmp_path / "two.db") as store:
        ingest([first], store)
        ingest([second], store)
        twice = _stories_by_file(store, locs)
    # Word weights drift as a small store grows, so other articles may group a little
    # differently; the labelled six are grouped as in one run.
    labelled = ONE_STORY + OTHERS
    same = lambda s: {(a, b) for a in labelled for b in labelled if s[a] == s[b]}  # noqa: E731
    assert same(twice) == same(once)


def test_stories_command_and_bad_settings(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([str(SEEDS)], store)
        store.conn.execute("UPDATE articles SET story = ''")
        store.conn.commit()
    assert cli(["stories", "--db", str(db)]) == 0
    assert "5 articles in 5 stories" in capsys.readouterr().out
    with Store(db) as store:
        unset = store.conn.execute("SELECT count(*) FROM articles WHERE story = ''")
        assert unset.fetchone()[0] == 0
    monkeypatch.setenv("CRISIS_MONITOR_STORY_WINDOW", "soon")
    assert cli(["stories", "--db", str(db)]) == 2
    assert "story_window must be a number" in capsys.readouterr().err
    monkeypatch.setenv("CRISIS_MONITOR_STORY_WINDOW", "3")
    monkeypatch.setenv("CRISIS_MONITOR_STORY_THRESHOLD", "2")
    with pytest.raises(ValueError, match="story_threshold must be between 0 and 1"):
        story_assign.params()


def test_first_of_story_is_vectorised_and_exact():
    arts = _articles([{"id": str(i), "text": "x", "date": f"2022-01-{10 + i % 5:02d}"}
                      for i in range(50)])
    arts = arts.assign(story=[str(i % 7) for i in range(50)])
    mask = np.ones(50, dtype=bool)
    mask[::3] = False
    keep, rep = flt.first_of_story(arts, mask)
    expect = {}
    for i in np.flatnonzero(mask):
        s = arts["story"].iloc[i]
        d = arts["date_start"].iloc[i]
        if s not in expect or d < arts["date_start"].iloc[expect[s]]:
            expect[s] = i
    assert sorted(np.flatnonzero(keep)) == sorted(expect.values())
    assert all(rep[i] == expect[arts["story"].iloc[i]] for i in np.flatnonzero(mask))
    assert (rep[~mask] == -1).all()


def test_a_story_whose_first_article_names_no_actor_keeps_its_later_articles_actors():
    corpus = _corpus_with_stories()
    # Categorical ids, as the store hands them out; the story's first article ("a") has no
    # mention of its own.
    ms = corpus.mentions[corpus.mentions["article_id"] != "a"]
    ms = ms.assign(article_id=ms["article_id"].astype("category")).reset_index(drop=True)
    view = flt.apply(flt.Corpus(corpus.articles, ms, corpus.topics), flt.Filters(unit="stories"))
    pairs = set(zip(view.mentions["article_id"].astype(str), view.mentions["actor"], strict=True))
    assert pairs == {("a", "Kiew"), ("a", "Moskau"), ("c", "Moskau")}
