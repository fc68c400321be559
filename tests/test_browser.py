"""End to end in a real browser: `streamlit run dashboard.py` + Debian chromium via Playwright.

Covers what AppTest cannot: URL sync done by the browser, chart clicks, real
downloads, that an XSS article renders as inert text, and deep links as a
server's first request.  Screenshots of every page go to screenshots/ (git-ignored).
"""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from core import filters as flt
from core.store import Store
from tests.conftest import ROOT
from tests.dashboard_fixtures import (  # noqa: F401
    XSS_MARKERS,
    news_de_db,
    seed_db,
    seeds_en_db,
    xss_db,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def _playwright():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium): browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements-dev.txt)")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, **env_vars: str):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, CRISIS_MONITOR_DB=str(db), **env_vars)
        # The server's output, for a failing run: <tmp>/crisis-monitor-streamlit-PORT.log
        self.log = open(Path(tempfile.gettempdir())  # noqa: SIM115
                        / f"crisis-monitor-streamlit-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.fail("streamlit did not start within 60 s")

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _playwright()
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


def _expected_ids(db: Path, filters: flt.Filters) -> set[str]:
    with Store(db, readonly=True) as s:
        corpus = flt.Corpus(s.articles(with_text=False), s.mentions(), s.topics())
    return set(flt.apply(corpus, filters).articles["article_id"])


def _settle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the rerun (its 'running' indicator is gone)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText"
        ".includes('Running')", timeout=timeout)
    page.wait_for_timeout(200)


def _caption(page) -> str:
    return page.locator("[data-testid=stCaptionContainer]").filter(
        has_text=re.compile(r"of [\d,]+ articles")).first.inner_text()


def _wait_caption(page, pattern: str, timeout: float = 30_000) -> str:
    loc = page.locator("[data-testid=stCaptionContainer]").filter(
        has_text=re.compile(pattern)).first
    loc.wait_for(timeout=timeout)
    return loc.inner_text()


def _goto_page(page, title: str) -> None:
    page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).first.click()
    page.locator("h1").filter(has_text=title).first.wait_for(timeout=30_000)
    _settle(page)


def _pick_actor(page, name: str) -> None:
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    box.locator("input").click()
    box.locator("input").fill(name)
    page.locator("[role=option]").filter(has_text=name).first.click()
    page.keyboard.press("Escape")
    _settle(page)


def _shot(page, name: str) -> None:
    page.wait_for_timeout(800)  # let plotly finish drawing
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _download_csv(page, button_text: str):
    with page.expect_download() as info:
        page.get_by_role("button", name=button_text).first.click()
    dl = info.value
    data = Path(dl.path()).read_bytes().decode("utf-8-sig")
    return dl.suggested_filename, list(csv.DictReader(io.StringIO(data)))


def _click_first_bar(page, chart_index: int = 0) -> None:
    """Click the earliest bar of the chart's top (exact-date) trace, like a user would."""
    chart = page.locator(".js-plotly-plot").nth(chart_index)
    chart.scroll_into_view_if_needed()
    traces = chart.locator(".barlayer .trace")
    bars = traces.nth(traces.count() - 1).locator(".point path")
    box = bars.first.bounding_box()
    assert box, "no bar to click"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 4
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    _settle(page)


