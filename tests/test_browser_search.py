"""The Reader's search in Debian's Chromium (issue 15): what AppTest cannot see — the colours
of the entity and search-hit highlights as the browser computes them in light and dark mode
(text contrast >= 4.5:1 on every highlight), the name of the results CSV, and the page at
390 px.  Saves screenshots/search-reader-<mode>.png to be looked at."""

from __future__ import annotations

import pytest

from tests.browser_kit import SHOTS, download_csv, settle
from tests.dashboard_fixtures import seed_db  # noqa: F401

pytestmark = pytest.mark.browser

MODES = {"light": {"viewport": {"width": 1400, "height": 1000}, "color_scheme": "light"},
         "dark": {"viewport": {"width": 1400, "height": 1000}, "color_scheme": "dark"},
         "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light",
                   "device_scale_factor": 2, "is_mobile": True, "has_touch": True}}

# Each highlight's text colour against its own background, as computed: [ratio, what, text].
_HIGHLIGHT_CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = c => { c /= 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const out = [];
  const sel = '.cm-article .ent, .cm-article mark, .cm-snippet mark, [data-testid=stMain] mark';
  for (const el of document.querySelectorAll(sel)) {
    const st = getComputedStyle(el);
    const a = lum(rgb(st.color)), b = lum(rgb(st.backgroundColor));
    out.push([(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), el.className || el.tagName,
              el.innerText.slice(0, 30), st.color, st.backgroundColor]);
  }
  return out;
}"""


def _open_reader(page, url: str) -> None:
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=60_000)
    settle(page, 60_000)
    page.get_by_role("button", name="Read").first.click()
    page.locator(".cm-article").first.wait_for(timeout=30_000)
    settle(page)


@pytest.mark.parametrize("mode", list(MODES))
def test_highlights_are_readable_and_search_hits_marked(browser, serve, seed_db, mode):  # noqa: F811
    server = serve(seed_db)
    page = browser.new_page(**MODES[mode])
    try:
        _open_reader(page, server.url + "/reader?q=Lawrow")
        found = page.evaluate(_HIGHLIGHT_CONTRAST_JS)
        assert any(k.startswith("ent ent-") for _, k, *_ in found)
        low = [f for f in found if f[0] < 4.5]
        assert not low, f"{mode}: highlight text below 4.5:1: {low[:5]}"
        marks = page.locator(".cm-article mark.cm-term")
        # "Lawrows" too: the actor Sergej Lawrow is written so (his other names are searched).
        assert marks.count() >= 1 and set(marks.all_inner_texts()) <= {"Lawrow", "Lawrows"}
        # Search hits inside an entity: the mark wins inside the entity's colour.
        assert page.locator(".cm-article .ent mark.cm-term").count() >= 1
        # The article view's metadata line is readable on the theme's background too.
        size = MODES[mode]["viewport"]
        height = page.evaluate("() => document.querySelector('[data-testid=stMain]')"
                               ".scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
        page.screenshot(path=str(SHOTS / f"search-reader-{mode}.png"), full_page=True)
        page.set_viewport_size(size)
        if mode == "phone":
            wide = page.evaluate("() => document.querySelector('[data-testid=stMain]')"
                                 ".scrollWidth")
            assert wide <= 390 + 1, f"content {wide} px wide on a 390 px screen"
    finally:
        page.close()


def test_the_results_csv_is_named_after_the_query(browser, serve, seed_db):  # noqa: F811
    server = serve(seed_db)
    page = browser.new_page(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    try:
        page.goto(server.url + "/reader?q=Au%C3%9Fenminister+Lawrow")
        page.locator("h1").first.wait_for(timeout=60_000)
        settle(page, 60_000)
        name, rows = download_csv(page, "Download search results (CSV)")
        assert name == "search-aussenminister-lawrow.csv"
        assert len(rows) == 5
    finally:
        page.close()
