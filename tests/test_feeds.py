"""Feeds against a real local HTTP server: RSS 2.0, RSS 1.0 and Atom; the per-feed state,
conditional polls, backoff and Retry-After; entries with and without their text."""

from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest

from core import feeds
from core.fetch import Fetcher
from core.ingest import Engine
from core.store import Store
from tests.conftest import ROOT
from tests.local_web import LocalWeb, german_page
from tests.test_web import PARAS

FULL = " ".join(PARAS * 3)  # over FULL_TEXT_WORDS words: the feed carries the article


def rss2(base: str, items: list[tuple[str, str, str]]) -> str:
    """RSS 2.0 with content:encoded for items given a text; (guid, path, text) each."""
    out = []
    for guid, path, text in items:
        content = f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>" if text else ""
        out.append(f"""<item><title>Meldung {guid}</title><link>{base}{path}?utm_source=rss</link>
<description>Kurz: Meldung {guid}.</description>{content}
<pubDate>Mon, 02 Dec 2024 10:53:00 +0100</pubDate><guid isPermaLink="false">{guid}</guid>
<dc:creator>Anna Beispiel</dc:creator></item>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Beispielzeitung</title>
<link>{base}/</link><description>Nachrichten</description>{''.join(out)}</channel></rss>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom-Zeitung</title><id>urn:z</id>
<updated>2024-12-03T08:00:00Z</updated>
<entry><title>Atom-Meldung</title><id>urn:z:1</id><link href="https://example.de/atom/1"/>
<updated>2024-12-03T08:00:00+01:00</updated><author><name>Berta Muster</name></author>
<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry></feed>"""

RSS1 = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://example.de/"><title>RDF</title><link>https://example.de/</link>
<description>x</description></channel>
<item rdf:about="https://example.de/rdf/1"><title>RDF-Meldung</title>
<link>https://example.de/rdf/1</link><description>Nur ein Anreißer.</description>
<dc:date>2024-12-01</dc:date></item></rdf:RDF>"""


def test_rss2_atom_and_rss1_entries():
    entries, problem = feeds.parse_feed(rss2("https://example.de", [
        ("a", "/voll", FULL), ("b", "/kurz", "")]).encode())
    assert problem == "" and [e.key for e in entries] == ["a", "b"]
    full, short = entries
    assert full.link == "https://example.de/voll" and "Selenskyj" in full.text
    assert full.author == "Anna Beispiel" and full.date.startswith("Mon, 02 Dec 2024")
    assert short.text == "" and short.link == "https://example.de/kurz"  # a summary only
    (atom,), problem = feeds.parse_feed(ATOM.format(text=FULL).encode())
    assert problem == "" and atom.author == "Berta Muster" and atom.text.startswith("Bundes")
    assert atom.date == "2024-12-03T08:00:00+01:00" and atom.key == "urn:z:1"
    (rdf,), problem = feeds.parse_feed(RSS1.encode())
    assert rdf.link == "https://example.de/rdf/1" and rdf.text == "" and rdf.date == "2024-12-01"


@pytest.mark.parametrize("body, reason", [
    (b"<rss><channel><item><title>kaputt</item>", "malformed: not a readable feed"),
    (b"<html><body><p>Keine Feed-Seite</p></body></html>", "malformed: not an RSS or Atom"),
    (b"", "malformed: not"),
])
def test_broken_feeds_say_why(body, reason):
    entries, problem = feeds.parse_feed(body)
    assert entries == [] and problem.startswith(reason)


@pytest.fixture(scope="module")
def engine():
    return Engine()


@pytest.fixture
def w(monkeypatch):
    monkeypatch.setenv("CRISIS_MONITOR_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("CRISIS_MONITOR_HOST_INTERVAL", "0")
    monkeypatch.setenv("CRISIS_MONITOR_FETCH_RETRIES", "0")
    monkeypatch.setenv("CRISIS_MONITOR_POLL_MINUTES", "15")
    server = LocalWeb()
    yield server
    server.close()


def test_a_feed_followed_over_rounds(tmp_path, engine, w, caplog):
    caplog.set_level(logging.INFO, logger="crisis_monitor.watch")
    base = w.url("")
    w.route("/feed.xml", rss2(base, [("a", "/voll.html", FULL), ("b", "/kurz.html", "")]),
            content_type="application/rss+xml", etag='"v1"')
    w.route("/kurz.html", german_page("Scholz in Kiew", PARAS, date="2024-12-02"))
    w.route("/voll.html", german_page("Nie abgerufen", PARAS))
    with Store(tmp_path / "f.db") as store, Fetcher() as fetcher:
        store.add_feed(w.url("/feed.xml"), "Beispiel")
        t0 = time.time()
        run = feeds.run_feeds(store, fetcher, engine, now=t0)
        assert run.polled == 1 and run.report.added == 2 and run.report.rejected == 0
        assert len(w.hits("/kurz.html")) == 1 and not w.hits("/voll.html")  # text in feed
        arts = store.articles().set_index("url")
        assert arts.loc[w.url("/kurz.html"), "title"] == "Meldung b"  # the entry's title
        assert arts.loc[w.url("/voll.html"), "published"] == "2024-12-02"
        state = store.feeds().iloc[0]
        assert state["etag"] == '"v1"' and state["failures"] == 0 and state["items"] == 2
        assert state["next_due"] == pytest.approx(t0 + 900, abs=1)
        # Not due yet: not polled.
        assert feeds.run_feeds(store, fetcher, engine, now=t0 + 60).polled == 0
        # Due, unchanged: a conditional request answered 304, no ingest run at all (the
        # dashboard sees nothing changed).
        mark = store.fingerprint()
        run = feeds.run_feeds(store, fetcher, engine, now=t0 + 901)
        assert run.not_modified == 1 and run.report is None and store.fingerprint() == mark
        assert w.hits("/feed.xml")[-1].headers["If-None-Match"] == '"v1"'
        # A new entry: only its page is fetched.
        w.route("/feed.xml", rss2(base, [("c", "/neu.html", ""), ("a", "/voll.html", FULL),
                                         ("b", "/kurz.html", "")]),
                content_type="application/rss+xml", etag='"v2"')
        w.route("/neu.html", german_page("Neu", [p.replace("Kiew", "Odessa") for p in PARAS]))
        run = feeds.run_feeds(store, fetcher, engine, now=t0 + 1802)
        assert run.report.seen == 1 and run.report.added == 1
        assert len(w.hits("/kurz.html")) == 1 and store.count() == 3


def test_429_and_broken_feeds_back_off_and_the_others_go_on(tmp_path, engine, w, caplog):
    caplog.set_level(logging.INFO, logger="crisis_monitor.watch")
    w.route("/busy.xml", "", status=429, headers={"Retry-After": "3600"})
    w.route("/broken.xml", b"<rss><channel><item><title>kaputt</item>",
            content_type="application/rss+xml")
    w.route("/ok.xml", rss2(w.url(""), [("a", "/a.html", FULL)]),
            content_type="application/rss+xml")
    w.route("/slow.xml", "", delay=1.5)
    with Store(tmp_path / "b.db") as store, Fetcher() as fetcher:
        for path in ("/busy.xml", "/broken.xml", "/ok.xml", "/slow.xml"):
            store.add_feed(w.url(path))
        t0 = time.time()
        run = feeds.run_feeds(store, fetcher, engine, now=t0)
        assert run.polled == 4 and run.failed == 3 and run.report.added == 1
        state = store.feeds().set_index("url")
        busy, broken = state.loc[w.url("/busy.xml")], state.loc[w.url("/broken.xml")]
        assert busy["last_error"].startswith("rate limited: HTTP 429")
        assert busy["next_due"] >= t0 + 3600  # Retry-After beats the 15 min interval
        assert broken["last_error"].startswith("malformed: not a readable feed")
        assert broken["next_due"] == pytest.approx(t0 + 900, abs=1)
        assert state.loc[w.url("/slow.xml"), "last_error"].startswith("timeout")
        for path in ("/busy.xml", "/broken.xml", "/slow.xml"):
            assert any(path in r.getMessage() and "failed (1 in a row)" in r.getMessage()
                       for r in caplog.records)
        # Later, before the Retry-After: the 429 feed is not asked again; the broken one
        # fails again and waits twice as long.
        hits = len(w.hits("/busy.xml"))
        run = feeds.run_feeds(store, fetcher, engine, now=t0 + 1000)
        assert len(w.hits("/busy.xml")) == hits
        broken = store.feeds().set_index("url").loc[w.url("/broken.xml")]
        assert broken["failures"] == 2 and broken["next_due"] == pytest.approx(
            t0 + 1000 + 1800, abs=2)
        # Repaired: it works again and its failures are forgotten.
        w.route("/broken.xml", rss2(w.url(""), [("b", "/b.html", FULL.replace("Kiew", "Lwiw"))]),
                content_type="application/rss+xml")
        run = feeds.run_feeds(store, fetcher, engine, now=t0 + 4000)
        fixed = store.feeds().set_index("url").loc[w.url("/broken.xml")]
        assert fixed["failures"] == 0 and fixed["last_error"] == "" and run.report.added == 1


def test_an_entry_whose_page_fails_for_now_is_tried_again(tmp_path, engine, w):
    w.route("/feed.xml", rss2(w.url(""), [("a", "/seite.html", ""), ("b", "/weg.html", "")]),
            content_type="application/rss+xml", etag='"1"')
    page = w.route("/seite.html", "", status=503)
    with Store(tmp_path / "t.db") as store, Fetcher() as fetcher:
        store.add_feed(w.url("/feed.xml"))
        t0 = time.time()
        run = feeds.run_feeds(store, fetcher, engine, now=t0)
        why = {r.locator: r.reason for r in run.report.rejections}
        assert why[w.url("/seite.html")] == "unreachable: HTTP 503 Service Unavailable"
        assert why[w.url("/weg.html")] == "unreachable: HTTP 404 Not Found"
        items = store.feed_items(w.url("/feed.xml"), ["a", "b"])
        assert items["a"][0] == "retry" and items["b"][0] == "rejected"
        # The feed is unchanged (304) at the next poll, but the entry due again is fetched.
        page.status, page.body = 200, german_page("Endlich", PARAS).encode()
        run = feeds.run_feeds(store, fetcher, engine, now=t0 + 3600)
        assert run.not_modified == 1 and run.report.added == 1
        assert store.feed_items(w.url("/feed.xml"), ["a"])["a"][0] == "done"
        assert len(w.hits("/weg.html")) == 1  # a 404 is not asked again


def _cli(*args, db, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "core", *args, "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_cli_feeds_add_list_remove_and_watch_once(tmp_path, w):
    db = tmp_path / "cli.db"
    env = {"CRISIS_MONITOR_HOST_INTERVAL": "0", "CRISIS_MONITOR_POLL_MINUTES": "0.001",
           "CRISIS_MONITOR_FETCH_TIMEOUT": "0.5"}
    w.route("/feed.xml", rss2(w.url(""), [("a", "/a.html", FULL)]),
            content_type="application/rss+xml")
    assert _cli("feeds", "add", w.url("/feed.xml"), "--name", "Beispiel", db=db).returncode == 0
    assert "followed already" in _cli("feeds", "add", w.url("/feed.xml"), db=db).stdout
    assert _cli("feeds", "add", w.url("/kaputt.xml"), db=db).returncode == 0
    assert "not polled yet" in _cli("feeds", "list", db=db).stdout
    out = _cli("watch", "--once", db=db, env=env)
    assert out.returncode == 0, out.stderr
    assert "1 seen, 1 added" in out.stderr
    assert f"feed {w.url('/kaputt.xml')} failed (1 in a row): HTTP 404 Not Found" in out.stderr
    # The watcher keeps going: the server changes between rounds.
    w.route("/kaputt.xml", rss2(w.url(""), [("b", "/b.html", FULL.replace("Kiew", "Lwiw"))]),
            content_type="application/rss+xml")
    time.sleep(0.1)  # poll_minutes 0.001 = 0.06 s: both feeds are due again
    out = _cli("watch", "--once", db=db, env=env)
    assert out.returncode == 0 and "1 seen, 1 added" in out.stderr, out.stderr
    listing = _cli("feeds", "list", db=db).stdout
    assert "Beispiel" in listing and "FAILING" not in listing
    assert "last error" not in listing
    assert _cli("feeds", "remove", w.url("/kaputt.xml"), db=db).returncode == 0
    gone = _cli("feeds", "remove", w.url("/kaputt.xml"), db=db)
    assert gone.returncode == 2 and "is not followed" in gone.stderr
