"""Evaluate NER pipelines: held-out NER scores, and person actors on hand-annotated news.

    python -m training.evaluate                 # both, for the pipeline ingest would pick
    python -m training.evaluate --pipeline rules-de --pipeline crisis-de-ner
    python -m training.evaluate ner             # held-out P/R/F per label only
    python -m training.evaluate persons -v      # person actors only, with per-article errors
    python -m training.evaluate actors -v       # blind sample: persons, orgs, places
    python -m training.evaluate actors-en -v    # English blind sample: persons, orgs, places
    python -m training.evaluate ner-en          # English held-out NER (news, WikiANN-en)
    python -m training.evaluate cyrillic        # Russian actors on BSNLP news (development)
    python -m training.evaluate dupes           # near-duplicate pairs: P/R per threshold
    python -m training.evaluate stories [--db F] [--grid]   # same-story pairs: P/R/F1
    python -m training.evaluate ner-en --pipeline rules-en --pipeline core/models/crisis-en-ner
    python -m training.evaluate topics -v       # sections, crisis topics, crisis flag
    python -m training.evaluate ner --pipeline core/models/crisis-de-ner   # the model alone

**ner**: the held-out split of training.convert (every third sentence of GermEval 2014 test +
Europarl test; never trained or tuned on), scored with spaCy's Scorer (exact span and label
match) for the whole pipeline as ingest runs it, rules and consistency included.

**persons**: the 27 articles of training/eval/persons_news_de_2024.tsv (the rules were
tuned on them) and the 10 of persons_news_de_2024_check.tsv (annotated afterwards, never
tuned on) go through the real
ingest path (core.ingest: boilerplate, language, NLP, actor resolution, store) into a
temporary database; the person actors of each article are compared with the hand-made
list.  A predicted actor is a gold person when its name is the person's name or one of the
listed variants.  Per (article, person): TP = gold person found; FN = not found; FP = a
predicted person actor that is no gold person, or a second actor of a gold person (a
*split*: one person counted as two actors).  Scores are micro-averaged over the articles.
Mention counts are compared too ("count within 1").
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from training.convert import CORPUS_DIR, NER_DIR, ROOT, write_corpus

NEWS = ROOT.parent / "shared" / "data" / "corpora" / "news-de-2024.jsonl"
GOLD_PERSONS = ROOT / "training" / "eval" / "persons_news_de_2024.tsv"
# Annotated after the rules were tuned on GOLD_PERSONS, and never used for tuning.
GOLD_CHECK = ROOT / "training" / "eval" / "persons_news_de_2024_check.tsv"
GOLD_SETS = {"tuning set": GOLD_PERSONS, "check set": GOLD_CHECK}
LABELS = ("PER", "LOC", "ORG", "MISC")


# --------------------------------------------------------------------------- held-out NER


def heldout_docs(nlp, name: str = "heldout"):
    from spacy.tokens import DocBin

    path = CORPUS_DIR / f"{name}.spacy"
    if not path.is_file() and name != "heldout-news":
        write_corpus(["germeval", "europarl"], CORPUS_DIR, NER_DIR)
    if not path.is_file():
        return []
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def score_ner(nlp, gold_docs) -> dict:
    """spaCy's NER scores of `nlp` on the gold docs; adds words/s of the whole pipeline."""
    from spacy.scorer import Scorer
    from spacy.tokens import Doc
    from spacy.training import Example

    started = time.perf_counter()
    preds = list(
        nlp.pipe(Doc(nlp.vocab, words=[t.text for t in g], spaces=[bool(t.whitespace_) for t in g])
                 for g in gold_docs)
    )  # fmt: skip
    seconds = time.perf_counter() - started
    from spacy.tokens import Span

    for p in preds:
        # Our EVENT label refines the gold's MISC (events are MISC in GermEval).
        if any(e.label_ == "EVENT" for e in p.ents):
            p.ents = [Span(p, e.start, e.end, "MISC") if e.label_ == "EVENT" else e for e in p.ents]
    examples = [Example(p, g) for p, g in zip(preds, gold_docs, strict=True)]
    scores = Scorer.score_spans(examples, "ents")
    scores["words_per_s"] = sum(len(g) for g in gold_docs) / seconds
    return scores


def format_ner(name: str, scores: dict) -> str:
    rows = [f"{name}: P {scores['ents_p']:.3f}  R {scores['ents_r']:.3f}  F {scores['ents_f']:.3f}"]
    per = scores.get("ents_per_type") or {}
    for label in LABELS:
        s = per.get(label, {"p": 0.0, "r": 0.0, "f": 0.0})
        rows.append(f"  {label:<5} P {s['p']:.3f}  R {s['r']:.3f}  F {s['f']:.3f}")
    rows.append(f"  ({scores['words_per_s']:,.0f} words/s on held-out sentences)")
    return "\n".join(rows)


