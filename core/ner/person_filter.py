"""crisis_person_filter: drops a statistical model's "persons" that cannot be names.

Added right after a model's ``ner`` only; spans made by the rules are left alone.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from core.ner.lexicon import _NOUN_ENDINGS, _PARTICLES, load_gazetteer
from core.ner.spans import _OPEN_QUOTES, _RULE_SPANS, _quoted


@Language.factory("crisis_person_filter")
def make_person_filter(nlp: Language, name: str) -> PersonFilter:
    return PersonFilter()


_SENTENCE_END = {".", "!", "?", ":", "…", "|", "–", "-"}


class PersonFilter:
    """Drops person spans of a statistical model that cannot be names (and trims
    punctuation off the model's other entities).

    A small NER model trained on Wikipedia and parliament text tags capitalised
    German words as persons: sentence-initial participles and nouns ("Finanziert",
    "Häufiger"), titles ("Justizminister", "Tennis-Ikone"), and spans with a
    lower-case or all-caps word.  Such a span, once accepted, would also spread
    through the article via crisis_consistency, so it is removed here, before.
    A span loses its leading titles first ("Fraktionschefin Elke Borscheid").
    """

    def __init__(self) -> None:
        self.gaz = load_gazetteer()

    def _bad_token(self, text: str) -> bool:
        gaz = self.gaz
        if text in _PARTICLES:
            return False
        core = text.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
        if len(core) < 2 or not core.isalpha() or not text[:1].isupper():
            return True
        if len(core) > 1 and core.isupper():
            return True  # acronym: SPD, FBI
        return (
            text in gaz.not_names
            or gaz.is_title(text)
            or ("-" in text and gaz.is_title(text.rsplit("-", 1)[-1]))
        )

    def _sentence_initial(self, doc: Doc, i: int) -> bool:
        k = i - 1
        while k >= 0 and (doc[k].text in _OPEN_QUOTES or doc[k].is_space):
            if "\n" in doc[k].text:
                return True
            k -= 1
        if k < 0 or "\n" in doc[k].whitespace_:
            return True
        prev = doc[k].text
        # "bei X. Gefordert wurde": the tokenizer keeps the full stop on "X.".
        return prev in _SENTENCE_END or (len(prev) > 1 and prev.endswith("."))

    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gaz
        ents = list(doc.ents)
        by_rules = {(a, b) for a, b in doc.user_data.get(_RULE_SPANS, ())}
        out: list[Span] = []
        changed = False
        for ent in ents:
            if (ent.start, ent.end) in by_rules:
                out.append(ent)
                continue
            if ent.label_ not in ("PER", "PERSON"):
                # Model entities reaching into punctuation or markup ("Code <") lose
                # those edges; gazetteer entities are exact already.
                a, b = ent.start, ent.end
                while a < b and not any(c.isalnum() for c in doc[a].text):
                    a += 1
                while b > a and not any(c.isalnum() for c in doc[b - 1].text):
                    b -= 1
                if b - a == 1 and ent.label_ in ("LOC", "ORG") and doc[a].text in gaz.common_nouns:
                    # "Gesprächen", "Handschlag", "Wochenendes": nouns, not places.  (MISC
                    # keeps them: GermEval tags "Russen", "Deutschen" MISC, and so do we.)
                    changed = True
                elif (a, b) != (ent.start, ent.end):
                    changed = True
                    if a < b:
                        out.append(Span(doc, a, b, label=ent.label))
                else:
                    out.append(ent)
                continue
            start = ent.start
            while (
                start < ent.end
                and doc[start].text not in _PARTICLES
                and (gaz.is_title(doc[start].text) or doc[start].text in gaz.not_names)
            ):
                start += 1
            end = ent.end
            if start == ent.start and start > 0 and doc[start - 1].text in _PARTICLES:
                # "De Bruyne setzt ...": a capitalised particle at a sentence start is
                # part of the name the model found ("Bruyne").
                if doc[start - 1].text[:1].isupper() and doc[start - 1].ent_iob_ != "I":
                    start -= 1
            if (
                end - start == 2
                and doc[start].text.endswith("s")
                and doc[start].text not in gaz.first_names
                and doc[start + 1].text in gaz.common_nouns
            ):
                # "vor Trumps Amtsantritt": a genitive name and the noun it governs.
                end = start + 1
            if start == ent.start and end == ent.end:
                span = ent
            else:
                span = Span(doc, start, end, label=ent.label)
            words = [t.text for t in span]
            keep = bool(words) and not any(self._bad_token(w) for w in words)
            if keep and _quoted(doc, span):
                # »Super Bowl«, „Catch-22“: a name in quotes is a title or a nickname.
                keep = False
            if keep and words[-1] in _PARTICLES:
                keep = False
            if (
                keep
                and words[-1] in gaz.common_nouns
                and not any(w in gaz.first_names for w in words[:-1])
            ):
                # "Fußball", "Hundert Gramm": a noun, unless a first name leads to it.
                keep = False
            if keep and len(words) == 1:
                w = words[0]
                # A lone capitalised word at a sentence start is as likely a noun or
                # participle as a name; keep it only when it is a known first name or
                # not sentence-initial.  crisis_consistency restores the surname
                # wherever the article names the person in full.
                if w.lower().endswith(_NOUN_ENDINGS) or w in gaz.entities:
                    keep = False
                elif w not in gaz.first_names and self._sentence_initial(doc, span.start):
                    keep = False
            if keep:
                out.append(span)
            if not keep or span is not ent:
                changed = True
        if changed:
            doc.ents = out
        return doc