def test_end_to_end_on_seeds_with_an_xss_article(browser, xss_db):  # noqa: F811
    server = Server(xss_db)
    dialogs: list[str] = []
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                accept_downloads=True)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        # A deep link as the very first request must still go through dashboard.py.
        page.goto(server.url + "/reader?actor=Wladimir+Putin")
        putin = _expected_ids(xss_db, flt.Filters(actors=("Wladimir Putin",)))
        _wait_caption(page, rf"^{len(putin)} of 6 articles · mentioning Wladimir Putin")

        page.goto(server.url + "/")
        page.locator("h1").filter(has_text="Overview").wait_for(timeout=60_000)
        _settle(page)
        assert _caption(page).startswith("6 of 6 articles")
        _shot(page, "overview")

        # Pick an actor: every page and the URL follow.
        _pick_actor(page, "Antony Blinken")
        blinken = _expected_ids(xss_db, flt.Filters(actors=("Antony Blinken",)))
        _wait_caption(page, rf"^{len(blinken)} of 6 articles · mentioning Antony Blinken")
        assert re.search(r"actor=Antony(\+|%20)Blinken", page.url), page.url
        _shot(page, "overview-filtered")

        _goto_page(page, "Timeline")
        assert re.search(r"actor=Antony(\+|%20)Blinken", page.url), page.url
        assert _caption(page).startswith(f"{len(blinken)} of 6 articles")
        _shot(page, "timeline")

        # The CSV download holds exactly the filtered articles, formula-safe, named by filter.
        name, rows = _download_csv(page, "Download the filtered articles (CSV)")
        assert name == "articles_actor-Blinken.csv"
        assert {r["article_id"] for r in rows} == blinken
        name, series = _download_csv(page, "Download the series (CSV)")
        assert name.startswith("timeline-week-none_actor-Blinken")
        assert sum(int(r["n_articles"]) for r in series) == len(blinken)

        # Click a bar: its articles are listed and the reader narrows to them.
        _click_first_bar(page)
        page.get_by_text("Selected:").first.wait_for(timeout=20_000)
        open_btn = page.get_by_role("link", name=re.compile(r"Open these \d+ article"))
        n_sel = int(re.search(r"Open these (\d+)", open_btn.first.inner_text()).group(1))
        assert 1 <= n_sel < len(blinken) + 1
        _shot(page, "timeline-selection")
        open_btn.first.click()
        page.locator("h1").filter(has_text="Reader").wait_for(timeout=30_000)
        _settle(page)
        page.get_by_text("Narrowed to a chart selection").wait_for()
        assert page.get_by_role("button", name="Read").count() == n_sel
        _shot(page, "reader-selection")
        # The selection is in the link: a fresh browser opening it sees the same articles.
        assert "sel=" in page.url, page.url
        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        other.goto(page.url)
        other.get_by_text("Narrowed to a chart selection").wait_for(timeout=60_000)
        _settle(other)
        # The list renders after the notice: wait for it (a loaded machine is slow).
        other.get_by_role("button", name="Read").first.wait_for(timeout=60_000)
        _settle(other)
        assert other.get_by_role("button", name="Read").count() == n_sel
        other.close()

        # Actors page with the filter applied.
        _goto_page(page, "Actors")
        page.locator(".js-plotly-plot").first.wait_for()
        _shot(page, "actors")

        # Reset, then find and open the XSS article: markup shows as text, nothing runs.
        page.get_by_role("button", name="Reset all filters").click()
        _settle(page)
        _goto_page(page, "Reader")
        search = page.locator("[data-testid=stTextInput] input").first
        search.fill("onerror")
        search.press("Enter")
        _settle(page)
        assert "q=onerror" in page.url
        page.get_by_role("button", name="Read").first.click()
        _settle(page)
        for marker in XSS_MARKERS:
            page.get_by_text(marker, exact=False).first.wait_for(timeout=10_000)
        assert page.locator("img[src='x']").count() == 0
        assert page.locator(".cm-article script").count() == 0
        assert page.locator(".cm-article .ent").count() > 0
        page.wait_for_timeout(500)
        assert dialogs == [], f"a dialog fired: {dialogs}"
        _shot(page, "reader-article-xss")
        # The open article is in the link too.
        assert "article=" in page.url, page.url
        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        other.goto(page.url)
        other.locator(".cm-article").wait_for(timeout=60_000)
        assert XSS_MARKERS[0] in other.locator(".cm-article").inner_text()
        other.close()
    finally:
        server.stop()


