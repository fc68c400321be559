"""Names across scripts and spelling conventions: Cyrillic to Latin, and a key to compare by.

A Russian or Ukrainian article writes «Путина», «Зеленського», «Киеве»; the actors are
*Wladimir Putin*, *Wolodymyr Selenskyj*, *Kiew*.  `latin_variants` transliterates a
Cyrillic word the way English (BGN/PCGN-like: Zelensky, Kharkiv) and German (Duden:
Selenskyj, Charkiw) write such names; `key` folds what those conventions and Polish
or Czech spelling still disagree on (diacritics, w/v, j/y/i, doubled letters,
trailing vowels: case endings and -ij/-yj/-y) so that a stem from an inflected
Cyrillic word meets the Latin name.  Case endings are stripped by `stems`.

A key is for comparing names, never for display.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Cyrillic letter -> (English-style, German-style) transliteration; Russian and Ukrainian.
_TABLE = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "w"), "г": ("g", "g"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "ё": ("yo", "jo"), "є": ("ye", "je"),
    "ж": ("zh", "sch"), "з": ("z", "s"), "и": ("i", "i"), "і": ("i", "i"), "ї": ("yi", "ji"),
    "й": ("y", "j"), "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
    "о": ("o", "o"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"),
    "у": ("u", "u"), "ф": ("f", "f"), "х": ("kh", "ch"), "ц": ("ts", "z"), "ч": ("ch", "tsch"),
    "ш": ("sh", "sch"), "щ": ("shch", "schtsch"), "ъ": ("", ""), "ы": ("y", "y"),
    "ь": ("", ""), "э": ("e", "e"), "ю": ("yu", "ju"), "я": ("ya", "ja"),
}  # fmt: skip
# Ukrainian и is y, г is h (Zelenskyy, Kharkiv / Charkiw): the same word gets both readings.
_UK_ALTERNATIVES = {"и": ("y", "y"), "г": ("h", "h")}

# Russian and Ukrainian case endings, longest first (a stem must keep >= 4 letters).
_ENDINGS = sorted(
    "ого ему ому ыми ими ами ями ой ей ый ий ая яя ое ее ую юю ым им ом ем ах ях ам ям "
    "ів ов ев ою ею ві у ю а я е і и ы о".split(),
    key=len,
    reverse=True,
)

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_FOLD = str.maketrans({"ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "đ": "d"})
_GROUPS = (  # Latin spellings of one sound, longest first -> one symbol
    ("schtsch", "S"), ("shch", "S"), ("szcz", "S"), ("tsch", "C"), ("sch", "S"),
    ("kh", "H"), ("ch", "H"), ("sh", "S"), ("zh", "S"), ("sz", "S"), ("cz", "C"),
    ("ts", "Z"), ("tz", "Z"), ("w", "v"), ("y", "i"), ("j", "i"), ("x", "ks"), ("ck", "k"),
    ("c", "k"),  # what is left of c after ch/cz/ck: Macron = Макрон
)  # fmt: skip


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def stems(word: str) -> list[str]:
    """The word and the stems left by taking one case ending off (Путина -> Путин)."""
    low = word.lower()
    out = [low]
    for ending in _ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            out.append(low[: -len(ending)])
    return list(dict.fromkeys(out))


def latin_variants(word: str) -> list[str]:
    """English-style and German-style transliterations (Ukrainian readings included)."""
    low = word.lower()
    out = []
    for style in (0, 1):
        for uk in (False, True):
            parts = []
            for ch in low:
                if uk and ch in _UK_ALTERNATIVES:
                    parts.append(_UK_ALTERNATIVES[ch][style])
                else:
                    parts.append(_TABLE.get(ch, (ch, ch))[style])
            out.append("".join(parts))
    return list(dict.fromkeys(out))


@cache
def key(name: str) -> str:
    """A comparison key for a Latin-script name (see the module docstring)."""
    s = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c) and (c.isalnum() or c == " "))
    for group, symbol in _GROUPS:
        s = s.replace(group, symbol)
    s = re.sub(r"(.)\1+", r"\1", s)  # doubled letters: Lukaschenko/Lukashenko, Zelenskyy
    words = [re.sub(r"[aeiou]+$", "", w) or w for w in s.split()]  # endings, -ij / -yj
    return " ".join(words)


def cyrillic_keys(words: list[str], *, inflected: bool = True) -> set[str]:
    """Every key the Cyrillic `words` (one name, in any case unless not `inflected`) could
    have in Latin script."""
    options: list[set[str]] = []
    for w in words:
        forms = stems(w) if inflected else [w.lower()]
        options.append({key(v) for s in forms for v in latin_variants(s)})
    keys = {""}
    for opts in options:
        keys = {f"{k} {o}".strip() for k in keys for o in opts}
        if len(keys) > 256:  # long names: enough variants to match, bounded work
            keys = set(sorted(keys)[:256])
    return keys
