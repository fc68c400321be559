"""Train the bundled German NER model and write it to core/models/crisis-de-ner/.

    python -m training.train                  # convert, pretrain, train, install (~45 min, 1 core)
    python -m training.train --no-pretrain    # skip `spacy pretrain` (~25 min)
    python -m training.train --sources germeval,europarl,legal --output /tmp/trial

Steps, all from ../shared/data (nothing of it is committed):

1. training.convert: ner-de/* -> training/corpus/{train,dev,heldout*}.spacy (git-ignored).
2. `spacy pretrain` (characters objective) of the CNN tok2vec on paragraphs of the German
   news corpus (corpora/news-de-2024.jsonl, minus the articles hand-annotated for
   training.evaluate), so the embeddings have seen current news vocabulary.
3. `spacy train` with training/config.cfg (CNN tok2vec width 96, transition-based NER),
   single-threaded, early stopping on the dev split.
4. The best model is copied to core/models/crisis-de-ner with its meta (version, sources,
   licences), and scored on the held-out split (python -m training.evaluate ner).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from training.convert import CORPUS_DIR, NER_DIR, ROOT, ignore_dir, write_corpus

CONFIG = ROOT / "training" / "config.cfg"
NEWS = ROOT.parent / "shared" / "data" / "corpora" / "news-de-2024.jsonl"
WORK_DIR = ROOT / "training" / "work"  # git-ignored: pretraining and training outputs
MODEL_DIR = ROOT / "core" / "models" / "crisis-de-ner"
VERSION = "1.1.0"

META = {
    "name": "crisis_de_ner",
    "version": VERSION,
    "description": (
        "German NER (PER, LOC, ORG, MISC) for Crisis Monitor: CNN tok2vec (width 96) "
        "pretrained on German news, transition-based NER trained on GermEval 2014 "
        "(dev + 2/3 of test), Europarl NER, DFKI SmartData and German news sentences "
        "annotated for the project. See README.md."
    ),
    "author": "Crisis Monitor",
    "license": "CC BY 4.0 (derived from GermEval 2014 NoSta-D data; see README.md)",
    "sources": [
        {
            "key": "germeval",
            "name": "GermEval 2014 NER (NoSta-D)",
            "url": "https://sites.google.com/site/germeval2014ner/",
            "license": "CC BY 4.0",
            "author": "Benikova, Biemann, Reznicek (LREC 2014)",
        },
        {
            "key": "europarl",
            "name": "Europarl German NER",
            "author": "Faruqui & Padó (KONVENS 2010)",
            "license": "research data, licence not stated",
        },
        {
            "key": "smartdata",
            "name": "DFKI SmartData Corpus v1 (train)",
            "author": "Schiersch et al. (LREC 2018)",
            "license": "CC BY 4.0",
        },
        {
            "key": "news",
            "name": "news-de-2024 sentences annotated for Crisis Monitor (training/data)",
            "author": "Crisis Monitor (annotated by LLM helper agents, see training/)",
            "license": "annotations: offsets and labels only; the text stays with its publishers",
        },
        {
            "key": "wikiann",
            "name": "WikiANN-de (silver)",
            "author": "Pan et al. (ACL 2017)",
            "license": "CC BY-SA (Wikipedia text)",
        },
        {
            "key": "legal",
            "name": "German legal NER",
            "author": "Leitner et al.",
            "license": "CC BY 4.0",
        },
    ],
}


def _run(cmd: list[str]) -> None:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=env)


def write_raw_text(path: Path, limit_words: int) -> int:
    """Paragraphs of the German news corpus as spaCy JSONL ({"text": ...}); returns words."""
    from core.boilerplate import clean_text
    from training.evaluate import GOLD_SETS, read_gold
    from training.sample_blind import SAMPLE_PATH, excluded_files

    # The hand-annotated evaluation articles (the person sets, the blind actor sample)
    # and the articles reserved for blind checks stay unseen, even without labels.
    held = {f for path in GOLD_SETS.values() if path.is_file() for f in read_gold(path)}
    held |= excluded_files()
    if SAMPLE_PATH.is_file():
        held |= {ln.split("\t")[0] for ln in SAMPLE_PATH.read_text(encoding="utf-8").splitlines()}
    words = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with NEWS.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for line in src:
            rec = json.loads(line)
            if rec.get("file") in held:
                continue
            for para in clean_text(rec.get("text") or "").text.split("\n"):
                n = len(para.split())
                if n < 8:
                    continue
                dst.write(json.dumps({"text": para}, ensure_ascii=False) + "\n")
                words += n
            if words >= limit_words:
                break
    return words


def pretrain(out_dir: Path, epochs: int, limit_words: int) -> Path:
    raw = out_dir / "raw_text.jsonl"
    n = write_raw_text(raw, limit_words)
    print(f"pretraining on {n:,} words of news paragraphs", flush=True)
    pt_dir = out_dir / "pretrain"
    if pt_dir.exists():
        shutil.rmtree(pt_dir)
    _run(
        [sys.executable, "-m", "spacy", "pretrain", str(CONFIG), str(pt_dir),
         "--paths.raw_text", str(raw), "--pretraining.max_epochs", str(epochs)]
    )  # fmt: skip
    weights = sorted(pt_dir.glob("model*.bin"), key=lambda p: p.stat().st_mtime)
    return weights[-1]


def finetune_config(base: Path, out_dir: Path) -> Path:
    """CONFIG with tok2vec and ner sourced from an existing pipeline (continue training it)."""
    from spacy.util import load_config

    config = load_config(CONFIG, interpolate=False)
    for name in ("tok2vec", "ner"):
        config["components"][name] = {"source": str(base.resolve())}
    path = out_dir / "config-finetune.cfg"
    config.to_disk(path)
    return path


def train(
    out_dir: Path,
    corpus: Path,
    init_tok2vec: Path | None,
    max_steps: int,
    extra: list[str],
    config: Path = CONFIG,
) -> Path:
    cmd = [
        sys.executable, "-m", "spacy", "train", str(config),
        "--output", str(out_dir / "model"),
        "--paths.train", str(corpus / "train.spacy"),
        "--paths.dev", str(corpus / "dev.spacy"),
        "--training.max_steps", str(max_steps),
    ]  # fmt: skip
    if init_tok2vec:
        cmd += ["--paths.init_tok2vec", str(init_tok2vec)]
    _run(cmd + extra)
    return out_dir / "model" / "model-best"


def install(
    best: Path,
    target: Path,
    sources: list[str],
    pretrained: bool,
    meta_base: dict | None = None,
    command: str = "python -m training.train",
) -> None:
    """Copy the trained pipeline into the repo, with meta that says what it is."""
    meta_base = META if meta_base is None else meta_base
    if target.exists():
        # Keep the hand-written model card across retraining.
        card = (
            (target / "README.md").read_text(encoding="utf-8")
            if (target / "README.md").is_file()
            else None
        )
        shutil.rmtree(target)
    else:
        card = None
    shutil.copytree(best, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(meta_base)
    meta["sources"] = [s for s in meta_base["sources"] if _source_key(s) in sources]
    if not pretrained:
        meta["description"] = meta["description"].replace(" pretrained on German news", "")
    meta["training"] = {"sources": sources, "pretrained_tok2vec": pretrained, "command": command}
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    # The config keeps the paths of this machine's training files: not needed to load.
    from spacy.util import load_config

    config = load_config(target / "config.cfg", interpolate=False)
    for key in config["paths"]:
        config["paths"][key] = None
    config.to_disk(target / "config.cfg")
    if card:
        (target / "README.md").write_text(card, encoding="utf-8")


def _source_key(source: dict) -> str:
    return source["key"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sources",
        default="germeval,europarl",
        help="comma-separated: germeval, europarl, legal, wikiann, smartdata",
    )
    ap.add_argument(
        "--from-model",
        type=Path,
        help="continue training this pipeline (its tok2vec and ner) instead of starting fresh",
    )
    ap.add_argument("--no-pretrain", action="store_true", help="skip spacy pretrain")
    ap.add_argument("--pretrain-epochs", type=int, default=2)
    ap.add_argument(
        "--init-tok2vec", type=Path, help="use these pretrained weights instead of pretraining"
    )
    ap.add_argument("--pretrain-words", type=int, default=1_500_000)
    ap.add_argument("--max-steps", type=int, default=6000)
    ap.add_argument("--output", type=Path, default=MODEL_DIR, help="where the pipeline goes")
    ap.add_argument("--work", type=Path, default=WORK_DIR, help="pretraining/training outputs")
    ap.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="where converted data goes")
    args, extra = ap.parse_known_args(argv)  # extra: spaCy config overrides (--training.x y)
    if not NER_DIR.is_dir():
        print(f"training data not found: {NER_DIR}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    sources = args.sources.split(",")
    counts = write_corpus(sources, args.corpus, NER_DIR)
    print("corpus:", ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
    ignore_dir(args.work)
    init = args.init_tok2vec
    config = CONFIG
    if args.from_model:
        config, init = finetune_config(args.from_model, args.work), None
    elif init is None and not args.no_pretrain:
        if NEWS.is_file():
            init = pretrain(args.work, args.pretrain_epochs, args.pretrain_words)
        else:
            print(f"no pretraining: {NEWS} is absent", flush=True)
    best = train(args.work, args.corpus, init, args.max_steps, extra, config)
    install(best, args.output, sources, init is not None or args.from_model is not None)
    print(f"pipeline written to {args.output} in {(time.perf_counter() - started) / 60:.1f} min")
    if args.output.resolve() == MODEL_DIR.resolve():
        from training import evaluate

        evaluate.main(["ner", "--pipeline", "crisis-de-ner"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
