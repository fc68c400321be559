"""core.ner.nouns: German common nouns (Debian's hunspell-de-de) are not surnames."""

from __future__ import annotations

import pytest

from core.ner.nouns import is_noun, noun_stems

pytestmark = pytest.mark.skipif(
    not noun_stems(), reason="hunspell-de-de is not installed (apt-get install hunspell-de-de)"
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Dächer", True),  # umlaut plural
        ("Regierungsmitglieder", True),  # compound, plural head
        ("Jubelschreie", True),
        ("Militärausgaben", True),
        ("Kommunikation", True),
        ("Scholz", False),
        ("Merz", False),
        ("Kimmich", False),
        ("Zimmermann", False),  # -mann ends surnames too
        ("Musiala", False),
        ("Putin", False),
        ("berlin", False),  # not capitalised
    ],
)
def test_is_noun(word, expected):
    assert is_noun(word) is expected
