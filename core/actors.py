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
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from core import ner as gazetteer
from core import tsv
from core.ner.lexicon import read_list
from core.schema import LABEL_TO_TYPE, conform, empty

ALIASES_PATH = Path(__file__).resolve().parent / "data" / "aliases.tsv"

_SLASH = re.compile(r"\s*/\s*")
# No "." here: "U.S." must keep its dot to meet its alias.
_STRIP = " \t\n\r\xa0\"'„“”‚‘’«»‹›()[]{},;:!?|/*"
# Ties in the majority vote go to the more specific type.
_LABEL_PRIORITY = {"PER": 0, "ORG": 1, "LOC": 2, "GPE": 2, "EVENT": 3, "MISC": 4}
_ARTICLES = frozenset(
    "der die das den dem des Der Die Das Den Dem Des the The ein eine Ein Eine".split()
)


def load_aliases(path: str | Path | None = None) -> dict[str, str]:
    """variant -> canonical name, from a TAB-separated file (default: core/data/aliases.tsv)."""
    path = Path(path) if path is not None else ALIASES_PATH
    return dict(tsv.read_rows(path, ("variant", "canonical")))


# Lower-case words that belong inside a person's name ("Ursula von der Leyen").
_PARTICLES = frozenset(
    "von van der den de di da del della le la du dos das bin ibn al el zu vom ter ten y".split()
)
# Inflected adjectives and participles glued before a name ("Schweigender Scholz").
_ADJECTIVE = re.compile(
    r"(?:end|ische|ischer|ischen|liche|licher|lichen|ige|iger|igen)(?:e|er|en|es)?$"
)


@lru_cache(maxsize=1)
def _all_first_names() -> frozenset[str]:
    """Every known given name, also those the person rules do not trust on their own
    ("Ernst", which is also a word): a given name is never a descriptor."""
    from core.ner.lexicon import _first_names

    return frozenset(_first_names())


def _is_descriptor(token: str, gaz) -> bool:
    """A word that describes a person rather than names them: a role or title
    ("Unions-Kanzlerkandidat"), a common noun, a word of the not-names list, an
    adjective or participle, any lower-case word that is no name particle, or a
    genitive name before a role ("Trumps [Vizekandidat] Vance")."""
    if token in gaz.first_names or token in _all_first_names():
        return False
    if not token[:1].isupper():
        return token not in _PARTICLES
    from core.ner.nouns import is_common_word

    last = token.rsplit("-", 1)[-1]
    return (
        is_common_word(token)
        or gaz.is_title(token)
        or gaz.is_title(last.capitalize())
        or token in gaz.not_names
        or token in gaz.common_nouns
        or (last != token and last.capitalize() in gaz.common_nouns)
        or bool(_ADJECTIVE.search(token.lower()))
    )


def _person_name(tokens: list[str]) -> list[str]:
    """The name inside a person span: the tokens after the last descriptor.
    "Unions-Kanzlerkandidat Friedrich Merz" -> Friedrich Merz; "Trumps Vizekandidat
    Vance" -> Vance; "Ursula von der Leyen" stays whole.  The last token always stays."""
    from core.ner.nouns import is_noun

    gaz = gazetteer.load_gazetteer()
    if tokens and "-" in tokens[0]:
        # "Keeper-Stefan Ortega", "Ex-Bundestrainer-Joachim": a role glued by a hyphen.
        head, _, rest = tokens[0].rpartition("-")
        if (
            rest in gaz.first_names
            and head not in gaz.first_names
            and (_is_descriptor(head, gaz) or is_noun(head))
        ):
            tokens = [rest] + tokens[1:]
    # "Olaf Scholz Bundeskanzler": a role after a full name is no part of it (only when
    # a given name and a surname remain: "Thomas Müller" keeps "Müller").
    while len(tokens) > 2 and gaz.is_title(tokens[-1]):
        tokens = tokens[:-1]
    cut = 0
    for k in range(len(tokens) - 1):
        if _is_descriptor(tokens[k], gaz):
            cut = k + 1
    name = tokens[cut:]
    # Particles cannot start a name that lost its given name: "von der Leyen" keeps
    # them, but a leading "der" left over from "der Kanzler" does not, nor a "von" before
    # a lone surname ("Foul von Kane").
    while len(name) > 1 and name[0] in _PARTICLES and (
        name[0] in ("der", "die", "das", "den") or len(name) == 2
    ):
        name = name[1:]
    # "Trump Trump": a name repeated by a fused span.
    name = [t for k, t in enumerate(name) if k == 0 or t != name[k - 1]]
    return name


