"""Compare language detectors on short and long German, English and Russian texts, and on
mixed-language articles; the evidence behind core/language.py's choice.

    python -m training.langid_compare          # prints accuracy and speed per detector

Comparison set (built from ../shared/data at run time, nothing committed; articles of
reserved.txt excluded; seed 7):
- long de / long en: 150 articles each of news-de-2024 / news-en-ukraine (whole text);
- short de / short en: their first 60-120 characters (a headline-sized stub);
- long ru / short ru: 150 BSNLP documents (ner-ru, tokens joined) and their first sentence;
- short uk: 12 Ukrainian news sentences written for this comparison (no Ukrainian corpus is
  available here; a weak check);
- mixed: 100 German articles with an English paragraph of 300-500 characters put in front
  (a German liveticker that opens with an English quote): the answer must stay "de".

The gold language of a long corpus article is its corpus's language.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import time
from collections.abc import Callable

from training.sample_blind import RESERVED
from training.sample_topics import CORPORA, sample_keys

NER_RU = CORPORA.parent / "ner-ru"
SEED = 7
N = 150

UK = [
    "Президент України провів зустріч з міністром закордонних справ щодо мирних переговорів.",
    "Уряд ухвалив рішення про додаткове фінансування енергетичної інфраструктури країни.",
    "Через масовану атаку дронів у Києві частково зникло світло.",
    "Верховна Рада підтримала законопроєкт про мобілізацію у першому читанні.",
    "Рятувальники продовжують розбирати завали зруйнованого будинку в Одесі.",
    "Міністерство оборони повідомило про нові постачання зброї від союзників.",
    "У Харкові внаслідок обстрілу постраждали четверо мирних жителів.",
    "Європейський Союз погодив новий пакет санкцій проти Росії.",
    "Національний банк залишив облікову ставку без змін.",
    "Евакуація мешканців прифронтових сіл триває вже третій тиждень.",
    "Українські військові відбили атаку поблизу Покровська.",
    "Депутати обговорили бюджет на наступний рік та видатки на армію.",
]


def _stub(text: str, rng: random.Random) -> str:
    text = " ".join(text.split())
    n = rng.randint(60, 120)
    return text[:n].rsplit(" ", 1)[0] if len(text) > n else text


def _articles(corpus: str, rng: random.Random) -> list[str]:
    skip = sample_keys(RESERVED)
    recs = [json.loads(line) for line in (CORPORA / corpus).open(encoding="utf-8")]
    recs = [r for r in recs if (corpus, r.get("file", "")) not in skip and len(r["text"]) > 400]
    return [r["text"] for r in rng.sample(recs, N)]


def _russian(rng: random.Random) -> list[str]:
    docs, cur = [], []
    for name in ("bsnlp-ru-ec.tsv", "bsnlp-ru-trump.tsv"):
        for line in (NER_RU / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#DOCSTART"):
                if cur:
                    docs.append(" ".join(cur))
                cur = []
            elif "\t" in line:
                cur.append(line.split("\t")[1])
    if cur:
        docs.append(" ".join(cur))
    docs = [re.sub(r" ([,.:;!?»)])", r"\1", d) for d in docs if len(d) > 300]
    return rng.sample(docs, min(N, len(docs)))


def build() -> dict[str, list[tuple[str, str]]]:
    rng = random.Random(SEED)
    de, en = _articles("news-de-2024.jsonl", rng), _articles("news-en-ukraine.jsonl", rng)
    ru = _russian(rng)
    sets = {
        "long de": [(t, "de") for t in de],
        "long en": [(t, "en") for t in en],
        "long ru": [(t, "ru") for t in ru],
        "short de": [(_stub(t, rng), "de") for t in de],
        "short en": [(_stub(t, rng), "en") for t in en],
        "short ru": [(_stub(t, rng), "ru") for t in ru],
        "short uk": [(t, "uk") for t in UK],
    }
    mixed = []
    for t in de[:100]:
        quote = " ".join(rng.choice(en).split()[:rng.randint(50, 80)])
        mixed.append((quote + "\n\n" + t, "de"))
    sets["mixed (English lead, German article)"] = mixed
    return sets


def detectors() -> dict[str, Callable[[str], str]]:
    from core import language

    out: dict[str, Callable[[str], str]] = {"core.language (current)": language.detect_language}
    try:
        from langdetect import DetectorFactory, detect

        DetectorFactory.seed = 0

        def old(text: str) -> str:
            try:
                return detect(text[:1000]).split("-")[0]
            except Exception:
                return "und"

        out["langdetect, first 1,000 chars"] = old
    except ImportError:
        pass
    try:
        import py3langid

        out["py3langid, whole text"] = lambda t: py3langid.classify(t)[0]
    except ImportError:
        pass
    try:
        from langdetect_rs import DetectorFactory as RsFactory
        from langdetect_rs import detect as rs_detect

        RsFactory.seed = 0

        def rs(text: str) -> str:
            try:
                return rs_detect(text).split("-")[0]
            except Exception:
                return "und"

        out["langdetect-rs, whole text"] = rs
    except ImportError:
        pass
    return out


def main() -> int:
    if not CORPORA.is_dir():
        print(f"skipped: {CORPORA} is absent")
        return 0
    sets = build()
    dets = detectors()
    width = max(len(k) for k in sets)
    for name, fn in dets.items():
        print(f"\n{name}")
        total_t, total_n = 0.0, 0
        for set_name, items in sets.items():
            times, ok = [], 0
            for text, gold in items:
                t0 = time.perf_counter()
                got = fn(text)
                times.append(time.perf_counter() - t0)
                ok += got == gold
            total_t += sum(times)
            total_n += len(items)
            print(f"  {set_name:{width}}  {ok / len(items):6.1%}  ({ok}/{len(items)})  "
                  f"median {statistics.median(times) * 1000:6.2f} ms")
        print(f"  {'mean time per text':{width}}  {total_t / total_n * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
