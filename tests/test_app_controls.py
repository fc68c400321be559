"""The sidebar's controls and the charts' keyboard lists in Streamlit's AppTest: what a
link asks for that is ignored is said (one notice), dates typed as text, the actor
search, and chart selections made from a list instead of a click."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import streamlit.testing.v1.app_test as app_test_mod
from streamlit.testing.v1 import AppTest

from core import filters as flt
from core.store import Store
from tests.conftest import ROOT
from tests.dashboard_fixtures import news_de_db, seed_db  # noqa: F401
from tests.test_app import _NavPagesManager


@pytest.fixture(autouse=True)
def _navigation_mode(monkeypatch):
    monkeypatch.setattr(app_test_mod, "PagesManager", _NavPagesManager)


def app(db, monkeypatch, page: str | None = None, query: dict | None = None) -> AppTest:
    monkeypatch.setenv("CRISIS_MONITOR_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.info] + [e.value for e in at.warning]
    parts += [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def notice(at: AppTest) -> str:
    """The main area's warning about the link ('' when there is none)."""
    found = [w.value for w in at.main.warning if "link was ignored" in w.value]
    assert len(found) <= 1, found
    return found[0] if found else ""


def n_articles(db, **filters) -> int:
    with Store(db, readonly=True) as s:
        corpus = flt.Corpus(s.articles(with_text=False), s.mentions(), s.topics())
    return len(flt.apply(corpus, flt.Filters(**filters)).articles)


def test_smoke(seed_db, monkeypatch):  # noqa: F811
    for page in (None, "pages/timeline.py", "pages/actors.py", "pages/reader.py"):
        app(seed_db, monkeypatch, page)


# --- what a link asks for that is ignored --------------------------------------------

def test_a_link_with_invalid_parameters_says_what_it_ignored(seed_db, monkeypatch):  # noqa: F811
    """Issue 15: ?actor=Nobody&since=garbage&lang=xx&topic=bogus showed everything, with
    no word about the link."""
    at = app(seed_db, monkeypatch, None, {"actor": "Nobody", "since": "garbage",
                                          "lang": "xx", "topic": "bogus", "foo": "bar"})
    assert "5 of 5 articles" in texts(at)  # the rest of the link still applies (nothing)
    said = notice(at)
    for line in ("`actor`: no actor “Nobody” in this corpus",
                 "`since`: “garbage” is not a date",
                 "`lang`: language “xx” not in this corpus",
                 "`topic`: topic “bogus” not in this corpus",
                 "`foo`: “foo” is not a setting of this dashboard"):
        assert line in said, said
    # The bad date stays in its field, said there too.
    assert at.sidebar.text_input(key="since").value == "garbage"
    assert any("“garbage” is not a date" in e.value for e in at.sidebar.error)


def test_the_notice_outlives_a_rerun_and_goes_when_dismissed(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, None, {"actor": ["Nobody", "Wladimir Putin"]})
    assert at.sidebar.multiselect(key="actor").value == ["Wladimir Putin"]
    assert "no actor “Nobody”" in notice(at)
    at.switch_page("pages/timeline.py").run()  # Streamlit dropped it from the address
    assert "no actor “Nobody”" in notice(at)
    at.button(key="dismiss_url_notice").click().run()
    assert notice(at) == ""
    at.switch_page("pages/overview.py").run()
    assert notice(at) == ""


def test_dismissing_a_bad_date_still_in_the_address(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, None, {"since": "garbage"})
    assert "“garbage” is not a date" in notice(at)
    at.button(key="dismiss_url_notice").click().run()
    assert notice(at) == ""
    assert at.sidebar.text_input(key="since").value == "garbage"  # the field still says it
    assert any("“garbage” is not a date" in e.value for e in at.sidebar.error)
    at.sidebar.text_input(key="until").set_value("2022-12-31").run()
    assert notice(at) == ""
    at.switch_page("pages/overview.py").run()
    assert notice(at) == ""


def test_a_valid_link_gives_no_notice(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, None, {"actor": "Wladimir Putin", "since": "2022-02",
                                          "until": "2022-02-28", "lang": "de",
                                          "topic": "diplomacy", "gran": "month"})
    assert notice(at) == ""
    assert "dated 2022-02-01 – 2022-02-28" in texts(at)


def test_markdown_in_an_ignored_value_is_inert(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, None, {"actor": "**bold** [x](http://example.com)"})
    said = notice(at)
    assert "\\*\\*bold\\*\\*" in said and "\\[x\\]" in said, said


def test_a_shared_selection_with_unknown_articles(seed_db, monkeypatch):  # noqa: F811
    with Store(seed_db, readonly=True) as s:
        ids = s.articles(with_text=False)["article_id"].tolist()[:2]
    at = app(seed_db, monkeypatch, None, {"sel": ",".join([*ids, "no-such-id"])})
    assert "2 of the 3 shared articles are not in this corpus" not in notice(at)
    assert "1 of the 3 shared articles are not in this corpus" in notice(at)


# --- the date fields --------------------------------------------------------------------