def _decap(token: str) -> str:
    """"KIMMICH" -> "Kimmich" (captions and headlines in capitals); "MCALLISTER" stays
    findable as "Mcallister" only if written so elsewhere: good enough for merging."""
    return "-".join(p[:1] + p[1:].lower() if len(p) > 1 else p for p in token.split("-"))


# A dash glued to the end of a name ("Russia.-", "CNN)-", "Putin.-": machine-translated
# news writes ".-" for a dash): the dash and the punctuation before it go.
_DASH_TAIL = re.compile(r"[.)]*[-–—]+$")
_GLUED_SENTENCE = re.compile(r"^\w{2,}[.!?](?=[A-ZÄÖÜ][a-zäöüß])")


def _clean(surface: str, is_person: bool) -> str:
    name = _DASH_TAIL.sub("", " ".join(surface.split())).strip(_STRIP)
    if "/" in name:
        name = _SLASH.sub("/", name)  # "Bündnis 90 / Die Grünen"
    if is_person:
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        # "USA.Joe Biden", "Ukraine.Wolodymyr": a missing space after a full stop glued the
        # end of a sentence to the name.
        name = _GLUED_SENTENCE.sub("", name)
        tokens = name.split()
        # A name in capitals is a name ("JOSHUA KIMMICH"), unless it is one short
        # acronym-like token.
        if any(len(t) > 3 for t in tokens) and all(t.isupper() for t in tokens if t.isalpha()):
            tokens = [_decap(t) for t in tokens]
        name = " ".join(_person_name(tokens))
    else:
        tokens = name.split()
        # "TONI KROOS", "FC BAYERN MÜNCHEN": several words in capitals are a name in a
        # headline; short all-caps words stay acronyms ("FC").
        if len(tokens) > 1 and all(t.isupper() for t in tokens if t.isalpha()) and any(
            len(t) > 3 for t in tokens
        ):
            tokens = [_decap(t) if len(t) > 3 else t for t in tokens]
            name = " ".join(tokens)
        # "Der BVB", "die Bundesregierung": an article is no part of the name, except
        # where the rest is a common word ("Der Spiegel", "Die Zeit").
        if len(tokens) > 1 and tokens[0] in _ARTICLES:
            from core.ner.nouns import is_common_word

            if len(tokens) > 2 or not is_common_word(tokens[1]):
                name = " ".join(tokens[1:])
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


