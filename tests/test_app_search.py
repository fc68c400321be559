"""The Reader's search in AppTest (issue 15): spellings, actors' other names said on screen,
the cap on long queries, search hits marked in the open article, untitled articles, and the
sidebar's word on an older search index.  The CSV's name and the colours in dark mode are
in tests/test_browser_search.py (AppTest sees neither)."""

from __future__ import annotations

import re

import pytest

from core.store import Store
from tests.conftest import SEEDS
from tests.dashboard_fixtures import seed_db  # noqa: F401
from tests.test_app import _navigation_mode, app, ok, texts  # noqa: F401

READER = "pages/reader.py"


def search(at, query: str):
    at.text_input(key="q").set_value(query).run()
    ok(at)
    return at


def n_found(at) -> int:
    m = re.search(r"([\d,]+) article\(s\) match", texts(at))
    return int(m.group(1).replace(",", "")) if m else 0


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("query", ["aussenminister", "AUSSENMINISTER", "Außenminister"])
def test_ss_and_sz_find_the_same_articles(seed_db, monkeypatch, query):  # noqa: F811
    at = search(app(seed_db, monkeypatch, READER), query)
    assert n_found(at) == 5
    if query != "Außenminister":
        assert "Also searched: außenminister" in captions(at)


def test_an_actors_other_names_are_searched_and_said(seed_db, monkeypatch):  # noqa: F811
    at = search(app(seed_db, monkeypatch, READER), "Kyjiw")
    # The seeds write Kiew only; the alias file says Kyjiw, Kyiv and Kiev are Kiew.
    assert n_found(at) == 3
    said = captions(at)
    assert "Also searched: Kiew, Kyiv, Kiev" in said


def test_the_names_said_are_escaped(seed_db, monkeypatch, tmp_path):  # noqa: F811
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("variant\tcanonical\n**Kyjiw** [x](http://e.vil)\tKiew\n",
                       encoding="utf-8")
    monkeypatch.setenv("CRISIS_MONITOR_ALIASES", str(aliases))
    at = search(app(seed_db, monkeypatch, READER), "Kiew")
    said = captions(at)
    assert r"\*\*Kyjiw\*\* \[x\](http\:" in said and "**Kyjiw**" not in said


def test_a_long_query_is_cut_and_the_page_says_what_was_left_out(seed_db, monkeypatch):  # noqa: F811
    words = re.findall(r"\w+", (SEEDS / "001_6f9f40feec1ab3b1.txt").read_text("utf-8"))
    query = " ".join((words * 10)[:2000])
    at = search(app(seed_db, monkeypatch, READER), query)
    note = " ".join(i.value for i in at.info)
    assert "Only the first 30 terms were searched; 1,970 more were left out" in note
    assert "search\\_max\\_terms" in note
    monkeypatch.setenv("CRISIS_MONITOR_SEARCH_MAX_TERMS", "3")
    at = search(app(seed_db, monkeypatch, READER), "Lawrow Blinken Genf Putin Scholz")
    note = " ".join(i.value for i in at.info)
    assert "Only the first 3 terms were searched; 2 more were left out (Putin, Scholz)" in note
    assert n_found(at) > 0


def _open_first(at):
    at.button(key="rd_open_0").click().run()
    ok(at)
    return "\n".join(m.value for m in at.markdown if "cm-article" in m.value)


def test_the_searched_words_are_marked_in_the_open_article(seed_db, monkeypatch):  # noqa: F811
    at = search(app(seed_db, monkeypatch, READER), "aussenminister")
    body = _open_first(at)
    marks = re.findall(r'<mark class="cm-term"[^>]*>([^<]*)</mark>', body)
    assert marks and set(marks) == {"Außenminister"}
    # The key says what the pink marks are; with no search there are none.
    assert any("search hit</mark>" in m.value for m in at.markdown)
    at = search(at, "")
    assert "cm-term" not in "\n".join(m.value for m in at.markdown)


def test_other_names_are_marked_too(seed_db, monkeypatch):  # noqa: F811
    at = search(app(seed_db, monkeypatch, READER), "Kyjiw")
    body = _open_first(at)
    assert re.findall(r'<mark class="cm-term"[^>]*>([^<]*)</mark>', body) == ["Kiew"] * \
        body.count(">Kiew</mark>") and ">Kiew</mark>" in body


def _lead_titled(db) -> tuple[str, str]:
    with Store(db, readonly=True) as s:
        arts = s.articles(with_text=False)
    row = arts[arts["title"].str.endswith("hat am…")].iloc[0]
    return row["article_id"], row["title"]


def test_an_article_without_headline_is_not_headed_by_its_cut_lead(seed_db, monkeypatch):  # noqa: F811
    article, title = _lead_titled(seed_db)
    at = app(seed_db, monkeypatch, READER, {"article": article})
    ok(at)
    heading = next(m.value for m in at.markdown if m.value.startswith("<h3"))
    assert "Untitled article · " in heading and "hat am" not in heading
    body = "\n".join(m.value for m in at.markdown if "cm-article" in m.value)
    assert "hat am Freitag in " in body  # the lead opens the body, whole
    # An article with a headline keeps it as its heading.
    with Store(seed_db, readonly=True) as s:
        arts = s.articles(with_text=False)
    other = arts[arts["title"] == "Ukraine-Konflikt Washington kündigt Gespräche mit Moskau an"]
    at = app(seed_db, monkeypatch, READER, {"article": other.iloc[0]["article_id"]})
    heading = next(m.value for m in at.markdown if m.value.startswith("<h3"))
    assert "Ukraine-Konflikt Washington kündigt Gespräche mit Moskau an" in heading


def test_only_spellings_the_corpus_has_are_said(seed_db, monkeypatch):  # noqa: F811
    # "Russland" is also searched as "Rußland", which no seed writes: searched, not said.
    at = search(app(seed_db, monkeypatch, READER), "Russland")
    assert n_found(at) == 5
    assert "rußland" not in captions(at).lower()
