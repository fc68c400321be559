"""Convert ../shared/data/ner-en/* and the English news annotations into spaCy DocBins.

Labels are CoNLL's (PER, LOC, ORG, MISC), as wikigold has them and the project's English
news annotations (training/GUIDELINES-ner-en.md) follow; WikiANN-en has no MISC.

Splits (why):

* **held-out** (never trained or tuned on): the English news sentences of every seventh
  annotated article (``heldout-news``, the domain that matters) and the first 2,000
  sentences of WikiANN-en test (``heldout-wikiann``).
* **dev** (early stopping): every fifth wikigold sentence and the first 1,000 sentences of
  WikiANN-en dev.  No news sentence is spent on dev: there are few and they are the domain.
* **train**: the rest of wikigold (hand-annotated), the in-domain news sentences
  (``news``, repeated `NEWS_REPEAT` times so ~1,400 sentences weigh against 20,000
  Wikipedia ones), and WikiANN-en train (``wikiann``, silver).  A training sentence that
  equals a dev or held-out sentence is left out.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from training.convert import ROOT, Sentence, _sentences, ignore_dir, read_wikiann, to_doc

NER_DIR_EN = ROOT.parent / "shared" / "data" / "ner-en"
CORPUS_DIR_EN = ROOT / "training" / "corpus-en"  # generated, git-ignored
NEWS_REPEAT = 3
SOURCES_EN = ("wikigold", "news", "wikiann")


def _wikigold_line(line: str) -> tuple[str, str] | None:
    cols = line.rstrip("\n").split("\t")
    if len(cols) < 3 or cols[1] == "-DOCSTART-":
        return None
    return cols[1], cols[2].strip() or "O"


def read_wikigold(path: Path) -> list[Sentence]:
    return list(_sentences(path.read_text(encoding="utf-8").splitlines(), _wikigold_line))


def splits(ner_dir: Path = NER_DIR_EN) -> dict[str, dict[str, list[Sentence]]]:
    """{split: {source: sentences}} for split in train/dev/heldout."""
    from training import indomain

    gold = read_wikigold(ner_dir / "wikigold-en.tsv")
    out: dict[str, dict[str, list[Sentence]]] = {"train": {}, "dev": {}, "heldout": {}}
    out["dev"]["wikigold"] = [s for i, s in enumerate(gold) if i % 5 == 0]
    out["dev"]["wikiann"] = list(read_wikiann(ner_dir / "wikiann-en-dev.tsv"))[:1000]
    out["heldout"]["wikiann"] = list(read_wikiann(ner_dir / "wikiann-en-test.tsv"))[:2000]
    news = indomain.sentences("en")
    out["heldout"]["news"] = news["heldout"]
    out["train"]["wikigold"] = [s for i, s in enumerate(gold) if i % 5 != 0]
    out["train"]["news"] = news["train"] * NEWS_REPEAT
    out["train"]["wikiann"] = list(read_wikiann(ner_dir / "wikiann-en-train.tsv"))
    seen = {tuple(s[0]) for part in ("heldout", "dev") for src in out[part].values() for s in src}
    for src in out["train"]:
        out["train"][src] = [s for s in out["train"][src] if tuple(s[0]) not in seen]
    return out


def write_corpus(
    sources: list[str], out_dir: Path = CORPUS_DIR_EN, ner_dir: Path = NER_DIR_EN
) -> dict[str, int]:
    """Write train.spacy / dev.spacy / heldout*.spacy; returns sentence counts per file."""
    if not ner_dir.is_dir():
        raise SystemExit(f"training data not found: {ner_dir} (see ../shared/data/README.md)")
    unknown = set(sources) - set(SOURCES_EN)
    if unknown:
        raise SystemExit(f"unknown English sources: {', '.join(sorted(unknown))}")
    nlp = spacy.blank("en")
    ignore_dir(out_dir)
    data = splits(ner_dir)
    files = {
        "train": [s for src in sources for s in data["train"][src]],
        "dev": data["dev"]["wikigold"] + data["dev"]["wikiann"],
        "heldout": data["heldout"]["news"] + data["heldout"]["wikiann"],
        "heldout-news": data["heldout"]["news"],
        "heldout-wikiann": data["heldout"]["wikiann"],
    }
    counts: dict[str, int] = {}
    for name, sents in files.items():
        db = DocBin(store_user_data=False)
        for s in sents:
            db.add(to_doc(nlp, s))
        db.to_disk(out_dir / f"{name}.spacy")
        counts[name] = len(sents)
    return counts


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default=",".join(SOURCES_EN), help="comma-separated")
    ap.add_argument("--out", type=Path, default=CORPUS_DIR_EN)
    args = ap.parse_args(argv)
    for name, n in write_corpus(args.sources.split(","), args.out).items():
        print(f"{name}: {n} sentences")


if __name__ == "__main__":
    main()
