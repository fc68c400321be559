"""The open dashboard notices articles that arrive while it is open, and shows them on
"Refresh" without a restart and without losing the user's filters."""

from __future__ import annotations

import re
import shutil

import pytest

from core.cli import main as cli
from tests.browser_kit import Server, settle, shot, wait_caption
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser


def test_new_articles_appear_in_the_open_dashboard(browser, tmp_path, capsys):
    seeds = sorted(SEEDS.glob("*.txt"))
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir(), later.mkdir()
    for p in seeds[:3]:
        shutil.copy(p, first / p.name)
    for p in seeds[3:]:
        shutil.copy(p, later / p.name)
    db = tmp_path / "live.db"
    assert cli(["ingest", str(first), "--db", str(db), "--no-progress"]) == 0
    server = Server(db, CRISIS_MONITOR_LIVE_CHECK_SECONDS="1")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(server.url + "/?lang=de")
        wait_caption(page, r"^3 of 3 articles · language de", timeout=60_000)
        settle(page)
        assert page.get_by_text("since you opened this view").count() == 0
        # An ingest in another process while the page stays open.
        assert cli(["ingest", str(later), "--db", str(db), "--no-progress"]) == 0
        capsys.readouterr()
        page.get_by_text("2 new articles since you opened this view").wait_for(timeout=30_000)
        shot(page, "live-new-articles")
        assert page.get_by_text("3 of 3 articles").count() == 1  # not shown before asked
        page.get_by_role("button", name="Refresh").click()
        wait_caption(page, r"^5 of 5 articles · language de", timeout=30_000)
        settle(page)
        assert re.search(r"lang=de", page.url), page.url
        assert page.get_by_text("new articles since").count() == 0
    finally:
        page.close()
        server.stop()


def test_a_followed_feed_appears_in_the_open_dashboard(browser, tmp_path, monkeypatch):
    """The issue's walk-through: a feed on a local server, `feeds add`, `watch --once` in
    another process, the open dashboard announces the new article and shows it, and the
    Overview lists the feed as answering."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.local_web import LocalWeb
    from tests.test_feeds import FULL, rss2

    db = tmp_path / "feed.db"
    assert cli(["ingest", str(SEEDS), "--db", str(db), "--no-progress"]) == 0
    web = LocalWeb()
    web.route("/feed.xml", rss2(web.url(""), [("k1", "/kiew.html", FULL)]),
              content_type="application/rss+xml")
    env = {**os.environ, "CRISIS_MONITOR_HOST_INTERVAL": "0", "CRISIS_MONITOR_FETCH_TIMEOUT": "5"}
    server = Server(db, CRISIS_MONITOR_LIVE_CHECK_SECONDS="1")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        add = subprocess.run([sys.executable, "-m", "core", "feeds", "add", web.url("/feed.xml"),
                              "--name", "Beispielzeitung", "--db", str(db)], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        assert add.returncode == 0, add.stderr
        page.goto(server.url + "/")
        wait_caption(page, r"^5 of 5 articles", timeout=60_000)
        settle(page)
        watch = subprocess.run([sys.executable, "-m", "core", "watch", "--once", "--db", str(db)],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert watch.returncode == 0 and "1 added" in watch.stderr, watch.stderr
        page.get_by_text("1 new article since you opened this view").wait_for(timeout=30_000)
        page.get_by_role("button", name="Refresh").click()
        wait_caption(page, r"^6 of 6 articles", timeout=30_000)
        settle(page)
        page.locator("h3").filter(has_text="Feeds").first.scroll_into_view_if_needed()
        page.get_by_text("1 feed(s) followed by").wait_for(timeout=10_000)
        assert page.get_by_text("all answering").count() == 1
        shot(page, "live-feed-overview")
    finally:
        page.close()
        server.stop()
        web.close()
