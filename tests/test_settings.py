"""Settings are declared once; the README's table is that declaration, not a copy of it."""

from __future__ import annotations

import pytest

from core import settings
from tests.conftest import ROOT


def test_the_readme_lists_every_setting_as_declared():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| setting | environment variable | default | meaning |")
    table = readme[start:readme.index("\n\n", start)]
    assert table == settings.describe(), (
        "README's settings table differs from core.settings: paste "
        "`python -c 'from core import settings; print(settings.describe())'` over it")


@pytest.mark.parametrize(
    ("raw", "kind", "bounds", "message"),
    [
        ("x", float, {"lo": 0, "above": True}, "must be a number"),
        ("0", float, {"lo": 0, "above": True}, "must be above 0"),
        ("1.5", int, {"lo": 1}, "must be a whole number"),
        ("11", int, {"lo": 1, "hi": 10}, "must be between 1 and 10"),
    ],
)
def test_a_bad_number_names_the_setting_and_the_range(monkeypatch, raw, kind, bounds, message):
    monkeypatch.setenv("CRISIS_MONITOR_PROGRESS_EVERY", raw)
    with pytest.raises(ValueError, match=message) as info:
        settings.number("progress_every", kind, **bounds)
    assert "progress_every" in str(info.value) and repr(raw) in str(info.value)