def test_from_after_to_names_both_dates_and_can_swap_the_fields(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, None, {"since": "2022-02-28", "until": "2022-01"})
    expected = n_articles(seed_db, since=flt.parse_date("2022-01"),
                          until=flt.parse_date("2022-02-28"))
    warned = [w.value for w in at.sidebar.warning if "is after" in w.value]
    assert warned == ["“From” 2022-02-28 is after “To” 2022-01: showing 2022-01-01 – "
                      "2022-02-28."]
    assert f"{expected} of 5 articles · dated 2022-01-01 – 2022-02-28" in texts(at)
    at.sidebar.button(key="swap_dates").click().run()
    assert at.sidebar.text_input(key="since").value == "2022-01"
    assert at.sidebar.text_input(key="until").value == "2022-02-28"
    assert not [w for w in at.sidebar.warning if "is after" in w.value]
    assert f"{expected} of 5 articles · dated 2022-01-01 – 2022-02-28" in texts(at)


def test_a_typed_month_and_year(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch)
    at.sidebar.text_input(key="since").set_value("2022-02").run()
    assert "dated 2022-02-01 – …" in texts(at)
    at.sidebar.text_input(key="until").set_value("2022").run()
    expected = n_articles(seed_db, since=dt.date(2022, 2, 1), until=dt.date(2022, 12, 31))
    assert f"{expected} of 5 articles · dated 2022-02-01 – 2022-12-31" in texts(at)


def test_the_calendar_fills_both_fields(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch)
    cal = at.sidebar.date_input(key="cal_None_None")
    cal.set_value((dt.date(2022, 2, 1), dt.date(2022, 2, 15))).run()
    assert at.sidebar.text_input(key="since").value == "2022-02-01"
    assert at.sidebar.text_input(key="until").value == "2022-02-15"
    assert "dated 2022-02-01 – 2022-02-15" in texts(at)


# --- finding an actor ---------------------------------------------------------------------

def test_find_an_actor_ranks_the_surname_first_and_adds_it(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch)
    at.sidebar.text_input(key="actor_find").set_value("putin").run()
    found = [b for b in at.sidebar.button if b.key and b.key.startswith("actor_find_")]
    assert [b.label for b in found][:1] == ["Wladimir Putin"]
    found[0].click().run()
    assert at.sidebar.multiselect(key="actor").value == ["Wladimir Putin"]
    assert at.sidebar.text_input(key="actor_find").value == ""
    assert "mentioning Wladimir Putin" in texts(at)


def test_find_an_actor_with_a_typo_and_with_nothing_like_it(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch)
    at.sidebar.text_input(key="actor_find").set_value("Selenski").run()
    labels = [b.label for b in at.sidebar.button if b.key and b.key.startswith("actor_find_")]
    assert labels[0] == "Wolodymyr Selenskyj (close spelling)"
    at.sidebar.text_input(key="actor_find").set_value("xyzzyq").run()
    assert "No actor is named like “xyzzyq”." in texts(at)


def test_the_actor_list_filters_by_substring(seed_db, monkeypatch):  # noqa: F811
    """The multiselect's own filter: names containing what is typed (fuzzy offered
    "Paulis Trainer" for "Putin")."""
    from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode

    at = app(seed_db, monkeypatch)
    proto = at.sidebar.multiselect(key="actor").proto
    assert proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_CONTAINS


# --- chart selections without a mouse -------------------------------------------------

@pytest.mark.parametrize(("page", "chart", "query"), [
    ("pages/overview.py", "ov_top_actors", {}),
    ("pages/overview.py", "ov_topics", {}),
    ("pages/overview.py", "ov_sections", {}),
    ("pages/actors.py", "ac_top", {}),
    ("pages/actors.py", "ac_mot", {}),
    ("pages/actors.py", "ac_co", {}),
    ("pages/timeline.py", "tl_chart", {}),
    ("pages/timeline.py", "tl_chart", {"by": "actor"}),
])
def test_every_clickable_chart_has_the_same_choice_in_a_list(seed_db, monkeypatch, page,  # noqa: F811
                                                             chart, query):
    at = app(seed_db, monkeypatch, None, query)
    if page != "pages/overview.py":
        at.switch_page(page).run()
    pick = at.selectbox(key=f"{chart}_pick")
    assert pick.value is None and pick.options
    first = pick.options[0]
    pick.set_value(first).run()
    assert not at.exception, [e.value for e in at.exception]
    selected = [m.value for m in at.markdown if m.value.startswith("**Selected:**")]
    assert len(selected) == 1, selected
    n = int(re.search(r"— (\d+) article", selected[0]).group(1))
    assert n > 0
    # The list's choice is the chart selection the Reader opens.
    assert len(at.session_state["cm_selection"]["ids"]) == n


def test_reset_empties_the_date_fields_and_the_notice(seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch, None, {"since": "2022-02", "until": "2022-01",
                                          "lang": "xx"})
    assert notice(at)
    at.sidebar.button(key="reset_filters").click().run()
    assert at.sidebar.text_input(key="since").value == ""
    assert at.sidebar.text_input(key="until").value == ""
    assert notice(at) == ""
    assert "5 of 5 articles" in texts(at)
