"""crisis_person_rules: person names found by rule, labelled PER.

Titled names ("Außenminister Sergej Lawrow"), a known first name followed by a
surname ("Olaf Scholz") and "Name (PARTY)" ("Annalena Baerbock (Grüne)").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.ner.lexicon import _NOUN_ENDINGS, _PARTICLES, load_gazetteer
from core.ner.spans import _RULE_SPANS

_INITIAL = re.compile(r"^[A-ZÄÖÜ]\.$")


def _next_word(words: list[str], i: int) -> str:
    """The word after token i, looking past one non-breaking-space token."""
    k = i + 1
    if k < len(words) and words[k].isspace() and "\n" not in words[k]:
        k += 1
    return words[k] if k < len(words) else ""


@Language.factory("crisis_person_rules")
def make_person_rules(nlp: Language, name: str) -> PersonRules:
    return PersonRules()


class PersonRules:
    """Person names from titles, known first names and "(PARTY)" suffixes."""

    def __init__(self) -> None:
        self.gaz = load_gazetteer()

    def _name_like(self, text: str) -> bool:
        if len(text) < 2 or not text[0].isupper() or text in self.gaz.not_names:
            return False
        core = text.replace("-", "").replace("'", "").replace("’", "")
        # All-caps tokens are acronyms (SPD, AP), not names.
        return core.isalpha() and not core.isupper()

    def _is_title(self, text: str) -> bool:
        if self.gaz.is_title(text):
            return True
        if "-" in text:
            return self.gaz.is_title(text.rsplit("-", 1)[-1])
        return False

    def _name_after(self, words: list[str], free: list[bool], i: int, titled: bool) -> int:
        """End (exclusive) of a name starting at token i, or i if there is none."""
        n = len(words)
        gaz = self.gaz
        first = gaz.first_names
        j = i
        if j < n and free[j] and _INITIAL.match(words[j]) is None and self._name_like(words[j]):
            j += 1
        else:
            return i
        # Further given names, initials and particles lead to the surname.
        prev = words[i]
        while j < n and free[j]:
            w = words[j]
            nxt = words[j + 1] if j + 1 < n else ""
            if w.isspace() and "\n" not in w and nxt and free[j + 1]:
                # Non-breaking spaces become tokens of their own ("John\xa0Kirby").
                j += 1
                continue
            if _INITIAL.match(w) or w in first and self._name_like(nxt):
                j += 1
                prev = w
                continue
            if (
                w in _PARTICLES
                and (w not in ("der", "den") or prev[:1].isupper() and prev in _PARTICLES)
                and (prev in first or _INITIAL.match(prev) or prev in _PARTICLES)
            ):
                # "Ursula von der Leyen", "Kevin De Bruyne": particles lead to the surname.
                k = j
                while k < n and k - j < 3 and words[k] in _PARTICLES:
                    k += 1
                if k < n and free[k] and self._name_like(words[k]):
                    j = k
                    prev = words[k - 1]
                    continue
                break
            if self._name_like(w) and not self._is_title(w):
                prev_first = prev in first or _INITIAL.match(prev)
                # After a title an unknown given name is likely ("Oleksi Resnikow"),
                # unless the next word looks like a common noun.
                plausible = titled and prev == words[i] and not w.lower().endswith(_NOUN_ENDINGS)
                if prev_first or prev in _PARTICLES or plausible:
                    j += 1
            break
        # A name never ends on a particle or a space.
        while j > i and (words[j - 1] in _PARTICLES or words[j - 1].isspace()):
            j -= 1
        return j

    def _with_hyphen_parts(self, doc: Doc, spans: list[Span], free: list[bool]) -> list[Span]:
        """Hyphenated names whole: English tokenizers split "Thomas-Greenfield" and
        "Frank-Walter" at the hyphen, so a rule that stopped at "Thomas" (or started at
        "Walter") takes the glued part on the other side of the hyphen too."""
        out = []
        # Two rule names joined by a glued hyphen are one ("Frank" + "-" + "Walter Steinmeier").
        spans = sorted(spans, key=lambda s: s.start)
        merged: list[Span] = []
        for s in spans:
            last = merged[-1] if merged else None
            if (last is not None and s.start == last.end + 1 and doc[last.end].text == "-"
                    and not doc[last.end - 1].whitespace_ and not doc[last.end].whitespace_):
                merged[-1] = Span(doc, last.start, s.end, label=s.label_)
            else:
                merged.append(s)
        spans = merged
        taken = {k for s in spans for k in range(s.start, s.end)}
        for s in spans:
            start, end = s.start, s.end
            while (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
                   and not doc[end].whitespace_ and free[end + 1] is not False
                   and end + 1 not in taken and self._name_like(doc[end + 1].text)):
                end += 2
            while (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
                   and not doc[start - 2].whitespace_ and start - 2 not in taken
                   and self._name_like(doc[start - 2].text)):
                start -= 2
            out.append(s if (start, end) == (s.start, s.end) else
                       Span(doc, start, end, label=s.label_))
        # Never overlap an existing entity (the extension may reach into one).
        occupied = {k for e in doc.ents for k in range(e.start, e.end)}
        return [o for o in out if not any(k in occupied for k in range(o.start, o.end))]

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        n = len(words)
        if n == 0:
            return doc
        free = [True] * n
        for ent in doc.ents:
            for k in range(ent.start, ent.end):
                free[k] = False
        gaz = self.gaz
        spans: list[Span] = []
        surnames: set[str] = set()
        i = 0
        while i < n:
            w = words[i]
            if not free[i]:
                i += 1
                continue
            if self._is_title(w) and i + 1 < n:
                end = self._name_after(words, free, i + 1, titled=True)
                if end > i + 1:
                    spans.append(Span(doc, i + 1, end, label="PER"))
                    surnames.add(words[end - 1])
                    for k in range(i + 1, end):
                        free[k] = False
                    i = end
                    continue
            elif (
                w in gaz.first_names
                and w not in surnames  # "Jimmy Carter ... Carter Wort": a surname here
                and self._name_like(_next_word(words, i))
            ):
                end = self._name_after(words, free, i, titled=False)
                if end > i + 1:
                    spans.append(Span(doc, i, end, label="PER"))
                    surnames.add(words[end - 1])
                    for k in range(i, end):
                        free[k] = False
                    i = end
                    continue
            elif w == "(" and i + 2 < n and words[i + 2] == ")" and words[i + 1] in gaz.parties:
                # "Annalena Baerbock (Grüne)": the name is what precedes the bracket.
                start = i
                while start > 0 and i - start < 3 and free[start - 1]:
                    prev = words[start - 1]
                    if not self._name_like(prev) or self._is_title(prev):
                        break
                    start -= 1
                if start < i:
                    spans.append(Span(doc, start, i, label="PER"))
                    for k in range(start, i):
                        free[k] = False
            i += 1
        if spans:
            spans = self._with_hyphen_parts(doc, spans, free)
            doc.ents = list(doc.ents) + spans
            # Marked so crisis_person_filter (after a model's ner) leaves them alone.
            doc.user_data.setdefault(_RULE_SPANS, []).extend([s.start, s.end] for s in spans)
        return doc
