"""Language detection: deterministic, total, and "und" when unsure."""

from __future__ import annotations

import pytest

from core.dates import split_header
from core.language import detect_language


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seeds_are_german(seed_texts, seed):
    assert detect_language(split_header(seed_texts[seed])[1]) == "de"


def test_news_en_sample_is_english(news_en_records):
    sample = news_en_records[::4][:100]
    assert len(sample) == 100
    english = sum(detect_language(r["text"]) == "en" for r in sample)
    assert english >= 98


def test_news_de_sample_is_german(news_de_records):
    sample = news_de_records[::35][:200]
    assert len(sample) == 200
    german = sum(detect_language(r["text"]) == "de" for r in sample)
    assert german >= 0.97 * len(sample)


@pytest.mark.parametrize("text", ["", "   ", "12345", "OK", "Ja.", "2022-02-14 10:53", "!!! ???"])
def test_too_short_is_undetermined(text):
    assert detect_language(text) == "und"


def test_regional_codes_are_mapped_to_iso_639_1():
    # langdetect answers "zh-cn" here.
    text = (
        "中华人民共和国是世界上人口最多的国家之一。首都是北京。经济发展迅速。科技不断取得新的成就。"
    )
    assert detect_language(text) == "zh"


def test_deterministic(news_en_records, seed_texts):
    texts = [seed_texts["001"], *(r["text"] for r in news_en_records[:20])]
    first = [detect_language(t) for t in texts]
    assert [detect_language(t) for t in texts] == first


def test_short_ambiguous_text_is_deterministic():
    # Mixed-language text near the threshold: whatever the answer, it must not flicker.
    text = "Der Präsident said that the Gespräche were productive and constructive."
    answers = {detect_language(text) for _ in range(10)}
    assert len(answers) == 1


def test_the_main_language_of_a_mixed_article_wins(seed_texts):
    # The whole text is read: an English quote in front of a German article (a live ticker
    # opening with a statement) leaves it German, and so does a short English appendix.
    german = split_header(seed_texts["000"])[1]
    quote = ("The President said on Monday that the United States would respond decisively "
             "and that all options remained on the table. ") * 3
    assert detect_language(quote + "\n\n" + german) == "de"
    assert detect_language(german + "\n\n" + quote) == "de"
    # Mostly English: English.
    assert detect_language(german[:300] + "\n\n" + quote * 20) == "en"


def test_the_detector_is_the_fast_port_when_installed():
    from core import language

    assert language.DETECTOR in language.DETECTORS
    assert list(language.DETECTORS)[0] == "langdetect-rs"
