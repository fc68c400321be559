"""What the pages say (issue 15), in Streamlit's AppTest on the real seeds and real broken
stores: the date span, Rising's periods and tables, the hatched-band note, the message for
a database that cannot be used."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.dashboard_fixtures import seed_db  # noqa: F401
from tests.test_app import _navigation_mode, app, ok, texts  # noqa: F401


def _garbage(path, seed):
    path.write_bytes(bytes(range(256)) * 64)


def _truncated(path, seed):
    data = seed.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _empty(path, seed):
    path.write_bytes(b"")


def _folder(path, seed):
    path.mkdir()


def _other_program(path, seed):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")


def _other_version(path, seed):
    shutil.copy(seed, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")


def _no_search_index(path, seed):
    shutil.copy(seed, path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE articles_fts")


@pytest.mark.parametrize("make", [_garbage, _truncated, _empty, _folder, _other_program,
                                  _other_version, _no_search_index])
def test_a_store_that_cannot_be_used_is_named_once_with_one_piece_of_advice(
        seed_db, tmp_path, monkeypatch, make):  # noqa: F811
    bad = tmp_path / "broken.db"
    make(bad, seed_db)
    at = app(bad, monkeypatch)
    ok(at)
    said = texts(at)
    assert len(at.error) == 1, said
    assert said.count(str(bad)) == 1, said  # the path once, in the error
    assert str(bad) in at.error[0].value
    # One piece of advice, and no command-line "--db" without the dashboard's command.
    for phrase in ("another file", "ingest again", "re-ingest", "rebuild"):
        assert said.count(phrase) <= 1, said
    assert "point --db" not in said and said.count("dashboard.py -- --db FILE") <= 1
    assert "Traceback" not in said


def _metric(at, label):
    return next(m for m in at.metric if m.label == label)


def test_overview_dates_are_known_days_and_month_only_dates_are_said_apart(
        seed_db, monkeypatch):  # noqa: F811
    at = app(seed_db, monkeypatch)
    ok(at)
    first, last = _metric(at, "First date"), _metric(at, "Last date")
    assert (first.value, first.delta) == ("2021-12-28", "")
    # Latest seed dated to the day: 1 February; two more are dated only to February.
    assert last.value == "2022-02-01"
    assert last.delta == "and Feb 2022, month only"
    # Only month-only articles (January's seed): the month, marked as such.
    at = app(seed_db, monkeypatch, query={"since": "2022-01-05", "until": "2022-01-20"})
    ok(at)
    last = _metric(at, "Last date")
    assert (last.value, last.delta) == ("Jan 2022", "month only")


def test_rising_with_only_from_compares_from_to_the_latest_date_in_view(
        seed_db, monkeypatch):  # noqa: F811
    import json

    at = app(seed_db, monkeypatch, query={"since": "2022-02-01"})
    ok(at)
    said = texts(at)
    # It compared 2022-02-01 – 2022-02-01 with 2022-01-31 – 2022-01-31 (one day each).
    assert ("From 2022-02-01 (the “From” date) to 2022-02-28, the latest date in view "
            "(28 days), compared with the 28 days before (2022-01-04 – 2022-01-31)") in said
    assert "3 articles now, 1 before" in said
    tables = [d for d in at.dataframe if '"share_now"' in d.proto.columns]
    assert tables
    for table in tables:
        config = json.loads(table.proto.columns)
        labels = {k: v.get("label") for k, v in config.items() if not v.get("hidden")}
        # Every column has a reader's label, none the frame's own name (share_now …).
        assert all(label and "_" not in label for label in labels.values()), labels
        assert labels["share_now"] == "Share now" and labels["lift"] == "Lift"
        assert config["lift"]["type_config"]["format"] == "%.2f×"


@pytest.mark.parametrize(("query", "bands"), [
    ({}, True),  # three seeds are dated only to January or February
    ({"since": "2021-12-01", "until": "2021-12-31"}, False),  # one seed, dated to the day
])
def test_the_hatched_band_note_is_there_only_with_bands(seed_db, monkeypatch, query,  # noqa: F811
                                                        bands):
    for page in ("pages/actors.py", "pages/timeline.py"):
        at = app(seed_db, monkeypatch, page, query)
        ok(at)
        said = texts(at)
        assert "ot_" not in said
        assert ("atched bands" in said) == bands, (page, said)
        if bands:
            assert "average per week" in said  # both pages open on weeks
