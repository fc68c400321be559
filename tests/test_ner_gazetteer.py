"""crisis_gazetteer in the rule pipeline: case-sensitive, common words stay words."""

from __future__ import annotations

import pytest

from tests.ner_fixtures import ents, nlp  # noqa: F401


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Er hob die linke Hand und zeigte nach Westen.", "linke"),
        ("Will Russland wirklich verhandeln?", "Will Russland"),
        ("Das Tor fiel in der 90. Minute, Kane traf.", "Tor"),
    ],
)
def test_common_words_are_not_entities(text, absent, nlp):  # noqa: F811
    assert all(absent not in t for t, _ in ents(nlp, text))
