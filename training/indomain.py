"""In-domain NER data: sentences of news articles annotated mention by mention.

    python -m training.indomain draw --out DIR     # sentences for annotators (text stays local)
    python -m training.indomain collect DIR        # annotators' entity lists -> annotations TSV
    python -m training.indomain --lang en draw --out DIR   # English: news-en-ukraine.jsonl

German (``de``, the default) draws from news-de-2024.jsonl into training/data/news_de_ner.tsv;
English (``en``) from news-en-ukraine.jsonl into training/data/news_en_ner.tsv, from every
article that is neither reserved nor in an English evaluation sample (the blind actor sample,
the topic samples), since the corpus is small.

The sentences are drawn at random (seed `SEED`) from articles that are neither reserved
(../shared/data/reserved.txt) nor in any evaluation set (the person sets, the blind
actor sample): `PER_ARTICLE` consecutive sentences of the boilerplate-cleaned text of each
of `N_ARTICLES` articles.  Only offsets and labels are committed
(training/data/news_de_ner.tsv: file, sentence start/end in the cleaned text, entity
start/end within the sentence, label, surface); the text is read again from the corpus
when the training data is built, so no publisher text is in the repository.

Labels follow GermEval 2014 as training.convert maps it (PER, ORG, LOC, MISC; see
training/GUIDELINES-ner.md).  Every `HELDOUT_EVERY`-th drawn article is held out
(``news-heldout``), never trained on.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from training.sample_blind import NEWS, ROOT, SAMPLE_PATH, excluded_files

ANNOTATIONS = ROOT / "training" / "data" / "news_de_ner.tsv"
SEED = 2026
N_ARTICLES = 360
PER_ARTICLE = 7
HELDOUT_EVERY = 7
MIN_WORDS = 5
LABELS = ("PER", "ORG", "LOC", "MISC")
Sentence = tuple[list[str], list[tuple[int, int, str]]]


def _german_skip() -> set[str]:
    skip = excluded_files()
    if SAMPLE_PATH.is_file():
        skip |= {ln.split("\t")[0] for ln in SAMPLE_PATH.read_text(encoding="utf-8").splitlines()}
    return skip


def _english_skip() -> set[str]:
    from training.sample_blind_en import OUT as BLIND_EN
    from training.sample_topics import OUT2, excluded, sample_keys
    from training.sample_topics import SAMPLE_PATH as TOPICS

    keys = excluded() | sample_keys(TOPICS, OUT2)
    skip = {f for c, f in keys if c == NEWS_EN.name}
    if BLIND_EN.is_file():
        skip |= {ln.split("\t")[0] for ln in BLIND_EN.read_text(encoding="utf-8").splitlines()}
    return skip


NEWS_EN = NEWS.parent / "news-en-ukraine.jsonl"


@dataclass(frozen=True)
class Lang:
    """Where one language's in-domain sentences come from and go to."""

    news: Path
    annotations: Path
    seed: int
    n_articles: int | None  # None: every article that may be drawn
    per_article: int  # consecutive sentences per article
    skip: object  # () -> set of file names never drawn
    corpus_note: str


LANGS = {
    "de": Lang(
        NEWS, ANNOTATIONS, SEED, N_ARTICLES, PER_ARTICLE, _german_skip, "news-de-2024.jsonl"
    ),
    "en": Lang(
        NEWS_EN, ROOT / "training" / "data" / "news_en_ner.tsv", 20261207, None, 10, _english_skip,
        "news-en-ukraine.jsonl",
    ),
}


def _sentencizer(lang: str = "de"):
    import spacy

    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def _records(news: Path = NEWS) -> dict[str, dict]:
    out = {}
    with news.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out.setdefault(rec["file"], rec)
    return out


def clean(rec: dict) -> str:
    from core.boilerplate import clean_text

    return clean_text(rec.get("text") or "").text


def draw(lang: str = "de") -> list[tuple[str, int, int, str]]:
    """[(file, start, end, sentence text)], in drawing order."""
    spec = LANGS[lang]
    skip = spec.skip()
    records = _records(spec.news)
    files = sorted(f for f in records if f not in skip)
    if lang != "de":  # one copy of a text only (the English corpus repeats some)
        first = {}
        for f in files:
            first.setdefault(records[f].get("text") or "", f)
        files = sorted(first.values())
    rng = random.Random(spec.seed)
    nlp = _sentencizer(lang)
    out = []
    for file in rng.sample(files, spec.n_articles or len(files)):
        doc = nlp(clean(records[file]))
        sents = [s for s in doc.sents if len(s.text.split()) >= MIN_WORDS and "\n" not in s.text]
        if not sents:
            continue
        first = rng.randrange(max(1, len(sents) - spec.per_article + 1))
        for s in sents[first : first + spec.per_article]:
            out.append((file, s.start_char, s.end_char, s.text))
    return out


_ENT = re.compile(r"^(?:ENT\t)?(.+?)\t(PER|ORG|LOC|MISC)\s*$")


def parse_batch(text: str) -> Iterator[tuple[str, int, int, list[tuple[str, str]]]]:
    """Annotator files: "## file|start|end", the sentence, then "surface<TAB>LABEL" lines."""
    head, ents = None, []
    for line in text.splitlines() + ["## end"]:
        if line.startswith("## "):
            if head is not None:
                file, start, end = head.rsplit("|", 2)
                yield file, int(start), int(end), ents
            head, ents = (line[3:].strip() if line.strip() != "## end" else None), []
            continue
        m = _ENT.match(line)
        if m and head is not None:
            ents.append((m.group(1).strip(), m.group(2)))


