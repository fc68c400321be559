"""Every page in light mode, dark mode and on a 390 px phone, in Debian's Chromium.

Saves screenshots/look-<page>-<mode>.png (to be looked at) and checks what a screenshot
would show a person: the page drew without an exception box, the theme is the one asked
for (dark backgrounds in dark mode), text stays readable against its background, and on
a phone nothing is wider than the screen.
"""

from __future__ import annotations

import pytest

from tests.browser_kit import SHOTS, plotly_drawn, settle
from tests.dashboard_fixtures import seed_db  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = {"overview": "/", "timeline": "/timeline", "stories": "/stories",
         "actors": "/actors?detail_actor=Wladimir+Putin",
         "reader": "/reader?q=Putin", "add": "/add"}
MODES = {"light": {"viewport": {"width": 1400, "height": 1000}, "color_scheme": "light"},
         "dark": {"viewport": {"width": 1400, "height": 1000}, "color_scheme": "dark"},
         "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light",
                   "device_scale_factor": 2, "is_mobile": True, "has_touch": True}}

# The WCAG contrast ratio of the colour of each text element against the first opaque
# background behind it; returns the worst few, for the message.
_LOW_CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = c => { c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const bg = el => { for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c; }
    return [255, 255, 255]; };
  const bad = [];
  const main = document.querySelector('[data-testid="stMain"]');
  for (const el of main.querySelectorAll('p, span, li, h1, h2, h3, mark, td, a')) {
    if (!el.innerText || !el.innerText.trim() || el.closest('.js-plotly-plot')) continue;
    // A slider's value floats above its thumb, outside the filled track it sits in.
    if (el.closest('[data-testid="stSlider"]')) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const st = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (st.visibility === 'hidden' || !box.width || !box.height) continue;
    let opacity = 1;  // a stale element of a rerun is faded by an ancestor
    for (let e = el; e; e = e.parentElement) opacity *= +getComputedStyle(e).opacity;
    if (opacity < 0.5) continue;
    const a = lum(rgb(st.color)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) bad.push([ratio.toFixed(2), el.tagName, el.innerText.slice(0, 40), st.color,
                             el.parentElement.outerHTML.slice(0, 160)]);
  }
  return bad.sort((x, y) => x[0] - y[0]).slice(0, 5);
}"""


@pytest.mark.parametrize("mode", list(MODES))
def test_every_page_looks_right(browser, serve, seed_db, mode):  # noqa: F811
    server = serve(seed_db)
    page = browser.new_page(**MODES[mode])
    try:
        for name, path in PAGES.items():
            page.goto(server.url + path)
            page.locator("h1").first.wait_for(timeout=60_000)
            settle(page, 60_000)
            if name == "reader":  # open the first hit: the article view with highlights
                page.get_by_role("button", name="Read").first.click()
                page.locator(".cm-article").first.wait_for(timeout=30_000)
                settle(page)
            # The main area scrolls inside the window: grow the window to the content's
            # height so the screenshot shows the whole page.
            size = MODES[mode]["viewport"]
            height = page.evaluate("() => document.querySelector('[data-testid=stMain]')"
                                   ".scrollHeight")
            page.set_viewport_size({"width": size["width"], "height": min(height, 8000)})
            plotly_drawn(page)
            page.screenshot(path=str(SHOTS / f"look-{name}-{mode}.png"), full_page=True)
            page.set_viewport_size(size)
            assert page.locator("[data-testid=stException]").count() == 0, name
            app_bg = page.evaluate("() => getComputedStyle(document.querySelector("
                                   "'[data-testid=stApp]')).backgroundColor")
            channels = [int(float(c)) for c in app_bg[app_bg.index("(") + 1:-1].split(",")[:3]]
            assert (max(channels) < 80) == (mode == "dark"), (name, app_bg)
            low = page.evaluate(_LOW_CONTRAST_JS)
            assert not low, f"{name}: text below 3:1 contrast: {low}"
            if mode == "phone":
                wide = page.evaluate("() => document.querySelector('[data-testid=stMain]')"
                                     ".scrollWidth")
                assert wide <= 390 + 1, f"{name}: content {wide} px wide on a 390 px screen"
    finally:
        page.close()
