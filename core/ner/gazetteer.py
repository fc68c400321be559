"""crisis_gazetteer: places and organisations of the gazetteer, matched as LOC/ORG.

A case-sensitive PhraseMatcher over `Gazetteer.entities` (core.ner.lexicon): German
capitalises nouns but not the adjectives that collide with names ("die linke Hand" vs
"die Linke").
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from core.ner.lexicon import load_gazetteer
from core.ner.spans import _RULE_SPANS


@Language.factory("crisis_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp)


class GazetteerMatcher:
    """Labels gazetteer places and organisations; keeps entities already set."""

    def __init__(self, nlp: Language):
        gaz = load_gazetteer()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[str, list[str]] = {}
        for text, label in gaz.entities.items():
            by_label.setdefault(label, []).append(text)
        for label, texts in by_label.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(texts)))

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc, as_spans=True)
        if matches:
            doc.ents = filter_spans(list(doc.ents) + filter_spans(matches))
            # Marked so crisis_person_filter (after a model's ner) leaves them alone.
            doc.user_data.setdefault(_RULE_SPANS, []).extend(
                [e.start, e.end] for e in doc.ents if e.label_ != "PER"
            )
        return doc