def _near_full_name(surname: str, full: dict[str, set[str]]) -> str | None:
    """The one full name of the article whose last word's transliteration key is one edit
    from `surname`'s ("Zelanski" / Volodymyr Zelensky), or None."""
    from core import translit

    k = translit.key(surname)
    if len(k) < 5:
        return None
    hits = {
        n for last, names in full.items() if " " not in last
        for n in names if edit_distance(translit.key(last), k) == 1
    }
    return next(iter(hits)) if len(hits) == 1 else None


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
            elif " " not in b and len(b) >= 6:
                # A surname misspelled once in machine-translated news ("Volodymyr
                # Zelensky ... Zelanski"): the one full name whose surname it is a letter
                # off, by transliteration key.
                near = _near_full_name(b, full)
                if near:
                    b = near
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
    # "Laura Privatstiftung", "Hutchison Ports": a company or foundation the model called
    # a person.
    heads = _org_heads()
    if heads and is_per.any():
        last = pd.Series(surface[is_per]).str.split().str[-1].str.lower().str.strip(_STRIP)
        is_org = last.map(lambda w: isinstance(w, str) and _is_org_head(w, heads)).to_numpy(bool)
        if is_org.any():
            label = label.copy()
            label[np.flatnonzero(is_per)[is_org]] = "ORG"
            df["label"] = label
            is_per = label == "PER"

    # Cleaning depends only on (surface, is_person): do it once per distinct pair.
    keys = pd.Series(surface).str.cat(np.where(is_per, "\x01P", "\x01O"))
    codes, uniques = pd.factorize(keys)
    cleaned = np.array([_clean(u[:-2], u.endswith("\x01P")) for u in uniques], dtype=object)[codes]
    # Cyrillic names of known actors ("Путина", "Киеве") are aliases of their Latin names.
    from core.ner.cyrillic import canonical as cyrillic_actor
    from core.ner.cyrillic import person_by_key

    cyr = {n: c for n in pd.unique(cleaned) if (c := cyrillic_actor(n)) and c != n}
    # Persons of the alias file in other Latin spellings ("Ławrow", "Łukaszenko").
    people = set(aliases.values())
    cyr.update(
        (n, c)
        for n in pd.unique(cleaned[is_per])
        if n not in aliases and (c := person_by_key(n)) and c != n and c in people
    )
    if cyr:
        aliases = {**aliases, **cyr}

    # Never actors ("TV", "Euro"), dropped before any merge can carry them into one.
    stop = _not_actors()
    if stop:
        keep = ~np.isin(cleaned, list(stop))
        if not keep.all():
            df = df[keep].reset_index(drop=True)
            if df.empty:
                return empty("mentions")
            aid, label, surface = aid[keep], label[keep], surface[keep]
            cleaned, is_per = cleaned[keep], is_per[keep]
    # A known given name alone that the model called a place or an organisation is a
    # person ("Miriam", "Jonathan"), unless a place, club or city has that name ("Paris").
    gaz = gazetteer.load_gazetteer()
    single = {n for n in pd.unique(cleaned[~is_per]) if " " not in n and n in gaz.first_names}
    if single:
        from core.ner.places import city_names
        from core.ner.sports import clubs

        protected = set(gaz.entities) | set(clubs()) | city_names() | set(aliases)
        first = {n for n in single if n not in protected}
        if first:
            to_per = ~is_per & np.isin(cleaned, list(first)) & np.isin(label, ["LOC", "ORG"])
            if to_per.any():
                label = np.where(to_per, "PER", label)
                df["label"] = label
                is_per = label == "PER"
    # Events are events however they were found ("EM" inside "EM-Achtelfinale").
    from core.ner.sports import is_event

    uniq_names = pd.unique(cleaned[~is_per])
    events = {n for n in uniq_names if is_event(n)}
    if events:
        label = np.where(~is_per & np.isin(cleaned, list(events)), "EVENT", label)
        df["label"] = label

    actor = np.empty(len(df), dtype=object)
    if is_per.any():
        actor[is_per] = _resolve_persons(aid[is_per], cleaned[is_per], aliases)

    other = ~is_per
    if other.any():
        actor[other] = _resolve_others(aid[other], cleaned[other], aliases)
        actor[other] = _resolve_clubs(aid[other], actor[other], label[other])

    if {"start", "end"} <= set(df.columns):
        starts, ends = df["start"].to_numpy(), df["end"].to_numpy()
        actor = _acronyms_in_brackets(aid, actor, label, starts, ends)
    actor = _join_person_names(aid, actor, label)
    keep = _not_nouns(actor, label, aliases)
    if not keep.all():
        df, actor = df[keep].reset_index(drop=True), actor[keep]
        if df.empty:
            return empty("mentions")
    df["actor"] = actor
    df["actor_type"] = _evidence_type(df["actor"], df["label"])
    return link_surnames(conform(df, "mentions"))


def _groups(aids: np.ndarray):
    """Row indices per article (rows need not be sorted)."""
    order = np.argsort(aids, kind="stable")
    sorted_aids = aids[order]
    bounds = np.flatnonzero(sorted_aids[1:] != sorted_aids[:-1]) + 1
    return np.split(order, bounds)


