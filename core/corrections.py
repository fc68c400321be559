"""Analysts' corrections of actors: a plain TAB-separated file, applied when mentions are read.

One correction per line, `action<TAB>actor<TAB>argument`, applied in file order:

    merge       actor  target      the actor's mentions count for the target actor
    rename      actor  new name    the actor is called `new name` (an existing name: a merge)
    split       actor  surface     its mentions written exactly `surface` become their own
                                   actor named `surface` (undo a wrong surname link)
    not_actor   actor              its mentions disappear from every count
    type        actor  type        person | organisation | place | other

Corrections are never written into the database: every reader (the dashboard, `export`,
`info`) applies them to the mentions it reads, so they survive a re-ingest and an undo is
deleting a line.  A malformed line is reported (`Corrections.problems`) and skipped; the
others still apply.

`apply` works on plain frames and on the compact frames of `core.schema` (categorical
columns, ROW_ORDER): it works on integer codes and category lists, so a few hundred
corrections over 3.8 million mentions cost one pass over the rows, not one per correction.
Rows are only ever dropped (not_actor), never reordered, so the row order stays valid.
Each actor keeps one type: mentions merged, renamed or split into an existing actor take
that actor's type.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from core.grouped_text import join_per_group
from core.schema import ACTOR_TYPES, conform

ACTIONS = ("merge", "rename", "split", "not_actor", "type")
ARGUMENT = {  # what the third field holds, per action (not_actor takes none)
    "merge": "target actor",
    "rename": "new name",
    "split": "surface form",
    "type": "|".join(ACTOR_TYPES),
}
_TYPE_SPELLINGS = {
    "organization": "organisation",
    "org": "organisation",
    "per": "person",
    "loc": "place",
    "misc": "other",
}

HEADER = f"""\
# Corrections of actors, made by analysts (the Actors page writes here; edit freely).
#
#     action<TAB>actor<TAB>argument
#
# One correction per line, applied in the order of the lines, to every page, chart and
# export; never written into the database, so they survive a re-ingest.  Actions:
#
#     merge<TAB>ACTOR<TAB>TARGET      ACTOR's mentions count for the actor TARGET
#     rename<TAB>ACTOR<TAB>NEW NAME   ACTOR is called NEW NAME (an existing name: a merge)
#     split<TAB>ACTOR<TAB>SURFACE     ACTOR's mentions written exactly SURFACE (a surname
#                                     alone, say) become a separate actor named SURFACE
#     not_actor<TAB>ACTOR             ACTOR is not an actor: its mentions are left out
#     type<TAB>ACTOR<TAB>TYPE         TYPE is one of {", ".join(ACTOR_TYPES)}
#
# Names are matched exactly (case-sensitive) against the actor names the dashboard shows,
# after the lines above have been applied.  A malformed line is reported and skipped.
# Lines starting with "#" are comments.  Undo a correction by deleting its line.
action	actor	argument
"""


class CorrectionError(ValueError):
    """A correction that cannot be applied or written, with a message for the user."""


@dataclass(frozen=True)
class Correction:
    action: str
    actor: str
    argument: str = ""
    line: int = 0  # its line in the file (1-based); 0 when not read from a file

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.action, self.actor, self.argument)

    def to_line(self) -> str:
        return "\t".join(self.key[:2] if self.action == "not_actor" else self.key)

    def describe(self) -> str:
        """One line of plain text saying what it does."""
        a, arg = self.actor, self.argument
        return {
            "merge": f"merge “{a}” into “{arg}”",
            "rename": f"rename “{a}” to “{arg}”",
            "split": f"split “{arg}” off “{a}”",
            "not_actor": f"“{a}” is not an actor",
            "type": f"“{a}” is of type {arg}",
        }[self.action]


@dataclass(frozen=True)
class Corrections:
    """The corrections of a file, in order, and what was wrong with the lines skipped."""

    items: tuple[Correction, ...] = ()
    problems: tuple[str, ...] = ()  # one message per malformed line
    path: str = ""

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def check(action: str, actor: str, argument: str = "") -> Correction:
    """A valid Correction from its three fields (normalised), or CorrectionError saying why."""
    action = (action or "").strip().lower().replace("-", "_")
    actor = (actor or "").strip()
    argument = (argument or "").strip()
    if action not in ACTIONS:
        raise CorrectionError(f"unknown action {action!r} (use {', '.join(ACTIONS)})")
    for what, value in (("actor", actor), (ARGUMENT.get(action, "argument"), argument)):
        if any(ch in value for ch in "\t\r\n"):
            raise CorrectionError(f"the {what} must not contain a TAB or a line break")
    if not actor:
        raise CorrectionError(f"{action}: the actor is empty")
    if action == "not_actor":
        if argument:
            raise CorrectionError(f"not_actor takes no argument, got {argument!r}")
        return Correction(action, actor)
    if not argument:
        raise CorrectionError(
            f"{action}: the {ARGUMENT[action]} is missing "
            f"(expected {action}<TAB>actor<TAB>{ARGUMENT[action]})"
        )
    if action == "type":
        kind = _TYPE_SPELLINGS.get(argument.lower(), argument.lower())
        if kind not in ACTOR_TYPES:
            raise CorrectionError(f"unknown type {argument!r} (use {', '.join(ACTOR_TYPES)})")
        return Correction(action, actor, kind)
    if argument == actor:
        raise CorrectionError(
            {
                "merge": f"merges {actor!r} into itself",
                "rename": f"renames {actor!r} to its own name",
                "split": f"splits {actor!r} off itself (give a surface form other than the name)",
            }[action]
        )
    return Correction(action, actor, argument)


def parse_line(line: str, lineno: int = 0) -> Correction | None:
    """The correction on one line; None for a blank line, a comment or the header row."""
    text = line.rstrip("\r\n")
    if not text.strip() or text.lstrip().startswith("#"):
        return None
    fields = [f.strip() for f in text.split("\t")]
    while len(fields) > 1 and not fields[-1]:  # trailing TABs
        fields.pop()
    if [f.lower() for f in fields] == ["action", "actor", "argument"]:
        return None
    if len(fields) == 1:
        raise CorrectionError(
            "no TAB: fields are separated by TABs (action<TAB>actor<TAB>argument), not spaces"
        )
    if len(fields) > 3:
        raise CorrectionError(
            f"{len(fields)} fields, expected at most 3 (action<TAB>actor<TAB>argument)"
        )
    fields += [""] * (3 - len(fields))
    return replace(check(*fields), line=lineno)


def parse(text: str, path: str = "") -> Corrections:
    """All corrections of a file's text; a malformed line becomes a problem, not an error."""
    items, problems = [], []
    name = Path(path).name if path else "corrections"
    for lineno, line in enumerate(text.splitlines(), 1):
        try:
            corr = parse_line(line, lineno)
        except CorrectionError as exc:
            problems.append(f"{name}, line {lineno}: {exc} — skipped ({line.strip()!r})")
            continue
        if corr is not None:
            items.append(corr)
    return Corrections(tuple(items), tuple(problems), str(path))


