"""The "Add articles" page in AppTest: it draws on any store, and says why uploads are off.

AppTest cannot hand it a file; the upload itself is driven in Chromium
(tests/test_browser_add.py)."""

from __future__ import annotations

import pytest

from tests.dashboard_fixtures import empty_db, seed_db  # noqa: F401
from tests.test_app import _navigation_mode, app, ok, texts  # noqa: F401

PAGE = "pages/add.py"


@pytest.mark.parametrize("store", ["seed_db", "empty_db"])
def test_the_page_draws_with_its_uploader_and_a_closed_button(request, monkeypatch, store):
    at = app(request.getfixturevalue(store), monkeypatch, PAGE)
    ok(at)
    assert "Add articles" in texts(at)
    button = at.button(key="add_go")
    assert button.disabled  # nothing dropped yet
    n = 5 if store == "seed_db" else 0
    assert f"· {n:,} articles now" in texts(at)


@pytest.mark.parametrize("value", ["0", "lots"])
def test_a_bad_size_limit_turns_uploads_off_with_the_reason(seed_db, monkeypatch,  # noqa: F811
                                                             value):
    monkeypatch.setenv("CRISIS_MONITOR_MAX_UPLOAD_MB", value)
    at = app(seed_db, monkeypatch, PAGE)
    ok(at)
    assert "Uploads are off: max_upload_mb must be" in texts(at).replace("\\", "")
