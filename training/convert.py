"""Convert ../shared/data/ner-de/* into spaCy DocBin files with labels PER/LOC/ORG/MISC.

Label mapping (why each choice):

* GermEval 2014 (outer level only; the inner level marks entities nested inside
  entities, which a flat spaCy NER cannot predict):
  PER/LOC/ORG -> same; OTH -> MISC (CoNLL convention).
  ``*deriv`` ("deutsche", "russischen") -> MISC, as CoNLL-2003 and WikiNER do.
  ``*part`` ("EU-Kommission", "Putin-Kritiker") -> O: the whole token is not the
  entity, and core.ner's crisis_consistency already yields part mentions
  for hyphen compounds whose first part is a known name.
* Europarl (IOB1, every tag "I-"): PER/LOC/ORG/MISC as they are; a B- only
  separates two adjacent entities of the same type.
* Legal (BIO, fine labels): PER, RR (judge), AN (lawyer) -> PER; LD (country),
  ST (city), STR (street), LDS (landscape) -> LOC; ORG, UN (company),
  INN (institution), GRT (court) -> ORG; MRK (brand) -> MISC; legal norms and
  literature (GS, VO, EUN, VS, VT, RS, LIT) -> O: they are citations
  ("§ 823 Abs. 1 BGB"), not actors, and rare in news.
* In-domain news (training/indomain.py, training/data/news_de_ner.tsv): sentences of
  news-de-2024.jsonl annotated for this project with these four labels
  (training/GUIDELINES-ner.md); every seventh drawn article is held out.
* WikiANN-de (IOB2, PER/LOC/ORG, silver labels from Wikipedia links): as they are.
  It has no MISC label, so its sentences teach nothing about MISC.
* SmartData (DFKI, character spans with fine types): person -> PER; organization,
  organization-company -> ORG; location, location-city, location-street -> LOC.
  Sentences with a traffic stop or route (location-stop, location-route: "Hauptbahnhof",
  "A9") are left out: GermEval would tag some of them LOC, SmartData's other sentences
  would teach O.  Dates, numbers, triggers, positions -> O.  Only sentences with an
  entity are kept (its traffic reports are mostly numbers and times).

Splits.  WikiANN-de train and SmartData v1-train are optional training sources only
(``--sources``); they never enter dev or held-out, so scores stay comparable.
The held-out set (never trained or tuned on) is every third sentence
of germeval2014-test plus all of europarl-test.  The dev set (early stopping,
source selection) is every fifth sentence of germeval2014-dev plus
europarl-dev.  Everything else of GermEval and europarl-train is training data;
the legal files are an optional training source (``--sources``).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

ROOT = Path(__file__).resolve().parent.parent
NER_DIR = ROOT.parent / "shared" / "data" / "ner-de"
CORPUS_DIR = ROOT / "training" / "corpus"  # generated, git-ignored

Sentence = tuple[list[str], list[tuple[int, int, str]]]  # words, (start, end, label) spans

_GERMEVAL = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "OTH": "MISC"}
_LEGAL = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG",
    "MRK": "MISC",
}  # fmt: skip
# Tokens after which no space is written, and tokens with no space before them,
# so that Doc.text reads like running text (the tokenizer sees such text at run time).
_NO_SPACE_BEFORE = re.compile(r"^[.,;:!?)\]}%»“]$|^'s$")
_NO_SPACE_AFTER = {"(", "[", "{", "„", "«", "‚"}


def _spans_from_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO or IOB1 tags (already mapped to our labels or "O") -> spans."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, lab = tag.partition("-")
        if tag == "O" or prefix == "B" or lab != label:
            if start is not None:
                spans.append((start, i, label))
            start, label = (i, lab) if tag != "O" else (None, None)
    return spans


def _germeval_tag(tag: str) -> str:
    if tag == "O":
        return "O"
    prefix, _, lab = tag.partition("-")
    if lab.endswith("part"):
        return "O"
    if lab.endswith("deriv"):
        return f"{prefix}-MISC"
    return f"{prefix}-{_GERMEVAL[lab]}"


def _sentences(lines: list[str], parse) -> Iterator[Sentence]:
    """Token-per-line files: a blank line ends a sentence; `parse(line)` gives
    (word, tag), or None for a line to skip (comments)."""
    words: list[str] = []
    tags: list[str] = []
    for line in lines + [""]:
        if not line.strip():
            if words:
                yield words, _spans_from_tags(tags)
            words, tags = [], []
            continue
        parsed = parse(line)
        if parsed is not None:
            words.append(parsed[0])
            tags.append(parsed[1])


def _germeval_line(line: str) -> tuple[str, str] | None:
    if line.startswith("#\t") or line.startswith("# "):
        return None
    cols = line.split("\t")
    return cols[1], _germeval_tag(cols[2])


def read_germeval(path: Path) -> Iterator[Sentence]:
    return _sentences(path.read_text(encoding="utf-8").splitlines(), _germeval_line)


def _europarl_line(line: str) -> tuple[str, str]:
    cols = line.split("\t")
    return cols[0], cols[-1].strip() or "O"


def read_europarl(path: Path) -> Iterator[Sentence]:
    text = path.read_text(encoding="latin-1" if _is_latin1(path) else "utf-8")
    return _sentences(text.splitlines(), _europarl_line)


def _is_latin1(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def _legal_line(line: str) -> tuple[str, str]:
    word, _, tag = line.rpartition(" ")
    if tag == "O":
        return word, "O"
    prefix, _, lab = tag.partition("-")
    mapped = _LEGAL.get(lab)
    return word, f"{prefix}-{mapped}" if mapped else "O"


def read_legal(path: Path) -> Iterator[Sentence]:
    return _sentences(path.read_text(encoding="utf-8").splitlines(), _legal_line)


def read_wikiann(path: Path) -> Iterator[Sentence]:
    return _sentences(path.read_text(encoding="utf-8").splitlines(), _wikiann_line)


def _wikiann_line(line: str) -> tuple[str, str]:
    cols = line.rstrip("\n").split("\t")
    return cols[1], cols[2].strip() or "O"


_SMARTDATA = {
    "person": "PER",
    "organization": "ORG",
    "organization-company": "ORG",
    "location": "LOC",
    "location-city": "LOC",
    "location-street": "LOC",
}
_SMARTDATA_SKIP = {"location-stop", "location-route"}


def _json_stream(text: str) -> Iterator[dict]:
    """SmartData files are pretty-printed JSON documents one after another."""
    import json

    dec, i = json.JSONDecoder(), 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return
        doc, i = dec.raw_decode(text, i)
        yield doc


def read_smartdata(path: Path) -> Iterator[Sentence]:
    import gzip

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    for rec in _json_stream(gzip.open(path, "rt", encoding="utf-8").read()):
        text = (rec.get("text") or {}).get("string") or ""
        mentions = ((rec.get("conceptMentions") or {}).get("array")) or []
        doc = nlp(text)
        ents, skip = [], set()
        for m in mentions:
            span = doc.char_span(m["span"]["start"], m["span"]["end"], alignment_mode="expand")
            if span is None:
                continue
            if m["type"] in _SMARTDATA_SKIP:
                skip.add(span.start)
            elif m["type"] in _SMARTDATA:
                ents.append((span.start, span.end, _SMARTDATA[m["type"]]))
        ents.sort()
        for sent in doc.sents:
            words = [t.text for t in sent if not t.is_space]
            if not words or any(sent.start <= i < sent.end for i in skip):
                continue
            index = {t.i: k for k, t in enumerate(t for t in sent if not t.is_space)}
            spans, last = [], -1
            for s0, e0, lab in ents:
                if s0 >= sent.start and e0 <= sent.end and s0 >= last:
                    toks = [i for i in range(s0, e0) if i in index]
                    if toks:
                        spans.append((index[toks[0]], index[toks[-1]] + 1, lab))
                        last = e0
            if spans:
                yield words, spans


def german_quotes(words: list[str]) -> list[str]:
    """ASCII quote pairs as German news prints them: "x" -> „x“."""
    out, opening = [], True
    for w in words:
        if w == '"':
            out.append("„" if opening else "“")
            opening = not opening
        else:
            out.append(w)
    return out


def to_doc(nlp, sentence: Sentence, german: bool = False) -> Doc:
    words, spans = sentence
    if german:
        words = german_quotes(words)
    spaces = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        spaces.append(
            nxt is not None and w not in _NO_SPACE_AFTER and not _NO_SPACE_BEFORE.match(nxt)
        )
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in spans]
    return doc


def splits(ner_dir: Path = NER_DIR) -> dict[str, dict[str, list[Sentence]]]:
    """{split: {source: sentences}} for split in train/dev/heldout."""
    ge_dev = list(read_germeval(ner_dir / "germeval2014-dev.tsv"))
    ge_test = list(read_germeval(ner_dir / "germeval2014-test.tsv"))
    out: dict[str, dict[str, list[Sentence]]] = {"train": {}, "dev": {}, "heldout": {}}
    out["heldout"]["germeval"] = [s for i, s in enumerate(ge_test) if i % 3 == 0]
    out["heldout"]["europarl"] = list(read_europarl(ner_dir / "europarl-test.tsv"))
    out["dev"]["germeval"] = [s for i, s in enumerate(ge_dev) if i % 5 == 0]
    out["dev"]["europarl"] = list(read_europarl(ner_dir / "europarl-dev.tsv"))
    out["train"]["germeval"] = [s for i, s in enumerate(ge_dev) if i % 5 != 0] + [
        s for i, s in enumerate(ge_test) if i % 3 != 0
    ]
    out["train"]["europarl"] = list(read_europarl(ner_dir / "europarl-train.tsv"))
    # Only legal sentences with an entity: most of the 13k are citations and
    # procedure, which would swamp the news-like sources with "O".
    legal = list(read_legal(ner_dir / "legal-dev.conll")) + list(
        read_legal(ner_dir / "legal-test.conll")
    )
    out["train"]["legal"] = [s for s in legal if s[1]]
    wikiann = ner_dir / "wikiann-de-train.tsv"
    out["train"]["wikiann"] = list(read_wikiann(wikiann)) if wikiann.is_file() else []
    smart = ner_dir / "smartdata-v1-train.json.gz"
    out["train"]["smartdata"] = list(read_smartdata(smart)) if smart.is_file() else []
    # In-domain news sentences annotated for this project (training/indomain.py): their
    # held-out part is a separate file, never trained on.
    from training import indomain

    news = indomain.sentences()
    out["train"]["news"] = news["train"]
    out["heldout"]["news"] = news["heldout"]
    # A sentence of the new sources identical to a held-out or dev sentence stays out of
    # training (WikiANN and SmartData repeat a few short headlines GermEval has too).
    seen = {tuple(s[0]) for part in ("heldout", "dev") for src in out[part].values() for s in src}
    for src in ("wikiann", "smartdata", "news"):
        out["train"][src] = [s for s in out["train"][src] if tuple(s[0]) not in seen]
    return out


def ignore_dir(path: Path) -> None:
    """Create `path` with a .gitignore of "*": converted data must never be committed."""
    path.mkdir(parents=True, exist_ok=True)
    (path / ".gitignore").write_text("# generated from ../shared/data: never commit\n*\n")


def write_corpus(
    sources: list[str], out_dir: Path = CORPUS_DIR, ner_dir: Path = NER_DIR
) -> dict[str, int]:
    """Write train.spacy / dev.spacy / heldout*.spacy; returns sentence counts per file."""
    if not ner_dir.is_dir():
        raise SystemExit(f"training data not found: {ner_dir} (see ../shared/data/README.md)")
    nlp = spacy.blank("de")
    ignore_dir(out_dir)
    data = splits(ner_dir)
    counts: dict[str, int] = {}
    files = {
        "train": [s for src in sources for s in data["train"][src]],
        "dev": data["dev"]["germeval"] + data["dev"]["europarl"],
        "heldout": data["heldout"]["germeval"] + data["heldout"]["europarl"],
        "heldout-germeval": data["heldout"]["germeval"],
        "heldout-europarl": data["heldout"]["europarl"],
        "heldout-news": data["heldout"]["news"],
    }
    for name, sents in files.items():
        db = DocBin(store_user_data=False)
        for i, s in enumerate(sents):
            # News quote German-style where GermEval and Europarl have ASCII quotes:
            # every other training sentence gets „...“ (held-out data stays as published).
            db.add(to_doc(nlp, s, german=name == "train" and i % 2 == 1))
        db.to_disk(out_dir / f"{name}.spacy")
        counts[name] = len(sents)
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default="germeval,europarl", help="training sources, comma-sep")
    ap.add_argument("--out", type=Path, default=CORPUS_DIR)
    args = ap.parse_args(argv)
    counts = write_corpus(args.sources.split(","), args.out)
    for name, n in counts.items():
        print(f"{name}: {n} sentences")


if __name__ == "__main__":
    main()
