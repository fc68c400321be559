"""core.url_params: which link parameters are ignored and why; the date fields' range."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from core import url_params as up
from tests.conftest import ROOT

OFFER = up.Offer(actors={"Wladimir Putin", "Olaf Scholz"}, languages=["de", "en"],
                 topics=["diplomacy", "military"], sections=["politics"],
                 sources=["spiegel.de"], countries=["DE"], display_languages=["de", "en"],
                 units=["unique", "all"], crisis=True)


@pytest.mark.parametrize(("params", "expected"), [
    # The link: each value named, with the reason.
    ({"actor": ["Nobody"], "since": ["garbage"], "lang": ["xx"], "topic": ["bogus"]},
     [("actor", "Nobody", "no actor “Nobody” in this corpus"),
      ("since", "garbage", "“garbage” is not a date"),
      ("lang", "xx", "language “xx” not in this corpus (it has de, en)"),
      ("topic", "bogus", "topic “bogus” not in this corpus (it has diplomacy, military)")]),
    # Only the bad value of several.
    ({"actor": ["Wladimir Putin", "Nobody"]}, [("actor", "Nobody", "no actor")]),
    ({"until": ["2024-13-01"]}, [("until", "2024-13-01", "is not a date")]),
    ({"section": ["sport"]}, [("section", "sport", "section “sport” not in")]),
    ({"source": ["bild.de"]}, [("source", "bild.de", "source “bild.de” not in")]),
    ({"country": ["FR"]}, [("country", "FR", "outlet country “FR” not in")]),
    ({"names": ["ru"]}, [("names", "ru", "names cannot be shown in “ru” (only de, en)")]),
    ({"unit": ["stories"]}, [("unit", "stories", "not a way of counting (unique, all)")]),
    ({"actor_mode": ["some"]}, [("actor_mode", "some", "neither “any” nor “all”")]),
    ({"crisis": ["yes"]}, [("crisis", "yes", "neither “true” nor “false”")]),
    ({"foo": ["bar"]}, [("foo", "bar", "“foo” is not a setting of this dashboard")]),
    # Nothing wrong: every kind of valid value, empty values, page parameters.
    ({"actor": ["Olaf Scholz"], "since": ["2024"], "until": ["2024-08"], "lang": ["en"],
      "topic": ["military"], "crisis": ["TRUE"], "unit": ["all"], "actor_mode": ["all"],
      "names": ["en"], "gran": ["month"], "article": ["x1"], "sel": ["a,b"], "lang2": []},
     [("lang2", "", "not a setting")]),
    ({"lang": [""], "since": [""]}, []),
])
def test_check(params, expected):
    got = up.check(params, OFFER)
    assert [(p.param, p.value) for p in got] == [(p, v) for p, v, _ in expected]
    for problem, (_, _, reason) in zip(got, expected, strict=True):
        assert reason in problem.reason


def test_crisis_without_a_crisis_definition():
    got = up.check({"crisis": ["true"]}, up.Offer(crisis=False))
    assert [p.reason for p in got] == ["no crisis definition is loaded"]


def test_a_long_value_is_cut_in_the_notice():
    got = up.check({"actor": ["x" * 500]}, OFFER)
    assert len(got[0].reason) < 100 and "…" in got[0].reason
    assert got[0].value == "x" * 500  # the whole value stays available


def test_check_selection():
    assert up.check_selection(["a", "b", "c"], 3) is None
    problem = up.check_selection(["a", "b", "b", "c"], 1)
    assert problem.param == "sel"
    assert problem.reason == "2 of the 3 shared articles are not in this corpus"


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("", "", (None, None, False)),
    ("2024-08-01", "", (dt.date(2024, 8, 1), None, False)),
    ("2024-08", "2024-08", (dt.date(2024, 8, 1), dt.date(2024, 8, 31), False)),
    ("2024", "2024", (dt.date(2024, 1, 1), dt.date(2024, 12, 31), False)),
    (" 2024-8-5 ", None, (dt.date(2024, 8, 5), None, False)),
    # From after To: the two are exchanged, each read as the end it becomes.
    ("2024-12-01", "2024-06-01", (dt.date(2024, 6, 1), dt.date(2024, 12, 1), True)),
    ("2024-12", "2024-06", (dt.date(2024, 6, 1), dt.date(2024, 12, 31), True)),
    ("2024-08", "2024-06-30", (dt.date(2024, 6, 30), dt.date(2024, 8, 31), True)),
])
def test_date_range(since, until, expected):
    got = up.date_range(since, until)
    assert (got.since, got.until, got.swapped) == expected
    assert got.errors == ()


def test_date_range_leaves_out_text_that_is_no_date():
    got = up.date_range("garbage", "2024-06-30")
    assert (got.since, got.until, got.swapped) == (None, dt.date(2024, 6, 30), False)
    assert got.errors == (("since", f"“garbage” is not a date ({up.DATE_FORMS})"),)


def _params_in_source() -> set[str]:
    """Every parameter the dashboard's code reads: keys of widgets bound to the address,
    *_PARAM constants, and query_params={…} of page links."""
    found = set()
    for path in [ROOT / "dashboard.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]:
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"\((?:[^()]|\([^()]*\))*\)", text, re.S):
            body = call.group(0)
            if 'bind="query-params"' in body:
                found.update(re.findall(r'\bkey="([^"]+)"', body))
        # ARTICLE_PARAM = "article"; SEL_PARAM, SEL_LABEL_PARAM = "sel", "sel_label"
        for rhs in re.findall(r"^[A-Z_]*PARAM\w*(?:, *[A-Z_]+)* *= *(.+)$", text, re.M):
            found.update(re.findall(r'"([^"]+)"', rhs.split("#")[0]))
        for links in re.findall(r"query_params=\{([^}]*)\}", text):
            found.update(re.findall(r'"([^"]+)":', links))
    return found


def test_every_parameter_the_dashboard_reads_is_known():
    """A new bound widget or link parameter must be added to KNOWN_PARAMS, or links
    carrying it would be reported as ignored."""
    in_source = _params_in_source()
    assert {"actor", "since", "gran", "detail_actor", "sel", "sel_label", "article",
            "story", "show"} <= in_source  # the scan finds each kind
    assert in_source <= up.KNOWN_PARAMS, in_source - up.KNOWN_PARAMS
