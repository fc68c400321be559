"""crisis_org_rules_en: English organisation names by their head word, labelled ORG.

English names institutions as capitalised phrases around a head noun: "Russian Defence
Ministry", "Institute for the Study of War", "Kyiv School of Economics", "Federal Reserve",
"Fox News".  A run of capitalised words (with "of", "for", "the", "and", "&" inside) that
holds a head word of HEADS is one organisation ("and" ends it: "the Kyiv School of
Economics and the Federal Reserve" are two); places and other entities inside it are
absorbed ("Kyiv" in "Kyiv School of Economics"), persons are not.  English pipelines only:
German writes such names as compounds the gazetteer and the model handle.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

HEADS = frozenset(
    "Ministry Council Bank Institute Forces Command Party Agency Office Service Committee "
    "Parliament Army Navy Court Fund School University Foundation Commission Bureau Mission "
    "Union Organization Organisation Corporation Group Staff Department Guard Assembly Senate "
    "Congress Reserve Times Post Radio News Association Federation Alliance Coalition Front "
    "Movement Platform Centre Center Board Authority Company Inc Ltd AG Airlines Airways "
    "Academy Tribunal Police Directorate Administration Cabinet Secretariat Observatory "
    "House".split()
)
INNER = frozenset({"of", "for", "the", "&"})
# Capitalised words that open sentences or titles but never start an organisation's name.
NOT_FIRST = frozenset(
    "The A An In On Of For And But As At Though Although While When After Before Since If "
    "However Meanwhile Yet So Then This That These Those Its Their His Her Our We They He She "
    "It Why How What Where Who".split()
)
# Roles around an organisation's name are not part of it: "Deputy Chairman of the Russian
# Security Council" is the Russian Security Council, "Senate Marshal" the Senate.
ROLES = frozenset(
    "Chairman Chairwoman Chair Director Chief Deputy Head President Vice Minister Secretary "
    "Member Founder Co-Founder Spokesman Spokeswoman Spokesperson Commander Marshal Speaker "
    "Ambassador Envoy Governor General Admiral Adviser Advisor Official Officials".split()
)


@Language.factory("crisis_org_rules_en")
def make_org_rules(nlp: Language, name: str) -> OrgRulesEn:
    return OrgRulesEn()


def _cap(text: str) -> bool:
    return text[:1].isupper() and any(c.isalpha() for c in text) and text not in NOT_FIRST


class OrgRulesEn:
    def __call__(self, doc: Doc) -> Doc:
        persons = {k for e in doc.ents if e.label_ in ("PER", "PERSON")
                   for k in range(e.start, e.end)}  # fmt: skip
        found: list[Span] = []
        i, n = 0, len(doc)
        while i < n:
            if not _cap(doc[i].text) or i in persons:
                i += 1
                continue
            j = i
            while j < n and j not in persons:
                t = doc[j].text
                if _cap(t) or t in ("U.S.", "U.K.", "EU", "UN") or t == "-" and j > i:
                    j += 1
                elif t == "and" and j + 1 < n and _cap(doc[j + 1].text) and not any(
                    doc[k].text in HEADS for k in range(i, j)
                ):
                    # "National Security and Defense Council": "and" inside a name that has
                    # no head yet; after a head it joins two names ("… School and the …").
                    j += 1
                elif t in INNER and (
                    j + 1 < n and _cap(doc[j + 1].text)
                    or j + 2 < n and doc[j + 1].text in INNER and _cap(doc[j + 2].text)
                ):
                    j += 1
                else:
                    break
            while j > i and doc[j - 1].text in INNER | {"-"}:
                j -= 1
            start, end = i, j
            if doc[start].text in ROLES:
                # "Director of the International Monetary Fund": the name after "of (the)".
                k = next((k for k in range(start, end) if doc[k].text == "of"), None)
                start = end if k is None else k + 1
                while start < end and doc[start].text in INNER:
                    start += 1
            while end > start and doc[end - 1].text in ROLES:
                end -= 1
            words = [t.text for t in doc[start:end]]
            if end - start >= 2 and any(w in HEADS for w in words):
                found.append(Span(doc, start, end, label="ORG"))
            i = max(j, i + 1)
        if found:
            # Longer wins: an organisation absorbs the place at its start ("Kyiv School of
            # Economics"); an existing longer entity keeps its place.
            doc.ents = filter_spans(list(doc.ents) + found)
        return doc
