"""Actor-level evaluation on the blind news sample: persons, organisations, places.

    python -m training.evaluate actors                # dev and test halves, per type and section
    python -m training.evaluate actors -v             # + every error of the dev half

Gold: training/eval/actors_blind_de.tsv (annotated by reading, GUIDELINES-actors.md) on the
articles of training/eval/actors_blind_sample.tsv (split dev/test, section).  The articles
go through the real ingest (core.ingest: boilerplate, language, NLP, actor resolution,
store) into a temporary database, exactly as a user's corpus would.

Scoring, per article and actor type (person, organisation, place):

* A predicted actor is named as the dashboard shows it in the sample's language
  (core.display_names; German: the id itself, English: "Romania", not "Rumänien").
* A predicted actor *matches* a gold row when its name equals the gold name or one of its
  variants, compared case-insensitively and without diacritics, after the project's alias
  file has mapped both sides (so "Kiew" and "Kyjiw" are one place when the alias file says so).
* TP: a gold actor found by a predicted actor of the same type.  FN: not found.
* FP: a predicted actor that matches no gold actor (junk, fragment, role glued to a name), a
  second actor of the same gold actor (a **split**), a predicted actor whose gold type differs
  (a **wrong type**, e.g. a club as a place; also listed on its own), or a credit/byline.
* Gold rows of type ``ignore`` are neither required nor wrong; ``event`` rows are not scored
  as a type, but an event predicted as an organisation or place is a wrong type.

Errors are listed for the dev half only (``-v``): the test half is frozen, reported every
time, and never looked at error by error.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from training.convert import ROOT

NEWS = ROOT.parent / "shared" / "data" / "corpora" / "news-de-2024.jsonl"
GOLD = ROOT / "training" / "eval" / "actors_blind_de.tsv"
SAMPLE = ROOT / "training" / "eval" / "actors_blind_sample.tsv"
# The English blind sample (python -m training.sample_blind_en; GUIDELINES-actors-en.md).
NEWS_EN = ROOT.parent / "shared" / "data" / "corpora" / "news-en-ukraine.jsonl"
GOLD_EN = ROOT / "training" / "eval" / "actors_blind_en.tsv"
SAMPLE_EN = ROOT / "training" / "eval" / "actors_blind_en_sample.tsv"
TYPES = ("person", "organisation", "place")
GOLD_TYPES = {"person", "organisation", "place", "event", "credit", "ignore"}


def key(name: str) -> str:
    """Comparison key: core.actors' fold (case, diacritics, ß), one space."""
    from core.actors import fold

    return " ".join(fold(name).split())


@dataclass
class GoldActor:
    type: str
    name: str
    count: int
    names: set[str] = field(default_factory=set)  # keys of the name and its variants


def read_sample(path: Path = SAMPLE) -> dict[str, dict]:
    """{file: {"section":…, "split":…}}."""
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        return {r["file"]: {"section": r["section"], "split": r["split"]} for r in rows}


def read_gold(path: Path = GOLD, aliases: dict[str, str] | None = None):
    """{file: [GoldActor]} (files with a '-' row have an empty list)."""
    aliases = aliases or {}
    out: dict[str, list[GoldActor]] = {}
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        for row in rows:
            acts = out.setdefault(row["file"].strip(), [])
            typ = (row["type"] or "").strip()
            if typ == "-" or not row["actor"] or row["actor"].strip() == "-":
                continue
            if typ not in GOLD_TYPES:
                raise ValueError(f"{path}: unknown type {typ!r} in row {row}")
            names = [row["actor"].strip()] + [
                v.strip() for v in (row.get("variants") or "").split("|") if v.strip()
            ]
            keys = {key(n) for n in names} | {key(aliases[n]) for n in names if n in aliases}
            acts.append(GoldActor(typ, row["actor"].strip(), int(row["count"] or 0), keys))
    return out


@dataclass
class TypeScores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    splits: int = 0
    wrong_type: int = 0
    credits: int = 0
    count_ok: int = 0

    def add(self, other: TypeScores) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

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


