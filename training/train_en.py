"""Train the bundled English NER model and write it to core/models/crisis-en-ner/.

    python -m training.train_en                       # convert, train, install, score (~30 min)
    python -m training.train_en --sources wikigold,wikiann --output /tmp/trial

The same recipe as the German model (training.train: training/config.cfg, CNN tok2vec
width 96, transition-based NER, single-threaded, early stopping on dev) with English data
(training.convert_en: wikigold, the project's English news sentences, WikiANN-en).  No
pretraining: the English news corpus is too small (140,000 words) to pretrain on.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from training.convert import ignore_dir
from training.convert_en import CORPUS_DIR_EN, NER_DIR_EN, SOURCES_EN, write_corpus
from training.train import ROOT, install, train

WORK_DIR = ROOT / "training" / "work-en"  # git-ignored: training outputs
MODEL_DIR = ROOT / "core" / "models" / "crisis-en-ner"
VERSION = "1.0.0"

META = {
    "name": "crisis_en_ner",
    "lang": "en",
    "version": VERSION,
    "description": (
        "English NER (PER, LOC, ORG, MISC) for Crisis Monitor: CNN tok2vec (width 96), "
        "transition-based NER trained on wikigold, WikiANN-en (silver) and English news "
        "sentences annotated for the project. See README.md."
    ),
    "author": "Crisis Monitor",
    "license": "CC BY-SA 4.0 (derived from WikiANN / Wikipedia text; see README.md)",
    "sources": [
        {
            "key": "wikigold",
            "name": "wikigold",
            "author": "Balasuriya et al. (2009)",
            "license": "CC BY 4.0",
        },
        {
            "key": "news",
            "name": "news-en-ukraine sentences annotated for Crisis Monitor (training/data)",
            "author": "Crisis Monitor (annotated by LLM helper agents, see training/)",
            "license": "annotations: offsets and labels only; the text stays with its publishers",
        },
        {
            "key": "wikiann",
            "name": "WikiANN-en (silver)",
            "author": "Pan et al. (ACL 2017)",
            "license": "CC BY-SA (Wikipedia text)",
        },
    ],
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default=",".join(SOURCES_EN), help="comma-separated")
    ap.add_argument("--max-steps", type=int, default=6000)
    ap.add_argument("--output", type=Path, default=MODEL_DIR, help="where the pipeline goes")
    ap.add_argument("--work", type=Path, default=WORK_DIR, help="training outputs")
    ap.add_argument("--corpus", type=Path, default=CORPUS_DIR_EN, help="converted data")
    args, extra = ap.parse_known_args(argv)  # extra: spaCy config overrides (--training.x y)
    if not NER_DIR_EN.is_dir():
        print(f"training data not found: {NER_DIR_EN}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    sources = args.sources.split(",")
    counts = write_corpus(sources, args.corpus, NER_DIR_EN)
    print("corpus:", ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
    ignore_dir(args.work)
    best = train(args.work, args.corpus, None, args.max_steps, ["--nlp.lang", "en", *extra])
    install(best, args.output, sources, False, META, "python -m training.train_en")
    print(f"pipeline written to {args.output} in {(time.perf_counter() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
