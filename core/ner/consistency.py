"""crisis_consistency: one name, one reading per article; last in every pipeline."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from core.ner.credits import _is_agency_credit, _is_credit, _is_self_citation
from core.ner.lexicon import _PARTICLES, load_gazetteer
from core.ner.spans import _RULE_SPANS, _quoted


@Language.factory("crisis_consistency")
def make_consistency(nlp: Language, name: str) -> DocConsistency:
    return DocConsistency()


def _person_keys(text: str) -> list[str]:
    """Forms under which a person named `text` reappears in the same article."""
    text = text.strip()
    base = text[:-2] if text.endswith(("'s", "’s")) else text
    parts = base.split()
    keys = [base, base + "s", base + "'s", base + "’s"]
    if len(parts) > 1:
        last = parts[-1]
        keys += [last, last + "s", last + "'s", last + "’s"]
        if last.endswith("s") and len(last) > 4:
            # Seen first in the genitive ("bei Domenico Tedescos Belgiern"), the
            # surname reappears without it ("Trainer Tedesco").
            keys.append(last[:-1])
        # "Kevin De Bruyne" reappears as "De Bruyne", which must stay one mention.
        k = next((i for i in range(1, len(parts) - 1) if parts[i] in _PARTICLES), None)
        if k is not None:
            keys.append(" ".join(parts[k:]))
    elif base.endswith("s") and len(base) > 4:
        keys.append(base[:-1])
    return keys


class DocConsistency:
    """One name, one reading per article.

    A name recognised as a person once is that person at every occurrence in
    the doc (also surname-only and genitive: "Putin", "Lawrows"); a hyphenated
    compound whose first parts are known entities ("NATO-Truppen",
    "Höcke-Partei") yields part mentions with offsets covering just that part.
    """

    def __init__(self) -> None:
        self.gaz = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        # Bookkeeping between components, of no use after the pipeline.
        doc.user_data.pop(_RULE_SPANS, None)
        ents = list(doc.ents)
        text = doc.text  # built once (spaCy joins the tokens on every access)
        credits = [
            e
            for e in ents
            if (e.label_ in ("PER", "PERSON") and (_is_credit(text, e) or _quoted(doc, e)))
            or (e.label_ not in ("PER", "PERSON")
                and (_is_agency_credit(text, e) or _is_self_citation(text, e)))
        ]
        if credits:
            # Bylines, credits (people and agencies) and titles in quotes (»Merci
            # Cherie«, the talk show „Maybrit Illner“) name no actor of the article, and
            # must not spread through the article as "persons" either.
            ents = [e for e in ents if e not in credits]
            doc.ents = ents
        ents = self._split_adjacent_surnames(doc, ents)
        gaz_entities = self.gaz.entities
        not_names = self.gaz.not_names
        # Person keys: first token -> list of (token tuple) to try, longest first.
        keys: dict[str, list[tuple[str, ...]]] = {}
        single: set[str] = set()
        for ent in ents:
            if ent.label_ not in ("PER", "PERSON"):
                continue
            for key in _person_keys(ent.text):
                toks = tuple(key.split())
                if not toks or (
                    (len(toks[0]) < 3 or toks[0] in not_names) and toks[0] not in _PARTICLES
                ):
                    continue
                if len(toks) == 1:
                    if key in gaz_entities:
                        continue
                    single.add(key)
                keys.setdefault(toks[0], []).append(toks)
        changed = False
        if keys:
            for lst in keys.values():
                lst.sort(key=len, reverse=True)
            taken = [False] * len(doc)
            relabel = []
            for e_i, ent in enumerate(ents):
                for k in range(ent.start, ent.end):
                    taken[k] = True
                if ent.label_ not in ("PER", "PERSON") and ent.text in single:
                    relabel.append(e_i)
            for e_i in relabel:
                ent = ents[e_i]
                ents[e_i] = Span(doc, ent.start, ent.end, label="PER")
                changed = True
            words = [t.text for t in doc]
            n = len(words)
            i = 0
            while i < n:
                cands = keys.get(words[i]) if not taken[i] else None
                if cands:
                    for toks in cands:
                        end = i + len(toks)
                        if end <= n and tuple(words[i:end]) == toks and not any(taken[i:end]):
                            ents.append(Span(doc, i, end, label="PER"))
                            changed = True
                            i = end - 1
                            break
                i += 1
        parts = self._part_mentions(doc, ents, single)
        if parts is not None:
            ents, doc._.part_mentions = parts
            changed = True
        if changed:
            doc.ents = filter_spans(ents)
        return doc

    @staticmethod
    def _split_adjacent_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
        """Two surnames side by side are two people ("gibt Musk Weidel die Moderation")
        when each is the surname of a different full name in the article."""
        surnames: dict[str, str] = {}
        for ent in ents:
            if ent.label_ in ("PER", "PERSON") and ent.end - ent.start > 1:
                surnames.setdefault(doc[ent.end - 1].text, ent.text)
        if len(surnames) < 2:
            return ents
        out: list[Span] = []
        for ent in ents:
            words = [t.text for t in ent]
            owners = [surnames.get(w) or surnames.get(w[:-1]) for w in words]
            if (
                ent.label_ in ("PER", "PERSON")
                and len(words) > 1
                and all(owners)
                and len(set(owners)) == len(owners)
                and ent.text not in owners
            ):
                out += [Span(doc, i, i + 1, label=ent.label) for i in range(ent.start, ent.end)]
            else:
                out.append(ent)
        if len(out) != len(ents):
            doc.ents = out
        return out

    def _part_mentions(self, doc: Doc, ents: list[Span], persons: set[str]):
        if "-" not in doc.text:
            return None
        known: dict[str, str] = {}
        ent_at: dict[int, int] = {}
        for e_i, ent in enumerate(ents):
            label = "PER" if ent.label_ == "PERSON" else ent.label_
            known.setdefault(ent.text, label)
            if ent.end - ent.start == 1:
                ent_at[ent.start] = e_i
        gaz_entities = self.gaz.entities
        out: list[list] = []
        drop: set[int] = set()
        covered = {k for ent in ents for k in range(ent.start, ent.end)}
        for tok in doc:
            w = tok.text
            if "-" not in w or len(w) < 4 or w in gaz_entities:
                continue
            i = tok.i
            e_i = ent_at.get(i)
            if i in covered and e_i is None:
                continue
            pieces = w.split("-")
            offset = tok.idx
            found = False
            for piece in pieces[:-1]:
                label = known.get(piece) or gaz_entities.get(piece)
                if label is None and piece in persons:
                    label = "PER"
                if label and piece:
                    out.append([label, offset, offset + len(piece)])
                    found = True
                offset += len(piece) + 1
            if found and e_i is not None:
                # A model's whole-compound entity ("NATO-Truppen"/ORG) is replaced
                # by the mention of the entity it is about.
                drop.add(e_i)
        if not out:
            return None
        if drop:
            ents = [e for k, e in enumerate(ents) if k not in drop]
        return ents, out
