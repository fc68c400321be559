"""Finding an actor by what someone types: exact and prefix matches before fuzzy ones.

Streamlit's own multiselect filter is a fuzzy subsequence match: "Putin" offered
"Paulis Trainer" and "SpVgg Unterhaching" (p…u…t…i…n in order) among its first
answers.  Here a match is put in one of these tiers, best first, and within a tier
the more covered actor comes first (the order of `names`, most covered first):

0. exact   the query is the name, or whole words of it ("Putin" → "Wladimir Putin",
           "Putin", "Iwan Putin": a surname finds the person)
1. prefix  the name or one of its words starts with the query ("Puti" → "Putina")
2. part    the query appears inside a word ("merz" → "Commerzbank")
3. fuzzy   close spelling (rapidfuzz), for typos: "Selenski" → "Wolodymyr Selenskyj";
           only when the tiers above found fewer than `limit` names

Case, accents and ß/ss do not matter ("orban" finds "Orbán").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

TIERS = ("exact", "prefix", "part", "fuzzy")
FUZZY_CUTOFF = 80  # rapidfuzz score (0-100): below it "Paulis Trainer" kinds of matches
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Match:
    name: str
    tier: str  # one of TIERS
    score: float  # 100 for the exact/prefix/part tiers; the rapidfuzz score for fuzzy


def fold(text: str) -> str:
    """Lower case without accents, ß as ss: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(folded: str) -> str:
    """The words of a folded name, one space apart, with a space at each end (so a whole
    word is " word " inside it)."""
    return " " + " ".join(_WORD.findall(folded)) + " "


@dataclass(frozen=True)
class _Index:
    folded: list[str]  # each name folded
    framed: list[str]  # its words, space-framed
    words: list[str]  # every word of every name, for the fuzzy tier …
    owner: list[int]  # … and the name each belongs to


@lru_cache(maxsize=2)  # a corpus in one or two display languages
def _index(names: tuple[str, ...]) -> _Index:
    """Folded names and their words, once per list of names (a corpus)."""
    folded = [fold(n) for n in names]
    words, owner = [], []
    for i, f in enumerate(folded):
        for w in _WORD.findall(f):
            words.append(w)
            owner.append(i)
    return _Index(folded, [_words(f) for f in folded], words, owner)


def _fuzzy(index: _Index, q: str, limit: int) -> list[tuple[int, float]]:
    """(name position, score) of names spelled close to `q`, best first.

    A one-word query is compared with each word of a name (a misspelt surname:
    "Selenski" ~ "Selenskyj"), a longer one with whole names, words in any order.
    Comparing a short query with a long name as a whole rewards any name that happens
    to contain its letters ("Putin" ~ "Christian Bösenreutin").
    """
    if " " in q:
        hits = process.extract(q, index.folded, scorer=fuzz.token_sort_ratio,
                               score_cutoff=FUZZY_CUTOFF, limit=limit * 4)
        found = [(i, s) for _, s, i in hits]
    else:
        hits = process.extract(q, index.words, scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF, limit=limit * 8)
        found = [(index.owner[j], s) for _, s, j in hits]
    best: dict[int, float] = {}
    for i, s in found:
        best[i] = max(best.get(i, 0.0), float(s))
    # Equal scores keep the coverage order.
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))


def rank(names: list[str] | tuple[str, ...], query: str, *, limit: int = 8) -> list[Match]:
    """Up to `limit` names matching `query`, best first (see the module docstring).

    `names` are expected most covered first: that order breaks ties within a tier.
    """
    q = fold(query).strip()
    if not q or limit <= 0:
        return []
    names = tuple(names)
    index = _index(names)
    qwords = _words(q)
    qplain = qwords.strip()
    if not qplain:  # punctuation only: compare the text as typed
        qplain = q
    tiers: dict[int, list[int]] = {0: [], 1: [], 2: []}
    for i, (f, w) in enumerate(zip(index.folded, index.framed, strict=True)):
        if f == q or qwords in w:
            tiers[0].append(i)
        elif f.startswith(q) or (" " + qplain) in w:
            tiers[1].append(i)
        elif q in f:
            tiers[2].append(i)
    out = [Match(names[i], TIERS[t], 100.0) for t in (0, 1, 2) for i in tiers[t]][:limit]
    if len(out) < limit and len(q) >= 3:
        taken = {m.name for m in out}
        for i, score in _fuzzy(index, q, limit):
            if len(out) >= limit:
                break
            if names[i] not in taken:
                out.append(Match(names[i], "fuzzy", score))
                taken.add(names[i])
    return out