def align(sentence: str, ents: list[tuple[str, str]]) -> list[tuple[int, int, str, str]]:
    """Surface strings -> character spans, in order of appearance (left to right)."""
    spans, pos = [], 0
    for surface, label in ents:
        i = sentence.find(surface, pos)
        if i < 0:
            i = sentence.find(surface)  # listed out of order
            if i < 0 or any(s <= i < e for s, e, _, _ in spans):
                raise ValueError(f"{surface!r} not found in {sentence!r}")
        spans.append((i, i + len(surface), label, surface))
        pos = i + len(surface)
    spans.sort()
    for (_s1, e1, *_), (s2, *_rest) in zip(spans, spans[1:], strict=False):
        if s2 < e1:
            raise ValueError(f"overlapping entities in {sentence!r}")
    return spans


def _country_rule(label: str, surface: str) -> str:
    """Countries are LOC even when they stand for a national team (GermEval's convention;
    the annotators split on it, batches 2-4 tagged some teams ORG)."""
    from core.ner.lexicon import _country_names

    if label == "ORG":
        countries = _country_names()[0]
        base = surface[:-1] if surface.endswith("s") else surface
        if surface in countries or base in countries:
            return "LOC"
    return label


def collect(batch_dir: Path, lang: str = "de") -> tuple[int, int]:
    """Annotator batches -> the committed TSV; returns (sentences, entities)."""
    spec = LANGS[lang]
    out = spec.annotations
    records = _records(spec.news)
    rows, n_sent, problems = [], 0, []
    for path in sorted(batch_dir.glob("batch_*.ann")):
        for file, start, end, ents in parse_batch(path.read_text(encoding="utf-8")):
            sentence = clean(records[file])[start:end]
            try:
                spans = align(sentence, ents)
            except ValueError as exc:
                problems.append(f"{path.name}: {exc}")
                continue
            n_sent += 1
            if lang == "de":
                spans = [(s, e, _country_rule(lab, surf), surf) for s, e, lab, surf in spans]
            if not spans:
                rows.append([file, start, end, "", "", "O", ""])
            for s, e, label, surface in spans:
                rows.append([file, start, end, s, e, label, surface])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            f"# In-domain NER annotations of {spec.corpus_note} sentences (offsets only; the\n"
            f"# text is read from the corpus).  python -m training.indomain --lang {lang};\n"
            f"# guidelines in training/GUIDELINES-ner{'' if lang == 'de' else '-' + lang}.md.\n"
            "# A sentence without entities has one row, label O.\n"
        )
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["file", "sent_start", "sent_end", "start", "end", "label", "surface"])
        w.writerows(rows)
    for p in problems:
        print("skipped:", p, file=sys.stderr)
    return n_sent, sum(1 for r in rows if r[5] != "O")


def sentences(lang: str = "de") -> dict[str, list[Sentence]]:
    """{"train": [...], "heldout": [...]}: tokenised sentences with token spans."""
    import spacy

    path, news = LANGS[lang].annotations, LANGS[lang].news
    if not path.is_file() or not news.is_file():
        return {"train": [], "heldout": []}
    records = _records(news)
    grouped: dict[tuple[str, int, int], list[tuple[int, int, str]]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
            k = (row["file"], int(row["sent_start"]), int(row["sent_end"]))
            grouped.setdefault(k, [])
            if row["label"] != "O":
                grouped[k].append((int(row["start"]), int(row["end"]), row["label"]))
    order = list(dict.fromkeys(f for f, _, _ in grouped))
    held = {f for i, f in enumerate(order) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1}
    nlp = spacy.blank(lang)
    out: dict[str, list[Sentence]] = {"train": [], "heldout": []}
    cleaned: dict[str, str] = {}
    for (file, start, end), ents in grouped.items():
        text = cleaned.setdefault(file, clean(records[file]))[start:end]
        doc = nlp(text)
        words = [t.text for t in doc if not t.is_space]
        index = {t.i: k for k, t in enumerate(t for t in doc if not t.is_space)}
        spans = []
        for s, e, label in ents:
            span = doc.char_span(s, e, alignment_mode="expand")
            toks = [i for i in range(span.start, span.end) if i in index] if span else []
            if toks:
                spans.append((index[toks[0]], index[toks[-1]] + 1, label))
        out["heldout" if file in held else "train"].append((words, spans))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=sorted(LANGS), default="de")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--batches", type=int, default=6)
    c = sub.add_parser("collect")
    c.add_argument("dir", type=Path)
    args = ap.parse_args(argv)
    spec = LANGS[args.lang]
    if not spec.news.is_file():
        print(f"news corpus not found: {spec.news}", file=sys.stderr)
        return 2
    if args.cmd == "draw":
        drawn = draw(args.lang)
        args.out.mkdir(parents=True, exist_ok=True)
        files = list(dict.fromkeys(f for f, *_ in drawn))
        for k in range(args.batches):
            mine = set(files[k :: args.batches])
            lines = []
            for file, start, end, text in drawn:
                if file in mine:
                    lines += [f"## {file}|{start}|{end}", text, ""]
            (args.out / f"batch_{k + 1}.txt").write_text("\n".join(lines), encoding="utf-8")
        print(f"{len(drawn)} sentences of {len(files)} articles -> {args.out}")
    else:
        n_sent, n_ent = collect(args.dir, args.lang)
        print(f"{n_sent} sentences, {n_ent} entities -> {spec.annotations}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
