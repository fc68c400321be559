"""crisis_common_words_en: drops an English model's entities that are ordinary words.

A small English model tags capitalised ordinary words as names where capitals do not
mark names: sentence openers ("Already", "Thank", "Heavily"), section heads ("Key
Takeaways", "Read more"), and title-case or all-caps headlines ("Biden To Move More
Troops TO NATO" gave the organisation "Move More Troops TO").  Debian's hunspell
``en_US`` dictionary (``hunspell-en-us``; setting ``hunspell_en``) lists ordinary words in
lower case and names capitalised; a token is an ordinary word when its lower-case form (or
that form without a regular ending: troops, united, heavily) is listed and its capitalised
form is not a listed name (White, Boston, Wagner stay names).

Dropped: a nationality word tagged MISC ("Russian", "Ukrainians"), an entity of one
ordinary word, and an entity of only ordinary and function words
that opens a line or sentence, has a word in capitals or a lower-case word in it, or stands
in a title-case headline.  Ordinary words before a known name are trimmed off ("Already
the White House").
A name the gazetteer or the alias file knows ("White House", "Security Council") is never
dropped, nor are spans the rules made, except a person alone on its line whose last word is
an ordinary word (a heading: "Key Takeaways", "Key" being a given name).  A model's
organisation the rules did not make must be an acronym or hold an institutional head word
(chosen on the English blind sample's dev half).  Without the dictionary nothing is
dropped.  Runs after an English model's ``ner`` only (core.ner.LANGUAGE_MODEL_FILTERS).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.ner.org_rules_en import HEADS
from core.ner.spans import _RULE_SPANS

_ENDINGS = (
    ("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
    ("ing", ""), ("ing", "e"), ("ly", ""), ("ily", "y"), ("ers", ""), ("er", ""),
)  # fmt: skip
_FUNCTION = frozenset(
    "a an the of to for in on at by and or with from as is are was be more most no not "
    "all our your my his her its their this that these those".split()
)
_SENTENCE_END = {".", "!", "?", ":", "…", "|", "–", "—", "-", "•"}
# Nationality words the model tags MISC ("Russian", "Ukrainians", "Polish", "Chinese"):
# adjectives and peoples, not actors (German writes them in lower case, which core.nlp
# already leaves out).
_DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:an|ian|ese|ish|i|ic|ch)|Swiss|Soviet)s?$")


@cache
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """(lower-case words, capitalised names) of the hunspell dictionary (empty if absent)."""
    from core import settings

    try:
        lines = Path(settings.get("hunspell_en")).read_text(
            encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return frozenset(), frozenset()
    lower, names = set(), set()
    for line in lines[1:]:
        word = line.split("/", 1)[0].strip()
        if word.islower():
            lower.add(word)
        elif word[:1].isupper():
            names.add(word)
    return frozenset(lower), frozenset(names)


def is_common_word(token: str) -> bool:
    """An ordinary English word, not a name (see the module docstring)."""
    lower, names = _dictionary()
    if not lower or not token.isalpha() or token.capitalize() in names:
        return False
    low = token.lower()
    if low in lower:
        return True
    return any(
        low.endswith(end) and len(low) - len(end) >= 3 and low[: -len(end)] + add in lower
        for end, add in _ENDINGS
    )


@cache
def _known() -> frozenset[str]:
    from core.actors import load_aliases
    from core.ner.lexicon import load_gazetteer

    aliases = load_aliases()
    return frozenset(load_gazetteer().entities) | frozenset(aliases) | frozenset(
        aliases.values())


def _opens(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    prev = doc[i - 1]
    return prev.text in _SENTENCE_END or "\n" in prev.text or "\n" in prev.whitespace_


def _demonym_of_place(word: str, known: frozenset[str]) -> bool:
    """Is `word` the adjective of a known place ("Israeli" / Israel, "Russian" / Russia,
    "Ukrainian" / Ukraine)?  Surnames that merely end like one ("Sullivan") are not."""
    base = word[:-1] if word.endswith("s") else word
    for end in ("ian", "an", "ese", "ish", "i", "n"):
        if base.endswith(end):
            stem = base[: -len(end)]
            if any(stem + add in known for add in ("", "a", "e", "y", "ia")):
                return True
    return False


def _org_shaped(words: list[str]) -> bool:
    """A model's organisation the rules did not make is kept when it looks like one: an
    acronym (CNN, UNIAN), or several words with an institutional head word (HEADS)."""
    if len(words) == 1:
        return words[0].isupper() and len(words[0]) > 1
    return any(w in HEADS for w in words)


def _trimmed(doc: Doc, ent, known: frozenset[str]):
    """"Already the White House" -> "White House": ordinary words and function words
    before a known name are no part of it."""
    for k in range(ent.start + 1, ent.end):
        head = doc[ent.start:k]
        if not all(t.text.lower() in _FUNCTION or is_common_word(t.text) for t in head):
            break
        if doc[k:ent.end].text in known:
            return Span(doc, k, ent.end, label=ent.label_)
    return ent


def _title_case_line(doc: Doc, ent) -> bool:
    """Is the entity in a line of title case (a headline: "Biden To Move More Troops")?"""
    start = ent.start
    while start > 0 and "\n" not in doc[start - 1].whitespace_ and "\n" not in doc[
            start - 1].text:
        start -= 1
    end = ent.end
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_ and "\n" not in doc[
            end].text:
        end += 1
    words = [t.text for t in doc[start:end] if t.is_alpha and len(t.text) > 3]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)


def _alone_on_line(doc: Doc, ent) -> bool:
    before = ent.start == 0 or "\n" in doc[ent.start - 1].whitespace_ or "\n" in doc[
        ent.start - 1].text
    after = ent.end == len(doc) or "\n" in ent[-1].whitespace_ or "\n" in doc[ent.end].text
    return before and after


@Language.factory("crisis_common_words_en")
def make_common_words_en(nlp: Language, name: str) -> CommonWordsEn:
    return CommonWordsEn()


class CommonWordsEn:
    def __call__(self, doc: Doc) -> Doc:
        if not _dictionary()[0] or not doc.ents:
            return doc
        by_rules = {(a, b) for a, b in doc.user_data.get(_RULE_SPANS, ())}
        known = _known()
        keep = []
        for ent in doc.ents:
            if ent.text in known:
                keep.append(ent)
                continue
            if len(ent) == 1 and _DEMONYM.match(ent.text) and (
                    ent.label_ == "MISC" or _demonym_of_place(ent.text, known)):
                continue  # "Israeli" as a person: the people of a place, not a person
            if (ent.start, ent.end) in by_rules:
                # A given name + an ordinary word alone on its line is a heading ("Key
                # Takeaways"), whichever component made it a person.
                if not (ent.label_ == "PER" and _alone_on_line(doc, ent)
                        and is_common_word(ent[-1].text)):
                    keep.append(ent)
                continue
            words = [t.text for t in ent if not t.is_punct]
            content = [w for w in words if w.lower() not in _FUNCTION]
            ordinary = bool(content) and all(is_common_word(w) for w in content)
            if ordinary and (
                len(words) == 1
                or ent.label_ == "PER"  # "Privacy Policy": no name is all ordinary words
                or _opens(doc, ent.start)
                or any(w.isupper() and len(w) > 1 for w in words)
                or any(w.islower() for w in words)
                or _title_case_line(doc, ent)
            ):
                continue
            if ent.label_ == "ORG" and not _org_shaped(words):
                continue
            keep.append(_trimmed(doc, ent, known))
        if len(keep) != len(doc.ents):
            doc.ents = keep
        return doc
