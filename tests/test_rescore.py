"""`python -m core rescore`: an older store gains sections and relevance; a changed crisis
definition re-scores every stored article without re-ingesting."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from core.cli import main
from core.store import Store
from tests.dashboard_fixtures import seed_db  # noqa: F401


@pytest.fixture
def old_store(seed_db, tmp_path):  # noqa: F811
    """The seed store as a version before sections existed wrote it (columns dropped)."""
    path = tmp_path / "old.db"
    shutil.copy(seed_db, path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE articles DROP COLUMN section")
    conn.execute("ALTER TABLE articles DROP COLUMN crisis")
    conn.commit()
    conn.close()
    return path


def test_old_store_reads_then_rescores(old_store, capsys):
    with Store(old_store, readonly=True) as s:  # the dashboard opens it read-only
        assert s.needs_rescore()
        arts = s.articles(with_text=False)
        assert set(arts["section"]) == {""} and (arts["crisis"] == 0).all()
    assert main(["info", "--db", str(old_store)]) == 0
    assert "run `python -m core rescore" in capsys.readouterr().out
    assert main(["rescore", "--db", str(old_store), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "rescored:  5 articles" in out and "international 5" in out
    with Store(old_store) as s:
        assert not s.needs_rescore()
        arts = s.articles(with_text=False)
        assert set(arts["section"]) == {"international"} and (arts["crisis"] > 0).all()


def test_a_changed_crisis_definition_rescores(seed_db, tmp_path, monkeypatch, capsys):  # noqa: F811
    path = tmp_path / "copy.db"
    shutil.copy(seed_db, path)
    crisis = tmp_path / "belarus.toml"
    crisis.write_text('[crisis]\nname = "Belarus"\nthreshold = 1.0\nmin_hits = 1\n'
                      '[crisis.terms]\nde = ["belarus", "weißrussland", "minsk"]\n',
                      encoding="utf-8")
    monkeypatch.setenv("CRISIS_MONITOR_CRISIS", str(crisis))
    with Store(path) as s:
        before = s.articles(with_text=False).set_index("article_id")["crisis"]
    assert main(["rescore", "--db", str(path), "--no-progress"]) == 0
    assert "about Belarus" in capsys.readouterr().out
    with Store(path) as s:
        after = s.articles(with_text=False).set_index("article_id")["crisis"]
    assert not after.equals(before)
    # Russia–Ukraine is in every seed; Belarus only in some.
    assert (before > 0).all() and (after == 0).any() and (after > 0).any()


def test_rescore_with_a_broken_definition_is_a_clear_error(seed_db, tmp_path, monkeypatch,  # noqa: F811
                                                           capsys):
    path = tmp_path / "copy.db"
    shutil.copy(seed_db, path)
    bad = tmp_path / "bad.toml"
    bad.write_text("[crisis\n", encoding="utf-8")
    monkeypatch.setenv("CRISIS_MONITOR_CRISIS", str(bad))
    assert main(["rescore", "--db", str(path), "--no-progress"]) == 2
    assert "not valid TOML" in capsys.readouterr().err
    assert main(["rescore", "--db", str(tmp_path / "none.db")]) == 2
