"""The dashboard in Streamlit's AppTest: every page on the real seeds and on an empty store,
filters, the query string, the reader's search and its escaping, missing/corrupt databases."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
import streamlit.testing.v1.app_test as app_test_mod
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from core import filters as flt
from core import settings
from core.store import Store
from tests.conftest import ROOT, SEEDS
from tests.dashboard_fixtures import (  # noqa: F401
    XSS_MARKERS,
    empty_db,
    news_de_db,
    seed_db,
    seeds_en_db,
    stories_db,
    xss_db,
)

PAGES = ["pages/overview.py", "pages/timeline.py", "pages/stories.py", "pages/actors.py",
         "pages/reader.py"]


class _NavPagesManager(PagesManager):
    """AppTest resets PagesManager.uses_pages_directory before every run, so with a pages/
    folder present its second run takes Streamlit's legacy pages/ mode and runs the page
    without dashboard.py.  A real server switches that mode off for good on the first
    st.navigation call; this does the same for the test runner."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


@pytest.fixture(autouse=True)
def _navigation_mode(monkeypatch):
    monkeypatch.setattr(app_test_mod, "PagesManager", _NavPagesManager)


def app(db, monkeypatch, page: str | None = None, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("CRISIS_MONITOR_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page and page != PAGES[0]:
        at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [e.value for e in at.error]
    parts += [t.value for t in at.title] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def _expected(db, filters) -> int:
    """What core.filters says (the export's rows): the screen must show the same count."""
    with Store(db, readonly=True) as s:
        corpus = flt.Corpus(s.articles(with_text=False), s.mentions(), s.topics())
    return len(flt.apply(corpus, filters).articles)


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_seeds(seed_db, monkeypatch, page):  # noqa: F811
    at = app(seed_db, monkeypatch, page)
    ok(at)
    assert "5 of 5 articles" in texts(at)
    assert at.sidebar.multiselect(key="actor") is not None


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_store(empty_db, monkeypatch, page):  # noqa: F811
    at = app(empty_db, monkeypatch, page)
    ok(at)
    assert "no articles" in texts(at).lower()


@pytest.mark.parametrize("page", PAGES)
def test_no_match_is_a_clear_state_not_an_error(seed_db, monkeypatch, page):  # noqa: F811
    at = app(seed_db, monkeypatch, page, {"since": "2030-01-01"})
    ok(at)
    assert "No articles match" in texts(at)


def test_actor_filter_changes_every_page_and_persists(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch)
    at.sidebar.multiselect(key="actor").set_value(["Antony Blinken"]).run()
    ok(at)
    assert "3 of 5 articles · mentioning Antony Blinken" in texts(at)
    # (Widget → URL is done by the browser for bound widgets: see test_browser.py.)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        ok(at)
        assert at.sidebar.multiselect(key="actor").value == ["Antony Blinken"]
        assert "3 of 5 articles" in texts(at)


def test_query_string_round_trips(seed_db, monkeypatch):  # noqa: F811
    q = {"actor": ["Wladimir Putin"], "since": "2022-02-01", "until": "2022-02-28",
         "lang": ["de"], "topic": ["diplomacy"]}
    at = app(seed_db, monkeypatch, "pages/timeline.py", q)
    ok(at)
    sb = at.sidebar
    assert sb.multiselect(key="actor").value == ["Wladimir Putin"]
    assert sb.text_input(key="since").value == "2022-02-01"
    assert sb.text_input(key="until").value == "2022-02-28"
    assert sb.multiselect(key="lang").value == ["de"]
    assert sb.multiselect(key="topic").value == ["diplomacy"]
    # The id stays in the link; people read the taxonomy's label.
    assert "topic Diplomacy & negotiations" in texts(at)
    expected = _expected(seed_db, flt.Filters(actors=("Wladimir Putin",),
                                              since=dt.date(2022, 2, 1),
                                              until=dt.date(2022, 2, 28), languages=("de",),
                                              topics=("diplomacy",)))
    assert 0 < expected < 5
    assert f"{expected} of 5 articles" in texts(at)
    # The same link on another page gives the same selection (filters are app-wide).
    again = app(seed_db, monkeypatch, "pages/reader.py", q)
    assert f"{expected} of 5 articles" in texts(again)
    # A bad value in a shared link is ignored, not an error.
    bad = app(seed_db, monkeypatch, None, {"since": "not-a-date", "actor": ["Nobody Atall"]})
    ok(bad)
    assert "5 of 5 articles" in texts(bad)


def test_timeline_controls(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, "pages/timeline.py")
    for gran in ("day", "week", "month"):
        at.segmented_control(key="gran").set_value(gran).run()
        ok(at)
        assert "month" in texts(at)  # the month-only note is always there on the seeds
    at.segmented_control(key="by").set_value("actor").run()
    ok(at)
    assert at.multiselect(key="tl_actors").value
    at.segmented_control(key="by").set_value("topic").run()
    ok(at)


def test_actors_page_detail_and_filter_button(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, "pages/actors.py")
    at.selectbox(key="detail_actor").set_value("Wladimir Putin").run()
    ok(at)
    assert any(m.value == "4" or m.value == 4 for m in at.metric)
    at.button(key="detail_filter").click().run()
    ok(at)
    assert at.sidebar.multiselect(key="actor").value == ["Wladimir Putin"]
    assert "4 of 5 articles" in texts(at)
    at.pills(key="types").set_value(["person"]).run()
    ok(at)


def test_reader_search_sort_and_friendly_errors(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, "pages/reader.py")
    at.text_input(key="q").set_value("Lawrow").run()
    ok(at)
    assert "match “Lawrow”" in texts(at)
    assert "<mark>Lawrow</mark>" in texts(at)
    at.segmented_control(key="sort").set_value("newest").run()
    ok(at)
    at.text_input(key="q").set_value('"Sicherheitsgarantien').run()
    ok(at)
    assert "unmatched double quote" in texts(at)
    at.text_input(key="q").set_value("Quetzalcoatl").run()
    ok(at)
    assert "No articles match this search" in texts(at)


def test_reader_article_view_escapes_the_xss_article(xss_db, monkeypatch):  # noqa: F811
    at = app(xss_db, monkeypatch, "pages/reader.py")
    at.text_input(key="q").set_value("onerror").run()
    ok(at)
    assert "6 of 6 articles" in texts(at)
    read = [b for b in at.button if b.key and b.key.startswith("rd_open_")]
    assert len(read) == 1
    read[0].click().run()
    ok(at)
    body = texts(at)
    for marker in XSS_MARKERS:
        assert marker not in body
    assert "&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;" in body
    # The searched word is marked inside the escaped markup (issue 15): marks aside, as is.
    assert '<mark class="cm-term"' in body and "<mark class=\"cm-term\" style=" in body
    unmarked = body.replace("</mark>", "")
    unmarked = unmarked.replace(unmarked[unmarked.index('<mark class="cm-term"'):].split(">")[0]
                                + ">", "")
    assert "&lt;img src=x onerror=alert&#40;1&#41;&gt;" in unmarked
    assert 'class="ent ent-person"' in body
    actor_buttons = [b for b in at.button if b.key and b.key.startswith("rd_actor_")]
    assert actor_buttons
    actor_buttons[0].click().run()
    ok(at)
    assert len(at.sidebar.multiselect(key="actor").value) == 1


def test_missing_and_corrupt_databases_explain_themselves(tmp_path, monkeypatch):
    at = app(tmp_path / "nope.db", monkeypatch)
    ok(at)
    assert "No database at" in texts(at)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    at = app(bad, monkeypatch)
    ok(at)
    assert "cannot be used" in texts(at) or "could not be read" in texts(at)


def test_first_start_builds_the_default_database_from_the_seeds(tmp_path, monkeypatch):
    target = tmp_path / "data" / "crisis_monitor.db"
    monkeypatch.setitem(settings.SETTINGS, "db", replace(settings.SETTINGS["db"],
                                                         default=str(target)))
    monkeypatch.delenv("CRISIS_MONITOR_DB", raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    ok(at)
    assert target.exists()
    assert "5 of 5 articles" in texts(at)
    assert any("Database built: 5 articles" in s.label for s in at.status)


@pytest.mark.corpus
def test_news_de_server_side_timings(news_de_db, monkeypatch, capsys):  # noqa: F811
    """Server-side time of each interaction on 6.7k real articles (script run, median of 5)."""
    import statistics
    import time

    def timed(at: AppTest, action=None) -> float:
        t = time.perf_counter()
        (action(at) if action else at).run()
        ok(at)
        return time.perf_counter() - t

    at = app(news_de_db, monkeypatch)  # first run: loads the DB into the cache
    results: dict[str, list[float]] = {}
    for _ in range(5):
        for page in PAGES:
            at.switch_page(page)
            results.setdefault(f"render {page.split('/')[1][:-3]}", []).append(timed(at))
        at.switch_page(PAGES[0]).run()
        for actor in (["Olaf Scholz"], ["Wladimir Putin"], []):
            results.setdefault("change actor filter (Overview)", []).append(
                timed(at, lambda a, v=actor: a.sidebar.multiselect(key="actor").set_value(v)))
    at.switch_page("pages/timeline.py").run()
    for gran in ("day", "month", "week") * 2:
        results.setdefault("timeline granularity", []).append(
            timed(at, lambda a, g=gran: a.segmented_control(key="gran").set_value(g)))
    at.switch_page("pages/reader.py").run()
    for q in ("Ukraine", "Scholz AND Bundestag", "Wirtschaft*", '"Deutsche Bahn"', "Putin") * 1:
        results.setdefault("reader search", []).append(
            timed(at, lambda a, q=q: a.text_input(key="q").set_value(q)))
    lines = [f"{k}: median {statistics.median(v) * 1000:.0f} ms (n={len(v)})"
             for k, v in results.items()]
    with capsys.disabled():
        print("\nserver-side (AppTest) on news-de-2024:\n" + "\n".join(lines))
    assert statistics.median(results["change actor filter (Overview)"]) < 5


def _seed_ids(db) -> list[str]:
    with Store(db, readonly=True) as s:
        arts = s.articles(with_text=False)
    return arts.sort_values("article_id")["article_id"].tolist()


def test_an_open_article_is_part_of_the_link(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, "pages/reader.py")
    at.button(key="rd_open_0").click().run()
    ok(at)
    opened = at.query_params["article"]
    opened = opened[0] if isinstance(opened, list) else opened
    with Store(seed_db, readonly=True) as s:
        title = s.articles(with_text=False, ids=[opened]).iloc[0]["title"]
    # Someone else opening that link sees the same article.
    shared = app(seed_db, monkeypatch, "pages/reader.py", {"article": opened})
    ok(shared)
    assert title in texts(shared)
    shared.button(key="rd_close").click().run()
    ok(shared)
    assert "article" not in shared.query_params
    # A link to an article this database lacks explains itself.
    bogus = app(seed_db, monkeypatch, "pages/reader.py", {"article": "0000000000000000"})
    ok(bogus)
    assert "not in this database" in texts(bogus)


def test_a_chart_selection_is_part_of_the_link(seed_db, monkeypatch):  # noqa: F811
    ids = _seed_ids(seed_db)[:2]
    q = {"sel": ",".join([*ids, "not-an-id"]), "sel_label": "two seeds"}
    at = app(seed_db, monkeypatch, "pages/reader.py", q)
    ok(at)
    body = texts(at)
    assert "Narrowed to a chart selection: **two seeds** — 2 article(s)" in body
    assert "Chart selection: 2 article(s) — two seeds" in body
    at.button(key="rd_clear_sel").click().run()
    ok(at)
    assert "sel" not in at.query_params
    assert "Narrowed to a chart selection" not in texts(at)


def test_actors_page_controls_are_in_the_link(seed_db, monkeypatch):  # noqa: F811
    q = {"detail_actor": "Joe Biden", "co_n": "8", "mot_gran": "month", "top_n": "10"}
    at = app(seed_db, monkeypatch, "pages/actors.py", q)
    ok(at)
    assert at.selectbox(key="detail_actor").value == "Joe Biden"
    assert at.slider(key="co_n").value == 8
    assert at.selectbox(key="mot_gran").value == "month"
    assert at.number_input(key="top_n").value == 10


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


def _counts(db, actors: list[str]) -> tuple[int, int]:
    """Mentions and articles of these actors together, from the store (uncorrected)."""
    with Store(db, readonly=True) as s:
        m = s.mentions()
    rows = m[m["actor"].isin(actors)]
    return len(rows), rows["article_id"].nunique()


def test_actors_page_merge_and_undo(seed_db, monkeypatch, tmp_path):  # noqa: F811
    path = tmp_path / "corrections.tsv"
    monkeypatch.setenv("CRISIS_MONITOR_CORRECTIONS", str(path))
    at = app(seed_db, monkeypatch, "pages/actors.py")
    at.sidebar.multiselect(key="actor").set_value(["Wladimir Putin"]).run()
    at.selectbox(key="detail_actor").set_value("Wladimir Putin").run()
    ok(at)
    putin = _counts(seed_db, ["Wladimir Putin"])
    assert _metrics(at)["Mentions"] == str(putin[0])
    assert "Corrections in force (0)" in [e.label for e in at.expander]

    at.selectbox(key="corr_merge_to").set_value("Joe Biden")
    next(b for b in at.button if b.label == "Merge").click().run()
    ok(at)
    assert "merge\tWladimir Putin\tJoe Biden\n" in path.read_text(encoding="utf-8")
    assert any("Merged **Wladimir Putin** into **Joe Biden**" in s.value for s in at.success)
    # The panel, the sidebar filter (and so the URL) follow the actor to its new name.
    assert at.selectbox(key="detail_actor").value == "Joe Biden"
    assert at.sidebar.multiselect(key="actor").value == ["Joe Biden"]
    both = _counts(seed_db, ["Wladimir Putin", "Joe Biden"])
    assert _metrics(at)["Mentions"] == str(both[0])
    assert _metrics(at)["Articles"] == str(both[1])
    assert f"{both[1]} of 5 articles · mentioning Joe Biden" in texts(at)
    assert "Wladimir Putin" not in at.sidebar.multiselect(key="actor").options
    assert "1 correction(s) of actors applied" in texts(at)
    assert any("merge “Wladimir Putin” into “Joe Biden”" in m.value for m in at.markdown)
    # Every page is corrected: the Overview counts one actor fewer.
    at.sidebar.multiselect(key="actor").set_value([]).run()
    at.switch_page("pages/overview.py").run()
    ok(at)
    with Store(seed_db, readonly=True) as s:
        n_actors = len(s.actors())
    assert _metrics(at)["Actors"] == f"{n_actors - 1:,}"
    at.switch_page("pages/actors.py").run()

    at.button(key="corr_undo_0").click().run()
    ok(at)
    assert any("Undone: merge “Wladimir Putin” into “Joe Biden”" in s.value for s in at.success)
    assert "Wladimir Putin" not in path.read_text(encoding="utf-8")
    assert at.selectbox(key="detail_actor").value == "Wladimir Putin"
    assert _metrics(at)["Mentions"] == str(putin[0])
    assert "Wladimir Putin" in at.sidebar.multiselect(key="actor").options
    assert "Corrections in force (0)" in [e.label for e in at.expander]


def test_actors_page_other_corrections_and_a_malformed_line(seed_db, monkeypatch, tmp_path):  # noqa: F811
    path = tmp_path / "corrections.tsv"
    path.write_text("merge Wladimir Putin Joe Biden\n", encoding="utf-8")
    monkeypatch.setenv("CRISIS_MONITOR_CORRECTIONS", str(path))
    at = app(seed_db, monkeypatch, "pages/actors.py", {"detail_actor": "Wladimir Putin"})
    ok(at)
    assert any("no TAB" in w.value for w in at.warning)
    assert any("1 line(s) of the corrections file" in w.value for w in at.sidebar.warning)
    putin = _counts(seed_db, ["Wladimir Putin"])
    assert _metrics(at)["Mentions"] == str(putin[0])  # the bad line changed nothing

    at.segmented_control(key="corr_action").set_value("split").run()
    at.selectbox(key="corr_split_surface").set_value("Putin")
    next(b for b in at.button if b.label == "Split off").click().run()
    ok(at)
    assert any("Split **Putin** off **Wladimir Putin**" in s.value for s in at.success)
    assert int(_metrics(at)["Mentions"]) < putin[0]

    at.segmented_control(key="corr_action").set_value("type").run()
    at.selectbox(key="corr_type_to").set_value("other")
    next(b for b in at.button if b.label == "Change type").click().run()
    ok(at)
    assert _metrics(at)["Type"] == "other"

    at.segmented_control(key="corr_action").set_value("rename").run()
    at.text_input(key="corr_rename_to").input("W. Putin")
    next(b for b in at.button if b.label == "Rename").click().run()
    ok(at)
    assert at.selectbox(key="detail_actor").value == "W. Putin"
    assert _metrics(at)["Type"] == "other"

    at.segmented_control(key="corr_action").set_value("not_actor").run()
    next(b for b in at.button if b.label == "Mark as not an actor").click().run()
    ok(at)
    assert any("no longer an actor" in s.value for s in at.success)
    assert at.selectbox(key="detail_actor").value != "W. Putin"
    assert "W. Putin" not in at.selectbox(key="detail_actor").options
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()[1:]
             if line and not line.startswith("#")]
    assert lines == ["split\tWladimir Putin\tPutin", "type\tWladimir Putin\tother",
                     "rename\tWladimir Putin\tW. Putin", "not_actor\tW. Putin"]


def test_the_reader_shows_an_article_with_the_corrections(seed_db, monkeypatch, tmp_path):  # noqa: F811
    path = tmp_path / "corrections.tsv"
    path.write_text("rename\tWladimir Putin\tW. Putin\nnot_actor\tUkraine\n", encoding="utf-8")
    monkeypatch.setenv("CRISIS_MONITOR_CORRECTIONS", str(path))
    at = app(seed_db, monkeypatch, "pages/reader.py", {"actor": ["W. Putin"]})
    ok(at)
    at.button(key="rd_open_0").click().run()
    ok(at)
    labels = [b.label for b in at.button if b.key and b.key.startswith("rd_actor_")]
    assert any(label.startswith("W. Putin (") for label in labels), labels
    assert not any(label.startswith(("Wladimir Putin (", "Ukraine (")) for label in labels)


def test_section_crisis_and_share_controls(seed_db, monkeypatch, tmp_path):  # noqa: F811
    at = app(seed_db, monkeypatch, query={"section": "international", "crisis": "true"})
    assert at.multiselect(key="section").value == ["international"]
    assert at.toggle(key="crisis").value is True
    assert "section International · about Russia–Ukraine" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["About Russia–Ukraine"] == "5"
    assert "Sections" in [s.value for s in at.subheader]
    at.multiselect(key="section").set_value(["sports"]).run()
    assert "No articles match the filters" in texts(at)
    at.multiselect(key="section").set_value([]).run()
    at.switch_page("pages/timeline.py").run()
    # Five seed articles are too few to call the collection uneven: counts are the default,
    # shares one click away.
    assert at.segmented_control(key="measure").value == "count"
    at.segmented_control(key="measure").set_value("share").run()
    assert not at.exception
    assert "% of all articles collected" in str(at.get("plotly_chart")[0].proto.spec)
    at.toggle(key="crisis").set_value(False).run()
    assert not at.exception
    # An older store without sections: the Overview says how to compute them.
    import shutil
    import sqlite3

    old = tmp_path / "old.db"
    shutil.copy(seed_db, old)
    with sqlite3.connect(old) as conn:
        conn.execute("ALTER TABLE articles DROP COLUMN section")
        conn.execute("ALTER TABLE articles DROP COLUMN crisis")
    at = app(old, monkeypatch)
    assert not at.exception
    assert "python -m core rescore" in texts(at)


def test_outlet_country_filter(news_en_records, monkeypatch, tmp_path):  # noqa: F811
    import json

    from core.ingest import ingest

    src = tmp_path / "en.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in news_en_records[:60]) + "\n",
                   encoding="utf-8")
    db = tmp_path / "en.db"
    with Store(db) as s:
        ingest([str(src)], s)
    at = app(db, monkeypatch)
    ok(at)
    box = at.multiselect(key="country")
    assert set(box.options) == {r["media_country"] for r in news_en_records[:60]}
    first = box.options[0]
    box.set_value([first]).run()
    ok(at)
    # Copies of one text are stored once: count what the store holds.
    n, total = _expected(db, flt.Filters(countries=(first,))), _expected(db, flt.Filters())
    assert 0 < n < total
    assert f"{n} of {total} articles · outlet country {first}" in texts(at)


def test_names_in_the_display_language(seeds_en_db, monkeypatch):  # noqa: F811
    """Seeds (German) + English news: one actor per person, named in the chosen language;
    a link naming the actor by its German id opens on the same actor in English."""
    db = seeds_en_db
    at = app(db, monkeypatch)
    ok(at)
    names = at.selectbox(key="names")
    assert names.options[:2] == ["en", "de"] and names.value == "en"  # most articles first
    options = at.multiselect(key="actor").options
    assert "Vladimir Putin" in options and "Wladimir Putin" not in options
    assert "Russia" in options and "Russland" not in options
    names.set_value("de").run()
    ok(at)
    options = at.multiselect(key="actor").options
    assert "Wladimir Putin" in options and "Vladimir Putin" not in options
    # A link with the id in another display language: same actor, same count.
    # The link keeps the name it was shared with (it stays in the address).
    at = app(db, monkeypatch, query={"names": "en", "actor": "Wladimir Putin"})
    ok(at)
    assert at.multiselect(key="actor").value == ["Wladimir Putin"]
    n, total = _expected(db, flt.Filters(actors=("Wladimir Putin",))), _expected(db, flt.Filters())
    assert 0 < n < total
    assert f"{n} of {total} articles" in texts(at)


def test_count_unit_switch(monkeypatch, tmp_path):
    """A store with a near-copy: unique articles by default on every page, all with
    ?unit=all; the captions say which, the Reader lists the other version."""
    import json

    from core.ingest import ingest

    base = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8").split("\n", 1)[1]
    src = tmp_path / "copy.jsonl"
    src.write_text(json.dumps({"text": "Vorspann einer Regionalzeitung.\n\n" + base,
                               "url": "https://regional.example/1", "date": "2022-02-01"})
                   + "\n", encoding="utf-8")
    db = tmp_path / "copies.db"
    with Store(db) as s:
        ingest([str(SEEDS)], s)
        ingest([str(src)], s)
    unique, everything = _expected(db, flt.Filters()), _expected(db, flt.Filters(unit="all"))
    assert everything == unique + 1
    for page in PAGES:
        at = app(db, monkeypatch, page)
        ok(at)
        if page != "pages/reader.py":
            assert f"{unique} of {unique} articles" in texts(at), page
            assert "versions and copies counted once" in texts(at)
    at = app(db, monkeypatch, query={"unit": "all"})
    ok(at)
    assert at.radio(key="unit").value == "all"
    assert f"{everything} of {everything} articles" in texts(at)
    assert "every version and copy counted" in texts(at)
    with Store(db, readonly=True) as s:
        arts = s.articles(with_text=False)
    copy = arts.loc[arts["copy_of"] != "", "article_id"].iloc[0]
    at = app(db, monkeypatch, "pages/reader.py", query={"article": copy})
    ok(at)
    assert "1 other version(s) or copies" in texts(at)


def _stories(db, filters: flt.Filters | None = None):
    from core import story_stats

    filters = filters or flt.Filters()
    with Store(db, readonly=True) as s:
        corpus = flt.Corpus(s.articles(with_text=False), s.mentions(), s.topics())
    view = flt.apply(corpus, filters)
    return story_stats.story_table(view.articles, view.mentions,
                                   until=filters.until), view


def test_stories_page_lists_stories_and_opens_one(stories_db, monkeypatch):  # noqa: F811
    from core.highlight import md

    table, _ = _stories(stories_db)
    assert (table["n_articles"] > 1).sum() >= 3
    at = app(stories_db, monkeypatch, "pages/stories.py")
    ok(at)
    assert at.metric[0].value == f"{len(table):,}"
    assert at.metric[1].value == f"{int((table['n_articles'] > 1).sum()):,}"
    shown = at.dataframe[0].value
    assert list(shown["title"][:5]) == list(table["title"][:5])
    assert list(shown["n_articles"][:5]) == list(table["n_articles"][:5])
    # A story's link: its title, size, timeline and the way to its articles in the Reader.
    top = table.iloc[0]
    at = app(stories_db, monkeypatch, "pages/stories.py", query={"story": top["story"]})
    ok(at)
    assert md(top["title"]) in [h.value for h in at.subheader]
    assert any(b.label == f"Narrow the Reader to these {top['n_articles']} article(s)"
               for b in at.button)
    at.button(key="story_open").click().run()
    ok(at)
    assert at.session_state["cm_selection"]["label"].startswith("story: ")
    # A story id that is not in view says so.
    at = app(stories_db, monkeypatch, "pages/stories.py", query={"story": "no-such-story"})
    ok(at)
    assert "has no articles that match the filters" in texts(at)
    at = app(stories_db, monkeypatch, "pages/stories.py", query={"show": "Fastest-growing"})
    ok(at)
    assert at.segmented_control(key="show").value == "Fastest-growing"


@pytest.mark.parametrize("filters", [
    flt.Filters(unit="stories"),
    flt.Filters(unit="stories", actors=("Deutschland",)),
    flt.Filters(unit="stories", since=dt.date(2024, 8, 6)),
])
def test_every_page_and_the_export_count_stories_alike(stories_db, monkeypatch,  # noqa: F811
                                                       filters, tmp_path):
    from core.cli import main as cli

    n = _expected(stories_db, filters)
    total = _expected(stories_db, flt.Filters(unit="stories"))
    assert n < _expected(stories_db, filters.with_(unit="unique"))
    query = {"unit": "stories"}
    if filters.actors:
        query["actor"] = list(filters.actors)
    if filters.since:
        query["since"] = filters.since.isoformat()
    for page in PAGES:
        at = app(stories_db, monkeypatch, page, query=query)
        ok(at)
        if page != "pages/stories.py":  # the Stories page counts the articles of stories
            assert f"{n:,} of {total:,} stories" in texts(at), page
    at = app(stories_db, monkeypatch, query=query)
    assert at.metric[0].label == "Stories" and at.metric[0].value == f"{n:,}"
    args = ["export", "--db", str(stories_db), "--out", str(tmp_path / "x"), "--unit", "stories"]
    args += [a for actor in filters.actors for a in ("--actor", actor)]
    args += ["--since", filters.since.isoformat()] if filters.since else []
    assert cli(args) == 0
    rows = (tmp_path / "x" / "articles.csv").read_text(encoding="utf-8-sig").count("\n") - 1
    assert rows == n


def test_a_story_selection_lists_every_article_in_the_stories_unit(stories_db,  # noqa: F811
                                                                    monkeypatch):
    from core import story_stats

    table, view = _stories(stories_db)
    top = table.iloc[0]
    ids = story_stats.story_ids(view.articles, top["story"])
    at = app(stories_db, monkeypatch, "pages/reader.py",
             query={"unit": "stories", "sel": ",".join(ids), "sel_label": "a story"})
    ok(at)
    assert f"{len(ids)} article(s) that also match the filters" in texts(at)


def test_the_overview_flags_breaking_stories_with_their_counts(stories_db,  # noqa: F811
                                                               monkeypatch):
    for day in ("2024-08-06", "2024-08-09"):
        table, _ = _stories(stories_db, flt.Filters(until=dt.date.fromisoformat(day)))
        at = app(stories_db, monkeypatch, query={"until": day})
        ok(at)
        assert f"On {day} (the “until” date" in texts(at)
        hot = table[table["breaking"]]
        if hot.empty:
            assert f"No story is breaking on {day}." in texts(at)
        else:
            shown = next(d.value for d in at.dataframe if "n_day" in d.value.columns)
            assert list(shown["title"]) == list(hot["title"])
            assert list(shown["n_day"]) == list(hot["n_day"])
