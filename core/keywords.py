"""Per-language keyword lists (taxonomy, section cues, crisis terms): load, compile, count.

A list file is TOML: ``[<table>.<key>]`` with a ``label`` and one list of terms per language
(``de = [...]``, ``en = [...]``; any other two-letter key is a further language).  A term
applies only to text of its own language, so an English "war" never fires inside German
prose, where *war* means "was".

Term syntax, matched on lower-cased text:

- ``verhandl``: a stem at the start of a word ("Verhandlungen"; not "Friedensverhandlungen");
- ``*verhandl``: also inside a word, for compounds ("Friedensverhandlungen");
- ``gas `` (trailing space): the word ends there ("Gas", not "Gast");
- ``white house``: a space inside matches any run of whitespace.

Word start = not preceded by a letter or digit, so a hyphen is a boundary
("NATO-Sanktionen" hits "sanktion").
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np

LANG_KEY = re.compile(r"^[a-z]{2,3}$")


def load_lists(path: str | Path, table: str) -> dict[str, dict]:
    """key -> {"label": str, "terms": {lang: [term, ...]}, **other fields}.

    Raises ValueError naming the file and the field for anything malformed.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from None
    entries = raw.get(table, raw)
    if not isinstance(entries, dict) or not entries:
        raise ValueError(f"{path}: no [{table}.<name>] tables")
    out: dict[str, dict] = {}
    for key, spec in entries.items():
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: {table}.{key} must be a table")
        terms: dict[str, list[str]] = {}
        rest: dict = {}
        for field, value in spec.items():
            if field == "label" or not LANG_KEY.match(field):
                rest[field] = value
                continue
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{path}: {table}.{key}.{field} must be a list of strings")
            terms[field] = value
        if not any(terms.values()):
            raise ValueError(
                f"{path}: {table}.{key} has no terms (a list per language: de = [...])"
            )
        out[key] = {**rest, "label": str(spec.get("label", key)), "terms": terms}
    return out


def trie_regex(words: list[str]) -> str:
    """Alternation of `words` as a prefix trie: Python's re tries alternatives one by one,
    so factoring common prefixes makes a 50-term list ~10x faster."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            body = "(?:" + body + ")?"
        return body

    return render(trie)


def split_term(term: str) -> tuple[bool, bool, str]:
    """(matches inside words, must end a word, lower-cased body with single spaces)."""
    return (
        term.startswith("*"),
        term.endswith(" "),
        " ".join(term.strip("* ").lower().split()),
    )


def compile_terms(terms: list[str]) -> re.Pattern | None:
    """One regex for a list of terms (None for an empty list), to run on lower-cased text."""
    groups: dict[tuple[bool, bool], set[str]] = {}
    for term in terms:
        inside, word_end, body = split_term(term)
        if body:
            groups.setdefault((inside, word_end), set()).add(body)
    if not groups:
        return None
    parts = []
    for (inside, word_end), bodies in sorted(groups.items()):
        trie = trie_regex(sorted(bodies)).replace(r"\ ", r"\s+")
        parts.append(
            ("" if inside else r"(?<!\w)") + "(?:" + trie + ")" + (r"(?!\w)" if word_end else "")
        )
    return re.compile("|".join(parts))


def compile_lists(lists: dict[str, dict]) -> dict[str, dict[str, re.Pattern]]:
    """key -> {lang: compiled pattern} (languages with no terms left out)."""
    out: dict[str, dict[str, re.Pattern]] = {}
    for key, spec in lists.items():
        out[key] = {}
        for lang, terms in spec["terms"].items():
            pattern = compile_terms(terms)
            if pattern is not None:
                out[key][lang] = pattern
    return out


def count_hits(
    texts: list[str], languages: list[str], compiled: dict[str, dict[str, re.Pattern]]
) -> dict[str, np.ndarray]:
    """key -> hits per text (int64 array), each text matched only with its language's terms.

    `texts` must already be lower-cased.
    """
    langs = np.asarray(languages, dtype=object)
    out = {}
    for key, by_lang in compiled.items():
        hits = np.zeros(len(texts), dtype="int64")
        for lang, pattern in by_lang.items():
            for i in np.flatnonzero(langs == lang):
                hits[i] = len(pattern.findall(texts[i]))
        out[key] = hits
    return out
