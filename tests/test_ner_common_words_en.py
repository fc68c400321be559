"""crisis_common_words_en: ordinary English words the model took for names are dropped."""

from __future__ import annotations

import pytest

from core import nlp as core_nlp
from core.ner.common_words_en import _dictionary, is_common_word

needs_dictionary = pytest.mark.skipif(
    not _dictionary()[0], reason="hunspell-en-us is not installed (.ci/run installs it)"
)


@needs_dictionary
@pytest.mark.parametrize(
    ("word", "common"),
    [
        ("Troops", True), ("Already", True), ("Heavily", True), ("United", True),
        ("Takeaways", True), ("BUILD", True),
        ("White", False), ("Boston", False), ("Kremlin", False), ("Russian", False),
        ("Zelensky", False), ("NATO", False),
    ],
)  # fmt: skip
def test_is_common_word(word, common):
    assert is_common_word(word) is common


@needs_dictionary
def test_english_model_pipeline_drops_headline_words_and_keeps_names():
    nlp, name = core_nlp.load_pipeline("en")
    if not name.startswith("crisis-en-ner"):
        pytest.skip("the bundled English model is not installed")
    assert "crisis_common_words_en" in nlp.pipe_names
    text = (
        "Biden To Move More Troops TO NATO's Eastern Flank\n\nKey Takeaways\n\n"
        "Already the White House said that Vladimir Putin met Emmanuel Macron in Moscow."
    )
    ents = {e.text for e in nlp(text).ents}
    assert {"White House", "Vladimir Putin", "Emmanuel Macron", "Moscow"} <= ents
    assert not ents & {"Move More Troops TO", "Key Takeaways", "Already"}


@pytest.mark.parametrize(
    ("word", "demonym"),
    [("Israeli", True), ("Russian", True), ("Ukrainian", True), ("Chinese", True),
     ("Sullivan", False), ("Kagan", False), ("Morgan", False), ("Brian", False)],
)
def test_demonyms_of_known_places(word, demonym):
    from core.ner.common_words_en import _demonym_of_place, _known

    assert _demonym_of_place(word, _known()) is demonym
