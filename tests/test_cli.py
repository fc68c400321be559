"""The command line end to end on the real seeds: ingest, re-ingest, export, filters, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from core.cli import main
from tests.conftest import ROOT

EXPECTED = {
    # seed prefix: (published, precision, language, title)
    "000": (
        "2022-02",
        "month",
        "de",
        "In der Krise mit der Ukraine setzt Moskau darauf, weiter mit den USA und der Nato "
        "über Sicherheitsgarantien in…",
    ),
    "001": (
        "2022-01",
        "month",
        "de",
        "Das Krisentreffen zwischen US-Außenminister Antony Blinken und seinem russischen "
        "Amtskollegen Sergej Lawrow hat am…",
    ),
    "002": (
        "2022-02-01",
        "day",
        "de",
        "USA und Russland zur Ukraine Eine neue Antwort - und weitere Gespräche",
    ),
    "003": (
        "2021-12-28",
        "day",
        "de",
        "Ukraine-Konflikt Washington kündigt Gespräche mit Moskau an",
    ),
    "004": ("2022-02", "month", "de", "Die Telefon-Diplomatie geht in die nächste Runde."),
}


def _read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "seeds.db"
    assert main(["ingest", str(ROOT / "seeds"), "--db", str(db), "--no-progress"]) == 0
    return db


def _export(db, out, *extra):
    assert main(["export", "--db", str(db), "--out", str(out), *extra]) == 0
    return {row["source"][:3]: row for row in _read_csv(out / "articles.csv")}


def test_seed_snapshot_dates_titles_languages(seed_db, tmp_path):
    rows = _export(seed_db, tmp_path)
    assert set(rows) == set(EXPECTED)
    for prefix, (published, precision, lang, title) in EXPECTED.items():
        row = rows[prefix]
        assert (row["published"], row["date_precision"], row["language"]) == (
            published,
            precision,
            lang,
        ), prefix
        assert row["title"] == title, prefix
        assert int(row["n_words"]) > 300
    for column in (
        "article_id",
        "title",
        "published",
        "date_precision",
        "language",
        "source",
        "n_words",
        "topics",
    ):
        assert column in rows["000"]
    assert "diplomacy" in rows["001"]["topics"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["corpus_articles"] == 5 and manifest["files"]["articles.csv"] == 5


def test_persons_merged_and_no_boilerplate_actors(seed_db, tmp_path):
    _export(seed_db, tmp_path)
    mentions = _read_csv(tmp_path / "mentions.csv")
    persons = {(m["article_id"], m["actor"]) for m in mentions if m["actor_type"] == "person"}
    names = {actor for _, actor in persons}
    for full in (
        "Wladimir Putin",
        "Sergej Lawrow",
        "Antony Blinken",
        "Joe Biden",
        "Olaf Scholz",
        "Annalena Baerbock",
        "John Kirby",
        "Boris Johnson",
    ):
        assert full in names, full
    # A surname on its own never becomes a second actor next to the full name.
    for surname in ("Putin", "Lawrow", "Lawrows", "Blinken", "Biden", "Bidens", "Johnson"):
        assert surname not in names, surname
    surfaces = " ".join(m["surface"] for m in mentions)
    assert "AP" not in surfaces.split() and "Body & Soul" not in surfaces and "TT" not in surfaces


def test_reingest_adds_nothing_and_says_so(seed_db, capsys):
    assert main(["ingest", str(ROOT / "seeds"), "--db", str(seed_db), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "added:            0" in out and "nothing new" in out
    assert "5 already stored" in out
    con = sqlite3.connect(seed_db)
    assert con.execute("select count(*), sum(n_copies) from articles").fetchone() == (5, 5)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--since", "2022-02-01"], {"000", "002", "004"}),
        (["--until", "2021-12-31"], {"003"}),
        (["--since", "2022-01-15", "--until", "2022-01-31"], {"001"}),
        (["--since", "2022-02-02", "--until", "2022-02-10"], {"000", "004"}),
        (["--actor", "Putin"], {"000", "001", "002", "003"}),
        (["--actor", "Wladimir Putin", "--since", "2022-02"], {"000", "002"}),
        (["--actor", "Kirby"], {"002"}),
        (["--actor", "Scholz", "--actor", "Kirby"], {"000", "002", "004"}),
        (["--actor", "Scholz", "--actor", "Baerbock", "--actor-mode", "all"], {"004"}),
    ],
)
def test_export_filters(seed_db, tmp_path, args, expected):
    rows = _export(seed_db, tmp_path, *args)
    assert set(rows) == expected
    ids = {r["article_id"] for r in rows.values()}
    assert {m["article_id"] for m in _read_csv(tmp_path / "mentions.csv")} <= ids
    assert {t["article_id"] for t in _read_csv(tmp_path / "topics.csv")} <= ids


def test_export_neutralises_formula_injection(tmp_path, capsys):
    src = tmp_path / "evil.jsonl"
    records = [
        {
            "title": '=HYPERLINK("http://evil.example","klick")',
            "date": "2022-02-03",
            "source": "@evil",
            "text": "-Die Nato und Russland verhandeln in Genf über die Ukraine. "
            "Außenminister Sergej Lawrow traf Antony Blinken.",
        },
    ]
    src.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = tmp_path / "x.db"
    assert main(["ingest", str(src), "--db", str(db), "--no-progress"]) == 0
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "snap")]) == 0
    raw = (tmp_path / "snap" / "articles.csv").read_text(encoding="utf-8-sig")
    row = next(csv.DictReader(io.StringIO(raw)))
    assert row["title"].startswith("'=HYPERLINK")
    assert row["source"] == "'@evil"
    for line in raw.splitlines()[1:]:
        for cell in next(csv.reader([line])):
            assert not cell.startswith(("=", "+", "@")) or cell[:1] == "'"


def test_rejections_listed_and_accounted(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in (ROOT / "seeds").glob("00[01]*.txt"):
        shutil.copy(seed, folder / seed.name)
    shutil.copy(next((ROOT / "seeds").glob("000*.txt")), folder / "copy-of-000.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes("Grüße".encode("latin-1"))
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "header-only.txt").write_text(" date 2022-02 ")
    (folder / "ads-only.txt").write_text("Anzeige\n\nWeiterlesen nach der Anzeige\n")
    (folder / "gone.txt").symlink_to(folder / "missing-target.txt")
    db = tmp_path / "x.db"
    assert main(["ingest", str(folder), "--db", str(db), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "articles seen:    9" in out
    assert "added:            2" in out
    assert "duplicates:       1" in out
    assert "rejected:         6" in out
    for name, reason in [
        ("empty.txt", "empty"),
        ("latin1.txt", "undecodable"),
        ("picture.png", "not text"),
        ("header-only.txt", "no body"),
        ("ads-only.txt", "no body"),
        ("gone.txt", "unreadable"),
    ]:
        assert any(name in line and f": {reason}" in line for line in out.splitlines()), name
    con = sqlite3.connect(db)
    assert con.execute("select max(n_copies) from articles").fetchone() == (2,)


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, ["ingest", "{tmp}/nope", "--db", "{tmp}/x.db"], "no such file or folder"),
        ("emptydir", ["ingest", "{tmp}/emptydir", "--db", "{tmp}/x.db"], "no files found"),
        (None, ["ingest", "seeds", "--db", "{tmp}/missing/dir/x.db"], "folder"),
        ("corrupt", ["ingest", "seeds", "--db", "{tmp}/corrupt.db"], "not a usable"),
        ("corrupt", ["export", "--db", "{tmp}/corrupt.db", "--out", "{tmp}/o"], "not a usable"),
        (None, ["export", "--db", "{tmp}/none.db", "--out", "{tmp}/o"], "no database"),
        (
            None,
            ["export", "--db", "{tmp}/none.db", "--out", "{tmp}/o", "--since", "Feb"],
            "not a date",
        ),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(tmp_path, make, args, message):
    if make == "emptydir":
        (tmp_path / "emptydir").mkdir()
    if make == "corrupt":
        (tmp_path / "corrupt.db").write_bytes(b"this is not a database" * 100)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "core", *argv, "--no-progress"]
        if argv[0] == "ingest"
        else [sys.executable, "-m", "core", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_unknown_actor_suggests_close_matches(seed_db, tmp_path, capsys):
    assert main(["export", "--db", str(seed_db), "--out", str(tmp_path), "--actor", "Lawrov"]) == 2
    assert "did you mean Sergej Lawrow" in capsys.readouterr().err


def test_export_and_info_apply_the_corrections(seed_db, tmp_path, capsys):
    fixes = tmp_path / "corrections.tsv"
    fixes.write_text(
        "# an analyst's corrections\n"
        "merge\tWladimir Putin\tJoe Biden\n"
        "not_actor\tUkraine\n"
        "type\tNATO\tother\n"
        "bogus line without tabs\n",
        encoding="utf-8",
    )
    plain = tmp_path / "plain"
    assert main(["export", "--db", str(seed_db), "--out", str(plain)]) == 0
    raw = _read_csv(plain / "mentions.csv")
    capsys.readouterr()
    out = tmp_path / "corrected"
    args = ["export", "--db", str(seed_db), "--out", str(out), "--actor", "Wladimir Putin"]
    assert main([*args, "--corrections", str(fixes)]) == 0
    printed = capsys.readouterr()
    assert "line 5: no TAB" in printed.err and "Traceback" not in printed.err
    assert "'Wladimir Putin' is 'Joe Biden' after the corrections" in printed.out
    assert "3 correction(s) of actors applied" in printed.out
    rows = _read_csv(out / "mentions.csv")
    actors = {r["actor"] for r in rows}
    assert "Wladimir Putin" not in actors and "Ukraine" not in actors
    assert {r["actor_type"] for r in rows if r["actor"] == "NATO"} == {"other"}
    # The Biden filter now holds every article that named Putin or Biden.
    named = {r["article_id"] for r in raw if r["actor"] in ("Wladimir Putin", "Joe Biden")}
    assert {r["article_id"] for r in _read_csv(out / "articles.csv")} == named
    n_biden = sum(r["actor"] in ("Wladimir Putin", "Joe Biden") for r in raw)
    assert sum(r["actor"] == "Joe Biden" for r in rows) == n_biden
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["filters"]["actors"] == ["Joe Biden"]
    assert manifest["corrections"]["applied"][0] == "merge\tWladimir Putin\tJoe Biden"
    assert len(manifest["corrections"]["skipped_lines"]) == 1
    # The database is untouched: without the file the export is the raw one again.
    again = tmp_path / "again"
    assert main(["export", "--db", str(seed_db), "--out", str(again)]) == 0
    assert _read_csv(again / "mentions.csv") == raw

    capsys.readouterr()
    env = dict(os.environ, CRISIS_MONITOR_CORRECTIONS=str(fixes))
    proc = subprocess.run([sys.executable, "-m", "core", "info", "--db", str(seed_db)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "corrections: 3 applied from" in proc.stdout
    assert "line 5: no TAB" in proc.stderr and "Traceback" not in proc.stderr
    n_all = len(raw) - sum(r["actor"] == "Ukraine" for r in raw)
    assert f"mentions: {n_all}" in proc.stdout
    top = proc.stdout.split("top actors: ")[1]
    assert "Ukraine" not in top and "Wladimir Putin" not in top
    assert f"Joe Biden ({n_biden})" in top
