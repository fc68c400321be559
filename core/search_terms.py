"""What a typed search becomes: spelling variants, other names of an actor, a cap on length.

Pure functions; `core.store.Store.search` runs the result.  A query in FTS5 syntax (words,
"phrases", prefix*, AND / OR / NOT, parentheses) is read term by term, and each term is
searched together with

- its German spelling variants: ß and ss, ä/ö/ü and ae/oe/ue, both ways
  ("aussenminister" finds "Außenminister", "Muenchen" finds "München").  The store's
  search index ignores case and accents itself ("Orban" finds "Orbán", "Munchen"
  "München": FTS5's unicode61 tokenizer), but not these;
- the other names of the actor it names (`AliasIndex`: the actor's id, how the articles
  write it, the alias and display-name files): "Kyjiw" also searches Kiew, Kyiv, Kiev.
  What is added is said on screen ("also searched: …"), so a hit is never a mystery;
- only the first `max_terms` terms (setting `search_max_terms`): a pasted article of
  2,000 words as the query took 7.5 s and 20,000 did not finish; the rest is dropped and
  the caller says so.

`Plan.patterns` are the searched forms as folded token sequences, for marking the hits in
an article (`core.highlight.term_spans`) the way the index matched them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

MAX_NAMES = 8  # other names of an actor searched per term (the most used first)
MAX_FORMS = 24  # forms OR-ed for one term, all variants together
MIN_NAME_CHARS = 3  # shorter names ("US", "EU") are never added: "us" is an English word
DOMINANT = 0.8  # share of the mentions of all actors written so that makes a surface one's

OPERATORS = frozenset({"AND", "OR", "NOT"})
# Phrases (an unclosed one runs to the end), parentheses, and barewords.
_TOKEN = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')
_WORD = re.compile(r"[^\W_]+")  # a token of the index's unicode61 tokenizer
_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"))
# "ue" after a vowel or q is no umlaut ("neue", "Feuer", "Quelle"), nor "ae"/"oe" after one,
# nor the "ael" ending names have ("Israel", "Michael").
_DIGRAPH = {d: re.compile(r"(?<![aeiouäöüq])" + d + (r"(?!l\b)" if d == "ae" else ""))
            for _, d in _UMLAUTS}


class SearchError(ValueError):
    """A full-text query that cannot be searched; the message is meant for the user."""


HINT = ('Use words, "exact phrases", prefix* and AND / OR / NOT between terms; '
        "put words with hyphens or other punctuation in double quotes.")


# -- folding -------------------------------------------------------------------------------
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_accents(text: str) -> str:
    """Diacritics removed (é → e, ä → a), ß kept: what the index's tokenizer does."""
    if text.isascii():  # most names: the index of 14,000 actors builds in a third the time
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def norm(word: str) -> str:
    """A word as the search index holds it: lower case, no accents (ß stays ß)."""
    return strip_accents(word.lower())


def words(text: str) -> list[str]:
    """The index's tokens of `text`, normalised."""
    return [norm(w) for w in _WORD.findall(text)]


def key(name: str) -> str:
    """Comparison form of a name: umlauts as ae/oe/ue, ß as ss, no accents, lower case,
    words only ("Außenminister", "aussenminister" and "AUSSENMINISTER" are one key)."""
    text = name.lower().replace("ß", "ss")
    for umlaut, digraph in _UMLAUTS:
        text = text.replace(umlaut, digraph)
    return " ".join(_WORD.findall(strip_accents(text)))


def spellings(text: str) -> list[str]:
    """`text` (lower case) and its German spelling variants: ß↔ss, ä↔ae, ö↔oe, ü↔ue, each
    kind swapped everywhere in the term, in every combination (at most 16)."""
    base = text.lower()
    forms = [base]
    swaps = [("ß", "ss")] + list(_UMLAUTS)
    for letter, digraph in swaps:
        new = []
        for form in forms:
            if letter in form:
                new.append(form.replace(letter, digraph))
            elif letter == "ß" and "ss" in form:
                new.append(form.replace("ss", "ß"))
            elif letter != "ß" and _DIGRAPH[digraph].search(form):
                new.append(_DIGRAPH[digraph].sub(letter, form))
        forms += [f for f in new if f not in forms]
    return forms


# -- actors' other names ------------------------------------------------------------------
@dataclass(frozen=True)
class AliasIndex:
    """Which actor a name means (by `key`), and the names each actor goes by."""

    actors: Mapping[str, str] = field(default_factory=dict)  # key -> actor id
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # actor -> names

    def others(self, name: str) -> tuple[str, ...]:
        """The other names of the actor `name` means (none for an unknown name)."""
        actor = self.actors.get(key(name))
        return self.names.get(actor, ()) if actor is not None else ()


