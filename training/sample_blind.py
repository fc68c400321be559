"""Draw the blind actor-evaluation sample from news-de-2024.jsonl (fixed seed, by section).

    python -m training.sample_blind            # writes training/eval/actors_blind_sample.tsv
    python -m training.sample_blind --texts DIR  # also one .txt per drawn article, for annotators

The draw was made once, before any code was changed for it (2026-12-02); re-running it gives
the same articles.  Sections are weak labels read from the URL path (``SECTION_WORDS``,
first match wins, checked in order) except ``russia-ukraine``, which is any article whose
title and text name Russia/Ukraine words at least three times.  Articles listed in
../shared/data/reserved.txt and those of the older person sets are never drawn.  Within each
section the drawn articles alternate dev / test after a shuffle with the same seed, so both
halves cover every section; the test half is frozen (see training/eval/GUIDELINES-actors.md).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]

NEWS = ROOT.parent / "shared" / "data" / "corpora" / "news-de-2024.jsonl"
RESERVED = ROOT.parent / "shared" / "data" / "reserved.txt"
OUT = SAMPLE_PATH = ROOT / "training" / "eval" / "actors_blind_sample.tsv"
OLD_SETS = ("persons_news_de_2024.tsv", "persons_news_de_2024_check.tsv")
SEED = 20261202
PER_SECTION = 22
MIN_WORDS, MAX_WORDS = 60, 1000

# URL path words -> section (weak labels; the first section with a matching path word wins).
SECTION_WORDS = {
    "sports": (
        "sport",
        "sports",
        "fussball",
        "tennis",
        "formel-1",
        "formel1",
        "olympia",
        "handball",
        "wintersport",
        "motogp",
        "bundesliga",
        "uefachampionsleague",
        "em-2024",
        "basketball",
        "eishockey",
        "radsport",
        "boxen",
        "golf",
        "leichtathletik",
        "dfb-pokal",
    ),
    "economy": ("wirtschaft", "unternehmen", "finanzen", "geld", "boerse", "wirtschaft-politik"),
    "culture": (
        "kultur",
        "unterhaltung",
        "stars",
        "leute",
        "promis",
        "serien",
        "tv",
        "fernsehen",
        "show",
        "boulevard",
        "musik",
        "kino",
        "film",
        "promi-tv",
        "lifestyle",
        "medien",
    ),
    "politics": ("politik", "inland", "ausland", "international", "deutschland", "ausland"),
    "local": (
        "lokales",
        "lokal",
        "regional",
        "region",
        "regionales",
        "staedte",
        "nrw",
        "berlin",
        "hamburg",
        "bayern",
        "sachsen",
        "niedersachsen",
        "hessen",
        "karlsruhe",
        "mittelbaden",
    ),
}
RU_UA = re.compile(
    r"\b(?:Ukrain\w*|Russland\w*|russisch\w*|Putin\w*|Selenskyj\w*|Kreml\w*|Kiew\w*)"
)


def section_of(rec: dict) -> str:
    if len(RU_UA.findall(f"{rec.get('title', '')} {rec.get('text', '')}")) >= 3:
        return "russia-ukraine"
    words = {w.lower() for w in urlparse(rec.get("url") or "").path.split("/") if w}
    for section, keys in SECTION_WORDS.items():
        if words & set(keys):
            return section
    return "other"


def excluded_files() -> set[str]:
    out = set()
    if RESERVED.is_file():
        for line in RESERVED.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") and "\t" in line:
                out.add(line.split("\t")[1].strip())
    for name in OLD_SETS:
        path = ROOT / "training" / "eval" / name
        if path.is_file():
            out |= {ln.split("\t")[0] for ln in path.read_text(encoding="utf-8").splitlines()}
    return out


def draw(news: Path = NEWS) -> list[dict]:
    skip = excluded_files()
    seen, pools = set(), {}
    for line in news.open(encoding="utf-8"):
        rec = json.loads(line)
        n = len(rec["text"].split())
        if rec["file"] in skip or rec["file"] in seen or not MIN_WORDS <= n <= MAX_WORDS:
            continue
        seen.add(rec["file"])
        pools.setdefault(section_of(rec), []).append(rec)
    rng = random.Random(SEED)
    drawn = []
    for section in sorted(pools):
        pool = sorted(pools[section], key=lambda r: r["file"])
        picked = rng.sample(pool, min(PER_SECTION, len(pool)))
        for i, rec in enumerate(picked):
            drawn.append({**rec, "section": section, "split": "dev" if i % 2 == 0 else "test"})
    return drawn


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, help="also write each article's text here")
    args = ap.parse_args(argv)
    drawn = draw()
    lines = [
        f"# Blind actor sample: python -m training.sample_blind (seed {SEED})",
        "file\tsection\tsplit\tn_words\turl",
    ]
    for r in drawn:
        lines.append(
            f"{r['file']}\t{r['section']}\t{r['split']}\t{len(r['text'].split())}\t{r['url']}"
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.texts:
        args.texts.mkdir(parents=True, exist_ok=True)
        for r in drawn:
            (args.texts / f"{r['file']}.txt").write_text(r["text"], encoding="utf-8")
    print(f"{len(drawn)} articles -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
