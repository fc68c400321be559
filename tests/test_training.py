"""training/: label mapping on the real annotated files, splits, and the evaluation scorer.

Fast: nothing is trained here.  Tests that need ../shared/data/ner-de skip without it.
"""

from __future__ import annotations

import json

import pytest
import spacy

from training import convert, evaluate

NER_DIR = convert.NER_DIR


@pytest.fixture(scope="module")
def ner_dir():
    if not NER_DIR.is_dir():
        pytest.skip(f"annotated NER data not available: {NER_DIR} is absent")
    return NER_DIR


def _ents(sentence):
    words, spans = sentence
    return [(" ".join(words[s:e]), label) for s, e, label in spans]


def test_germeval_labels(ner_dir):
    sents = list(convert.read_germeval(ner_dir / "germeval2014-dev.tsv"))
    assert len(sents) == 2200
    # "... Selbstdarstellung " Ecce homo " ... Bild Jesu ." : OTH -> MISC, PER stays.
    assert _ents(sents[0]) == [("Ecce homo", "MISC"), ("Jesu", "PER")]
    labels = {label for s in sents for _, _, label in s[1]}
    assert labels == {"PER", "LOC", "ORG", "MISC"}
    # *deriv are adjectives ("deutschen"): MISC, lower case; *part never becomes an entity.
    derived = [t for s in sents for t, label in _ents(s) if label == "MISC" and t[0].islower()]
    assert len(derived) > 100


def test_germeval_part_is_not_an_entity():
    assert convert._germeval_tag("B-LOCpart") == "O"
    assert convert._germeval_tag("I-ORGpart") == "O"
    assert convert._germeval_tag("B-LOCderiv") == "B-MISC"
    assert convert._germeval_tag("I-OTH") == "I-MISC"


def test_europarl_iob1(ner_dir):
    sents = list(convert.read_europarl(ner_dir / "europarl-train.tsv"))
    assert len(sents) == 3184
    # "Herr von Wogau" is tagged I-PER I-PER (IOB1): one entity.
    hit = next(s for s in sents if "Wogau" in s[0])
    assert ("von Wogau", "PER") in _ents(hit)


def test_legal_fine_labels(ner_dir):
    sents = list(convert.read_legal(ner_dir / "legal-dev.conll"))
    labels = {label for s in sents for _, _, label in s[1]}
    assert labels <= {"PER", "LOC", "ORG", "MISC"}
    # Legal norms ("§ 5 Abs. 1 BGB") are not entities at all.
    assert not any("§" in t for s in sents for t, _ in _ents(s))


def test_heldout_never_in_training(ner_dir):
    data = convert.splits(ner_dir)
    key = lambda s: tuple(s[0])  # noqa: E731
    held = {key(s) for src in data["heldout"].values() for s in src}
    train = {key(s) for src in data["train"].values() for s in src}
    dev = {key(s) for src in data["dev"].values() for s in src}
    # Only parliamentary formulas recur verbatim across the Europarl files
    # ("Die Aussprache ist geschlossen ."), none with an entity.
    assert len(held & (train | dev)) <= 2
    assert len(data["heldout"]["germeval"]) == 1700 and len(data["heldout"]["europarl"]) == 858


def test_docs_read_like_text():
    nlp = spacy.blank("de")
    doc = convert.to_doc(nlp, (["Er", "sagte", '"', "Nein", '"', "."], []), german=True)
    assert doc.text == "Er sagte „Nein“."
    doc = convert.to_doc(nlp, (["Olaf", "Scholz", "(", "SPD", ")", "."], [(0, 2, "PER")]))
    assert doc.text == "Olaf Scholz (SPD)."
    assert [(e.text, e.label_) for e in doc.ents] == [("Olaf Scholz", "PER")]


def test_gold_person_files():
    for path in evaluate.GOLD_SETS.values():
        gold = evaluate.read_gold(path)
        assert gold, path
        for art in gold.values():
            assert art.url.startswith("http")
            assert all(n > 0 for n in art.persons.values())
            for person in art.persons:
                assert art.names[person] == person
    # 28 annotated; one of them is reserved for blind checks and was taken out.
    assert len(evaluate.read_gold(evaluate.GOLD_PERSONS)) == 27


def test_person_scoring_counts_splits_as_errors():
    gold = {
        "a.md": evaluate.GoldArticle(
            "a.md", "http://x", {"Wladimir Putin": 3, "Sergej Lawrow": 1},
            {"Wladimir Putin": "Wladimir Putin", "Putin": "Wladimir Putin",
             "Sergej Lawrow": "Sergej Lawrow"},
        ),
        "b.md": evaluate.GoldArticle("b.md", "http://y"),
    }  # fmt: skip
    predicted = {"a.md": {"Wladimir Putin": 2, "Putin": 1, "Kreml": 1}, "b.md": {"Jobs": 1}}
    s = evaluate.score_persons(gold, predicted)
    # Putin found (split in two actors: 1 extra FP), Lawrow missed, Kreml and Jobs wrong.
    assert (s.tp, s.fp, s.fn, s.splits) == (1, 3, 1, 1)
    assert s.counts_within_1 == 1  # 2 + 1 mentions against 3
    assert s.precision == pytest.approx(0.25) and s.recall == pytest.approx(0.5)


