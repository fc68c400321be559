"""Boilerplate removal for news article text.

Scraped articles carry page furniture (ads, paywall and newsletter promotions, consent
notices), photo captions and metadata lines.  Left in, they pollute word counts, topics
and -- worst for this project -- the actor list: a caption such as "Joe Biden am Donnerstag
in Washington Bild: AP" would count Biden as an actor of an article that may not be about
him.

Two mechanisms:

* regex rules from a plain, user-editable file (core/data/boilerplate.txt; its header
  documents the syntax).  The rules of each kind are combined into one alternation so a
  paragraph costs one regex call per kind, however many rules there are;
* a keyword-density heuristic for promotions that no rule names: a paragraph dominated by
  words such as "Abo", "gratis", "Newsletter", "jetzt" is dropped.  Its thresholds are
  deliberately conservative -- losing a real paragraph is worse than keeping an ad.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_RULES_PATH = Path(__file__).resolve().parent / "data" / "boilerplate.txt"

KINDS = ("para", "contains", "caption", "inline", "promo")

# Captions are short; a long paragraph that happens to mention "Quelle:" or "©" is text.
CAPTION_MAX_LEN = 300

# Promo heuristic: a paragraph goes only when promo words are both numerous and dense,
# because "jetzt", "hier", "Euro" and "gewinnen" are ordinary German.  On news-de-2024 these
# thresholds drop ~25 paragraphs beyond the rules, all of them promotions.
PROMO_MIN_HITS = 4
PROMO_MIN_DENSITY = 0.25
PROMO_MAX_WORDS = 50

_PARA_SPLIT = re.compile(r"\n[ \t\r\f\v\xa0]*\n\s*")
# Replacing characters only after a cheap `in` test is much faster than a regex scan: a
# character-class scan costs ~15 ns per character, and these characters are rare.
_INVISIBLE = ("\xad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_ODD_SPACES = tuple("\t\r\f\v\xa0\u202f\u205f\u3000") + tuple(map(chr, range(0x2002, 0x200B)))
_MULTISPACE = re.compile(r"  +")


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    """Compiled rules; one combined pattern per kind (None where a kind has no rules)."""

    para: re.Pattern[str] | None
    contains: re.Pattern[str] | None
    caption: re.Pattern[str] | None
    inline: re.Pattern[str] | None
    promo: re.Pattern[str] | None
    source: str = ""


def _combine(parts: list[str], flags: int = 0) -> re.Pattern[str] | None:
    if not parts:
        return None
    return re.compile("|".join(f"(?:{p})" for p in parts), flags)


def _promo_pattern(words: list[str]) -> re.Pattern[str] | None:
    """One word-bounded alternation, applied to the lower-cased paragraph.

    re.I would disable the engine's fast paths, hence lower-casing.  Words are grouped by
    first letter (a one-level trie): the engine then skips most alternatives after
    one character test, which halves the cost.
    """
    if not words:
        return None
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for w in words:
        if w[0].isalpha() and "|" not in w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            others.append(w)
    alts = [f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()]
    alts += [f"(?:{w})" for w in others]
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b")


def parse_rules(lines: list[str] | tuple[str, ...], source: str = "<rules>") -> Rules:
    """Compile rule lines (the file format of core/data/boilerplate.txt)."""
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, sep, pattern = line.partition(":")
        kind = kind.strip()
        pattern = pattern.strip()
        if not sep or kind not in by_kind or not pattern:
            raise ValueError(f"{source}:{lineno}: expected 'KIND: REGEX' with KIND in {KINDS}")
        try:
            re.compile(pattern)
        except re.error as exc:
            # Checked one by one so a typo is reported with its line, not as a failure of
            # the combined pattern.
            raise ValueError(f"{source}:{lineno}: bad regex {pattern!r}: {exc}") from exc
        if "(?P<" in pattern:
            raise ValueError(f"{source}:{lineno}: named groups are not allowed")
        by_kind[kind].append(pattern)
    promo = by_kind["promo"]
    return Rules(
        para=_combine(by_kind["para"], re.S),
        contains=_combine(by_kind["contains"], re.S),
        caption=_combine(by_kind["caption"], re.S),
        inline=_combine(by_kind["inline"], re.M),
        promo=_promo_pattern(promo),
        source=source,
    )


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Rules:
    text = Path(path).read_text(encoding="utf-8")
    return parse_rules(text.splitlines(), source=path)


def load_rules(path: str | Path | None = None) -> Rules:
    """Rules from `path` (default: core/data/boilerplate.txt); cached per path."""
    return _load_cached(str(Path(path) if path is not None else DEFAULT_RULES_PATH))


def tidy(text: str) -> str:
    """Normalise whitespace: no soft hyphens or zero-width characters, single spaces."""
    for ch in _INVISIBLE:
        if ch in text:
            text = text.replace(ch, "")
    for ch in _ODD_SPACES:
        if ch in text:
            text = text.replace(ch, " ")
    return _MULTISPACE.sub(" ", text) if "  " in text else text


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]


def is_caption(paragraph: str, rules: Rules | None = None) -> bool:
    """True for a photo caption or credit line (short, carries a credit marker)."""
    rules = rules or load_rules()
    p = paragraph.strip()
    if not p or len(p) > CAPTION_MAX_LEN or rules.caption is None:
        return False
    # Every caption rule needs one of these; the `in` tests spare most paragraphs a regex scan.
    if "©" not in p and ":" not in p and "|" not in p:
        return False
    return bool(rules.caption.search(p))


def promo_score(paragraph: str, rules: Rules | None = None) -> tuple[int, int]:
    """(promo words, all words) of a paragraph."""
    rules = rules or load_rules()
    n_words = paragraph.count(" ") + 1
    hits = len(rules.promo.findall(paragraph.lower())) if rules.promo is not None else 0
    return hits, n_words


def _is_promo(paragraph: str, rules: Rules) -> bool:
    if rules.promo is None:
        return False
    # Long paragraphs are prose even when they discuss subscriptions or apps; promotions
    # seen in news-de-2024 have at most ~25 words.
    if paragraph.count(" ") >= PROMO_MAX_WORDS:
        return False
    hits, n_words = promo_score(paragraph, rules)
    return hits >= PROMO_MIN_HITS and hits >= PROMO_MIN_DENSITY * n_words


def why_boilerplate(paragraph: str, rules: Rules | None = None) -> str | None:
    """The kind of rule that drops this (already tidied) paragraph, or None to keep it."""
    rules = rules or load_rules()
    if rules.para is not None and rules.para.fullmatch(paragraph):
        return "para"
    if rules.contains is not None and rules.contains.search(paragraph):
        return "contains"
    if is_caption(paragraph, rules):
        return "caption"
    if _is_promo(paragraph, rules):
        return "promo"
    return None


def is_boilerplate(paragraph: str, rules: Rules | None = None) -> bool:
    return why_boilerplate(tidy(paragraph).strip(), rules) is not None


def clean_text(text: str, rules: Rules | None = None) -> Cleaned:
    """Remove boilerplate; keep the article body, paragraphs joined by a blank line.

    `removed` lists what went, in order: inline spans first, then whole paragraphs.
    """
    rules = rules or load_rules()
    removed: list[str] = []
    text = tidy(text)
    if rules.inline is not None:

        def _cut(m: re.Match[str]) -> str:
            if m.group().strip():
                removed.append(m.group().strip())
            return ""

        text = _MULTISPACE.sub(" ", rules.inline.sub(_cut, text))
    kept: list[str] = []
    for para in split_paragraphs(text):
        if why_boilerplate(para, rules) is None:
            kept.append(para)
        else:
            removed.append(para)
    return Cleaned(text="\n\n".join(kept), removed=tuple(removed))
