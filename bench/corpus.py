"""Deterministic benchmark corpora: N articles built from the real texts in ../shared/data.

The real corpora hold ~7,500 distinct articles.  A corpus of N articles reuses them:
every base text is used once before any is used twice, and each re-use is a
*re-dated copy* whose text ends with a marked suffix (``[bench copy K]``) so its
article_id (sha1 of the text) differs and ingest's dedup does not collapse it.

Dates are spread over a 12-month window with a realistic rhythm: fewer articles at
weekends, a slow seasonal swing, a daily publishing rhythm (morning, noon and evening
peaks) and a few crisis bursts (sudden onset, slow decay) during which articles about
Russia/Ukraine are over-represented.  A small share is dated only to the month or not
dated at all, as in real feeds.  Sources vary (Zipf-distributed outlet names).

Everything is drawn from one seeded numpy Generator: the same data and seed give the
same corpus, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from core.dates import split_header
from core.ingest import article_id

DEFAULT_SEED = 20260101
WINDOW_START = dt.date(2025, 1, 1)
WINDOW_DAYS = 365
CORPUS_FILES = ("news-de-2024.jsonl", "news-en-ukraine.jsonl")
COPY_MARK = "[bench copy {k}]"  # appended (after a blank line) to the text of copy k >= 1
SHARE_MONTH_ONLY = 0.03
SHARE_UNDATED = 0.01
# (day in the window, peak multiplier of the daily volume): the crises of the year.
BURSTS = ((41, 6.0), (128, 4.0), (205, 8.0), (301, 5.0))
BURST_DECAY_DAYS = 4.0
CRISIS_WORDS = ("ukrain", "russ", "kreml", "kremlin", "putin", "selenskyj", "zelensky", "kyiv",
                "kiew", "moskau", "moscow")

OUTLETS_DE = [
    "tagesschau.de", "spiegel.de", "zeit.de", "faz.net", "sueddeutsche.de", "welt.de",
    "n-tv.de", "focus.de", "stern.de", "handelsblatt.com", "taz.de", "deutschlandfunk.de",
    "zdf.de", "br.de", "ndr.de", "mdr.de", "wdr.de", "swr.de", "rnd.de", "t-online.de",
    "fr.de", "merkur.de", "tagesspiegel.de", "nzz.ch", "derstandard.at", "diepresse.com",
    "kicker.de", "rp-online.de", "ksta.de", "abendblatt.de", "weser-kurier.de", "noz.de",
]
OUTLETS_EN = [
    "reuters.com", "apnews.com", "bbc.co.uk", "theguardian.com", "nytimes.com",
    "washingtonpost.com", "ft.com", "politico.eu", "kyivindependent.com", "euronews.com",
    "aljazeera.com", "cnn.com", "npr.org", "dw.com", "independent.co.uk", "telegraph.co.uk",
]


@dataclass(frozen=True)
class Base:
    """One distinct real article: the record as read plus what the generator needs."""

    index: int
    record: dict
    lang: str  # "de" / "en" (from the file; the ingest still detects it)
    crisis: bool  # about Russia/Ukraine: drawn more often during bursts
    base_id: str  # the article_id ingest gives the unmodified text


def load_bases(data_dir: Path) -> list[Base]:
    """The distinct real articles of the jsonl corpora, in file order (duplicates dropped).

    Two records with the same normalised text would be collapsed by ingest, so only the
    first is kept: every base then stands for exactly one stored article.
    """
    bases: list[Base] = []
    seen: set[str] = set()
    for name in CORPUS_FILES:
        path = Path(data_dir) / "corpora" / name
        if not path.is_file():
            continue
        lang = "en" if "-en-" in name else "de"
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                text = rec.get("text") or ""
                if not text.strip():
                    continue
                aid = article_id(split_header(text)[1])
                if aid in seen:
                    continue
                seen.add(aid)
                low = text[:3000].lower()
                crisis = lang == "en" or any(w in low for w in CRISIS_WORDS)
                bases.append(Base(len(bases), rec, lang, crisis, aid))
    return bases


def day_weights(days: int = WINDOW_DAYS, start: dt.date = WINDOW_START) -> np.ndarray:
    """Relative article volume per day: weekday rhythm × seasonal swing × bursts."""
    w = np.empty(days)
    for d in range(days):
        weekday = (start + dt.timedelta(days=d)).weekday()
        rhythm = (1.0, 1.05, 1.05, 1.0, 0.95, 0.55, 0.45)[weekday]
        season = 1.0 + 0.25 * math.sin(2 * math.pi * (d - 60) / days)  # quieter in summer
        w[d] = rhythm * season
    return w * burst_factor(days)


def burst_factor(days: int = WINDOW_DAYS) -> np.ndarray:
    """Multiplier per day from the crisis bursts (1.0 outside them)."""
    f = np.ones(days)
    for day0, peak in BURSTS:
        for d in range(max(0, day0 - 1), days):
            if d < day0:
                f[d] += (peak - 1) * 0.3  # rumours the day before
            else:
                f[d] += (peak - 1) * math.exp(-(d - day0) / BURST_DECAY_DAYS)
    return f


# Share of a day's articles by hour: morning, noon and evening peaks, quiet nights.
_HOURS = np.array([0.3, 0.2, 0.15, 0.15, 0.3, 0.8, 2.0, 3.2, 3.5, 3.0, 2.6, 2.6,
                   3.0, 2.7, 2.4, 2.3, 2.4, 2.7, 3.1, 3.0, 2.3, 1.6, 1.0, 0.6])
_HOURS = _HOURS / _HOURS.sum()


def _zipf_weights(n: int, s: float = 1.1) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def _host(url: str) -> str:
    return urlparse(url).netloc.lower().removeprefix("www.") if url else ""


def generate(bases: list[Base], n: int, *, seed: int = DEFAULT_SEED) -> Iterator[dict]:
    """N jsonl-ready records built from `bases`, deterministic for (bases, n, seed).

    Each record has the reader's fields (text, title, date, url, source, lang) plus
    ``bench_base`` (index of its base) and ``bench_copy`` (0 = the original text,
    K >= 1 = the K-th re-dated copy, text ending with the marked suffix).
    """
    if not bases:
        raise ValueError("no base articles: is ../shared/data/corpora present?")
    rng = np.random.default_rng(seed)
    weights = day_weights()
    # Articles per day: exactly n in total, proportional to the weights.
    per_day = np.floor(weights / weights.sum() * n).astype(int)
    rest = n - int(per_day.sum())
    if rest:
        per_day[rng.choice(WINDOW_DAYS, size=rest, replace=False, p=weights / weights.sum())] += 1
    burst = burst_factor()
    crisis_share = (burst - 1) / burst  # the extra volume of a burst is about the crisis
    order = rng.permutation(len(bases))
    crisis_order = rng.permutation([b.index for b in bases if b.crisis] or [0])
    uses = np.zeros(len(bases), dtype=int)
    cursor = {"all": 0, "crisis": 0}
    outlets = {"de": (OUTLETS_DE, _zipf_weights(len(OUTLETS_DE))),
               "en": (OUTLETS_EN, _zipf_weights(len(OUTLETS_EN)))}

    def next_base(crisis: bool) -> Base:
        # Cycle through a fixed permutation so every base is used once before any twice.
        key, seq = ("crisis", crisis_order) if crisis else ("all", order)
        i = seq[cursor[key] % len(seq)]
        cursor[key] += 1
        return bases[int(i)]

    for day in range(WINDOW_DAYS):
        date = WINDOW_START + dt.timedelta(days=day)
        for _ in range(int(per_day[day])):
            base = next_base(bool(rng.random() < crisis_share[day]))
            k = int(uses[base.index])
            uses[base.index] += 1
            rec = base.record
            text = rec["text"]
            if k:
                text = text.rstrip() + "\n\n" + COPY_MARK.format(k=k)
            hour = int(rng.choice(24, p=_HOURS))
            minute = int(rng.integers(0, 60))
            form = rng.random()
            if form < SHARE_UNDATED:
                date_value = ""
            elif form < SHARE_UNDATED + SHARE_MONTH_ONLY:
                date_value = f"{date:%Y-%m}"
            else:
                date_value = f"{date:%Y-%m-%d}T{hour:02d}:{minute:02d}:00+01:00"
            url = rec.get("url") or ""
            names, p = outlets[base.lang]
            drawn = names[int(rng.choice(len(names), p=p))]
            # The original keeps its real outlet; copies are "the same story elsewhere".
            source = (_host(url) or drawn) if k == 0 else drawn
            if url:
                url = url + ("" if k == 0 else f"#bench-copy-{k}")
            else:
                url = f"https://{source}/bench/{base.base_id}" + (f"-{k}" if k else "")
            out = {"text": text, "title": rec.get("title") or "", "date": date_value,
                   "url": url, "source": source, "lang": base.lang,
                   "bench_base": base.index, "bench_copy": k}
            yield out


def write_corpus(records: Iterator[dict], path: Path) -> int:
    """Write records as jsonl (atomically); returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n