def load(path: str | os.PathLike | None = None) -> Corrections:
    """The corrections in `path` (default: the `corrections` setting); a missing file has
    none, an unreadable one is one problem."""
    if path is None:
        from core import settings

        path = settings.get("corrections")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Corrections(path=str(path))
    except UnicodeDecodeError:
        return Corrections(
            problems=(f"{path}: not UTF-8 text, no correction applied",), path=str(path)
        )
    except OSError as exc:
        return Corrections(
            problems=(f"{path}: cannot be read ({exc.strerror or exc}), no correction applied",),
            path=str(path),
        )
    return parse(text, str(path))


def file_key(path: str | os.PathLike) -> tuple | None:
    """What a cache of corrected frames is keyed on: the file's mtime and size (None: absent)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _write(path: Path, text: str) -> None:
    """Replace the file's content atomically (a reader never sees half a file)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CorrectionError(f"cannot write {path}: {exc.strerror or exc}") from None


def _read_for_edit(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionError(
            f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}"
        ) from None


def append(path: str | os.PathLike, correction: Correction) -> Correction:
    """Add a correction as the file's last line (creating the file, with its explanatory
    header, if needed); returns it with its line number."""
    path = Path(path)
    correction = check(*correction.key)
    text = _read_for_edit(path)
    if not text.strip():
        text = HEADER
    if not text.endswith("\n"):
        text += "\n"
    text += correction.to_line() + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, text)
    return replace(correction, line=len(text.splitlines()))


