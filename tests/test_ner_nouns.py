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


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Pünktlich", True),  # an adjective at a sentence start
        ("Weiteres", True),
        ("Sorgt", True),  # a verb form ("sorgen")
        ("Berechtigter", True),  # a participle used as a noun
        ("Kuratorin", True),  # the feminine of a noun
        ("Sahin", False),  # "-in" is no ending of a word that is not a noun
        ("Berlin", False),  # hunspell's compound part "berlin" is no word of its own
        ("Scholz", False),
        ("Weidel", False),
    ],
)
def test_is_common_word(word, expected):
    from core.ner.nouns import is_common_word

    assert is_common_word(word) is expected
