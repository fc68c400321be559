"""The most frequent actors of a whole store, with every other actor that may be a split.

    python -m training.corpus_check --db FILE [--persons 40] [--others 30]

For each of the N most frequent persons (by articles) it lists the other actors, of any
type, whose name is the same person written differently: the same comparison key
(case, diacritics), the surname alone, a genitive, or a longer name ending in the same
surname ("Unions-Kanzlerkandidat Merz").  Such a candidate is a *split* unless it is
another person of the same surname (that is for the reader to judge: the list prints
the counts and types to decide).  The most frequent organisations and places are printed
for reading ("none is junk" is judged by reading the list).  The store is only read.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from core.actors import edit_distance
from training.actor_eval import key


def load(db: Path):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("SELECT actor, actor_type, n_mentions, n_articles FROM actors").fetchall()
    con.close()
    return rows


def _close(a: str, b: str) -> bool:
    """Spelling variants of a given name ("Sahra"/"Sarah"): edit distance <= 2."""
    return abs(len(a) - len(b)) <= 2 and edit_distance(a, b) <= 2


def split_candidates(name: str, rows, first_names: frozenset[str]) -> list[tuple]:
    """Other actors that are this person written differently (see the module doc).  A
    longer name with another given name ("Melania Trump") is another person, not a split;
    the surname alone is a split only when no other full name of the store shares it."""
    k = key(name)
    surname, given = k.split()[-1], k.split()[0]
    owners = {key(a) for a, t, _, _ in rows if t == "person" and key(a).split()[-1] == surname}
    out = []
    for actor, typ, n_m, n_a in rows:
        ka = key(actor)
        tokens = ka.split()
        if actor == name or not tokens:
            continue
        if ka == k or ka == k + "s":
            out.append((actor, typ, n_m, n_a))
        elif ka in (surname, surname + "s"):
            if len({o for o in owners if " " in o}) <= 1:
                out.append((actor, typ, n_m, n_a))
        elif tokens[-1] in (surname, surname + "s") and len(tokens) > 1:
            first = actor.split()[0]
            if _close(tokens[0], given) or (
                first not in first_names and first.capitalize() not in first_names
            ):
                out.append((actor, typ, n_m, n_a))
    return sorted(out, key=lambda r: -r[3])


def report(db: Path, n_persons: int = 40, n_others: int = 30) -> str:
    from core.ner import load_gazetteer

    first_names = load_gazetteer().first_names
    rows = load(db)
    by_articles = sorted(rows, key=lambda r: (-r[3], -r[2], r[0]))
    lines = [f"{db}: {len(rows)} actors"]
    persons = [r for r in by_articles if r[1] == "person"][:n_persons]
    lines.append(f"top {n_persons} persons (articles, mentions) and possible splits:")
    n_split = 0
    for actor, _typ, n_m, n_a in persons:
        cands = split_candidates(actor, rows, first_names)
        n_split += bool(cands)
        extra = "; ".join(f"{a} [{t}] {na}/{nm}" for a, t, nm, na in cands[:6])
        lines.append(f"  {actor} {n_a}/{n_m}" + (f"   <- {extra}" if extra else ""))
    lines.append(f"persons with a candidate second actor: {n_split} of {len(persons)}")
    for typ in ("organisation", "place", "event"):
        top = [r for r in by_articles if r[1] == typ][:n_others]
        lines.append(f"top {n_others} {typ}s: " + "; ".join(f"{a} {na}" for a, _, _, na in top))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--persons", type=int, default=40)
    ap.add_argument("--others", type=int, default=30)
    args = ap.parse_args(argv)
    if not args.db.is_file():
        print(f"no such database: {args.db}", file=sys.stderr)
        return 2
    print(report(args.db, args.persons, args.others))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
