"""Actor canonicalisation: raw mentions in, schema MENTIONS out.  Pure functions.

`resolve_actors` turns each mention's surface ("Lawrows", "Nato", "Putin") into
a canonical actor name ("Sergej Lawrow", "NATO", "Wladimir Putin"):

1. clean the surface: whitespace, quotes, leading titles ("Präsident Putin");
2. persons, per article: strip genitive -s where the base name occurs in the
   article; a surname alone becomes the full name if exactly one person of the
   article has that surname (two Johnsons: "Johnson" stays "Johnson");
3. other names: genitive -s only where the base is known (same article,
   gazetteer, alias file); acronyms case-merged ("Nato" -> "NATO");
4. the alias file (core/data/aliases.tsv), for spelling variants and
   translations;
5. persons again, across articles (`link_surnames`): a surname alone in an
   article that names nobody of that surname becomes the full name used
   elsewhere in the frame, when exactly one full name there has that surname;
6. actor_type from the majority label of each actor's mentions.

`resolve_actors` sees one ingest batch; `link_surnames` is a pure function over any
mentions frame, so it can also be run over a whole stored corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from core import ner as gazetteer
from core.schema import LABEL_TO_TYPE, conform, empty

ALIASES_PATH = Path(__file__).resolve().parent / "data" / "aliases.tsv"

_SLASH = re.compile(r"\s*/\s*")
# No "." here: "U.S." must keep its dot to meet its alias.
_STRIP = " \t\n\r\xa0\"'„“”‚‘’«»‹›()[]{},;:!?|/*"
# Ties in the majority vote go to the more specific type.
_LABEL_PRIORITY = {"PER": 0, "ORG": 1, "LOC": 2, "GPE": 2, "MISC": 3}


def load_aliases(path: str | Path | None = None) -> dict[str, str]:
    """variant -> canonical name, from a TAB-separated file (default: core/data/aliases.tsv)."""
    path = Path(path) if path is not None else ALIASES_PATH
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 2 or not all(parts):
            raise ValueError(f"{path}:{lineno}: expected 'variant<TAB>canonical', got {line!r}")
        if parts == ["variant", "canonical"]:
            continue
        out[parts[0]] = parts[1]
    return out


def _clean(surface: str, is_person: bool) -> str:
    name = " ".join(surface.split()).strip(_STRIP)
    if "/" in name:
        name = _SLASH.sub("/", name)  # "Bündnis 90 / Die Grünen"
    if is_person:
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        tokens = name.split()
        gaz = gazetteer.load_gazetteer()
        # Models sometimes include the title or an article: "der russische Präsident Putin".
        k = 0
        while k < len(tokens) - 1 and (
            not tokens[k][:1].isupper() or gaz.is_title(tokens[k]) or tokens[k] in gaz.not_names
        ):
            k += 1
        name = " ".join(tokens[k:])
    return name or " ".join(surface.split())


def _degenitive(name: str) -> str | None:
    """Candidate base form of a German genitive ("Lawrows" -> "Lawrow"), or None."""
    if len(name) > 3 and name.endswith("s") and not name.endswith("ss") and name[-2].isalpha():
        return name[:-1]
    return None


def _alias_person(name: str, aliases: dict[str, str], ambiguous: bool) -> str:
    if name in aliases:
        return name if ambiguous else aliases[name]
    tokens = name.split()
    if len(tokens) > 1 and tokens[-1] in aliases:
        # "Wolodymyr Selensky": the surname is a known variant of the same person.
        target = aliases[tokens[-1]]
        if target.split()[0] == tokens[0]:
            return target
    return name


def _resolve_persons(aids: np.ndarray, names: np.ndarray, aliases: dict[str, str]) -> list[str]:
    """Canonical person names, article by article (rows grouped by article id)."""
    out: list[str] = [""] * len(names)
    order = np.argsort(aids, kind="stable")
    sorted_aids = aids[order]
    bounds = np.flatnonzero(sorted_aids[1:] != sorted_aids[:-1]) + 1
    known_people = set(aliases) | set(aliases.values())
    for rows in np.split(order, bounds):
        group = [names[r] for r in rows]
        present = set(group)
        # Genitive -s, where the base occurs in the article: as a name, or as the
        # surname of a full name ("Bidens" -> "Biden" with "Joe Biden" present).
        surnames = {n.split()[-1] for n in present if " " in n}
        base: dict[str, str] = {}
        for n in present:
            b = _degenitive(n)
            if b and (
                b in present
                or b in surnames
                or b.split()[-1] in surnames
                or b in known_people
                # "bei Domenico Tedescos Belgiern ... Trainer Tedesco"
                or " " in b
                and b.split()[-1] in present
            ):
                base[n] = b
            else:
                base[n] = n
        full: dict[str, set[str]] = {}
        given: dict[str, set[str]] = {}
        for n in set(base.values()):
            tokens = n.split()
            if len(tokens) > 1:
                full.setdefault(tokens[-1], set()).add(n)
                # "Kevin De Bruyne": the surname is everything after the given name.
                full.setdefault(" ".join(tokens[1:]), set()).add(n)
                given.setdefault(tokens[0], set()).add(n)
        for r, n in zip(rows, group, strict=True):
            b = base[n]
            ambiguous = False
            owners = full.get(b) if b not in full.get(b, ()) else None
            if owners is not None:
                if len(owners) == 1:
                    b = next(iter(owners))
                else:
                    ambiguous = True
            elif " " not in b and len(given.get(b, ())) == 1:
                # Features and sports reports call people by their first name once
                # introduced ("Wayne Mardle ... Wayne"); only one full name starts so.
                b = next(iter(given[b]))
            out[r] = _alias_person(b, aliases, ambiguous)
    return out


def resolve_actors(mentions: pd.DataFrame, aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """Add canonical `actor` and `actor_type` to raw mentions; returns schema MENTIONS."""
    if aliases is None:
        aliases = load_aliases()
    if mentions.empty:
        return empty("mentions")
    df = mentions.reset_index(drop=True)
    aid = df["article_id"].astype(str).to_numpy()
    label = df["label"].astype(str).to_numpy()
    surface = df["surface"].astype(str).to_numpy()
    is_per = label == "PER"

    # Cleaning depends only on (surface, is_person): do it once per distinct pair.
    keys = pd.Series(surface).str.cat(np.where(is_per, "\x01P", "\x01O"))
    codes, uniques = pd.factorize(keys)
    cleaned = np.array([_clean(u[:-2], u.endswith("\x01P")) for u in uniques], dtype=object)[codes]

    actor = np.empty(len(df), dtype=object)
    if is_per.any():
        actor[is_per] = _resolve_persons(aid[is_per], cleaned[is_per], aliases)

    other = ~is_per
    if other.any():
        actor[other] = _resolve_others(aid[other], cleaned[other], aliases)

    df["actor"] = actor
    df["actor_type"] = _majority_type(df["actor"], df["label"])
    return link_surnames(conform(df, "mentions"))


def link_surnames(mentions: pd.DataFrame) -> pd.DataFrame:
    """Surname-only person actors -> the one full name with that surname in the frame.

    "Habeck" in an article that never says "Robert Habeck" becomes "Robert Habeck"
    when that is the only person actor ending in "Habeck" in `mentions` (schema
    MENTIONS).  Left alone: a surname that two full names share anywhere in the
    frame ("Müller": Thomas and Gerd), and any article that itself names a person
    of that surname (resolved or deliberately kept apart per article already).
    """
    if mentions.empty:
        return mentions
    is_person = (mentions["actor_type"] == "person").to_numpy()
    if not is_person.any():
        return mentions
    persons = mentions.loc[is_person, ["article_id", "actor"]]
    names = pd.unique(persons["actor"])
    owners: dict[str, set[str]] = {}
    for name in names:
        tokens = name.split()
        if len(tokens) > 1 and tokens[-1][:1].isupper():
            owners.setdefault(tokens[-1], set()).add(name)
    single = {n for n in names if " " not in n and len(owners.get(n, ())) == 1}
    if not single:
        return mentions
    # Articles that name a person of that surname in full keep their own reading.
    full = persons[persons["actor"].str.contains(" ", regex=False)]
    full_in_article = set(
        zip(full["article_id"], full["actor"].str.rsplit(" ", n=1).str[-1], strict=True)
    )
    actor = mentions["actor"].to_numpy(dtype=object).copy()
    aids = mentions["article_id"].to_numpy(dtype=object)
    changed = False
    for i in np.flatnonzero(is_person):
        name = actor[i]
        if name in single and (aids[i], name) not in full_in_article:
            actor[i] = next(iter(owners[name]))
            changed = True
    if not changed:
        return mentions
    out = mentions.copy()
    out["actor"] = actor
    return out


def _resolve_others(aids: np.ndarray, names: np.ndarray, aliases: dict[str, str]) -> np.ndarray:
    known = gazetteer.known_names() | set(aliases) | set(aliases.values())
    # Inflected forms the gazetteer generated ("Vereinigten Staaten") go to their base.
    base_forms = gazetteer.load_gazetteer().base_forms
    names = np.array([base_forms.get(n, n) for n in names], dtype=object)
    # Genitive: the base must exist in the gazetteer/alias file or in the same article.
    base = np.array([_degenitive(n) or "" for n in names], dtype=object)
    has_base = base != ""
    in_known = np.fromiter((b in known for b in base), bool, len(base)) & has_base
    pairs = pd.MultiIndex.from_arrays([aids, names])
    in_article = pd.MultiIndex.from_arrays([aids, base]).isin(pairs) & has_base
    names = np.where(in_known | in_article, base, names)

    # Acronyms written in title case ("Nato", "Uno") merge with the upper-case form.
    acronyms = {n for n in set(names) | known if 2 <= len(n) <= 6 and n.isupper()}
    translations = gazetteer.country_translations()
    uniq = pd.unique(names)
    mapping = {}
    for n in uniq:
        m = aliases.get(n) or translations.get(n, n)
        if m == n and " " not in n and n.upper() in acronyms and n.upper() != n:
            m = aliases.get(n.upper(), n.upper())
        mapping[n] = aliases.get(m, m)
    return np.array([mapping[n] for n in names], dtype=object)


def _majority_type(actor: pd.Series, label: pd.Series) -> np.ndarray:
    counts = pd.DataFrame({"actor": actor, "label": label}).value_counts().rename("n").reset_index()
    counts["prio"] = counts["label"].map(_LABEL_PRIORITY).fillna(9)
    best = counts.sort_values(["actor", "n", "prio"], ascending=[True, False, True])
    best = best.drop_duplicates("actor").set_index("actor")["label"]
    types = best.map(LABEL_TO_TYPE).fillna("other")
    return actor.map(types).to_numpy()


def summarise_actors(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per actor (schema ACTORS): counts and surface forms, most mentioned first."""
    if mentions.empty:
        return empty("actors")
    g = mentions.groupby("actor", sort=False)
    out = pd.DataFrame(
        {
            "actor_type": g["actor_type"].first(),  # one type per actor, by construction
            "n_mentions": g.size(),
            "n_articles": g["article_id"].nunique(),
        }
    )
    surf = (
        mentions.groupby(["actor", "surface"], sort=False)
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["actor", "n", "surface"], ascending=[True, False, True])
    )
    out["aliases"] = surf.groupby("actor", sort=False)["surface"].agg(" | ".join)
    out = out.reset_index().sort_values(["n_mentions", "actor"], ascending=[False, True])
    return conform(out, "actors")
