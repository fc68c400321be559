"""A seeded fuzz test of ingest: over a thousand malformed files and records of the kinds
users and scrapers produce.  No traceback, exit status 0 or 2, every input accounted for
(seen = added + duplicates + rejected), and every input that holds real text is stored or
rejected with a reason."""

from __future__ import annotations

import json
import os
import random
import sqlite3

import pytest

from core.cli import main as cli
from core.ingest import ingest
from core.store import Store

SEED = 20261214
N_LINES = 900  # JSON Lines records, in three files
N_FILES = 160  # whole files of every supported type (and some unsupported)


def _real(i: int) -> str:
    """A text with a marker that says which input it came from."""
    return (f"Artikel Nummer {i} über die Gespräche in Berlin und Moskau. Die Außenminister "
            f"trafen sich am Montag. Kennung ECHT{i:05d}ENDE.")


def _bad_value(rng: random.Random):
    return rng.choice([True, False, None, 0, 3.5, [], ["a"], {"a": 1}, "", " ", "\u00a0",
                       "\u200e\u200f", 10 ** 30])


def _line(rng: random.Random, i: int) -> tuple[str, bool]:
    """One JSON Lines record (as text) and whether it holds real text that must be kept
    or rejected with a reason."""
    kind = rng.randrange(14)
    real = _real(i)
    if kind == 0:
        return json.dumps({"text": real, "date": rng.choice(["2022-02-01", "2099-12-31",
                                                            "2024-01-01T25:61:00Z", "garbage",
                                                            "20991231", "31.02.2022"])}), True
    if kind == 1:
        return json.dumps({"text": _bad_value(rng)}), False
    if kind == 2:
        return json.dumps({"text": real, rng.choice(["title", "url", "source"]):
                           _bad_value(rng)}), True
    if kind == 3:
        return '{"text": "' + real + ' \\ud800"}', True
    if kind == 4:
        return '{"text": "' + real + '", "n": ' + "9" * rng.randint(4400, 6000) + "}", True
    if kind == 5:
        depth = rng.randint(3000, 6000)
        return '{"text": "' + real + '", "x": ' + "[" * depth + "]" * depth + "}", True
    if kind == 6:
        return json.dumps({"text": real})[: rng.randint(1, 40)], False  # cut short
    if kind == 7:
        return "".join(chr(rng.randint(32, 126)) for _ in range(rng.randint(1, 60))), False
    if kind == 8:
        return json.dumps(rng.choice([[real], real, 42, None])), False
    if kind == 9:
        return json.dumps({"body": real, "headline": f"Titel {i}"}), True
    if kind == 10:
        return json.dumps({"text": real.replace(" ", "\u00a0") + "\u0000\u0007"}), True
    if kind == 11:
        return json.dumps({"text": "\u00a0" * rng.randint(1, 9)}), False
    if kind == 12:
        return json.dumps({"content": real, "date": rng.randint(-10 ** 6, 10 ** 12)}), True
    return json.dumps({"text": real, "lang": _bad_value(rng)}), True