def evaluate_ner_en(names: list[str]) -> None:
    """English held-out NER (training.convert_en): the annotated news sentences of every
    seventh article, and 2,000 WikiANN-en test sentences (no MISC there)."""
    import spacy
    from spacy.tokens import DocBin

    from core import nlp as core_nlp
    from training.convert_en import CORPUS_DIR_EN, NER_DIR_EN, SOURCES_EN, write_corpus

    if not NER_DIR_EN.is_dir():
        print(f"English held-out NER: skipped, {NER_DIR_EN} is absent", file=sys.stderr)
        return
    if not (CORPUS_DIR_EN / "heldout-news.spacy").is_file():
        write_corpus(list(SOURCES_EN), CORPUS_DIR_EN, NER_DIR_EN)
    for name in names:
        if Path(name).is_dir():
            nlp, versioned = spacy.load(name), f"{name} (model only)"
        else:
            nlp, versioned = core_nlp.load_pipeline("en", prefer=name)
        for part in ("news", "wikiann"):
            docs = list(DocBin().from_disk(CORPUS_DIR_EN / f"heldout-{part}.spacy")
                        .get_docs(nlp.vocab))
            if docs:
                print(format_ner(f"English held-out {part} ({len(docs)} sentences), {versioned}",
                                 score_ner(nlp, docs)))


# --------------------------------------------------------------------------- person actors


@dataclass
class GoldArticle:
    file: str
    url: str
    persons: dict[str, int] = field(default_factory=dict)  # person -> mention count
    names: dict[str, str] = field(default_factory=dict)  # any name or variant -> person


def read_gold(path: Path = GOLD_PERSONS) -> dict[str, GoldArticle]:
    out: dict[str, GoldArticle] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            art = out.setdefault(row["file"], GoldArticle(row["file"], row["url"]))
            person = row["person"]
            if person == "-":
                continue
            art.persons[person] = int(row["count"])
            for name in [person] + [v for v in (row["variants"] or "").split("|") if v]:
                art.names.setdefault(name, person)
    return out


@dataclass
class PersonScores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    splits: int = 0
    counts_within_1: int = 0
    details: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_persons(gold: dict[str, GoldArticle], predicted: dict[str, dict[str, int]]):
    """Compare gold persons with predicted person actors ({file: {actor: n_mentions}})."""
    s = PersonScores()
    for file, art in gold.items():
        pred = predicted.get(file, {})
        matched: dict[str, list[str]] = defaultdict(list)
        for actor in pred:
            person = art.names.get(actor)
            if person is None:
                s.fp += 1
                s.details.append(f"{file}: FP {actor!r} ({pred[actor]})")
            else:
                matched[person].append(actor)
        for person, n in art.persons.items():
            actors = matched.get(person, [])
            if not actors:
                s.fn += 1
                s.details.append(f"{file}: FN {person!r} ({n})")
                continue
            s.tp += 1
            if len(actors) > 1:
                s.splits += 1
                s.fp += len(actors) - 1
                s.details.append(f"{file}: SPLIT {person!r} -> {sorted(actors)}")
            got = sum(pred[a] for a in actors)
            if abs(got - n) <= 1:
                s.counts_within_1 += 1
            else:
                s.details.append(f"{file}: COUNT {person!r} gold {n}, got {got}")
    return s


def predict_persons(gold: dict[str, GoldArticle], pipeline: str | None, news: Path = NEWS):
    """Run the annotated articles through core.ingest; {file: {person actor: mentions}}."""
    from training.actor_eval import predict

    actors, report = predict(set(gold), pipeline, news)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for file, counts in actors.items():
        for (actor, typ), n in counts.items():
            if typ == "person":
                out[file][actor] = n
    return out, report


