"""Web pages: canonical URLs, extraction, and `ingest URL…` against a real local server."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from core import web
from core.fetch import Fetcher
from core.ingest import Engine
from core.store import Store
from core.web_ingest import ingest_urls, is_transient
from tests.conftest import ROOT
from tests.local_web import LocalWeb, german_page

PARAS = [
    "Bundeskanzler Olaf Scholz ist am Montag überraschend nach Kiew gereist. Dort traf er den "
    "ukrainischen Präsidenten Wolodymyr Selenskyj zu Gesprächen über weitere Hilfen.",
    "Die Bundesregierung hatte die Reise aus Sicherheitsgründen nicht angekündigt. Scholz "
    "sagte, Deutschland stehe fest an der Seite der Ukraine und liefere weitere Flugabwehr.",
    "Die Opposition kritisierte, die Zusagen kämen zu spät. Friedrich Merz forderte die "
    "Lieferung von Taurus-Marschflugkörpern, was Scholz erneut ablehnte.",
]


@pytest.mark.parametrize("url, canonical", [
    ("HTTPS://WWW.Tagesschau.DE/ausland/x-100.html#ref", "https://www.tagesschau.de/ausland/x-100.html"),
    ("https://example.de/a?utm_source=rss&utm_medium=feed&id=5", "https://example.de/a?id=5"),
    ("https://example.de/a?b=2&a=1&fbclid=XY", "https://example.de/a?a=1&b=2"),
    ("http://example.de:80", "http://example.de/"),
    ("https://example.de:8443/a?wt_mc=rss.x&ref=tw", "https://example.de:8443/a"),
    ("https://example.de/suche?q=Kiew", "https://example.de/suche?q=Kiew"),
])  # fmt: skip
def test_canonical_urls(url, canonical):
    assert web.canonical_url(url) == canonical
    assert web.canonical_url(canonical) == canonical


def test_extraction_keeps_the_article_and_drops_navigation():
    html = german_page("Scholz reist nach Kiew", PARAS, date="2024-12-02T10:53:00+01:00",
                       author="Anna Beispiel")
    got = web.extract(html, "https://example.de/politik/scholz-kiew-100.html")
    assert got.title == "Scholz reist nach Kiew" and got.author == "Anna Beispiel"
    assert got.date == "2024-12-02"
    assert "Selenskyj" in got.text and "Taurus" in got.text
    assert "Impressum" not in got.text and "Startseite" not in got.text
    assert got.text.count("\n\n") >= 3  # paragraphs kept as paragraphs


def test_a_page_without_an_article_is_said_so():
    assert web.extract("<html><body><nav><a href='/'>Start</a></nav></body></html>",
                       "https://example.de/").startswith("no body")
    assert web.extract("", "https://example.de/").startswith("empty")


@pytest.fixture(scope="module")
def engine():
    return Engine()


@pytest.fixture
def web_server(monkeypatch):
    monkeypatch.setenv("CRISIS_MONITOR_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("CRISIS_MONITOR_HOST_INTERVAL", "0")
    monkeypatch.setenv("CRISIS_MONITOR_FETCH_RETRIES", "1")
    monkeypatch.setenv("CRISIS_MONITOR_MAX_RETRY_WAIT", "1")
    monkeypatch.setenv("CRISIS_MONITOR_MAX_BODY_MB", "0.2")
    server = LocalWeb()
    yield server
    server.close()


def _ingest(store, engine, urls, **kw):
    with Fetcher(backoff_base=0.05) as f:
        report = ingest_urls(urls, store, engine=engine, fetcher=f, **kw)
    assert report.balanced()
    return report


def test_every_url_ends_added_duplicate_or_rejected_with_its_reason(tmp_path, engine,
                                                                    web_server):
    w = web_server
    w.route("/robots.txt", "User-agent: *\nDisallow: /intern/\n", content_type="text/plain")
    w.route("/politik/kiew.html", german_page("Scholz reist nach Kiew", PARAS,
                                              date="2024-12-02T10:53:00+01:00"))
    # Declared UTF-8, written in Latin-1 (an old CMS): read as Latin-1.
    w.route("/latin.html", german_page("Grüße aus Köln", [p.replace("Kiew", "Köln")
                                                          for p in PARAS]).encode("latin-1"))
    w.route("/moved", status=301, headers={"Location": "/politik/kiew.html"})
    w.route("/intern/geheim.html", german_page("Geheim", PARAS))
    w.route("/slow.html", german_page("Langsam", PARAS), delay=1.5)
    w.route("/huge.html", size=400_000)
    w.route("/pdf", b"%PDF-1.4", content_type="application/pdf")
    w.route("/busy.html", status=429, headers={"Retry-After": "600"})
    w.route("/leer.html", "<html><body><nav>Start</nav></body></html>")
    urls = [w.url("/politik/kiew.html?utm_source=twitter"), w.url("/latin.html"),
            w.url("/politik/kiew.html"), w.url("/intern/geheim.html"), w.url("/slow.html"),
            w.url("/huge.html"), w.url("/pdf"), w.url("/busy.html"), w.url("/gibtsnicht"),
            w.url("/leer.html"), "ftp://example.de/x"]
    with Store(tmp_path / "w.db") as store:
        report = _ingest(store, engine, urls)
        why = {r.locator.replace(w.url(""), ""): r.reason for r in report.rejections}
        assert report.added == 2 and report.duplicates == 1 and report.rejected == 8
        assert why["/intern/geheim.html"].startswith("forbidden: forbidden by robots.txt")
        assert why["/slow.html"].startswith("unreachable: timeout")
        assert why["/huge.html"].startswith("too large")
        assert why["/pdf"].startswith("not text: the page is application/pdf")
        assert why["/busy.html"].startswith("unreachable: rate limited: HTTP 429")
        assert why["/gibtsnicht"] == "unreachable: HTTP 404 Not Found"
        assert why["/leer.html"].startswith("no body")
        assert why["ftp://example.de/x"].startswith("unreachable: not an http(s) URL")
        assert [is_transient(why[k]) for k in ("/slow.html", "/busy.html", "/gibtsnicht",
                                               "/intern/geheim.html")] == [1, 1, 0, 0]
        arts = store.articles().set_index("url")
        kiew = arts.loc[w.url("/politik/kiew.html")]
        assert kiew["title"] == "Scholz reist nach Kiew"
        assert (kiew["published"], kiew["date_precision"]) == ("2024-12-02", "day")
        assert kiew["source"] == "127.0.0.1"
        assert "Grüße aus Köln" in arts.loc[w.url("/latin.html"), "text"]
        # The raw page is kept and extracts to the same text again.
        raw = store.raw_pages(kiew["article_id"])
        assert len(raw) == 1 and web.extract(raw["html"][0].decode(), kiew.name).text in (
            kiew["text"] + "\n\n" + kiew["text"])
        # Again: the stored pages are duplicates by their canonical URL, not fetched again;
        # the redirect to a stored page is one by its text.
        before = len(w.hits("/politik/kiew.html"))
        again = _ingest(store, engine, [w.url("/politik/kiew.html#oben"), w.url("/moved")])
        assert again.added == 0 and again.duplicates == 2
        assert len(w.hits("/politik/kiew.html")) == before + 1  # for /moved only


def test_refresh_fetches_again_and_a_changed_page_is_its_newer_version(tmp_path, engine,
                                                                       web_server):
    w = web_server
    route = w.route("/live.html", german_page("Liveblog Ukraine", PARAS), etag='"1"')
    with Store(tmp_path / "r.db") as store:
        assert _ingest(store, engine, [w.url("/live.html")]).added == 1
        same = _ingest(store, engine, [w.url("/live.html")], refresh=True)
        assert same.duplicates == 1 and w.hits("/live.html")[-1].headers["If-None-Match"] == '"1"'
        route.body = german_page("Liveblog Ukraine", PARAS + [
            "Update 14 Uhr: Russland hat in der Nacht erneut die Energieversorgung in Charkiw "
            "angegriffen, meldet die ukrainische Regierung."]).encode()
        route.etag = '"2"'
        changed = _ingest(store, engine, [w.url("/live.html")], refresh=True)
        assert changed.added == 1
        arts = store.articles()
        newer = arts[arts["text"].str.contains("Charkiw")].iloc[0]
        older = arts[~arts["text"].str.contains("Charkiw")].iloc[0]
        # Same URL: the newer version represents the page, the older one is its copy.
        assert newer["copy_of"] == "" and older["copy_of"] == newer["article_id"]


def test_a_page_date_in_the_future_is_not_its_date(tmp_path, engine, web_server):
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    # htmldate refuses dates after today; the feed path goes through core.dates either way.
    web_server.route("/zukunft.html", german_page("Zukunft", PARAS, date=later + "T10:00:00"))
    with Store(tmp_path / "f.db") as store:
        _ingest(store, engine, [web_server.url("/zukunft.html")])
        art = store.articles().iloc[0]
    assert art["published"] != later and art["date_precision"] != "day" or not art["published"]


def test_cli_ingests_urls_beside_files(tmp_path, web_server):
    web_server.route("/a.html", german_page("Scholz in Kiew", PARAS))
    (tmp_path / "notiz.txt").write_text("Notiz\n\n" + PARAS[2], encoding="utf-8")
    db = tmp_path / "c.db"
    out = subprocess.run(
        [sys.executable, "-m", "core", "ingest", web_server.url("/a.html"),
         str(tmp_path / "notiz.txt"), web_server.url("/nein"), "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "added:            2" in out.stdout
    assert f"{web_server.url('/nein')}: unreachable: HTTP 404 Not Found" in out.stdout
    assert "files seen:       3" in out.stdout
