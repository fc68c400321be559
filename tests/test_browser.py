"""End to end in a real browser: `streamlit run dashboard.py` + Debian chromium via Playwright.

Covers what AppTest cannot: URL sync done by the browser, chart clicks, real
downloads, that an XSS article renders as inert text, and deep links as a
server's first request.  Screenshots of every page go to screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
import statistics
import time

import pytest

from core import filters as flt
from core.store import Store
from tests.browser_kit import (
    SHOTS,
    Server,
    caption,
    choose,
    click_first_bar,
    download_csv,
    expected_ids,
    goto_page,
    pick_actor,
    settle,
    shot,
    wait_caption,
)
from tests.dashboard_fixtures import (  # noqa: F401
    XSS_MARKERS,
    news_de_db,
    seed_db,
    seeds_en_db,
    xss_db,
)

pytestmark = pytest.mark.browser


def test_end_to_end_on_seeds_with_an_xss_article(browser, xss_db):  # noqa: F811
    server = Server(xss_db)
    dialogs: list[str] = []
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                accept_downloads=True)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        # A deep link as the very first request must still go through dashboard.py.
        page.goto(server.url + "/reader?actor=Wladimir+Putin")
        putin = expected_ids(xss_db, flt.Filters(actors=("Wladimir Putin",)))
        wait_caption(page, rf"^{len(putin)} of 6 articles · mentioning Wladimir Putin")

        page.goto(server.url + "/")
        page.locator("h1").filter(has_text="Overview").wait_for(timeout=60_000)
        settle(page)
        assert caption(page).startswith("6 of 6 articles")
        shot(page, "overview")

        # Pick an actor: every page and the URL follow.
        pick_actor(page, "Antony Blinken")
        blinken = expected_ids(xss_db, flt.Filters(actors=("Antony Blinken",)))
        wait_caption(page, rf"^{len(blinken)} of 6 articles · mentioning Antony Blinken")
        assert re.search(r"actor=Antony(\+|%20)Blinken", page.url), page.url
        shot(page, "overview-filtered")

        goto_page(page, "Timeline")
        assert re.search(r"actor=Antony(\+|%20)Blinken", page.url), page.url
        assert caption(page).startswith(f"{len(blinken)} of 6 articles")
        shot(page, "timeline")

        # The CSV download holds exactly the filtered articles, formula-safe, named by filter.
        name, rows = download_csv(page, "Download the filtered articles (CSV)")
        assert name == "articles_actor-Blinken.csv"
        assert {r["article_id"] for r in rows} == blinken
        name, series = download_csv(page, "Download the series (CSV)")
        assert name.startswith("timeline-week-none_actor-Blinken")
        assert sum(int(r["n_articles"]) for r in series) == len(blinken)

        # Click a bar: its articles are listed and the reader narrows to them.
        click_first_bar(page)
        page.get_by_text("Selected:").first.wait_for(timeout=20_000)
        open_btn = page.get_by_role("link", name=re.compile(r"Open these \d+ article"))
        n_sel = int(re.search(r"Open these (\d+)", open_btn.first.inner_text()).group(1))
        assert 1 <= n_sel < len(blinken) + 1
        shot(page, "timeline-selection")
        open_btn.first.click()
        page.locator("h1").filter(has_text="Reader").wait_for(timeout=30_000)
        settle(page)
        page.get_by_text("Narrowed to a chart selection").wait_for()
        assert page.get_by_role("button", name="Read").count() == n_sel
        shot(page, "reader-selection")
        # The selection is in the link: a fresh browser opening it sees the same articles.
        assert "sel=" in page.url, page.url
        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        other.goto(page.url)
        other.get_by_text("Narrowed to a chart selection").wait_for(timeout=60_000)
        settle(other)
        # The list renders after the notice: wait for it (a loaded machine is slow).
        other.get_by_role("button", name="Read").first.wait_for(timeout=60_000)
        settle(other)
        assert other.get_by_role("button", name="Read").count() == n_sel
        other.close()

        # Actors page with the filter applied.
        goto_page(page, "Actors")
        page.locator(".js-plotly-plot").first.wait_for()
        shot(page, "actors")

        # Reset, then find and open the XSS article: markup shows as text, nothing runs.
        page.get_by_role("button", name="Reset all filters").click()
        settle(page)
        goto_page(page, "Reader")
        search = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
        search.fill("onerror")
        search.press("Enter")
        settle(page)
        assert "q=onerror" in page.url
        page.get_by_role("button", name="Read").first.click()
        settle(page)
        for marker in XSS_MARKERS:
            page.get_by_text(marker, exact=False).first.wait_for(timeout=10_000)
        assert page.locator("img[src='x']").count() == 0
        assert page.locator(".cm-article script").count() == 0
        assert page.locator(".cm-article .ent").count() > 0
        settle(page)  # a script injected into the page would have run by now
        assert dialogs == [], f"a dialog fired: {dialogs}"
        shot(page, "reader-article-xss")
        # The open article is in the link too.
        assert "article=" in page.url, page.url
        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        other.goto(page.url)
        other.locator(".cm-article").wait_for(timeout=60_000)
        assert XSS_MARKERS[0] in other.locator(".cm-article").inner_text()
        other.close()
    finally:
        server.stop()


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
        settle(page)
        panel = page.locator("[data-testid=stExpander]").filter(has_text="Correct Wladimir Putin")
        panel.scroll_into_view_if_needed()
        panel.locator("summary").click()
        box = panel.locator("[data-testid=stSelectbox]").filter(has_text="Merge into")
        choose(page, box, "Joe Biden")
        shot(page, "actors-correct-form")
        panel.locator("[data-testid=stFormSubmitButton] button").filter(
            has_text="Merge").click()
        page.get_by_text("Merged Wladimir Putin into Joe Biden").wait_for(timeout=30_000)
        settle(page)
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
        shot(page, "actors-correction")
        listed.scroll_into_view_if_needed()
        shot(page, "actors-corrections-in-force")

        listed.get_by_role("button").filter(has_text="Undo").click()
        page.get_by_text("Undone: merge").wait_for(timeout=30_000)
        settle(page)
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
    with Store(news_de_db, readonly=True) as s:
        # Versions and copies count once by default (the sidebar's Count: unique).
        n_unique = s.conn.execute("SELECT count(*) FROM articles WHERE copy_of = ''"
                                  ).fetchone()[0]
    server = Server(news_de_db)
    times: dict[str, list[float]] = {}
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        t0 = time.perf_counter()
        page.goto(server.url + "/")
        wait_caption(page, rf"^{n_unique:,} of {n_unique:,} articles", timeout=120_000)
        settle(page, 120_000)
        times["first load (cold: reads the DB)"] = [time.perf_counter() - t0]
        rss_loaded = server.rss_mib()
        shot(page, "news-de-overview")
        for _ in range(3):
            for title in ("Timeline", "Actors", "Reader", "Overview"):
                times.setdefault(f"open {title}", []).append(
                    _timed(page, lambda t=title: goto_page(page, t), lambda: None))
        goto_page(page, "Overview")
        for actor in ("Olaf Scholz", "Wladimir Putin", "Joe Biden"):
            times.setdefault("pick an actor (Overview)", []).append(_timed(
                page, lambda a=actor: pick_actor(page, a),
                lambda: wait_caption(page, "mentioning")))
        goto_page(page, "Timeline")
        shot(page, "news-de-timeline")
        goto_page(page, "Actors")
        shot(page, "news-de-actors")
        page.get_by_role("button", name="Reset all filters").click()
        settle(page)
        goto_page(page, "Reader")
        for q in ("Ukraine", "Scholz AND Bundestag", "Wirtschaft*"):
            search = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
            times.setdefault("full-text search", []).append(_timed(
                page, lambda s=search, q=q: (s.fill(q), s.press("Enter"), settle(page)),
                lambda: None))
        shot(page, "news-de-reader")
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


def test_section_crisis_and_share_travel_in_the_link(browser, serve, seed_db):  # noqa: F811
    """A shared link with a section, the crisis switch and shares opens that exact view, and
    the series CSV states the denominator of every share."""
    server = serve(seed_db)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page.goto(server.url + "/timeline?section=international&crisis=true&measure=share"
                  "&gran=month&by=topic")
        caption = wait_caption(page, r"section International · about Russia–Ukraine",
                                timeout=60_000)
        assert caption.startswith("5 of 5 articles"), caption
        settle(page)
        page.get_by_text("% of all articles collected").first.wait_for(timeout=20_000)
        shot(page, "timeline-share-section-crisis")
        name, rows = download_csv(page, "Download the series (CSV)")
        assert name.startswith("timeline-month-topic")
        assert rows and {"n_total", "share"} <= set(rows[0])
        for r in rows:
            assert float(r["share"]) == pytest.approx(int(r["n_articles"]) / int(r["n_total"]))
        # The switch is on screen and in the address; turning it off widens nothing here
        # (every seed is about the crisis) but drops it from the link.
        toggle = page.locator("[data-testid=stSidebar] [data-testid=stCheckbox]").filter(
            has_text="coverage only")
        toggle.first.click()
        settle(page)
        assert "crisis=true" not in page.url, page.url
        # An impossible section leaves nothing, and the page says so.
        page.goto(server.url + "/overview?section=sports")
        page.get_by_text("No articles match the filters").first.wait_for(timeout=60_000)
        page.goto(server.url + "/")
        page.get_by_text("About Russia–Ukraine").first.wait_for(timeout=60_000)
        settle(page)
        page.locator("h2, h3").filter(has_text="Sections").first.wait_for()
        shot(page, "overview-sections-crisis")
    finally:
        page.close()


def test_names_in_english_and_a_link_with_the_german_id(browser, seeds_en_db):  # noqa: F811
    """Seeds + English news: actors are named in English by default, a link naming an actor
    by its German id opens on that actor and keeps it in the address, and the actor chart
    is labelled in English."""
    db = seeds_en_db
    expected = len(expected_ids(db, flt.Filters(actors=("Wladimir Putin",))))
    server = Server(db)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url + "/?names=en&actor=Wladimir+Putin")
        caption = wait_caption(page, r"mentioning Vladimir Putin", timeout=60_000)
        assert caption.startswith(f"{expected} of "), caption
        settle(page)
        assert "actor=Wladimir+Putin" in page.url, page.url  # the link survives
        shot(page, "overview-names-in-english")
        page.goto(server.url + "/actors")
        page.locator("h1").filter(has_text="Actors").first.wait_for(timeout=60_000)
        settle(page)
        chart = page.locator("[data-testid=stPlotlyChart]").first
        chart.wait_for(timeout=30_000)
        labels = chart.inner_text()
        assert "Vladimir Putin" in labels and "Russia" in labels, labels[:300]
        assert "Wladimir Putin" not in labels and "Russland" not in labels
        shot(page, "actors-names-in-english")
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


def test_hostile_records_and_links_render_inert_on_every_page(browser, hostile_db):  # noqa: F811
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
            settle(page)
            # The one link out is on purpose: the open article's own URL, "original", in a
            # new tab without a referrer.
            outside = page.locator("a[href*='evil.example'], img[src*='evil.example']")
            found = [outside.nth(i).evaluate("e => e.outerHTML") for i in range(outside.count())]
            assert all(f == '<a href="https://evil.example/article" target="_blank" '
                       'rel="noopener noreferrer">original</a>' for f in found), (path, found)
            assert page.locator(".katex, .katex-display").count() == 0, path
            shot(page, "hostile" + path.split("?")[0].replace("/", "-"))
        from urllib.parse import urlparse

        assert not [u for u in requests if (urlparse(u).hostname or "").endswith("evil.example")]
    finally:
        server.stop()