def test_bundled_model_meta():
    meta_path = convert.ROOT / "core" / "models" / "crisis-de-ner" / "meta.json"
    if not meta_path.is_file():
        pytest.skip(f"{meta_path.parent} is absent")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["name"] == "crisis_de_ner" and meta["lang"] == "de"
    assert set(meta["labels"]["ner"]) == {"PER", "LOC", "ORG", "MISC"}
    assert "legal" not in meta["training"]["sources"]
    assert (meta_path.parent / "README.md").is_file()


# ------------------------------------------------------------- blind actor evaluation

from training import actor_eval, sample_blind  # noqa: E402


def _gold(*rows):
    out = []
    for typ, name, count, variants in rows:
        names = {actor_eval.key(n) for n in [name, *variants]}
        out.append(actor_eval.GoldActor(typ, name, count, names))
    return out


SCORING_CASES = {
    # the surname alone is the gold person through its variant: a hit
    "variant hit": (
        _gold(("person", "Olaf Scholz", 3, ["Scholz"])),
        {("Scholz", "person"): 3},
        {"tp": 1, "fp": 0, "fn": 0, "splits": 0},
    ),
    # two actors for one person: a split (one TP, one FP)
    "split": (
        _gold(("person", "Olaf Scholz", 3, ["Scholz"])),
        {("Scholz", "person"): 1, ("Olaf Scholz", "person"): 2},
        {"tp": 1, "fp": 1, "fn": 0, "splits": 1},
    ),
    # a club predicted as a place: wrong type (FP for places, FN for organisations)
    "wrong type": (
        _gold(("organisation", "Bayer 04 Leverkusen", 2, ["Leverkusen"])),
        {("Leverkusen", "place"): 2},
        {"tp": 0, "fp": 0, "fn": 1, "splits": 0},
    ),
    # a credit predicted as a person is a false positive; ignore rows are neither
    "credit and ignore": (
        _gold(("credit", "Marcus Brandt", 1, []), ("ignore", "Deutschland", 2, [])),
        {("Marcus Brandt", "person"): 1, ("Deutschland", "place"): 2},
        {"tp": 0, "fp": 1, "fn": 0, "splits": 0},
    ),
    # case and diacritics do not matter
    "folded names": (
        _gold(("person", "Leroy Sané", 1, [])),
        {("LEROY SANE", "person"): 1},
        {"tp": 1, "fp": 0, "fn": 0, "splits": 0},
    ),
}


@pytest.mark.parametrize("case", list(SCORING_CASES))
def test_actor_scoring(case):
    gold, pred, expected = SCORING_CASES[case]
    scores, _ = actor_eval.score_article(gold, pred, aliases={})
    per = scores[gold[0].type] if gold[0].type in actor_eval.TYPES else scores["person"]
    assert {k: getattr(per, k) for k in expected} == expected
    if case == "wrong type":
        assert scores["place"].fp == 1 and scores["place"].wrong_type == 1


def test_blind_sample_is_frozen_and_clean():
    if not actor_eval.GOLD.is_file():
        pytest.skip("no blind annotations")
    sample = actor_eval.read_sample()
    gold = actor_eval.read_gold()
    assert len(sample) == 154 and set(gold) <= set(sample)
    assert sum(m["split"] == "test" for m in sample.values()) == 77
    # Reserved articles are never annotated (the draw excludes them).
    if sample_blind.RESERVED.is_file():
        reserved = {
            ln.split("\t")[1].strip()
            for ln in sample_blind.RESERVED.read_text(encoding="utf-8").splitlines()
            if "\t" in ln and not ln.startswith("#")
        }
        assert not set(sample) & reserved


# ------------------------------------------------------------- in-domain annotations

from training import indomain  # noqa: E402


def test_annotator_batches_parse_and_align():
    batch = (
        "## a.md|0|40\nOlaf Scholz traf Merz in Berlin.\nOlaf Scholz\tPER\nMerz\tPER\n"
        "Berlin\tLOC\n\n## a.md|41|60\nEs regnete.\n\n"
    )
    parsed = list(indomain.parse_batch(batch))
    assert [(f, s, e, len(ents)) for f, s, e, ents in parsed] == [
        ("a.md", 0, 40, 3),
        ("a.md", 41, 60, 0),
    ]
    spans = indomain.align("Olaf Scholz traf Merz in Berlin.", parsed[0][3])
    got = [(s, e, lab) for s, e, lab, _ in spans]
    assert got == [(0, 11, "PER"), (17, 21, "PER"), (25, 31, "LOC")]


@pytest.mark.parametrize(
    "ents",
    [
        [("Putin", "PER")],  # not in the sentence
        [("Olaf Scholz", "PER"), ("Scholz", "PER")],  # overlapping
    ],
)
def test_misaligned_annotations_are_refused(ents):
    with pytest.raises(ValueError):
        indomain.align("Olaf Scholz traf Merz.", ents)
