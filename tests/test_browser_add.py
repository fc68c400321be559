"""Upload files in the dashboard: the CLI's summary on screen, the articles on every page."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.browser_kit import Server, goto_page, settle, shot, wait_caption
from tests.dashboard_fixtures import seed_db  # noqa: F401

pytestmark = pytest.mark.browser

TEXT = ("Die Außenministerin Annalena Baerbock reiste am Montag nach Kiew. In der "
        "ukrainischen Hauptstadt traf sie den Außenminister Dmytro Kuleba zu Gesprächen über "
        "Winterhilfe und Flugabwehr. Quokkasonde ist ein Wort, das nur hier vorkommt. ") * 3


def test_upload_files_and_read_them(browser, seed_db, tmp_path):  # noqa: F811
    db = tmp_path / "up.db"
    shutil.copy(seed_db, db)
    records = [{"title": "Baerbock in Kiew", "date": "2022-02-08", "source": "upload.example",
                "text": TEXT},
               {"title": "Hafen von Odessa", "date": "2022-02-09",
                "text": ("Im Hafen von Odessa stauen sich Getreideschiffe. Die Reederei "
                         "meldete am Dienstag Verzögerungen bei der Abfertigung, die "
                         "Quokkasonde des Hafens fiel aus. ") * 3},
               {"title": "ohne Text"}]
    jsonl = tmp_path / "neu.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                     encoding="utf-8")
    server = Server(db)
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(server.url + "/add")
        page.locator("h1").filter(has_text="Add articles").wait_for(timeout=60_000)
        settle(page)
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
            [str(jsonl)])
        page.get_by_text("neu.jsonl").first.wait_for(timeout=30_000)
        settle(page)
        page.get_by_role("button", name="Add to the corpus").click()
        page.get_by_text("article(s) added").wait_for(timeout=180_000)
        settle(page)
        summary = page.locator("[data-testid=stCode]").inner_text()
        assert "articles seen:    3" in summary and "added:            2" in summary, summary
        assert "rejected:         1" in summary and "neu.jsonl:3: no body" in summary, summary
        assert str(tmp_path) not in summary  # names, not the server's folders
        shot(page, "add-articles-summary")
        assert sorted(p.name for p in (tmp_path / "up.db.uploads").glob("*/*")) == ["neu.jsonl"]
        goto_page(page, "Reader")
        wait_caption(page, r"^7 of 7 articles")
        search = page.locator("[data-testid=stTextInput] input").first
        search.fill("Quokkasonde")
        search.press("Enter")
        settle(page)
        page.get_by_text("2 article(s) match").wait_for(timeout=30_000)
        page.get_by_role("button", name="Read").first.click()
        page.locator(".cm-article").first.wait_for(timeout=30_000)
        assert "Quokkasonde" in page.locator(".cm-article").inner_text()
        shot(page, "add-articles-read")
    finally:
        page.close()
        server.stop()
