"""Upload files in the dashboard: the CLI's summary on screen, the articles on every page."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.browser_kit import Server, goto_page, settle, shot, wait_caption
from tests.dashboard_fixtures import seed_db  # noqa: F401
from tests.local_web import LocalWeb, german_page

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
        search = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
        search.fill("Quokkasonde")
        search.press("Enter")
        settle(page)
        found = wait_caption(page, r"article\(s\) match")
        assert found.startswith("2 article(s) match"), found
        page.get_by_role("button", name="Read").first.click()
        page.locator(".cm-article").first.wait_for(timeout=30_000)
        assert "Quokkasonde" in page.locator(".cm-article").inner_text()
        shot(page, "add-articles-read")
    finally:
        page.close()
        server.stop()


def test_paste_a_web_address_and_drop_a_saved_page(browser, seed_db, tmp_path):  # noqa: F811
    """A page served by a local web server, by its address; a saved .html page as a file;
    a line that is no address is refused with the reason. Both pages become articles."""
    db = tmp_path / "web.db"
    shutil.copy(seed_db, db)
    web = LocalWeb()
    paras = ["Die Außenminister der G7 berieten am Montag in Münster über die Lage in der "
             "Ukraine und über weitere Hilfen für den Winter.",
             "Kanzler Olaf Scholz kündigte an, die Flugabwehr zu verstärken; Wladimir Putin "
             "ließ über seinen Sprecher ausrichten, Moskau sehe keinen Anlass für Gespräche."]
    web.route("/politik/g7.html", german_page("G7 beraten in Münster", paras,
                                              date="2022-11-07T09:00:00+01:00"))
    saved = tmp_path / "gespeichert.html"
    saved.write_text(german_page("Getreide aus Odessa", [
        "Im Hafen von Odessa legten am Dienstag drei Frachter mit Getreide ab, teilte die "
        "ukrainische Regierung mit.", "Die Vereinten Nationen begrüßten die Ausfuhren, die "
        "Türkei überwacht die Route durch das Schwarze Meer."],
        date="2022-11-08T12:00:00+01:00"), encoding="utf-8")
    server = Server(db, CRISIS_MONITOR_HOST_INTERVAL="0")
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(server.url + "/add")
        page.locator("h1").filter(has_text="Add articles").wait_for(timeout=60_000)
        settle(page)
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
            [str(saved)])
        page.get_by_text("gespeichert.html").first.wait_for(timeout=30_000)
        settle(page)
        box = page.locator("[data-testid=stTextArea] textarea")
        box.fill(web.url("/politik/g7.html") + "\nkeine-adresse\n")
        box.press("Control+Enter")
        settle(page)
        page.get_by_role("button", name="Add to the corpus").click()
        page.get_by_text("article(s) added").wait_for(timeout=180_000)
        settle(page)
        summary = page.locator("[data-testid=stCode]").inner_text()
        assert "added:            2" in summary, summary
        assert "refused:          keine-adresse: not a web address" in summary, summary
        assert web.hits("/politik/g7.html"), "the page was not fetched"
        shot(page, "add-articles-web")
        goto_page(page, "Reader")
        search = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
        search.fill("Münster OR Odessa")
        search.press("Enter")
        settle(page)
        page.get_by_text("G7 beraten in Münster").first.wait_for(timeout=30_000)
        page.get_by_text("Getreide aus Odessa").first.wait_for(timeout=30_000)
    finally:
        page.close()
        server.stop()
        web.close()
