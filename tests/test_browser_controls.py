"""The sidebar's controls and the charts in Debian's Chromium (issue 15), what AppTest cannot
see: the address after Streamlit dropped a link's bad values, dates typed and applied with
Enter and Tab, the date fields readable, the actor list's own filter, a chart's articles
opened in the Reader with the keyboard only, and Plotly's toolbar at 390 px.
Screenshots: screenshots/controls-*.png."""

from __future__ import annotations

import re

import pytest

from tests.browser_kit import goto_page, plotly_drawn, settle, shot, wait_caption
from tests.dashboard_fixtures import news_de_db, seed_db  # noqa: F401

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


def _open(browser, url: str, **kwargs):
    page = browser.new_page(**(kwargs or DESKTOP))
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    return page


def _sidebar(page):
    return page.locator("[data-testid=stSidebar]")


def _open_sidebar(page) -> None:
    """On a phone the sidebar starts (and after a page switch may be) collapsed."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.count() and expand.is_visible():
        expand.click()
    _sidebar(page).locator("[data-testid=stSidebarNav]").wait_for()


def _field(page, name: str):
    return _sidebar(page).get_by_role("textbox", name=name, exact=True)


def _active(page) -> str:
    return page.evaluate("() => { const e = document.activeElement;"
                         " return (e.getAttribute('aria-label') || e.innerText || e.tagName)"
                         ".slice(0, 80); }")


def test_a_bad_link_is_named_on_screen(browser, serve, seed_db):  # noqa: F811
    server = serve(seed_db)
    page = _open(browser, server.url + "/?actor=Nobody&since=garbage&lang=xx&topic=bogus"
                 "&actor=Wladimir+Putin")
    try:
        alert = page.locator("[data-testid=stMain] [data-testid=stAlert]").filter(
            has_text="link was ignored")
        text = alert.inner_text()
        for said in ("actor: no actor “Nobody” in this corpus", "since: “garbage” is not a date",
                     "lang: language “xx” not in this corpus", "topic: topic “bogus” not in"):
            assert said in text, text
        # What Streamlit took stays in the address, the rest is gone from it …
        assert "actor=Wladimir+Putin" in page.url and "Nobody" not in page.url
        assert "lang=" not in page.url and "topic=" not in page.url
        # … the bad date stays, in its field, said there too.
        assert _field(page, "From").input_value() == "garbage"
        assert caption_text(page).startswith("4 of 5 articles · mentioning Wladimir Putin")
        shot(page, "controls-bad-link")
        page.get_by_role("button", name="Dismiss").click()
        settle(page)
        assert alert.count() == 0
    finally:
        page.close()


def caption_text(page) -> str:
    return wait_caption(page, r"of [\d,]+ articles")


@pytest.mark.parametrize("key", ["Enter", "Tab"])
def test_a_typed_date_applies_on_enter_and_tab(browser, serve, seed_db, key):  # noqa: F811
    """Issue 15: a typed date applied only on a click elsewhere."""
    server = serve(seed_db)
    page = _open(browser, server.url + "/")
    try:
        field = _field(page, "From")
        field.click()
        page.keyboard.type("2022-02-01")
        page.keyboard.press(key)
        settle(page)
        assert "since=2022-02-01" in page.url, page.url
        assert "dated 2022-02-01 – …" in caption_text(page)
        if key == "Tab":  # and the keyboard goes on from there, not from the top
            assert _active(page) not in ("BODY", "From"), _active(page)
        field = _field(page, "To")
        field.click()
        page.keyboard.type("2022-01")  # a whole month, before From
        page.keyboard.press(key)
        settle(page)
        assert "until=2022-01" in page.url, page.url
        warning = _sidebar(page).locator("[data-testid=stAlert]").filter(has_text="is after")
        assert warning.inner_text().strip() == ("“From” 2022-02-01 is after “To” 2022-01: "
                                                "showing 2022-01-01 – 2022-02-01.")
        assert "dated 2022-01-01 – 2022-02-01" in caption_text(page)
        shot(page, f"controls-dates-{key.lower()}")
    finally:
        page.close()


@pytest.mark.parametrize("mode", ["desktop", "phone"])
def test_the_date_fields_show_the_whole_date(browser, serve, seed_db, mode):  # noqa: F811
    """Issue 15: the fields were too narrow to read the date ("2022 - 0")."""
    server = serve(seed_db)
    page = _open(browser, server.url + "/?since=2022-02-01&until=2022-12-31",
                 **(PHONE if mode == "phone" else DESKTOP))
    try:
        _open_sidebar(page)
        for name, value in (("From", "2022-02-01"), ("To", "2022-12-31")):
            field = _field(page, name)
            assert field.input_value() == value
            fits = field.evaluate("e => e.scrollWidth <= e.clientWidth")
            width = field.evaluate("e => e.clientWidth")
            assert fits and width >= 150, (name, width)
        shot(page, f"controls-date-fields-{mode}")
    finally:
        page.close()


def test_the_actor_list_and_the_actor_search_on_news_de(browser, serve, news_de_db):  # noqa: F811
    """Issue 15: for "Putin" the list offered "Paulis Trainer", "Stephen Bunting" and
    "SpVgg Unterhaching" (Streamlit's fuzzy filter)."""
    server = serve(news_de_db)
    page = _open(browser, server.url + "/")
    try:
        box = _sidebar(page).locator("[data-testid=stMultiSelect]").first
        box.locator("input").click()
        box.locator("input").fill("Putin")
        options = page.locator("[role=option]")
        options.filter(has_text="Wladimir Putin").first.wait_for()
        offered = [o for o in options.all_inner_texts() if not o.startswith("Select ")]
        assert offered[0] == "Wladimir Putin", offered
        assert all("putin" in o.lower() for o in offered), offered
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        settle(page)
        # The search box ranks and reaches the names beyond the list's first 4,000.
        search = _sidebar(page).get_by_role("searchbox", name="Find an actor")
        search.click()
        page.keyboard.type("Putin")
        found = _sidebar(page).locator("[data-testid=stButton] button").filter(
            has_text=re.compile("Putin"))
        found.first.wait_for()
        settle(page)
        names = [t.split("\n")[-1] for t in found.all_inner_texts()]
        assert names[0] == "Wladimir Putin" and "Julija Putinzewa" in names, names
        shot(page, "controls-find-actor")
        # Keyboard: Tab to the first result, Enter.
        for _ in range(5):
            page.keyboard.press("Tab")
            if _active(page).endswith("Wladimir Putin"):
                break
        assert _active(page).endswith("Wladimir Putin"), _active(page)
        page.keyboard.press("Enter")
        settle(page)
        assert "actor=Wladimir+Putin" in page.url
        assert "mentioning Wladimir Putin" in caption_text(page)
        assert search.input_value() == ""
    finally:
        page.close()


def _tab_to(page, predicate_js: str, limit: int = 250) -> int:
    """Press Tab until the focused element satisfies `predicate_js` (e => bool)."""
    for n in range(limit):
        if page.evaluate(f"() => ({predicate_js})(document.activeElement)"):
            return n
        page.keyboard.press("Tab")
    raise AssertionError(f"not reached with {limit} Tabs; at {_active(page)!r}")


def test_a_chart_bar_opened_in_the_reader_with_the_keyboard_only(browser, serve, seed_db):  # noqa: F811
    """Issue 15: chart bars cannot be reached by keyboard, so click-through needed a mouse."""
    server = serve(seed_db)
    page = _open(browser, server.url + "/")
    try:
        plotly_drawn(page)
        page.locator("body").press("Tab")  # focus starts at the top of the page
        _tab_to(page, "e => e.getAttribute('aria-label') && "
                      "e.getAttribute('aria-label').startsWith('Or choose a bar') && "
                      "e.closest('[data-testid=stMain]')")
        page.keyboard.press("ArrowDown")  # opens the list on its first entry
        first = page.locator("[role=option]").first
        first.wait_for()
        label = first.inner_text()
        page.keyboard.press("Enter")
        settle(page)
        selected = page.locator("[data-testid=stMain]").get_by_text(
            re.compile(r"^Selected: .* — \d+ article")).first
        n = int(re.search(r"— (\d+) article", selected.inner_text()).group(1))
        assert selected.inner_text().startswith(f"Selected: {label.rsplit(' (', 1)[0]}")
        _tab_to(page, "e => e.tagName === 'A' && e.innerText.includes('Open these')")
        page.keyboard.press("Enter")
        page.locator("h1").filter(has_text="Reader").wait_for(timeout=60_000)
        settle(page)
        assert caption_text(page).startswith(f"{n} of "), caption_text(page)
        shot(page, "controls-keyboard-reader")
    finally:
        page.close()


def test_the_plotly_toolbar_leaves_the_chart_alone_on_a_phone(browser, serve, seed_db):  # noqa: F811
    """Issue 15: at 390 px the Plotly toolbar covered the chart."""
    server = serve(seed_db)
    for name, kwargs, shown in (("phone", PHONE, False), ("desktop", DESKTOP, True)):
        page = _open(browser, server.url + "/", **kwargs)
        try:
            plotly_drawn(page)
            chart = page.locator(".js-plotly-plot").first
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            if name == "phone":
                chart.tap(position={"x": box["width"] / 2, "y": 20})
            # Drawn at all (no display:none above it), and where: over the plot area?
            bar = chart.locator(".modebar").first
            visible = bar.evaluate("e => e.getClientRects().length > 0 && "
                                   "e.getBoundingClientRect().height > 0")
            assert visible is shown, name
            shot(page, f"controls-overview-{name}")
        finally:
            page.close()


def test_each_page_with_the_new_controls(browser, serve, seed_db):  # noqa: F811
    """Screenshots to look at: the pages with the charts' lists, at 1400 and 390 px."""
    server = serve(seed_db)
    for name, kwargs in (("desktop", {"viewport": {"width": 1400, "height": 2400}}),
                         ("phone", {**PHONE, "viewport": {"width": 390, "height": 2400}})):
        page = _open(browser, server.url + "/", **kwargs)
        try:
            for title in ("Timeline", "Actors"):
                _open_sidebar(page)
                goto_page(page, title)
                plotly_drawn(page)
                assert page.get_by_role("combobox", name=re.compile("^Or choose")).count() >= 1
                if name == "phone":  # the page, not the sidebar over it
                    page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
                    page.get_by_test_id("stExpandSidebarButton").wait_for()
                shot(page, f"controls-{title.lower()}-{name}")
        finally:
            page.close()