def alias_index(actors: pd.DataFrame, aliases: Mapping[str, str] | None = None,
                shown: Iterable[tuple[str, str]] = ()) -> AliasIndex:
    """Build the name index from the store's actor summary (`actor`, `n_mentions` and
    `aliases`: the surfaces, most used first, " | "-joined), the alias file
    (variant -> canonical) and display names ((actor, name) pairs).

    A name is an actor's when it is its id, its alias-file or display name, or else how the
    articles write that actor (nearly) alone: a surface several actors share goes to the one
    with `DOMINANT` of their mentions ("Putins": Wladimir Putin, 309 mentions, not the
    actor "Putin" of 26) or to none; "Frankfurt" (written for the club, but the city's id)
    is not searched for the club."""
    owners: dict[str, str] = {}  # key -> the actor it is the id, alias or display name of
    claims: dict[str, dict[str, int]] = {}  # key -> actors the articles write so: mentions
    names: dict[str, list[str]] = {}
    keys: dict[str, str] = {}

    def add(actor: str, name: str, owned: bool, override: bool = False, n: int = 0) -> None:
        name = name.strip()
        k = keys[name] if name in keys else keys.setdefault(name, key(name))
        if not k:
            return
        group = names.setdefault(actor, [])
        if name not in group:
            group.append(name)
        if override:
            owners[k] = actor
        elif owned:
            owners.setdefault(k, actor)
        else:
            claims.setdefault(k, {})[actor] = n

    if not actors.empty:
        order = actors.sort_values("n_mentions", ascending=False, kind="stable")
        for actor, surfaces, n in zip(order["actor"].astype(str), order["aliases"].astype(str),
                                      order["n_mentions"].astype(int)):
            add(actor, actor, True)
            for surface in surfaces.split(" | "):
                add(actor, surface, False, n=n)
    for variant, canonical in (aliases or {}).items():
        add(canonical, canonical, True, override=True)
        add(canonical, variant, True, override=True)
    for actor, name in shown:
        add(actor, name, True)
    index = {}
    for k, by_actor in claims.items():
        top = max(by_actor, key=by_actor.__getitem__)
        if len(by_actor) == 1 or by_actor[top] >= DOMINANT * sum(by_actor.values()):
            index[k] = top
    index.update(owners)
    return AliasIndex(index, {a: tuple(n for n in group if index.get(keys[n]) == a)
                              for a, group in names.items()})


# -- the plan ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """A typed query made ready for the index."""

    query: str  # as typed, stripped
    match: str  # the FTS5 MATCH expression
    terms: tuple[str, ...] = ()  # the terms searched, as typed
    also: tuple[str, ...] = ()  # actors' other names searched besides the terms
    spelled: tuple[str, ...] = ()  # spelling variants searched besides them
    dropped: tuple[str, ...] = ()  # terms beyond the cap, not searched
    # Searched forms as normalised token sequences, each with "last token is a prefix".
    patterns: tuple[tuple[tuple[str, ...], bool], ...] = ()


def _quote(text: str, prefix: bool) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def _contains(outer: tuple[str, ...], inner: tuple[str, ...], prefix: bool) -> bool:
    """Does every text matching the phrase `outer` also match `inner` (a sub-phrase)?"""
    n = len(inner)
    for i in range(len(outer) - n + 1):
        head, last = outer[i:i + n - 1], outer[i + n - 1]
        if head == inner[:-1] and (last.startswith(inner[-1]) if prefix else last == inner[-1]):
            return True
    return False


def _forms(text: str, prefix: bool, index: AliasIndex | None):
    """(form, prefix) pairs to OR for one term, the typed one first; and the names added."""
    typed = tuple(words(text))
    forms: list[tuple[str, bool]] = [(f, prefix) for f in spellings(text)]
    added: list[str] = []
    if index is not None and not prefix and typed:
        kept = [typed]
        candidates = sorted(index.others(text), key=lambda n: len(words(n)))
        for name in candidates:
            toks = tuple(words(name))
            if (len(key(name).replace(" ", "")) < MIN_NAME_CHARS or key(name) == key(text)
                    or any(_contains(toks, k, False) for k in kept)):
                continue  # too short, the typed name itself, or found by it anyway
            kept.append(toks)
            added.append(name)
            forms += [(f, False) for f in spellings(name)]
            if len(added) >= MAX_NAMES:
                break
    seen: set[tuple[str, bool]] = set()
    unique = []
    for form in forms:
        if form not in seen and words(form[0]):
            seen.add(form)
            unique.append(form)
    if not unique:  # only punctuation: searched as typed (FTS5 says what it thinks)
        unique = [(text, prefix)]
    return unique[:MAX_FORMS], added