def _choose(page, box, text: str, tries: int = 3) -> None:
    """Pick `text` in a selectbox by typing it; again if a late rerun closed the list."""
    for attempt in range(tries):
        box.locator("input").click()
        box.locator("input").fill(text)
        option = page.locator("[role=option]").filter(has_text=text).first
        try:
            option.click(timeout=5_000)
            return
        except Exception:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
            _settle(page)


def test_correct_an_actor_through_the_actors_page(browser, seed_db, tmp_path):  # noqa: F811
    """Merge an actor into another in the real UI: the file gets the line, the panel and the
    URL follow to the target, the counts change; then undo it."""
    fixes = tmp_path / "corrections.tsv"
    server = Server(seed_db, CRISIS_MONITOR_CORRECTIONS=str(fixes))
    with Store(seed_db, readonly=True) as s:
        m = s.mentions()
    both = m[m["actor"].isin(["Wladimir Putin", "Joe Biden"])]
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url + "/actors?detail_actor=Wladimir+Putin")
        page.locator("h1").filter(has_text="Actors").wait_for(timeout=60_000)
        _settle(page)
        panel = page.locator("[data-testid=stExpander]").filter(has_text="Correct Wladimir Putin")
        panel.scroll_into_view_if_needed()
        panel.locator("summary").click()
        box = panel.locator("[data-testid=stSelectbox]").filter(has_text="Merge into")
        _choose(page, box, "Joe Biden")
        _shot(page, "actors-correct-form")
        panel.locator("[data-testid=stFormSubmitButton] button").filter(
            has_text="Merge").click()
        page.get_by_text("Merged Wladimir Putin into Joe Biden").wait_for(timeout=30_000)
        _settle(page)
        assert "merge\tWladimir Putin\tJoe Biden\n" in fixes.read_text(encoding="utf-8")
        assert re.search(r"detail_actor=Joe(\+|%20)Biden", page.url), page.url
        metrics = page.locator("[data-testid=stMetric]")
        mentions = metrics.filter(has_text="Mentions").first.inner_text()
        assert mentions.split()[-1] == str(len(both)), mentions
        listed = page.locator("[data-testid=stExpander]").filter(
            has_text="Corrections in force (1)")
        listed.locator("summary").click()
        listed.get_by_text("merge “Wladimir Putin” into “Joe Biden”").wait_for()
        page.get_by_text("Merged Wladimir Putin into Joe Biden").scroll_into_view_if_needed()
        _shot(page, "actors-correction")
        listed.scroll_into_view_if_needed()
        _shot(page, "actors-corrections-in-force")

        listed.get_by_role("button").filter(has_text="Undo").click()
        page.get_by_text("Undone: merge").wait_for(timeout=30_000)
        _settle(page)
        assert "Wladimir Putin" not in fixes.read_text(encoding="utf-8")
        assert re.search(r"detail_actor=Wladimir(\+|%20)Putin", page.url), page.url
    finally:
        server.stop()


def _timed(page, action, wait) -> float:
    t = time.perf_counter()
    action()
    wait()
    return time.perf_counter() - t