def _resolve_clubs(aids: np.ndarray, names: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """An ORG mention that is a club's short form ("Leverkusen", "BVB", crisis_sports_events
    labelled it so) becomes the club: the one full club name of the same article that
    contains it ("Kiel" -> "Holstein Kiel"), else the club list's name."""
    from core.ner.sports import clubs

    known = clubs()
    out = names.copy()
    for rows in _groups(aids):
        org_rows = [r for r in rows if labels[r] == "ORG"]
        if not org_rows:
            continue
        full = {names[r] for r in org_rows if " " in names[r]}
        for r in org_rows:
            n = names[r]
            if " " in n and n in known:
                out[r] = known[n]
                continue
            owners = {f for f in full if n in f.split()}
            if len(owners) == 1:
                f = next(iter(owners))
                out[r] = known.get(f, f)
            elif n in known:
                out[r] = known[n]
    return out


def _abbreviates(acronym: str, long: str) -> bool:
    """Could `acronym` abbreviate `long`: same first letter, its letters in order in the long
    form ("DFS" / Deutsche Flugsicherung)?  A dateline's outlet is no abbreviation of the
    place before it ("United Arab Emirates (CNN)")."""
    a, text = fold(acronym), fold(long)
    if not a or not text or a[0] != text[0]:
        return False
    pos = 0
    for ch in a[1:]:
        pos = text.find(ch, pos + 1)
        if pos < 0:
            return False
    return True


def _acronyms_in_brackets(aids, actor, labels, starts, ends) -> np.ndarray:
    """"Deutsche Flugsicherung (DFS)": an acronym right after a multi-word organisation's
    name is that organisation, in this article and wherever else the acronym stands
    alone in the batch (when no other long form claims it)."""
    out = actor.copy()
    claims: dict[str, set[str]] = {}
    for rows in _groups(aids):
        rows = sorted(rows, key=lambda r: starts[r])
        for prev, cur in zip(rows, rows[1:], strict=False):
            a, long = out[cur], out[prev]
            if (
                labels[prev] == "ORG"
                and " " in long
                and 2 <= len(a) <= 6
                and (a.isupper() or a.islower() and a.isalpha())
                and 0 < starts[cur] - ends[prev] <= 3
                and _abbreviates(a, long)
            ):
                claims.setdefault(a, set()).add(long)
    mapping = {a: next(iter(ls)) for a, ls in claims.items() if len(ls) == 1}
    if mapping:
        for i, n in enumerate(out):
            if n in mapping and labels[i] != "PER":
                out[i] = mapping[n]
    return out


def _join_person_names(aids: np.ndarray, actor: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """A surname alone joins the one full person name of that surname in the same
    article, whatever label the model gave the mention ("Scholz" tagged ORG in a caption,
    "Musiala" tagged LOC): one person, one actor.  The genitive of a full name joins it
    too ("Julian Nagelsmanns" -> Julian Nagelsmann)."""
    gaz = gazetteer.load_gazetteer()
    out = actor.copy()
    for rows in _groups(aids):
        persons = {out[r] for r in rows if labels[r] == "PER" and " " in out[r]}
        if not persons:
            continue
        by_surname: dict[str, set[str]] = {}
        for p in persons:
            by_surname.setdefault(p.split()[-1], set()).add(p)
        for r in rows:
            n = out[r]
            if n in persons:
                continue
            base = n[:-1] if n.endswith("s") and n[:-1] in persons else None
            if base:
                out[r] = base
                continue
            if " " in n:
                # "Der 34 Jahre alte Kroos", "Unions-Kanzlerkandidat Merz" tagged MISC or
                # ORG: words before the surname of the article's one person of that name
                # that are no given name of their own.
                tokens = n.split()
                owners = by_surname.get(tokens[-1]) or by_surname.get(_degenitive(tokens[-1]) or "")
                if (
                    owners
                    and len(owners) == 1
                    and tokens[0] not in gaz.first_names
                    and not any(t in gaz.first_names for t in tokens[:-1])
                ):
                    out[r] = next(iter(owners))
                continue
            for cand in (n, _degenitive(n)):
                owners = by_surname.get(cand or "")
                if owners and len(owners) == 1 and cand not in persons:
                    out[r] = next(iter(owners))
                    break
    return out


@lru_cache(maxsize=1)
def _org_heads() -> tuple[str, ...]:
    return tuple(h.lower() for h in read_list("org_heads.txt"))


def _is_org_head(word: str, heads: tuple[str, ...]) -> bool:
    """Short heads match whole words ("AG", "Bank"), long ones also end compounds
    ("Privatstiftung"), so "Kruse" is no "SE"."""
    return word in heads or any(len(h) >= 6 and word.endswith(h) for h in heads)


@lru_cache(maxsize=1)
def _not_actors() -> frozenset[str]:
    return frozenset(read_list("not_actors.txt"))


def _not_nouns(actor: np.ndarray, labels: np.ndarray, aliases: dict[str, str]) -> np.ndarray:
    """False for mentions to drop: a one-word name that is a common German word and no
    name anybody knows.

    * persons: a noun, adjective or role ("Symbol", "Regierungsmitglieder",
      "Spitzenkandidat") that is no surname of a full person name in the frame, no first
      name and no name of the alias file;
    * places and organisations: a noun or a capitalised adjective ("Grill", "Pünktlich",
      "Weiteres") that the gazetteer, the alias file, the club list and GeoNames' cities
      do not know ("Essen", "Halle" stay); acronyms and federal institutions ("Bundestag")
      stay.
    """
    from core.ner.nouns import is_common_word
    from core.ner.places import city_names
    from core.ner.sports import clubs

    gaz = gazetteer.load_gazetteer()
    is_per = labels == "PER"
    is_named = np.isin(labels, ["ORG", "LOC"])
    surnames = {a.split()[-1] for a in actor[is_per] if " " in a}
    known = set(aliases) | set(aliases.values())
    bad_per = {
        a
        for a in pd.unique(actor[is_per])
        if " " not in a
        and a not in surnames
        and a not in known
        and a not in gaz.first_names
        and (is_common_word(a) or _is_descriptor(a, gaz))
    }
    stop = _not_actors()
    protected = known | set(gaz.entities) | set(clubs())
    bad_named = {
        a
        for a in pd.unique(actor[is_named])
        if " " not in a
        and not a.isupper()
        and a not in protected
        and not a.startswith(("Bundes", "Landes"))
        and (is_common_word(a) or a.rsplit("-", 1)[-1] in gaz.common_nouns)
        and a not in city_names()
    }
    keep = ~np.isin(actor, list(stop)) if stop else np.ones(len(actor), dtype=bool)
    if bad_per:
        keep &= ~(is_per & np.isin(actor, list(bad_per)))
    if bad_named:
        keep &= ~(is_named & np.isin(actor, list(bad_named)))
    return keep


def _evidence_type(actor: pd.Series, label: pd.Series) -> np.ndarray:
    """One type per actor, by evidence: a multi-word name the model or the rules called a
    person at least once, whose first word is a known first name, is a person (a person
    mentioned once as a "place" stays a person); otherwise the majority label, ties to
    the more specific type."""
    types = pd.Series(_majority_type(actor, label), index=actor.index)
    gaz = gazetteer.load_gazetteer()
    per = actor[label.to_numpy() == "PER"]
    strong = {
        a for a in pd.unique(per) if " " in a and a.split()[0] in gaz.first_names
    }
    if strong:
        types = types.where(~actor.isin(strong), "person")
    return types.to_numpy()


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


def fold(name: str) -> str:
    """Comparison form of a name: no diacritics, "ß" as "ss", case-folded."""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    return bare.replace("ß", "ss").casefold()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def spelled_alike(written: str, actor: str) -> bool:
    """Whether a written full name is `actor` in another spelling or transliteration:
    as many words, the same number of given names, and every word within a typo
    ("Vladimir Putin" / "Wladimir Putin", "Volodymyr Zelensky" / "Wolodymyr Selenskyj").
    A role before a surname ("Präsident Putin") is not: "Präsident" is no spelling of a
    given name."""
    from core import translit

    if translit.has_cyrillic(written):  # "Володимир Зеленський" / "Wolodymyr Selenskyj"
        words = written.split()
        return len(words) == len(actor.split()) > 1 and translit.key(actor) in (
            translit.cyrillic_keys(words))
    a, b = fold(written).split(), fold(actor).split()
    return len(a) == len(b) > 1 and all(_typo(x, y) for x, y in zip(a, b, strict=True))


def _typo(a: str, b: str) -> bool:
    """Edit distance of at most 1, or 2 for names of five letters or more ("Sahra"/"Sarah")."""
    limit = 2 if min(len(a), len(b)) >= 5 else 1
    return abs(len(a) - len(b)) <= limit and edit_distance(a, b) <= limit


def link_across_articles(pairs: pd.DataFrame) -> pd.DataFrame:
    """Person actors of a whole store, linked across articles; returns `pairs` with a new
    `actor` column.  `pairs`: one row per (article_id, actor) with `named` (the article
    writes the given name; see Store.person_actors).

    1. Spellings of one full name are one actor: names equal but for case and diacritics
       ("Leroy Sane" / "Leroy Sané"), or whose given names differ by a typo
       ("Sarah"/"Sahra Wagenknecht") when one spelling is at least ten times as frequent
       and the other is in at most two articles.  The most frequent spelling wins.
    2. A surname alone (an actor the article never names in full, even if an earlier run
       linked it) becomes the one full name of that surname in the store, and goes back to
       the surname alone when the store holds two ("Hoeneß": Uli and Sebastian).
       An article that names a person of that surname keeps its own reading.
    """
    if pairs.empty:
        return pairs
    named = pairs["named"].astype(bool).to_numpy()
    actor = pairs["actor"].to_numpy(dtype=object)
    local = np.array(
        [a if n or " " not in a else a.split()[-1] for a, n in zip(actor, named, strict=True)],
        dtype=object,
    )
    full = pd.Series(local[named]).loc[lambda s: s.str.contains(" ", regex=False)]
    counts = full.value_counts()
    # 1. spelling variants of full names
    canon: dict[str, str] = {}
    by_fold: dict[str, list[str]] = {}
    for name in counts.index:
        by_fold.setdefault(fold(name), []).append(name)
    for names in by_fold.values():
        best = max(names, key=lambda n: (counts[n], n))
        canon.update({n: best for n in names})
    # The genitive of a full name is that name ("Jamal Musialas" -> Jamal Musiala).
    for name in counts.index:
        if name.endswith("s") and name[:-1] in counts.index:
            canon[name] = canon.get(name[:-1], name[:-1])
    by_surname: dict[str, list[str]] = {}
    for name in {canon[n] for n in counts.index}:
        by_surname.setdefault(fold(name.split()[-1]), []).append(name)
    for names in by_surname.values():
        names.sort(key=lambda n: -counts.get(n, 0))
        for rare in names:
            for common in names:
                if (
                    common != rare
                    and counts.get(common, 0) >= 10 * counts.get(rare, 0)
                    and counts.get(rare, 0) <= 2
                    and rare.split()[:-1] and common.split()[:-1]
                    and len(rare.split()) == len(common.split())
                    and _typo(fold(rare.split()[0]), fold(common.split()[0]))
                ):
                    canon[rare] = common
                    break
    resolved = np.array([canon.get(n, n) for n in local], dtype=object)
    # 2. surnames alone
    owners: dict[str, set[str]] = {}  # folded surname -> full names ("Sane" meets Sané)
    for name in set(resolved[named]):
        if " " in name and name.split()[-1][:1].isupper():
            owners.setdefault(fold(name.split()[-1]), set()).add(name)
    aids = pairs["article_id"].to_numpy(dtype=object)
    own_full = {
        (aid, fold(n.split()[-1])) for aid, n, nm in zip(aids, resolved, named, strict=True)
        if nm and " " in n
    }  # fmt: skip
    for i, name in enumerate(resolved):
        f = fold(name)
        if " " not in name and len(owners.get(f, ())) == 1 and (aids[i], f) not in own_full:
            resolved[i] = next(iter(owners[f]))
    out = pairs.copy()
    out["actor"] = resolved
    return out


_ADJ_CASE = (("en", ("e", "er", "es")), ("er", ("e",)), ("em", ("e", "er", "es")),
             ("es", ("e",)))  # fmt: skip


def _nominative(name: str, present: set[str]) -> str:
    """"Deutschen Presse-Agentur" -> "Deutsche Presse-Agentur" when that form is known
    (in `present`); adjectives before the head noun are re-inflected together, and a
    genitive -s/-es of the head is dropped."""
    tokens = name.split()
    if len(tokens) < 2 or name in present:
        return name
    heads = [tokens[-1]]
    for ending in ("es", "s", "n"):  # genitive; dative plural ("Olympischen Spielen")
        if tokens[-1].endswith(ending) and len(tokens[-1]) > 4:
            heads.append(tokens[-1][: -len(ending)])
    adjs = [
        k
        for k, t in enumerate(tokens[:-1])
        if t[:1].isupper() and t.endswith(("en", "er", "em", "es"))
    ]
    if not adjs:
        return name
    for head in heads:
        for old, news in _ADJ_CASE:
            for new in news:
                cand = [
                    t[: -len(old)] + new if k in adjs and t.endswith(old) else t
                    for k, t in enumerate(tokens[:-1])
                ]
                candidate = " ".join(cand + [head])
                if candidate != name and candidate in present:
                    return candidate
    return name


def surnames_of_persons(persons: pd.DataFrame, others: pd.DataFrame) -> pd.DataFrame:
    """One-word places, organisations and others that are a person's surname: the model
    tagged "Wirtz" a place in articles that never name Florian Wirtz in full.  Such an
    actor becomes the one full person name of that surname in the store when no place,
    organisation, club or city of that name is known, the name is no common German word
    nor a city's people ("Bremer"), and the store has exactly one full name with that
    surname whose given name is known.  Returns (article_id, actor, actor_type,
    person) rows to retype."""
    from core.ner.nouns import is_common_word
    from core.ner.places import city_names
    from core.ner.sports import clubs

    gaz = gazetteer.load_gazetteer()
    named = persons[persons["named"].astype(bool) & persons["actor"].str.contains(" ")]
    n_articles = named.groupby("actor")["article_id"].nunique()
    owners: dict[str, set[str]] = {}
    for name in n_articles.index:
        first, last = name.split()[0], name.split()[-1]
        if first in gaz.first_names:
            owners.setdefault(last, set()).add(name)
    cities = city_names()
    protected = set(gaz.entities) | set(clubs()) | cities

    def is_word(name: str) -> bool:
        # "Krebs", "Steht" are words; "Bremer", "Wiener" are a city's people.
        demonym = name.endswith("er") and (
            name[:-2] in cities or name[:-2] + "en" in cities or name[:-2] in protected
        )
        return demonym or is_common_word(name)

    rows = []
    for aid, actor, typ in others[["article_id", "actor", "actor_type"]].itertuples(
        index=False, name=None
    ):
        own = owners.get(actor)
        if own and len(own) == 1 and actor not in protected and not is_word(actor):
            rows.append((aid, actor, typ, next(iter(own))))
    return pd.DataFrame(rows, columns=["article_id", "actor", "actor_type", "person"])


def _resolve_others(aids: np.ndarray, names: np.ndarray, aliases: dict[str, str]) -> np.ndarray:
    from core.ner.sports import events

    known = gazetteer.known_names() | set(aliases) | set(aliases.values()) | events()[0]
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

    # Inflected adjectives of multi-word names ("Deutschen Presse-Agentur", "des Roten
    # Kreuzes"): the nominative the gazetteer, the alias file or the batch knows.
    present = set(names) | known
    names = np.array([_nominative(n, present) for n in names], dtype=object)
    # A plural of a known one-word name ("Bundestagswahlen" -> Bundestagswahl).
    names = np.array(
        [n[:-2] if " " not in n and n.endswith("en") and n[:-2] in present else n for n in names],
        dtype=object,
    )
    # Headlines in capitals: "EUROPA" is Europa when that form is known (short all-caps
    # words are acronyms and stay).
    names = np.array(
        [n.title() if len(n) > 4 and n.isupper() and n.title() in present else n for n in names],
        dtype=object,
    )

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
