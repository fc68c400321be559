"""core.ner: the rule pipeline is built fast, cached, and falls back to "xx"."""

from __future__ import annotations

import time

from core import ner
from core.ner import build_rule_pipeline


def test_builds_fast_and_is_cached():
    ner.load_gazetteer.cache_clear()
    ner.build_rule_pipeline.cache_clear()
    t0 = time.perf_counter()
    nlp = build_rule_pipeline("de")
    assert time.perf_counter() - t0 < 3.0
    assert build_rule_pipeline("de") is nlp
    assert nlp.pipe_names == list(ner.RULE_COMPONENTS)


def test_unsupported_language_uses_xx():
    assert build_rule_pipeline("zz").lang == "xx"
