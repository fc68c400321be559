"""The German rule pipeline the tests of core.ner share, and a helper to list its entities.

Import into a test module (`from tests.ner_fixtures import ents, nlp`).
"""

from __future__ import annotations

import pytest

from core.ner import build_rule_pipeline


@pytest.fixture(scope="module")
def nlp():
    return build_rule_pipeline("de")


def ents(nlp, text):
    return [(e.text, e.label_) for e in nlp(text).ents]