def score_article(
    gold: list[GoldActor], pred: dict[tuple[str, str], int], aliases: dict[str, str]
) -> tuple[dict[str, TypeScores], list[str]]:
    """Scores per type for one article; pred is {(actor, actor_type): n_mentions}."""
    scores = {t: TypeScores() for t in TYPES}
    errors: list[str] = []
    found: dict[int, list[str]] = defaultdict(list)  # gold index -> same-type predicted actors
    for (actor, typ), n in sorted(pred.items()):
        if typ not in TYPES:
            continue
        k = {key(actor), key(aliases.get(actor, actor))}
        hits = [i for i, g in enumerate(gold) if g.names & k]
        same = [i for i in hits if gold[i].type == typ]
        if same:
            found[same[0]].append(actor)
            continue
        if any(gold[i].type == "ignore" for i in hits):
            continue
        scores[typ].fp += 1
        if any(gold[i].type == "credit" for i in hits):
            scores[typ].credits += 1
            errors.append(f"CREDIT  {typ:12} {actor!r} ({n})")
        elif hits:
            scores[typ].wrong_type += 1
            errors.append(f"TYPE    {typ:12} {actor!r} ({n}) is {gold[hits[0]].type}")
        else:
            errors.append(f"FP      {typ:12} {actor!r} ({n})")
    for i, g in enumerate(gold):
        if g.type not in TYPES:
            continue
        s = scores[g.type]
        actors = found.get(i, [])
        if not actors:
            s.fn += 1
            errors.append(f"FN      {g.type:12} {g.name!r} ({g.count})")
            continue
        s.tp += 1
        if len(actors) > 1:
            s.splits += 1
            s.fp += len(actors) - 1
            errors.append(f"SPLIT   {g.type:12} {g.name!r} -> {actors}")
        got = sum(pred[(a, g.type)] for a in actors)
        if abs(got - g.count) <= max(1, round(0.2 * g.count)):
            s.count_ok += 1
        else:
            errors.append(f"COUNT   {g.type:12} {g.name!r} gold {g.count}, got {got}")
    return scores, errors


def predict(files: set[str], pipeline: str | None, news: Path = NEWS):
    """Run the articles through core.ingest; {file: {(actor, actor_type): n_mentions}}."""
    from core.ingest import Engine, ingest
    from core.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        # Each record's line in the temporary file says which sample file it is (records
        # without a URL, like the English corpus's, are found the same way).
        by_locator: dict[str, str] = {}
        with news.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
            for line in src:
                rec = json.loads(line)
                if rec.get("file") in files and rec["file"] not in by_locator.values():
                    dst.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    by_locator[f"{sample}:{len(by_locator) + 1}"] = rec["file"]
        with Store(Path(tmp) / "eval.db") as store:
            report = ingest([str(sample)], store, engine=Engine(prefer=pipeline))
            mentions = store.mentions()
            articles = store.articles(with_text=False)
            located = store.conn.execute(
                "SELECT article_id, locator FROM article_sources").fetchall()
    # Actors are scored by the name the dashboard shows in the sample's language (its
    # default display language): "Romania" in English, not the id "Rumänien".
    from core import display_names as dn

    langs = dn.languages_by_size(articles)
    shown = dn.display_names(dn.surface_counts(mentions, articles), langs[0] if langs else "",
                             dn.load())
    file_of = {aid: by_locator[loc] for aid, loc in located if loc in by_locator}
    out: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    grouped = mentions.groupby(["article_id", "actor", "actor_type"], observed=True).size()
    for (aid, actor, typ), n in grouped.items():
        out[file_of[aid]][(shown.get(str(actor), str(actor)), str(typ))] = int(n)
    return out, report


def evaluate(pipeline: str | None, verbose: bool = False, gold_path: Path = GOLD,
             sample_path: Path = SAMPLE, news: Path = NEWS) -> str:
    from core.actors import load_aliases

    aliases = load_aliases()
    gold = read_gold(gold_path, aliases)
    sample = read_sample(sample_path)
    missing = set(gold) - set(sample)
    if missing:
        raise ValueError(f"gold articles not in the sample: {sorted(missing)[:5]}")
    predicted, report = predict(set(gold), pipeline, news)
    by = {"split": defaultdict(lambda: {t: TypeScores() for t in TYPES}),
          "section": defaultdict(lambda: {t: TypeScores() for t in TYPES})}  # fmt: skip
    dev_errors = []
    for file, acts in sorted(gold.items()):
        scores, errors = score_article(acts, predicted.get(file, {}), aliases)
        meta = sample[file]
        for t in TYPES:
            by["split"][meta["split"]][t].add(scores[t])
            by["section"][(meta["split"], meta["section"])][t].add(scores[t])
        if meta["split"] == "dev":
            dev_errors += [f"{file}: {e}" for e in errors]
    n = {s: sum(1 for f in gold if sample[f]["split"] == s) for s in ("dev", "test")}
    lines = [f"actors on the blind sample ({', '.join(report.pipelines)}): "
             f"{n['dev']} dev + {n['test']} test articles"]  # fmt: skip
    for split in ("dev", "test"):
        lines.append(f"{split}:")
        for t in TYPES:
            s = by["split"][split][t]
            lines.append(
                f"  {t:12} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
                f"(TP {s.tp}, FP {s.fp}, FN {s.fn}; splits {s.splits}, wrong type "
                f"{s.wrong_type}, credits {s.credits}; counts ok {s.count_ok}/{s.tp})"
            )
        for (sp, section), per in sorted(by["section"].items()):
            if sp == split:
                cells = "  ".join(
                    f"{t[:3]} P {per[t].precision:.2f} R {per[t].recall:.2f}" for t in TYPES
                )
                lines.append(f"    {section:15} {cells}")
    if verbose:
        lines.append("dev errors:")
        lines += ["  " + e for e in dev_errors]
    return "\n".join(lines)
