"""What the pages say, as a person sees it in Debian's Chromium at 1400 px (issue 15)."""

from __future__ import annotations

import pytest

from tests.browser_kit import SHOTS, plotly_drawn, settle
from tests.dashboard_fixtures import seed_db  # noqa: F401

pytestmark = pytest.mark.browser

# Each st.dataframe's grid: the column headers it draws (only those in view) and how wide
# its columns are against the room it has.
_GRIDS_JS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(df => {
  const s = df.querySelector('.dvn-scroller');
  return {heads: [...df.querySelectorAll('[role=columnheader]')].map(h => h.innerText.trim()),
          scroll: s ? s.scrollWidth : 0, room: s ? s.clientWidth : 0};
})"""


def test_rising_tables_fit_at_1400_px_with_readable_labels(browser, serve, seed_db):  # noqa: F811
    """Every column of the Rising tables is in view at 1400 px (lift and change were cut
    off) and labelled for a reader (it showed share_now)."""
    server = serve(seed_db)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, color_scheme="light")
    try:
        page.goto(server.url + "/?since=2022-02-01")
        page.locator("h1").first.wait_for(timeout=60_000)
        settle(page, 60_000)
        page.get_by_role("heading", name="Rising").wait_for(timeout=30_000)
        height = page.evaluate("() => document.querySelector('[data-testid=stMain]')"
                               ".scrollHeight")
        page.set_viewport_size({"width": 1400, "height": min(height, 8000)})
        settle(page)
        plotly_drawn(page)
        page.screenshot(path=str(SHOTS / "pages-overview-rising-1400.png"), full_page=True)
        grids = page.evaluate(_GRIDS_JS)
        rising = [g for g in grids if {"Share now", "share_now"} & set(g["heads"])]
        assert rising, grids
        for grid in rising:
            assert grid["scroll"] <= grid["room"] + 1, grid  # no column beyond the edge
            assert grid["heads"][-2:] == ["Change", "Lift"], grid
            assert not [h for h in grid["heads"] if "_" in h], grid
        # The most recent articles: every column in view too (the list was 1,306 px wide in
        # a 938 px column).
        recent = [g for g in grids if "Title" in g["heads"]]
        assert recent and all(g["scroll"] <= g["room"] + 1 for g in recent), recent
    finally:
        page.close()
