"""German common nouns from Debian's hunspell dictionary, against nouns taken for persons.

A model trained on little data reads capitalised nouns as surnames ("Jubelschreie",
"Regierungsmitglieder", "Richterin").  Debian's ``hunspell-de-de`` (igerman98) marks
every common noun with inflection or compounding flags, while proper names carry at most
the genitive flag ``S`` (and ``m``): a capitalised stem with any other flag is a common
noun.  A word is a noun when it, or it without a regular ending (-e, -n, -en, -s, -es,
-er, -ern) or umlaut ("Dächer" -> "Dach"), is such a stem, or when its tail is one
("Militärausgaben" -> "Ausgabe"), except tails that also end surnames (-mann, -berg, ...).

The dictionary is read where it is installed (``apt-get install hunspell-de-de``;
``.ci/run`` installs it; the setting ``hunspell_de`` points elsewhere); without it
nothing is a noun here and the other filters still apply.  It is GPL-licensed, so the
project reads it at run time rather than shipping a copy.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_ENDINGS = ("innen", "ern", "in", "en", "er", "es", "e", "n", "s")
_UMLAUT = str.maketrans("äöüÄÖÜ", "aouAOU")
# Tails that end surnames as often as nouns ("Zimmermann", "Schweinsteiger").
_NAME_TAILS = frozenset(
    "mann männer berg berger stein feld bach hof hoff meier mayer meyer müller schmidt "
    "haus hauser brink kamp burg dorf wald thal tal horst brand born huber hofer bauer "
    "steiger ring inger linger hausen heim hagen stedt schneider".split()
)
MIN_TAIL = 4
# Affix classes of adjectives and verbs in igerman98 (not the compounding flags).
_WORD_FLAGS = frozenset("ABCDIUXYZWJGLMQ")


@lru_cache(maxsize=1)
def _stems() -> tuple[frozenset[str], frozenset[str]]:
    """(capitalised common-noun stems, lower-case stems) of the hunspell dictionary."""
    from core import settings

    path = Path(settings.get("hunspell_de"))
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return frozenset(), frozenset()
    nouns, lower = set(), set()
    for line in lines[1:]:
        word, _, flags = line.strip().partition("/")
        if len(word) < 3:
            continue
        if word[:1].isupper():
            if set(flags) - {"S", "m"}:
                nouns.add(word)
        elif word.isalpha() and (set(flags) <= {"S"} or set(flags) & _WORD_FLAGS) and not (
            set(flags) & {"o", "z"}
        ):
            # Adjectives, verbs and function words ("weder", "da"); entries
            # flagged o/z are compound parts ("berlin").
            lower.add(word)
    return frozenset(nouns), frozenset(lower)


def noun_stems() -> frozenset[str]:
    return _stems()[0]


def is_common_word(word: str) -> bool:
    """A common noun, or an adjective/adverb/verb capitalised at a sentence start or in a
    heading ("Pünktlich", "Weiteres", "Hart"): not a name on its own."""
    if is_noun(word):
        return True
    lower = _stems()[1]
    if not lower or not word.isalpha():
        return False
    low = word.lower()
    if any(f in lower for f in _stem_forms(low, feminine=False)):
        return True
    # Inflected verbs at a sentence start ("Sorgt", "Folgt") and participles used as
    # nouns ("Berechtigter"): the infinitive is known.
    for form in {low, *(low[: -len(e)] for e in ("er", "e", "en", "es", "em") if low.endswith(e))}:
        for ending in ("st", "t"):
            if form.endswith(ending) and form[: -len(ending)] + "en" in lower:
                return True
    return False


def _stem_forms(word: str, feminine: bool = True):
    """`word` and it without a regular ending; "-in"/"-innen" (Kuratorin) only for nouns."""
    yield word
    for e in _ENDINGS:
        if not feminine and e in ("in", "innen"):
            continue
        if word.endswith(e) and len(word) - len(e) >= 3:
            base = word[: -len(e)]
            yield base
            yield base.translate(_UMLAUT)


def is_noun(word: str) -> bool:
    """True if `word` (one capitalised token) is a German common noun or noun compound."""
    stems = noun_stems()
    if not stems or not word[:1].isupper() or not word.isalpha():
        return False
    if any(f in stems for f in _stem_forms(word)):
        return True
    for i in range(3, len(word) - MIN_TAIL + 1):
        tail = word[i:]
        if tail.lower() in _NAME_TAILS:
            return False
        if any(f in stems for f in _stem_forms(tail.capitalize())):
            return True
    return False