@pytest.mark.corpus
def test_news_de_flow_timings_and_memory(browser, news_de_db, capsys):  # noqa: F811
    """The same flow on 6,7k real articles; prints per-interaction times (median of 3) and RSS."""
    server = Server(news_de_db)
    times: dict[str, list[float]] = {}
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        t0 = time.perf_counter()
        page.goto(server.url + "/")
        _wait_caption(page, r"of 6,747 articles", timeout=120_000)
        _settle(page, 120_000)
        times["first load (cold: reads the DB)"] = [time.perf_counter() - t0]
        rss_loaded = server.rss_mib()
        _shot(page, "news-de-overview")
        for _ in range(3):
            for title in ("Timeline", "Actors", "Reader", "Overview"):
                times.setdefault(f"open {title}", []).append(
                    _timed(page, lambda t=title: _goto_page(page, t), lambda: None))
        _goto_page(page, "Overview")
        for actor in ("Olaf Scholz", "Wladimir Putin", "Joe Biden"):
            times.setdefault("pick an actor (Overview)", []).append(_timed(
                page, lambda a=actor: _pick_actor(page, a),
                lambda: _wait_caption(page, "mentioning")))
        _goto_page(page, "Timeline")
        _shot(page, "news-de-timeline")
        _goto_page(page, "Actors")
        _shot(page, "news-de-actors")
        page.get_by_role("button", name="Reset all filters").click()
        _settle(page)
        _goto_page(page, "Reader")
        for q in ("Ukraine", "Scholz AND Bundestag", "Wirtschaft*"):
            search = page.locator("[data-testid=stTextInput] input").first
            times.setdefault("full-text search", []).append(_timed(
                page, lambda s=search, q=q: (s.fill(q), s.press("Enter"), _settle(page)),
                lambda: None))
        _shot(page, "news-de-reader")
        rss_end = server.rss_mib()
    finally:
        server.stop()
    lines = [f"{k}: median {statistics.median(v):.2f} s over {len(v)}" for k, v in times.items()]
    lines += [f"server RSS after first load: {rss_loaded:.0f} MiB; at the end: {rss_end:.0f} MiB"]
    report = "\n".join(lines)
    (SHOTS / "news-de-timings.txt").write_text(report + "\n")
    with capsys.disabled():
        print("\n" + report)
    assert statistics.median(times["pick an actor (Overview)"]) < 15


def test_section_crisis_and_share_travel_in_the_link(browser, seed_db):  # noqa: F811
    """A shared link with a section, the crisis switch and shares opens that exact view, and
    the series CSV states the denominator of every share."""
    server = Server(seed_db)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                accept_downloads=True)
        page.goto(server.url + "/timeline?section=international&crisis=true&measure=share"
                  "&gran=month&by=topic")
        caption = _wait_caption(page, r"section International · about Russia–Ukraine",
                                timeout=60_000)
        assert caption.startswith("5 of 5 articles"), caption
        _settle(page)
        page.get_by_text("% of all articles collected").first.wait_for(timeout=20_000)
        _shot(page, "timeline-share-section-crisis")
        name, rows = _download_csv(page, "Download the series (CSV)")
        assert name.startswith("timeline-month-topic")
        assert rows and {"n_total", "share"} <= set(rows[0])
        for r in rows:
            assert float(r["share"]) == pytest.approx(int(r["n_articles"]) / int(r["n_total"]))
        # The switch is on screen and in the address; turning it off widens nothing here
        # (every seed is about the crisis) but drops it from the link.
        toggle = page.locator("[data-testid=stSidebar] [data-testid=stCheckbox]").filter(
            has_text="coverage only")
        toggle.first.click()
        _settle(page)
        assert "crisis=true" not in page.url, page.url
        # An impossible section leaves nothing, and the page says so.
        page.goto(server.url + "/overview?section=sports")
        page.get_by_text("No articles match the filters").first.wait_for(timeout=60_000)
        page.goto(server.url + "/")
        page.get_by_text("About Russia–Ukraine").first.wait_for(timeout=60_000)
        _settle(page)
        page.locator("h2, h3").filter(has_text="Sections").first.wait_for()
        _shot(page, "overview-sections-crisis")
    finally:
        server.stop()