def remove(path: str | os.PathLike, correction: Correction) -> None:
    """Delete the correction's line (undo); every other line stays as it is.

    The line is found by its number when it still holds that correction, else by its
    content (the file may have been edited since it was read)."""
    path = Path(path)
    lines = _read_for_edit(path).splitlines(keepends=True)

    def holds(i: int) -> bool:
        try:
            found = parse_line(lines[i])
        except CorrectionError:
            return False
        return found is not None and found.key == correction.key

    i = correction.line - 1
    if not (0 <= i < len(lines) and holds(i)):
        hits = [j for j in range(len(lines)) if holds(j)]
        if not hits:
            raise CorrectionError(f"{correction.describe()} is no longer in {path}")
        i = min(hits, key=lambda j: abs(j - i))
    del lines[i]
    _write(path, "".join(lines))


def manifest_entry(corrections: Corrections) -> dict:
    """What an export's manifest says about the corrections it was made with."""
    return {
        "file": corrections.path,
        "applied": [c.to_line() for c in corrections],
        "skipped_lines": list(corrections.problems),
    }


def follow(name: str, corrections: Iterable[Correction]) -> str | None:
    """What an actor name becomes through the merges and renames (None: not an actor)."""
    current: str | None = name
    for c in corrections:
        if current is None:
            break
        if c.actor == current:
            if c.action in ("merge", "rename"):
                current = c.argument
            elif c.action == "not_actor":
                current = None
    return current


# -- applying ----------------------------------------------------------------------------------
@dataclass
class Applied:
    """A corrected mention frame and what the corrections did to it."""

    mentions: pd.DataFrame
    affected: tuple[int, ...] = ()  # mentions each correction changed (0: no effect here)
    changed: frozenset[str] = frozenset()  # actors (final names) whose rows changed
    gone: frozenset[str] = frozenset()  # actor names that no longer exist