def _file(rng: random.Random, folder, i: int) -> tuple[str, bool]:
    """One whole file; its name and whether it holds real text."""
    kind = rng.randrange(12)
    real = _real(100_000 + i)
    if kind == 0:
        name, data = f"f{i}.txt", real.encode("utf-8")
    elif kind == 1:
        name, data = f"f{i}.txt", rng.randbytes(rng.randint(0, 300))
    elif kind == 2:
        name, data = f"f{i}.txt", real.encode("utf-16")
    elif kind == 3:
        name, data = f"f{i}.json", json.dumps([{"text": real}, {"text": 5}]).encode()
    elif kind == 4:
        name, data = f"f{i}.json", ("[" * 20000 + "]" * 20000).encode()
    elif kind == 5:
        name, data = f"f{i}.csv", f'text,date\n"{real}",2022-02-01\n"unclosed,2022\n'.encode()
    elif kind == 6:
        name, data = f"f{i}.csv", b"a;b\n1;2;3\n\x00\x01\x02"
    elif kind == 7:
        name, data = f"f{i}.md", (" date 2030-01\n" + real).encode()
    elif kind == 8:
        name, data = f"f{i}.xml", b"<a>unsupported</a>"
    elif kind == 9:
        name, data = f"f{i}.txt", "\u200e\u200f\u00a0 \n".encode()
    elif kind == 10:
        name, data = f"f{i}.jsonl", ('{"text": "' + real + '"}\n').encode("utf-16")
    else:
        name, data = f"f{i}.txt", b"\xff\xfe\xfd" + real.encode("latin-1", "replace")
    (folder / name).write_bytes(data)
    has_real = kind in (0, 2, 3, 5, 7, 10) or (kind == 11 and False)
    return name, has_real


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    rng = random.Random(SEED)
    folder = tmp_path_factory.mktemp("fuzz")
    expect: dict[str, str] = {}  # locator -> marker of an input with real text
    n_inputs = 0
    for part in range(3):
        path = folder / f"lines{part}.jsonl"
        lines = []
        for k in range(N_LINES // 3):
            i = part * 1000 + k
            line, real = _line(rng, i)
            lines.append(line)
            if real:
                expect[f"{path}:{k + 1}"] = f"ECHT{i:05d}ENDE"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        n_inputs += len(lines)
    for i in range(N_FILES):
        name, real = _file(rng, folder, i)
        if real:
            expect[f"{folder / name}"] = f"ECHT{100_000 + i:05d}ENDE"
        n_inputs += 1
    # Things that are not regular files, inside the folder.
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink(".", folder / "loop")
    os.symlink("missing.txt", folder / "dangling.txt")
    os.symlink("loop-b.txt", folder / "loop-a.txt")  # two links pointing at each other
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    n_inputs += 6
    return folder, expect, n_inputs


def test_fuzzed_inputs_are_each_stored_or_rejected_with_a_reason(fuzzed, tmp_path):
    folder, expect, n_inputs = fuzzed
    assert n_inputs >= 1000
    db = tmp_path / "fuzz.db"
    with Store(db) as store:
        report = ingest([str(folder)], store)
        texts = "\n".join(t for (t,) in store.conn.execute("SELECT text FROM articles"))
        rejected = dict(store.conn.execute("SELECT locator, reason FROM rejections"))
    assert report.balanced()
    assert report.seen >= n_inputs - 10  # folders and links are inputs too, not records
    assert {r.locator for r in report.rejections} == set(rejected)
    for rej in report.rejections:
        assert rej.reason.split(":")[0] in {"unreadable", "empty", "not text", "undecodable",
                                            "no body", "malformed", "too large"}, rej
    missing = [loc for loc, marker in expect.items()
               if marker not in texts and loc not in rejected]
    assert not missing, missing[:5]
    assert report.added > 100 and report.rejected > 300


def test_the_cli_exits_0_or_2_without_a_traceback(fuzzed, tmp_path, capsys):
    folder, _, _ = fuzzed
    db = tmp_path / "cli.db"
    code = cli(["ingest", str(folder), "--db", str(db), "--no-progress"])
    assert code in (0, 2)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "every rejection: --show-rejections" in out.out  # summarised by reason
    # Every rejection listed (each locator shown relative, looping links included).
    assert cli(["ingest", str(folder), "--db", str(db), "--no-progress",
                "--show-rejections"]) in (0, 2)
    listed = capsys.readouterr().out
    assert "loop-a.txt: unreadable: a symbolic link that loops" in listed
    # A FIFO or a device given as the path itself: rejected, not read forever.
    for path in (folder / "pipe.txt", folder / "zero.txt"):
        assert cli(["ingest", str(path), "--db", str(db), "--no-progress"]) == 2
        assert "not a regular file" in capsys.readouterr().out
    # Read-only commands leave the database as it was.
    before = db.read_bytes()
    for args in (["info"], ["search", "Berlin"], ["export", "--out", str(tmp_path / "x")]):
        assert cli([args[0], "--db", str(db), *args[1:]]) == 0
    assert db.read_bytes() == before


def test_another_programs_database_is_refused_untouched(tmp_path, capsys):
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (x)")
    before = db.read_bytes()
    for args in (["ingest", str(tmp_path / "none.txt")], ["info"]):
        (tmp_path / "none.txt").write_text("Ein Text über Berlin.", encoding="utf-8")
        assert cli([args[0], *args[1:], "--db", str(db)]) == 2
        assert "database of another program" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_export_never_overwrites_without_force(tmp_path, capsys):
    from tests.conftest import SEEDS

    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([str(SEEDS)], store)
    out = tmp_path / "snap"
    assert cli(["export", "--db", str(db), "--out", str(out)]) == 0
    first = (out / "articles.csv").read_bytes()
    assert cli(["export", "--db", str(db), "--out", str(out), "--actor", "Putin"]) == 2
    assert "add --force to overwrite" in capsys.readouterr().err
    assert (out / "articles.csv").read_bytes() == first
    assert cli(["export", "--db", str(db), "--out", str(out), "--actor", "Putin",
                "--force"]) == 0
    assert (out / "articles.csv").read_bytes() != first
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left
    link = tmp_path / "link"
    link.symlink_to(out)
    assert cli(["export", "--db", str(db), "--out", str(link), "--force"]) == 2
    assert "symbolic link" in capsys.readouterr().err


def test_a_text_over_the_limit_is_cut_and_said_and_a_future_date_dropped(tmp_path, capsys,
                                                                         monkeypatch):
    monkeypatch.setenv("CRISIS_MONITOR_MAX_ARTICLE_CHARS", "2000")
    paragraph = "Die Gespräche in Berlin gingen am Montag weiter. " * 10
    (tmp_path / "long.txt").write_text("\n\n".join([paragraph] * 20), encoding="utf-8")
    (tmp_path / "future.jsonl").write_text(json.dumps(
        {"text": paragraph, "date": "2099-12-31"}) + "\n", encoding="utf-8")
    db = tmp_path / "x.db"
    assert cli(["ingest", str(tmp_path), "--db", str(db), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "truncated:        1 article(s) longer than 2,000 characters" in out
    assert "a date in the future: 2099-12-31" in out
    with Store(db) as store:
        rows = dict(store.conn.execute("SELECT length(text), date_precision FROM articles"))
    assert max(rows) <= 2000 and "unknown" in rows.values()
    monkeypatch.setenv("CRISIS_MONITOR_MAX_ARTICLE_CHARS", "lots")
    assert cli(["ingest", str(tmp_path), "--db", str(db), "--no-progress"]) == 2
    assert "max_article_chars must be a whole number" in capsys.readouterr().err


def _seed_store(tmp_path):
    from tests.conftest import SEEDS

    db = tmp_path / "s.db"
    with Store(db) as store:
        ingest([str(SEEDS)], store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


def test_a_damaged_database_is_one_line_and_exit_2(tmp_path, capsys):
    db = _seed_store(tmp_path)
    with sqlite3.connect(db) as conn:  # damage the articles table's own first page
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'"
                               ).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    data = bytearray(db.read_bytes())
    page = size * (root - 1)
    data[page:page + size] = b"\xde\xad\xbe\xef" * (size // 4)
    db.write_bytes(bytes(data))
    for args in (["info"], ["export", "--out", str(tmp_path / "x")]):
        code = cli([args[0], "--db", str(db), *args[1:]])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("error: ") and err.count("\n") == 1, err
        assert "Traceback" not in err


def test_an_interrupted_run_and_a_stale_search_index_are_repaired(tmp_path, capsys):
    db = _seed_store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO ingest_runs(started, paths, pipeline) "
                     "VALUES ('2026-12-01T10:00:00', 'x', 'auto')")
        conn.execute("DELETE FROM articles_fts_docsize WHERE id IN "
                     "(SELECT id FROM articles_fts_docsize LIMIT 2)")
    assert cli(["info", "--db", str(db)]) == 0
    assert "1 ingest run(s) never finished" in capsys.readouterr().out
    from tests.conftest import SEEDS

    assert cli(["ingest", str(SEEDS), "--db", str(db), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "1 earlier ingest run(s) did not finish" in err
    assert "the search index held 3 of 5 articles: rebuilt" in err
    with Store(db) as store:
        assert store.unfinished_runs() == [] and store.recover() == []


@pytest.mark.parametrize(("rows", "reason"), [
    # An unclosed quote runs to the end of the file over rows of their own.
    ('Erster über Berlin,2022-02-01\n"Zweiter mit offenem Zitat,2022-02-02\n'
     "Dritter über Moskau,2022-02-03\nVierter über Kiew,2022-02-04\n",
     "an unclosed quote runs over 3 lines"),
    # ...or until the next quote, taking rows with it.
    ('"Erster über Berlin",2022-02-01\n"Zweiter mit offenem Zitat,2022-02-02\n'
     "Dritter über Moskau,2022-02-03\nVierter über Kiew,2022-02-04\n"
     '"Fünfter",2022-02-05\n', "an unclosed quote runs over"),
])
def test_an_unclosed_csv_quote_is_rejected_not_stored_as_one_article(tmp_path, rows, reason):
    from core.readers import read_paths

    (tmp_path / "q.csv").write_text("text,date\n" + rows, encoding="utf-8")
    (tmp_path / "ok.csv").write_text('text,date\n"Ein Artikel mit\nmehreren Zeilen, und\n'
                                     'noch einer, ganz normal",2022-02-01\n', encoding="utf-8")
    got = list(read_paths([str(tmp_path)]))
    assert any(getattr(r, "reason", "").find(reason) >= 0 for r in got), got
    assert any(getattr(r, "locator", "").endswith("ok.csv:2") and hasattr(r, "text")
               for r in got)


def test_a_full_disk_ends_in_one_line_and_a_consistent_store(tmp_path):
    """The file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes writes fail as on a full
    disk: one line, exit 2, and the store still opens; the next ingest completes it."""
    import subprocess
    import sys

    from tests.conftest import ROOT, SEEDS

    db = tmp_path / "full.db"
    code = ("import resource, signal, sys\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))\n"
            "from core.cli import main\n"
            f"sys.exit(main(['ingest', {str(SEEDS)!r}, '--db', {str(db)!r}, '--no-progress']))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run.stderr
    assert "the disk may be full" in run.stderr
    with Store(db) as store:  # consistent: it opens, and a later ingest completes it
        assert store.count("articles") == store.conn.execute(
            "SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    assert cli(["ingest", str(SEEDS), "--db", str(db), "--no-progress"]) == 0
    with Store(db) as store:
        assert store.count("articles") == 5 and store.unfinished_runs() == []


def test_the_dashboard_says_what_the_next_ingest_repairs(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    db = _seed_store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO ingest_runs(started, paths, pipeline) "
                     "VALUES ('2026-12-01T10:00:00', 'x', 'auto')")
        conn.execute("DELETE FROM articles_fts_docsize WHERE id IN "
                     "(SELECT id FROM articles_fts_docsize LIMIT 1)")
    monkeypatch.setenv("CRISIS_MONITOR_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    said = " ".join(w.value for w in at.sidebar.warning)
    assert "1 ingest run(s) into this database never finished" in said
    assert "The search index holds 4 of 5 articles" in said


def test_json_depth_and_csv_cell_limits_are_settings(tmp_path, monkeypatch):
    from core.readers import read_paths

    monkeypatch.setenv("CRISIS_MONITOR_MAX_JSON_DEPTH", "5")
    monkeypatch.setenv("CRISIS_MONITOR_MAX_CSV_FIELD_CHARS", "1000")
    (tmp_path / "d.jsonl").write_text(
        '{"text": "Tief über Berlin", "a": [[[[[[1]]]]]]}\n'
        '{"text": "Flach über Berlin", "a": [[[1]]]}\n', encoding="utf-8")
    (tmp_path / "c.csv").write_text(
        'text,date\n"Kurz über Berlin",2022-01-01\n"' + "Wort " * 500 + '",2022-01-02\n'
        '"Danach über Moskau",2022-01-03\n', encoding="utf-8")
    got = {getattr(r, "locator", ""): r for r in read_paths([str(tmp_path)])}
    assert "nested more than 5 levels deep (setting max_json_depth)" in got[
        f"{tmp_path / 'd.jsonl'}:1"].reason
    assert got[f"{tmp_path / 'd.jsonl'}:2"].text == "Flach über Berlin"
    assert "(setting max_csv_field_chars)" in got[f"{tmp_path / 'c.csv'}:3"].reason
    assert got[f"{tmp_path / 'c.csv'}:4"].text == "Danach über Moskau"  # reading goes on
    monkeypatch.setenv("CRISIS_MONITOR_MAX_JSON_DEPTH", "deep")
    assert cli(["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--no-progress"]) == 2


@pytest.mark.parametrize(("damage", "said"), [
    ("UPDATE meta SET value = '2' WHERE key = 'schema_version'", "has schema version 2"),
    ("DROP TABLE articles_fts", "has lost its search index"),
    ("", "is an empty file, not a database"),
])
def test_stores_the_cli_and_the_dashboard_refuse_alike(tmp_path, capsys, monkeypatch, damage,
                                                        said):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    db = _seed_store(tmp_path)
    if damage:
        with sqlite3.connect(db) as conn:
            conn.execute(damage)
    else:
        db.write_bytes(b"")
    before = db.read_bytes()
    for args in (["info"], ["search", "Putin"], ["export", "--out", str(tmp_path / "x")]):
        assert cli([args[0], "--db", str(db), *args[1:]]) == 2
        assert said in capsys.readouterr().err
    assert db.read_bytes() == before
    monkeypatch.setenv("CRISIS_MONITOR_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception and said in " ".join(e.value for e in at.error)