def test_names_in_english_and_a_link_with_the_german_id(browser, seeds_en_db):  # noqa: F811
    """Seeds + English news: actors are named in English by default, a link naming an actor
    by its German id opens on that actor and keeps it in the address, and the actor chart
    is labelled in English."""
    db = seeds_en_db
    expected = len(_expected_ids(db, flt.Filters(actors=("Wladimir Putin",))))
    server = Server(db)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url + "/?names=en&actor=Wladimir+Putin")
        caption = _wait_caption(page, r"mentioning Vladimir Putin", timeout=60_000)
        assert caption.startswith(f"{expected} of "), caption
        _settle(page)
        assert "actor=Wladimir+Putin" in page.url, page.url  # the link survives
        _shot(page, "overview-names-in-english")
        page.goto(server.url + "/actors")
        page.locator("h1").filter(has_text="Actors").first.wait_for(timeout=60_000)
        _settle(page)
        chart = page.locator("[data-testid=stPlotlyChart]").first
        chart.wait_for(timeout=30_000)
        labels = chart.inner_text()
        assert "Vladimir Putin" in labels and "Russia" in labels, labels[:300]
        assert "Wladimir Putin" not in labels and "Russland" not in labels
        _shot(page, "actors-names-in-english")
    finally:
        server.stop()


HOSTILE = ("[click me](https://evil.example/link) $$\\frac{a}{b}$$ $x^2$ "
           "![pic](https://evil.example/pic.png) <img src=https://evil.example/i.png> "
           ":red[alarm] :material/warning: **bold** <https://evil.example/auto>")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """The seeds plus records whose title, source, URL and text are Markdown, HTML, maths
    and links aimed at an outside host — and two copies of one story, so the Stories page
    and the Reader's story link show a hostile title too."""
    import json

    from tests.conftest import SEEDS
    from tests.dashboard_fixtures import build_store

    folder = tmp_path_factory.mktemp("hostile")
    body = ("Wladimir Putin und Antony Blinken sprachen in Genf über die Ukraine. "
            + HOSTILE + " Die Gespräche in Genf sollen am Freitag weitergehen. ") * 4
    recs = [{"title": HOSTILE, "source": HOSTILE, "url": "https://evil.example/article",
             "date": "2022-01-21", "text": body},
            {"title": "Genf: " + HOSTILE, "source": "evil](https://evil.example/src)",
             "date": "2022-01-21", "text": body.replace("Freitag", "Samstag") + " Nachtrag."}]
    (folder / "hostile.jsonl").write_text("\n".join(json.dumps(r) for r in recs) + "\n",
                                          encoding="utf-8")
    return build_store([SEEDS, folder / "hostile.jsonl"], folder / "hostile.db")


def test_hostile_records_and_links_render_inert_on_every_page(browser, hostile_db):
    """No outside request, no link to the outside, no maths, on every page, with hostile
    records and hostile URL parameters (search, selection label, source, story)."""
    from urllib.parse import quote

    with Store(hostile_db, readonly=True) as s:
        arts = s.articles(with_text=False)
    hostile = arts[arts["url"] == "https://evil.example/article"].iloc[0]
    ids = ",".join(arts["article_id"].head(3))
    q = quote(HOSTILE)
    server = Server(hostile_db)
    requests: list[str] = []
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("request", lambda r: requests.append(r.url))
        for path in (f"/?sel={ids}&sel_label={q}",
                     "/timeline", f"/stories?story={hostile['story']}",
                     f"/actors?source={quote(str(hostile['source']))}",
                     f"/reader?q={q}", f"/reader?article={hostile['article_id']}"
                     f"&sel={ids}&sel_label={q}"):
            page.goto(server.url + path)
            page.locator("h1").first.wait_for(timeout=60_000)
            _settle(page)
            page.wait_for_timeout(500)
            # The one link out is on purpose: the open article's own URL, "original", in a
            # new tab without a referrer.
            outside = page.locator("a[href*='evil.example'], img[src*='evil.example']")
            found = [outside.nth(i).evaluate("e => e.outerHTML") for i in range(outside.count())]
            assert all(f == '<a href="https://evil.example/article" target="_blank" '
                       'rel="noopener noreferrer">original</a>' for f in found), (path, found)
            assert page.locator(".katex, .katex-display").count() == 0, path
            _shot(page, "hostile" + path.split("?")[0].replace("/", "-"))
        from urllib.parse import urlparse

        assert not [u for u in requests if (urlparse(u).hostname or "").endswith("evil.example")]
    finally:
        server.stop()
