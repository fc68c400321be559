"""What every browser test needs: a real `streamlit run dashboard.py` server, Debian's
Chromium through Playwright, and waits on Streamlit's own run state (never fixed sleeps).

Import the `browser` fixture into a test module (`from tests.browser_kit import browser`)
so pytest finds it there.
"""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from core import filters as flt
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent  # not from conftest: it imports this module
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def playwright():
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
    """`streamlit run dashboard.py` on a free port over the database `db`."""

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
                time.sleep(0.3)  # polling a process that is starting, not waiting on the UI
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


@pytest.fixture(scope="session")
def serve():
    """`serve(db)`: one running dashboard per database for the whole session (starting one
    costs seconds); tests that need their own settings start a `Server` themselves."""
    running: dict[str, Server] = {}

    def get(db: Path) -> Server:
        if str(db) not in running:
            running[str(db)] = Server(db)
        return running[str(db)]

    yield get
    for server in running.values():
        server.stop()


@pytest.fixture(scope="session")
def browser():
    sync_playwright = playwright()
    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


def expected_ids(db: Path, filters: flt.Filters) -> set[str]:
    with Store(db, readonly=True) as s:
        corpus = flt.Corpus(s.articles(with_text=False), s.mentions(), s.topics())
    return set(flt.apply(corpus, filters).articles["article_id"])


# Streamlit marks its root element with the script's run state ("initial", "running",
# "rerunRequested", "notRunning", …). The app is done when that state has been
# "notRunning" for a quiet spell: a widget event starts its rerun a few milliseconds after
# the event, so a single look right after an action could still see the previous run's end.
# The frontend may still be drawing what the finished run sent: it shows grey skeletons
# (stSkeleton) in their place until then, for seconds on a loaded machine.
_DONE_JS = """(quietMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const now = performance.now();
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning'
      || document.querySelector('[data-testid="stSkeleton"]')) {
    window.__cmBusy = now;
    return false;
  }
  return now - window.__cmBusy >= quietMs;
}"""


def settle(page, timeout: float = 30_000, quiet_ms: int = 250) -> None:
    """Wait until Streamlit has finished running the script (its own "done" state)."""
    page.evaluate("() => { window.__cmBusy = performance.now(); }")
    page.wait_for_function(_DONE_JS, arg=quiet_ms, timeout=timeout, polling=50)


def plotly_drawn(page, timeout: float = 30_000) -> None:
    """Wait until every Plotly chart on the page has drawn its plot area."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".every(p => p.querySelector('.main-svg') && p._fullLayout)", timeout=timeout)


def caption(page) -> str:
    return page.locator("[data-testid=stCaptionContainer]").filter(
        has_text=re.compile(r"of [\d,]+ articles")).first.inner_text()


def wait_caption(page, pattern: str, timeout: float = 30_000) -> str:
    loc = page.locator("[data-testid=stCaptionContainer]").filter(
        has_text=re.compile(pattern)).first
    loc.wait_for(timeout=timeout)
    return loc.inner_text()


def goto_page(page, title: str) -> None:
    page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).first.click()
    page.locator("h1").filter(has_text=title).first.wait_for(timeout=30_000)
    settle(page)


def pick_actor(page, name: str) -> None:
    box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    box.locator("input").click()
    box.locator("input").fill(name)
    page.locator("[role=option]").filter(has_text=name).first.click()
    page.keyboard.press("Escape")
    settle(page)


def shot(page, name: str) -> None:
    if page.locator(".js-plotly-plot").count():
        plotly_drawn(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def download_csv(page, button_text: str):
    with page.expect_download() as info:
        page.get_by_role("button", name=button_text).first.click()
    dl = info.value
    data = Path(dl.path()).read_bytes().decode("utf-8-sig")
    return dl.suggested_filename, list(csv.DictReader(io.StringIO(data)))


def click_first_bar(page, chart_index: int = 0) -> None:
    """Click the earliest bar of the chart's top (exact-date) trace, like a user would."""
    chart = page.locator(".js-plotly-plot").nth(chart_index)
    chart.scroll_into_view_if_needed()
    plotly_drawn(page)
    traces = chart.locator(".barlayer .trace")
    bars = traces.nth(traces.count() - 1).locator(".point path")
    box = bars.first.bounding_box()
    assert box, "no bar to click"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 4
    page.mouse.move(x, y)
    # Plotly reacts to the click only once the hover label for the bar is up.
    page.locator(".hoverlayer .hovertext").first.wait_for(timeout=5_000)
    page.mouse.click(x, y)
    settle(page)


def choose(page, box, text: str, tries: int = 3) -> None:
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
            settle(page)
