"""Russian actors on BSNLP 2019 news (../shared/data/ner-ru/bsnlp-ru-*.tsv), per document.

    python -m training.evaluate cyrillic

The rules-ru pipeline (core.ner.cyrillic: known actors by transliteration) runs over every
sentence; per document, a predicted (actor, label) is right when a gold entity of that
document has the same label and the same actor (core.ner.cyrillic.canonical of both
sides, or the same text).  Document level because BSNLP's token labels are incomplete (an
entity is often marked at one occurrence only), which would count correct hits elsewhere
in the document as errors.  The errors of this set were looked at while the Cyrillic rules
were written (the EU as CLDR's territory, sentence-initial verbs such as «Думаю»), so it
is a development figure, not a blind one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from training.convert import ROOT, Sentence, _sentences, to_doc

NER_RU = ROOT.parent / "shared" / "data" / "ner-ru"
FILES = ("bsnlp-ru-ec.tsv", "bsnlp-ru-trump.tsv")
LABELS = ("PER", "LOC", "ORG")


def _documents(path: Path) -> Iterator[list[Sentence]]:
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + ["#DOCSTART"]:
        if "DOCSTART" in line:
            if lines:
                yield list(_sentences(lines, lambda ln: (ln.split("\t")[1],
                                                         ln.split("\t")[2].strip() or "O")))
            lines = []
        else:
            lines.append(line)


def evaluate() -> str:
    from spacy.tokens import Doc

    from core import nlp as core_nlp
    from core.ner.cyrillic import canonical

    nlp, name = core_nlp.load_pipeline("ru")
    tp = fp = found = n_gold = 0
    errors: Counter = Counter()
    for file in FILES:
        for document in _documents(NER_RU / file):
            gold, pred = set(), set()
            for sentence in document:
                g = to_doc(nlp, sentence)
                words = [t.text for t in g]
                p = nlp(Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in g]))
                gold |= {(e.text.strip('" '), e.label_) for e in g.ents if e.label_ in LABELS}
                pred |= {(e.text, e.label_) for e in p.ents if e.label_ in LABELS}
            gold_actors = {(canonical(t) or t, lab) for t, lab in gold}
            pred_actors = {(canonical(t) or t, lab) for t, lab in pred}
            for actor in pred_actors:
                if actor in gold_actors:
                    tp += 1
                else:
                    fp += 1
                    errors[actor] += 1
            n_gold += len(gold_actors)
            found += len(gold_actors & pred_actors)
    lines = [
        f"Russian actors per document on BSNLP ({', '.join(FILES)}), {name}:",
        f"  precision {tp / max(tp + fp, 1):.3f} ({tp}/{tp + fp}), "
        f"recall {found / max(n_gold, 1):.3f} ({found}/{n_gold} document-level gold actors)",
    ]
    return "\n".join(lines)
