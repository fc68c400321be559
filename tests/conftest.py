"""Shared fixtures: the real seed files and, where present, the real corpora in ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"
CORPORA = SHARED_DATA / "corpora"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Seed file name prefix ("000".."004") -> raw file content."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def corpora_dir() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"real corpora not available: {CORPORA} is absent (as on a user's machine)")
    return CORPORA


@pytest.fixture(scope="session")
def news_de_records(corpora_dir) -> list[dict]:
    path = corpora_dir / "news-de-2024.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def news_en_records(corpora_dir) -> list[dict]:
    path = corpora_dir / "news-en-ukraine.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(autouse=True)
def _no_local_corrections(tmp_path, monkeypatch):
    """Tests never read the user's corrections file (core/data/corrections.tsv): every test
    starts with none; those about corrections write their own."""
    monkeypatch.setenv("CRISIS_MONITOR_CORRECTIONS", str(tmp_path / "corrections.tsv"))


# The browser tests' shared Chromium and dashboards, one each per session.
from tests.browser_kit import browser, serve  # noqa: E402, F401
