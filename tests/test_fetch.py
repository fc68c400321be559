"""core.fetch against a real HTTP server on 127.0.0.1 (tests/local_web.py): every case
ends in a body, a 304, or an error that says why."""

from __future__ import annotations

import time

import pytest

from core.fetch import Fetcher, Settings, decode, retry_after_seconds
from tests.local_web import LocalWeb


@pytest.fixture
def web():
    server = LocalWeb()
    yield server
    server.close()


@pytest.fixture
def fast(monkeypatch):
    """Settings that keep the tests fast: fractions of a second."""
    monkeypatch.setenv("CRISIS_MONITOR_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("CRISIS_MONITOR_HOST_INTERVAL", "0")
    monkeypatch.setenv("CRISIS_MONITOR_FETCH_RETRIES", "2")
    monkeypatch.setenv("CRISIS_MONITOR_MAX_RETRY_WAIT", "1")
    monkeypatch.setenv("CRISIS_MONITOR_MAX_BODY_MB", "0.1")


@pytest.fixture
def fetcher(fast):
    with Fetcher(backoff_base=0.05) as f:
        yield f


def test_a_page_with_the_user_agent_and_validators(web, fetcher):
    web.route("/a", "<p>Hallo</p>", etag='"e1"', last_modified="Mon, 02 Dec 2024 10:00:00 GMT")
    res = fetcher.get(web.url("/a"))
    assert res.ok and res.body == b"<p>Hallo</p>" and res.etag == '"e1"'
    assert web.hits("/a")[0].headers["User-Agent"].startswith("CrisisMonitor/")
    again = fetcher.get(web.url("/a"), etag=res.etag, modified=res.last_modified)
    assert again.not_modified and again.body == b"" and not again.error
    assert web.hits("/a")[1].headers["If-None-Match"] == '"e1"'


def test_429_retried_after_retry_after(web, fetcher):
    web.route("/busy", "später", status=429, headers={"Retry-After": "0.3"})
    started = time.monotonic()
    res = fetcher.get(web.url("/busy"), retries=1)
    hits = web.hits("/busy")
    assert len(hits) == 2 and hits[1].at - hits[0].at >= 0.3
    assert res.error.startswith("rate limited: HTTP 429") and "0.3 s" in res.error
    assert res.retry_after == pytest.approx(0.3)
    assert time.monotonic() - started < 2


def test_a_retry_after_longer_than_max_retry_wait_is_left_to_the_caller(web, fetcher):
    web.route("/later", "", status=429, headers={"Retry-After": "120"})
    res = fetcher.get(web.url("/later"))
    assert len(web.hits("/later")) == 1  # not waited for 2 minutes, not retried
    assert res.retry_after == 120 and "wait 120 s" in res.error


def test_5xx_backs_off_exponentially(web, fetcher):
    web.route("/down", "kaputt", status=503)
    res = fetcher.get(web.url("/down"))
    hits = web.hits("/down")
    assert len(hits) == 3 and res.error == "HTTP 503 Service Unavailable"
    first, second = hits[1].at - hits[0].at, hits[2].at - hits[1].at
    assert first >= 0.05 and second >= 0.1  # 0.05 s, then doubled


@pytest.mark.parametrize("route", [dict(delay=1.5), dict(trickle=0.2)],
                         ids=["no answer", "trickling answer"])
def test_slow_servers_time_out(web, fetcher, route):
    web.route("/slow", "<p>" + "langsam " * 100 + "</p>", **route)
    started = time.monotonic()
    res = fetcher.get(web.url("/slow"), retries=0)
    assert res.error.startswith("timeout:") and "fetch_timeout" in res.error
    assert time.monotonic() - started < 1.4


def test_redirects_are_followed_hop_by_hop(web, fetcher):
    web.route("/old", status=301, headers={"Location": "/mid"})
    web.route("/mid", status=302, headers={"Location": web.url("/new")})
    web.route("/new", "<p>neu</p>")
    res = fetcher.get(web.url("/old"))
    assert res.ok and res.body == b"<p>neu</p>"
    assert res.url == web.url("/old") and res.final_url == web.url("/new")
    web.route("/loop", status=302, headers={"Location": "/loop"})
    assert "redirects" in fetcher.get(web.url("/loop")).error


@pytest.mark.parametrize("route", [dict(size=400_000), dict(body="x" * 200_000)],
                         ids=["streamed", "content-length"])
def test_huge_bodies_are_abandoned(web, fetcher, route):
    web.route("/huge", **route)
    res = fetcher.get(web.url("/huge"))
    assert res.error.startswith("too large:") and "max_body_mb" in res.error
    assert res.body == b""


def test_robots_txt_is_respected_and_read_once(web, fetcher):
    web.route("/robots.txt", "User-agent: *\nDisallow: /intern/\n", content_type="text/plain")
    web.route("/intern/x", "geheim")
    web.route("/offen", "offen")
    res = fetcher.get(web.url("/intern/x"))
    assert res.error.startswith("forbidden by robots.txt") and "/intern/x" in res.error
    assert not web.hits("/intern/x")
    assert fetcher.get(web.url("/offen")).ok
    assert len(web.hits("/robots.txt")) == 1


def test_an_unreachable_robots_txt_forbids_the_site_for_now(web, fetcher):
    web.route("/robots.txt", "", status=500)
    web.route("/a", "a")
    res = fetcher.get(web.url("/a"))
    assert res.error.startswith("robots.txt unreachable (HTTP 500)")
    assert not web.hits("/a")


def test_an_unreachable_host_is_named(fast):
    with Fetcher(backoff_base=0.01) as f:
        res = f.get("http://127.0.0.1:9/", retries=0, robots=False)
    assert res.error.startswith("unreachable: ConnectError")


def test_one_request_at_a_time_per_host_with_the_interval(web, monkeypatch, fast):
    monkeypatch.setenv("CRISIS_MONITOR_HOST_INTERVAL", "0.3")
    web.route("/p", "p")
    with Fetcher() as f:
        for _ in range(3):
            assert f.get(web.url("/p"), robots=False).ok
    hits = web.hits("/p")
    assert all(b.at - a.at >= 0.29 for a, b in zip(hits, hits[1:]))


@pytest.mark.parametrize("body, declared, text, noted", [
    ("Grüße aus Köln".encode(), "utf-8", "Grüße aus Köln", False),
    ("Grüße aus Köln".encode("latin-1"), "utf-8", "Grüße aus Köln", True),
    ('<meta charset="iso-8859-1"><p>Bär</p>'.encode("latin-1"), "", "Bär", False),
    ("Привет, мир".encode("cp1251"), "utf-8", None, True),
], ids=["utf-8", "declared utf-8 but latin-1", "meta charset", "declared utf-8 but cp1251"])
def test_wrong_encodings_are_read_as_what_they_are(body, declared, text, noted):
    got, note = decode(body, declared)
    assert "\ufffd" not in got
    if text:
        assert text in got
    assert bool(note) is noted


def test_retry_after_as_seconds_or_date():
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480) == 10
    assert retry_after_seconds("bald") is None


def test_bad_settings_are_named(monkeypatch):
    monkeypatch.setenv("CRISIS_MONITOR_FETCH_TIMEOUT", "0")
    with pytest.raises(ValueError, match="fetch_timeout"):
        Settings()