def format_persons(name: str, s: PersonScores, n_gold: int, verbose: bool) -> str:
    rows = [
        f"{name}: person actors P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"(TP {s.tp}, FP {s.fp}, FN {s.fn}; splits {s.splits}; "
        f"counts within 1: {s.counts_within_1}/{s.tp} found, {n_gold} gold persons)"
    ]
    if verbose:
        rows += ["  " + d for d in s.details]
    return "\n".join(rows)


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "what",
        nargs="?",
        choices=("all", "ner", "persons", "actors", "actors-en", "ner-en", "cyrillic", "dupes",
                 "topics", "stories"),
        default="all",
    )
    ap.add_argument(
        "--pipeline",
        action="append",
        help="pipeline name from core.nlp, or a spaCy pipeline directory for NER scores of "
        "the model alone (repeatable); default: the one ingest picks for German",
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="list every person error")
    ap.add_argument("--db", type=Path, help="stories: reuse (or build once) this store of the "
                    "corpus instead of ingesting it into a temporary one")
    ap.add_argument("--grid", action="store_true",
                    help="stories: also score a grid of parameters on the dev bundles")
    args = ap.parse_args(argv)

    from core import nlp as core_nlp

    names = args.pipeline or [core_nlp.load_pipeline("de")[1].split("@")[0]]
    if args.what in ("all", "ner"):
        if not NER_DIR.is_dir():
            print(f"held-out NER: skipped, {NER_DIR} is absent", file=sys.stderr)
        else:
            for name in names:
                if Path(name).is_dir():
                    # A bare spaCy pipeline directory: the model alone, without the rules.
                    import spacy

                    nlp, versioned = spacy.load(name), f"{name} (model only)"
                else:
                    nlp, versioned = core_nlp.load_pipeline("de", prefer=name)
                docs = heldout_docs(nlp)
                print(format_ner(f"held-out NER, {versioned}", score_ner(nlp, docs)))
                for part in ("germeval", "europarl", "news"):
                    part_docs = heldout_docs(nlp, f"heldout-{part}")
                    if not part_docs:  # no in-domain annotations here
                        continue
                    sc = score_ner(nlp, part_docs)
                    f, p, r = sc["ents_f"], sc["ents_p"], sc["ents_r"]
                    print(f"  {part} ({len(part_docs)} sentences): F {f:.3f} (P {p:.3f} R {r:.3f})")
    if args.what in ("all", "persons"):
        if not NEWS.is_file():
            print(f"person actors: skipped, {NEWS} is absent", file=sys.stderr)
        else:
            for name in (n for n in names if not Path(n).is_dir()):
                total = PersonScores()
                n_total = 0
                for set_name, path in GOLD_SETS.items():
                    gold = read_gold(path)
                    n_gold = sum(len(a.persons) for a in gold.values())
                    predicted, report = predict_persons(gold, name)
                    s = score_persons(gold, predicted)
                    label = f"{set_name}, {len(gold)} articles, {', '.join(report.pipelines)}"
                    print(format_persons(label, s, n_gold, args.verbose))
                    for k in ("tp", "fp", "fn", "splits", "counts_within_1"):
                        setattr(total, k, getattr(total, k) + getattr(s, k))
                    n_total += n_gold
                print(format_persons(f"both sets, {name}", total, n_total, False))
    if args.what in ("all", "actors"):
        from training import actor_eval

        if not NEWS.is_file() or not actor_eval.GOLD.is_file():
            print("actors: skipped, the news corpus or the blind annotations are absent",
                  file=sys.stderr)  # fmt: skip
        else:
            for name in (n for n in names if not Path(n).is_dir()):
                print(actor_eval.evaluate(name, verbose=args.verbose))
    if args.what in ("all", "actors-en"):
        from training import actor_eval

        if not actor_eval.NEWS_EN.is_file() or not actor_eval.GOLD_EN.is_file():
            print("actors-en: skipped, the English corpus or its blind annotations are absent",
                  file=sys.stderr)
        else:
            # English articles take the English pipeline whatever --pipeline names for German.
            print(actor_eval.evaluate(None, verbose=args.verbose, gold_path=actor_eval.GOLD_EN,
                                      sample_path=actor_eval.SAMPLE_EN, news=actor_eval.NEWS_EN))
    if args.what in ("all", "ner-en"):
        evaluate_ner_en(args.pipeline or [core_nlp.load_pipeline("en")[1].split("@")[0]])
    if args.what in ("all", "cyrillic"):
        from training import cyrillic_eval

        if not cyrillic_eval.NER_RU.is_dir():
            print(f"cyrillic: skipped, {cyrillic_eval.NER_RU} is absent", file=sys.stderr)
        else:
            print(cyrillic_eval.evaluate())
    if args.what in ("all", "dupes"):
        from training import dupe_eval
        from training.sample_pairs import CORPORA, CORPUS

        if not dupe_eval.LABELS.is_file() or not (CORPORA / CORPUS).is_file():
            print("dupes: skipped, the labelled pairs or the corpus are absent", file=sys.stderr)
        else:
            print(dupe_eval.evaluate())
    if args.what in ("all", "stories"):
        from training import story_eval
        from training.sample_stories import CORPORA, CORPUS

        if not story_eval.LABELS.is_file() or not (CORPORA / CORPUS).is_file():
            print("stories: skipped, the labels or the corpus are absent", file=sys.stderr)
        else:
            print(story_eval.evaluate(args.db, grid=args.grid))
    if args.what in ("all", "topics"):
        from training import topic_eval

        if not topic_eval.CORPORA.is_dir():
            print(f"topics: skipped, {topic_eval.CORPORA} is absent", file=sys.stderr)
        else:
            print(topic_eval.evaluate(verbose=args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
