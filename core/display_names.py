"""One actor, a name per language: what the dashboard shows for an actor id in a language.

An actor's id is its canonical name (core.actors; the alias file writes canonical names in
German, the product's first language), so an English article's "Vladimir Putin" and a
German one's "Wladimir Putin" are one actor, ``Wladimir Putin``.  An English reader should
still read *Vladimir Putin*, *Russia*, *Kremlin*.  The display name of an actor in a
language is, in this order:

1. the user's display-name file (``display_names`` setting): ``actor<TAB>language<TAB>name``;
2. for the id's own language (`CANONICAL_LANGUAGE`) and for languages whose nouns inflect
   (a surface there may be a dative or genitive: "Weißen Haus", "Путина"), the id itself;
3. otherwise the name as articles of that language write it most often: the most frequent
   surface form of the actor in that language's articles (at least `MIN_MENTIONS`; a
   person's full name before a surname alone, possessive 's and leading "the" dropped, an
   all-capitals caption only if nothing else), unless the id itself is written nearly as
   often (`KEEP_ID_SHARE`);
4. the id.

Display names are unique: a name that another actor already has (as id or display name)
stays the id, so relabelling a frame never merges two actors.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from core import tsv

CANONICAL_LANGUAGE = "de"
# Languages whose articles' surface forms can name an actor as written (no case endings).
FROM_SURFACES = frozenset({"en", "fr", "es", "it", "nl", "pt"})
MIN_MENTIONS = 2
# The id stays the name where it is at least this share of the most frequent form's count
# (English writes "USA" too, but "US" ten times as often).
KEEP_ID_SHARE = 0.25
PATH = Path(__file__).resolve().parent / "data" / "display_names.tsv"

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")


def load(path: str | Path | None = None) -> dict[tuple[str, str], str]:
    """(actor, language) -> display name, from a TAB-separated file (absent file: none).

    ValueError names the file and line of a malformed row.
    """
    path = Path(path) if path is not None else PATH
    return {(actor, lang.lower()): name
            for actor, lang, name in tsv.read_rows(path, ("actor", "language", "name"))}


def needs_surfaces(language: str) -> bool:
    """Are names in `language` taken from how its articles write them (else: the ids,
    and no surface counts are needed)?"""
    language = (language or "").lower()
    return language in FROM_SURFACES and language != CANONICAL_LANGUAGE


def surface_counts(mentions: pd.DataFrame, articles: pd.DataFrame,
                   language: str | None = None) -> pd.DataFrame:
    """Mentions per (actor, actor_type, language of the article, surface): columns actor,
    actor_type, language, surface, n — only of articles in `language` when given (counting
    every mention of a 100,000-article store took seconds at each dashboard start)."""
    from core.filters import positions

    cols = ["actor", "actor_type", "language", "surface", "n"]
    if mentions.empty or articles.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n" else "str") for c in cols})
    pos = positions(articles, mentions)
    langs = articles["language"].astype(str).to_numpy()
    mention_lang = np.where(pos >= 0, langs[np.maximum(pos, 0)], "")
    keep = np.ones(len(mentions), dtype=bool) if language is None else mention_lang == language
    m = pd.DataFrame(
        {
            "actor": mentions["actor"].to_numpy()[keep].astype(str),
            "actor_type": mentions["actor_type"].to_numpy()[keep].astype(str),
            "language": mention_lang[keep],
            "surface": mentions["surface"].to_numpy()[keep].astype(str),
        }
    )
    return m.groupby(cols[:4], sort=False).size().rename("n").reset_index()


def _clean(surface: str) -> str:
    s = _LEADING_THE.sub("", surface.strip())
    return _POSSESSIVE.sub("", s).strip()


def _pick(actor: str, actor_type: str, forms: pd.Series) -> str | None:
    """The display name among `forms` (cleaned surface -> count), or None to keep the id."""
    forms = forms[forms >= MIN_MENTIONS]
    if actor in forms.index and forms[actor] >= KEEP_ID_SHARE * forms.max():
        return None  # the id is how this language writes it too
    if forms.empty:
        return None
    not_caps = forms[[not (f.isupper() and len(f) > 3) for f in forms.index]]
    forms = not_caps if not not_caps.empty else forms
    if actor_type == "person":
        full = forms[[len(f.split()) > 1 for f in forms.index]]
        if not full.empty:
            forms = full
        elif (actor.split() or [actor])[-1] in forms.index:
            return None  # only the surname, written as in the id: the id is the better name
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    return ranked[0][0]


def display_names(
    counts: pd.DataFrame,
    language: str,
    overrides: dict[tuple[str, str], str] | None = None,
) -> dict[str, str]:
    """actor id -> display name in `language`, for the actors whose name differs from the id.

    `counts` is `surface_counts(...)`; `overrides` is `load(...)`.
    """
    language = (language or "").lower()
    overrides = overrides or {}
    out: dict[str, str] = {}
    if language in FROM_SURFACES and language != CANONICAL_LANGUAGE and not counts.empty:
        part = counts[counts["language"] == language]
        if not part.empty:
            part = part.assign(form=[_clean(s) for s in part["surface"]])
            part = part[part["form"] != ""]
            grouped = part.groupby(["actor", "actor_type", "form"], sort=False)["n"].sum()
            for (actor, actor_type), forms in grouped.groupby(level=[0, 1], sort=False):
                forms = forms.droplevel([0, 1]).sort_values(ascending=False)
                name = _pick(actor, actor_type, forms)
                if name is not None:
                    out[actor] = name
    for (actor, lang), name in overrides.items():
        if lang == language:
            out[actor] = name
    return _unique(out, set(counts["actor"]) if not counts.empty else set())


def _unique(names: dict[str, str], ids: set[str]) -> dict[str, str]:
    """Drop display names that would make two actors one (another id, or a name taken twice:
    the actor with the shorter id keeps it, ties alphabetical)."""
    taken: dict[str, str] = {}
    for actor in sorted(names, key=lambda a: (len(a), a)):
        name = names[actor]
        if name == actor:
            continue
        if (name in ids and name not in names) or name in taken:
            continue
        taken[name] = actor
    return {actor: name for name, actor in taken.items()}


def languages_by_size(articles: pd.DataFrame) -> list[str]:
    """The corpus's languages, most articles first (the first is the default display
    language)."""
    if articles.empty:
        return []
    counts = articles["language"].astype(str).value_counts()
    return [lang for lang in counts.index if lang and lang != "und"]


def relabel(frame: pd.DataFrame, names: dict[str, str], column: str = "actor") -> pd.DataFrame:
    """`frame` with its actor column in display names and the id kept as ``actor_id`` (right
    after it).  A categorical column stays categorical, its categories sorted again."""
    out = frame.copy()
    ids = out[column]
    out.insert(out.columns.get_loc(column) + 1, "actor_id", ids)
    if not names:
        return out
    if isinstance(ids.dtype, pd.CategoricalDtype):
        # rename_categories refuses duplicates: display names are unique by construction.
        shown = ids.cat.rename_categories(lambda c: names.get(c, c))
        out[column] = shown.cat.reorder_categories(sorted(shown.cat.categories), ordered=True)
    else:
        out[column] = ids.map(lambda a: names.get(a, a))
    return out