def plan(query: str, index: AliasIndex | None = None, *, max_terms: int = 30) -> Plan:
    """Read `query` (FTS5 syntax) into a `Plan`: each term OR-ed with its spelling variants
    and, for a name, the actor's other names; only the first `max_terms` terms.

    Raises SearchError for an empty query or an unclosed double quote; other syntax errors
    (a dangling AND, an unclosed parenthesis) are left for FTS5 to report."""
    query = (query or "").strip()
    if not query:
        raise SearchError("Type a word or phrase to search for.")
    if query.count('"') % 2:
        raise SearchError(f"The search has an unmatched double quote. {HINT}")
    out: list[str] = []
    terms: list[str] = []
    dropped: list[str] = []
    also: list[str] = []
    spelled: list[str] = []
    patterns: list[tuple[tuple[str, ...], bool]] = []
    depth = 0
    operand = False  # did the last thing written end an operand?

    def put(item: str, starts: bool, ends: bool) -> None:
        nonlocal operand
        # FTS5 joins two phrases without an operator (AND), but not a phrase and a group:
        # `mit (israel OR isräl)` is a syntax error, so the AND is written out.
        if starts and operand:
            out.append("AND")
        out.append(item)
        operand = ends

    tokens = _TOKEN.findall(query)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok in ("(", ")"):
            if not dropped:
                put(tok, tok == "(", tok == ")")
                depth += 1 if tok == "(" else -1
            continue
        if tok in OPERATORS:
            if not dropped:
                put(tok, False, False)
            continue
        if tok == "NEAR" and i < len(tokens) and tokens[i] == "(":
            # NEAR(a b, 5) takes plain phrases: its group is kept as typed, not expanded.
            j = tokens.index(")", i) if ")" in tokens[i:] else len(tokens)
            group = tokens[i + 1:j]
            if dropped or len(terms) + len(group) > max_terms:
                dropped.append(" ".join(tokens[i - 1:j + 1]))
            else:
                terms += group
                put("NEAR(" + " ".join(
                    g if g.startswith('"') or g.rstrip(",").isdigit()
                    else _quote(g.rstrip(","), False) + ("," if g.endswith(",") else "")
                    for g in group) + ")", True, True)
                patterns += [(tuple(words(g.strip('"'))), False) for g in group
                             if words(g.strip('"')) and not g.rstrip(",").isdigit()]
            i = j + 1
            continue
        phrase = tok.startswith('"')
        prefix = not phrase and tok.endswith("*") and len(tok) > 1
        text = tok.strip('"') if phrase else tok.rstrip("*") if prefix else tok
        if phrase and i < len(tokens) and tokens[i] == "*":  # "a phrase"* : a prefix phrase
            prefix, i = True, i + 1
            tok += "*"
        if dropped or len(terms) >= max_terms:
            dropped.append(tok)
            continue
        terms.append(tok)
        forms, added = _forms(text, prefix, index)
        also += [n for n in added if n not in also]
        spelled += [f for f, _ in forms[1:] if key(f) == key(text) and f != text.lower()
                    and f not in spelled]
        patterns += [(tuple(words(f)), p) for f, p in forms]
        quoted = [_quote(f, p) for f, p in forms]
        put(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")", True, True)
    if dropped:
        # Cut mid-expression: no dangling operator or open parenthesis before the cut.
        while out and (out[-1] in OPERATORS or out[-1] == "("):
            if out.pop() == "(":
                depth -= 1
        out += [")"] * max(depth, 0)
    return Plan(query=query, match=" ".join(out), terms=tuple(terms), also=tuple(also),
                spelled=tuple(spelled),
                dropped=tuple(dropped), patterns=tuple(dict.fromkeys(patterns)))


def also_note(p: Plan, known: Iterable[str] | None = None) -> str:
    """"Also searched: …" (empty when nothing was): the actors' other names, and the
    spelling variants that occur in the corpus (`known`: its index tokens, see
    `core.store.Store.known_words`; None: all) — "borußia" is searched, never said."""
    known = None if known is None else set(known)
    spelled = [f for f in p.spelled if known is None or all(w in known for w in words(f))]
    why = (["other names of the same actor"] if p.also else []) + \
        (["spellings with ß/ss or ä/ae"] if spelled else [])
    if not why:
        return ""
    return "Also searched: " + ", ".join([*p.also, *spelled]) + " — " + " and ".join(why) + "."


def dropped_note(p: Plan, limit: int = 5) -> str:
    """One sentence on what the cap left out (empty when nothing was)."""
    if not p.dropped:
        return ""
    shown = ", ".join(p.dropped[:limit]) + (" …" if len(p.dropped) > limit else "")
    return (f"Only the first {len(p.terms)} terms were searched; {len(p.dropped):,} more "
            f"were left out ({shown}). The setting search_max_terms sets how many count.")


def slug(query: str, max_len: int = 40) -> str:
    """A file-name-safe, ASCII form of a query: "Außenminister Lawrow*" ->
    "aussenminister-lawrow"."""
    text = strip_accents(query.replace("ß", "ss")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:max_len].strip("-") or "query"