def _codes(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (a fresh int32 array) and the values they stand for."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int32), series.cat.categories
    codes, uniques = pd.factorize(series)
    return codes.astype(np.int32), pd.Index(uniques)


def _texts(index: pd.Index) -> list[str]:
    return np.asarray(index, dtype=object).tolist()


def apply(
    mentions: pd.DataFrame,
    corrections: Corrections | Iterable[Correction] | None = None,
) -> pd.DataFrame:
    """`mentions` (schema MENTIONS, plain or compact) with the corrections applied, in order.

    `corrections` defaults to the configured file.  With none the frame itself comes back.
    Dtypes stay as they were (categoricals stay sorted categoricals), the row order too."""
    return apply_report(mentions, corrections).mentions


def apply_report(
    mentions: pd.DataFrame, corrections: Corrections | Iterable[Correction] | None = None
) -> Applied:
    """`apply`, with how many mentions each correction changed and which actors changed."""
    items = tuple(load() if corrections is None else corrections)
    if not items or mentions.empty:
        return Applied(mentions, (0,) * len(items))
    codes, names = _codes(mentions["actor"])
    names = _texts(names)
    n = len(names)
    counts = np.bincount(codes[codes >= 0], minlength=n).astype(np.int64).tolist()
    tcodes, tnames = _codes(mentions["actor_type"])
    tnames = _texts(tnames)
    first = np.full(n, -1, dtype=np.int64)  # each actor's first row: its type
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    kinds = np.asarray(tnames + [""], dtype=object)[tcodes[np.maximum(first, 0)]]
    kinds[first < 0] = ""
    kind: list[str] = kinds.tolist()
    alive = {names[i]: i for i in range(n) if counts[i] > 0}
    original = set(alive)
    remap = np.arange(n, dtype=np.int64)  # actor code -> its code now (-1: dropped)
    retype: set[int] = set()  # codes whose rows all get kind[code]
    dirty: set[int] = set()  # codes whose rows changed
    surface_codes: tuple | None = None
    affected = []

    def into(a: int, b: int) -> None:  # every mention of a now counts for b
        nonlocal remap
        remap[remap == a] = b
        counts[b] += counts[a]
        counts[a] = 0
        retype.add(b)
        dirty.add(b)

    for c in items:
        a = alive.get(c.actor)
        if a is None:
            affected.append(0)
            continue
        n_a = counts[a]
        if c.action in ("merge", "rename"):
            b = alive.get(c.argument)
            del alive[c.actor]
            if b is None:  # a new name: the actor is renamed
                names[a] = c.argument
                alive[c.argument] = a
                dirty.add(a)
            else:
                into(a, b)
        elif c.action == "not_actor":
            del alive[c.actor]
            remap[remap == a] = -1
            counts[a] = 0
        elif c.action == "type":
            if kind[a] != c.argument:
                kind[a] = c.argument
                retype.add(a)
                dirty.add(a)
            else:
                n_a = 0
        elif c.action == "split":
            if surface_codes is None:
                surface_codes = _codes(mentions["surface"])
            scodes, snames = surface_codes
            s = int(snames.get_indexer([c.argument])[0]) if snames.is_unique else -1
            rows = np.flatnonzero(scodes == s) if s >= 0 else np.zeros(0, dtype=np.int64)
            if len(rows):
                rows = rows[remap[codes[rows]] == a]
            n_a = len(rows)
            if n_a:
                b = alive.get(c.argument)
                if b is None:  # a new actor named by the surface, of the actor's type
                    b = len(names)
                    names.append(c.argument)
                    kind.append(kind[a])
                    counts.append(0)
                    remap = np.append(remap, b)
                    alive[c.argument] = b
                codes[rows] = b
                counts[a] -= n_a
                counts[b] += n_a
                retype.add(b)
                dirty.update((a, b))
                if counts[a] == 0:
                    del alive[c.actor]
        affected.append(int(n_a))
    if not any(affected):
        return Applied(mentions, tuple(affected))

    final = remap[codes]
    keep = final >= 0
    out = mentions.loc[keep] if not keep.all() else mentions
    final = final[keep]
    live = np.flatnonzero(np.asarray(counts) > 0)
    actor = _rebuild(mentions["actor"], final, names, live)
    retype = [c for c in retype if counts[c] > 0]
    needs = np.zeros(len(names), dtype=bool)
    needs[retype] = True
    rows = np.flatnonzero(needs[final])
    actor_type = _retype(out["actor_type"], rows, final[rows], kind, {kind[c] for c in retype})
    out = out.assign(actor=actor, actor_type=actor_type).reset_index(drop=True)
    return Applied(
        out,
        tuple(affected),
        changed=frozenset(names[c] for c in dirty if counts[c] > 0),
        gone=frozenset(original - set(alive)),
    )


def _rebuild(
    series: pd.Series, final: np.ndarray, names: list[str], live: np.ndarray
) -> np.ndarray | pd.Categorical:
    """The actor column for codes `final` (into `names`), in the dtype of `series`."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        live_names = np.asarray([names[i] for i in live], dtype=object)
        order = np.argsort(live_names, kind="stable")  # code-point order, as schema sorts
        rank = np.full(len(names), -1, dtype=np.int32)
        rank[live[order]] = np.arange(len(order), dtype=np.int32)
        cats = pd.Index(live_names[order].tolist(), dtype=series.cat.categories.dtype)
        return pd.Categorical.from_codes(rank[final], categories=cats, ordered=series.cat.ordered)
    values = np.asarray(names, dtype=object)[final]
    return pd.array(values, dtype=series.dtype) if len(values) else values


def _retype(
    series: pd.Series, rows: np.ndarray, codes: np.ndarray, kind: list[str], needed: set[str]
):
    """`series` (actor types, plain or categorical) with each of `rows` set to the type of
    its actor (`kind[codes]`, all of them in `needed`)."""
    if not len(rows):
        return series
    if isinstance(series.dtype, pd.CategoricalDtype):
        old = _texts(series.cat.categories)
        cats = sorted(set(old) | set(needed))
        lookup = {k: i for i, k in enumerate(cats)}
        recode = np.asarray([lookup[x] for x in old] + [-1], dtype=np.int32)
        current = series.cat.codes.to_numpy()
        new = recode[np.where(current >= 0, current, len(old))]
        per_code = np.asarray([lookup.get(k, -1) for k in kind], dtype=np.int32)
        new[rows] = per_code[codes]
        return pd.Categorical.from_codes(
            new,
            categories=pd.Index(cats, dtype=series.cat.categories.dtype),
            ordered=series.cat.ordered,
        )
    values = series.to_numpy(dtype=object, copy=True)
    values[rows] = np.asarray(kind, dtype=object)[codes]
    return pd.array(values, dtype=series.dtype)


def apply_to_part(
    part: pd.DataFrame,
    corrections: Corrections | Iterable[Correction],
    actor_types: Mapping[str, str],
) -> pd.DataFrame:
    """`apply` to some articles' mentions (e.g. the one the Reader shows), each actor's type
    taken from the corrected whole corpus (`actor_types`: actor -> type): a merge target or
    split-off name absent from these articles still gets the type it has in the corpus."""
    out = apply(part, corrections)
    if out is part or out.empty:
        return out
    kinds = out["actor"].astype("str").map(dict(actor_types))
    return out.assign(actor_type=kinds.fillna(out["actor_type"].astype("str")).astype("str"))


def actor_summary(applied: Applied, stored: pd.DataFrame | None = None) -> pd.DataFrame:
    """The actors summary (schema ACTORS, as `core.actors.summarise_actors` makes it) of the
    corrected mentions.

    With `stored`, the summary of the uncorrected mentions (the store's `actors` table),
    only the actors the corrections changed are recomputed: the others' rows are already
    right, and summarising millions of mentions again would take seconds."""
    if stored is None:
        return summarise(applied.mentions)
    if not applied.changed and not applied.gone:
        return stored
    m = applied.mentions
    redo = summarise(m.loc[m["actor"].isin(applied.changed).to_numpy()])
    kept = stored.loc[~stored["actor"].isin(applied.changed | applied.gone)]
    out = pd.concat([kept, redo], ignore_index=True) if len(kept) else redo
    out = out.sort_values(["n_mentions", "actor"], ascending=[False, True])
    return conform(out, "actors")


def summarise(mentions: pd.DataFrame) -> pd.DataFrame:
    """`core.actors.summarise_actors(mentions)`; for compact frames counted on the integer
    codes (a merge into a frequent actor changes millions of rows: grouping their text
    took seconds)."""
    from core.actors import summarise_actors

    compact = all(
        isinstance(mentions[c].dtype, pd.CategoricalDtype)
        for c in ("actor", "actor_type", "article_id", "surface")
    )
    if not compact or mentions.empty:
        cats = [c for c in mentions.columns if isinstance(mentions[c].dtype, pd.CategoricalDtype)]
        return summarise_actors(mentions.assign(**{c: mentions[c].astype("str") for c in cats}))
    actor, actors = _codes(mentions["actor"])
    article, _ = _codes(mentions["article_id"])
    surface, surfaces = _codes(mentions["surface"])
    kinds, kind_names = _codes(mentions["actor_type"])
    present, inv = np.unique(actor, return_inverse=True)  # 0..k-1 over the actors here
    k = len(present)
    inv = inv.astype(np.int64)
    n_mentions = np.bincount(inv, minlength=k)
    n_art = max(len(mentions["article_id"].cat.categories), 1)
    pairs = np.unique(inv * n_art + article)
    n_articles = np.bincount(pairs // n_art, minlength=k)
    first = np.full(k, -1, dtype=np.int64)  # like groupby().first(): the earliest row's type
    first[inv[::-1]] = np.arange(len(inv) - 1, -1, -1)
    # Aliases: (actor, surface) counts, most frequent first, ties by surface text.
    n_surf = max(len(surfaces), 1)
    pair, n_pair = np.unique(inv * n_surf + surface, return_counts=True)
    pair_actor, pair_surface = pair // n_surf, pair % n_surf
    used = np.unique(pair_surface)
    text_rank = np.empty(n_surf, dtype=np.int64)
    text_rank[used[np.argsort(np.asarray(surfaces[used], dtype=object), kind="stable")]] = (
        np.arange(len(used))
    )
    order = np.lexsort((text_rank[pair_surface], -n_pair, pair_actor))
    words = pa.array(np.asarray(surfaces[pair_surface[order]], dtype=object), type=pa.string())
    aliases = join_per_group(pair_actor[order], words, k, " | ")
    out = pd.DataFrame(
        {
            "actor": np.asarray(actors[present], dtype=object),
            "actor_type": np.asarray(kind_names[kinds[first]], dtype=object),
            "n_mentions": n_mentions,
            "n_articles": n_articles,
            "aliases": aliases,
        }
    )
    out = out.sort_values(["n_mentions", "actor"], ascending=[False, True])
    return conform(out, "actors")


__all__ = [
    "ACTIONS",
    "HEADER",
    "Applied",
    "Correction",
    "CorrectionError",
    "Corrections",
    "actor_summary",
    "append",
    "apply",
    "apply_report",
    "apply_to_part",
    "check",
    "file_key",
    "follow",
    "load",
    "parse",
    "parse_line",
    "remove",
]
