"""Analysts' corrections of actors (core/corrections.py) on the real seed corpus, ingested into
a temporary store: every action on plain and compact frames, order, malformed lines, the
file edits behind Undo, and the corrected actor summary."""

from __future__ import annotations

import shutil
import time

import numpy as np
import pandas as pd
import pytest

from core import corrections as corr
from core import schema
from core.actors import summarise_actors
from core.ingest import Engine, ingest
from core.store import Store
from tests.conftest import SEEDS
from tests.dashboard_fixtures import seed_db  # noqa: F401

TEXT = list(schema.COMPACT["mentions"])


@pytest.fixture(scope="module")
def raw(seed_db):  # noqa: F811
    """The seeds' whole-corpus mentions as the dashboard gets them (compact, in row order)
    and the store's actor summary."""
    with Store(seed_db, readonly=True) as s:
        return s.mentions(), s.actors()


def plain(m: pd.DataFrame) -> pd.DataFrame:
    return m.astype({c: "str" for c in TEXT})


def frames(raw) -> dict[str, pd.DataFrame]:
    compact, _ = raw
    assert all(isinstance(compact[c].dtype, pd.CategoricalDtype) for c in TEXT)
    return {"compact": compact, "plain": plain(compact)}


def count(m: pd.DataFrame, actor: str) -> int:
    return int((m["actor"] == actor).sum())


def n_articles(m: pd.DataFrame, actor: str) -> int:
    return int(m.loc[m["actor"] == actor, "article_id"].nunique())


def types_of(m: pd.DataFrame, actor: str) -> set[str]:
    return set(m.loc[m["actor"] == actor, "actor_type"].astype("str"))


# Each case: the file's lines, then a check of (raw plain mentions, corrected plain mentions).
def _merge(before, after):
    assert count(after, "Wladimir Putin") == 0
    assert count(after, "Joe Biden") == count(before, "Joe Biden") + count(before, "Wladimir Putin")
    ids = before.loc[before["actor"].isin(["Joe Biden", "Wladimir Putin"]), "article_id"]
    assert n_articles(after, "Joe Biden") == ids.nunique()
    assert types_of(after, "Joe Biden") == {"person"}


def _merge_takes_the_targets_type(before, after):
    assert types_of(before, "Kreml") == {"organisation"}
    assert types_of(before, "Russland") == {"place"}
    assert count(after, "Kreml") == 0
    assert count(after, "Russland") == count(before, "Russland") + count(before, "Kreml")
    assert types_of(after, "Russland") == {"place"}


def _rename(before, after):
    assert count(after, "NATO") == 0
    assert count(after, "Nordatlantikpakt") == count(before, "NATO")
    assert types_of(after, "Nordatlantikpakt") == types_of(before, "NATO")
    # The surface forms stay as written.
    got = after.loc[after["actor"] == "Nordatlantikpakt", "surface"].tolist()
    assert got == before.loc[before["actor"] == "NATO", "surface"].tolist()


def _rename_to_an_existing_name_merges(before, after):
    assert count(after, "Moskau") == 0
    assert count(after, "Russland") == count(before, "Russland") + count(before, "Moskau")
    assert types_of(after, "Russland") == {"place"}


def _split(before, after):
    putin = before[before["actor"] == "Wladimir Putin"]
    alone = int((putin["surface"] == "Putin").sum())
    assert alone > 0, "the seeds link 'Putin' alone to Wladimir Putin"
    assert count(after, "Putin") == alone
    assert count(after, "Wladimir Putin") == len(putin) - alone
    assert set(after.loc[after["actor"] == "Putin", "surface"]) == {"Putin"}
    assert types_of(after, "Putin") == {"person"}


def _not_actor(before, after):
    assert count(before, "Ukraine") > 0
    assert count(after, "Ukraine") == 0
    assert len(after) == len(before) - count(before, "Ukraine")


def _type(before, after):
    assert types_of(before, "NATO") == {"organisation"}
    assert types_of(after, "NATO") == {"other"}
    assert count(after, "NATO") == count(before, "NATO")
    others = before["actor"] != "NATO"
    assert (
        after.loc[others.to_numpy(), "actor_type"].to_numpy()
        == before.loc[others, "actor_type"].to_numpy()
    ).all()


def _absent_actor(before, after):
    pd.testing.assert_frame_equal(before, after)


def _chain(before, after):
    # Merged, then the merge target split: the split takes the merged mentions too.
    assert count(after, "Wladimir Putin") == 0
    alone = int(((before["actor"] == "Wladimir Putin") & (before["surface"] == "Putin")).sum())
    assert count(after, "Putin") == alone
    assert count(after, "Joe Biden") == (
        count(before, "Joe Biden") + count(before, "Wladimir Putin") - alone
    )


CASES = [
    ("merge", ["merge\tWladimir Putin\tJoe Biden"], _merge),
    ("merge-type", ["merge\tKreml\tRussland"], _merge_takes_the_targets_type),
    ("rename", ["rename\tNATO\tNordatlantikpakt"], _rename),
    ("rename-existing", ["rename\tMoskau\tRussland"], _rename_to_an_existing_name_merges),
    ("split", ["split\tWladimir Putin\tPutin"], _split),
    ("not_actor", ["not_actor\tUkraine"], _not_actor),
    ("type", ["type\tNATO\tother"], _type),
    ("absent", ["merge\tNiemand Unbekannt\tJoe Biden"], _absent_actor),
    ("chain", ["merge\tWladimir Putin\tJoe Biden", "split\tJoe Biden\tPutin"], _chain),
]


@pytest.mark.parametrize("kind", ["compact", "plain"])
@pytest.mark.parametrize("lines, check", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_action_on_the_seeds(raw, kind, lines, check):
    frame = frames(raw)[kind]
    fixes = corr.parse("\n".join(lines) + "\n")
    assert not fixes.problems and len(fixes) == len(lines)
    applied = corr.apply_report(frame, fixes)
    out = applied.mentions
    # The contract: schema, dtypes (categoricals stay sorted categoricals), row order.
    schema.check(out, "mentions")
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype):
            assert isinstance(out[col].dtype, pd.CategoricalDtype) and out[col].cat.ordered
            cats = out[col].cat.categories.tolist()
            assert cats == sorted(cats), col
        else:
            assert out[col].dtype == frame[col].dtype, col
    assert schema.in_row_order(out, "mentions") is not None
    assert (
        out["article_id"].astype("str").to_numpy()[1:]
        >= out["article_id"].astype("str").to_numpy()[:-1]
    ).all()
    assert set(out["actor_type"].astype("str")) <= set(schema.ACTOR_TYPES)
    check(plain(raw[0]), plain(out))
    # The summary follows: patched from the stored one, as if recomputed from scratch.
    expected = summarise_actors(plain(out))
    pd.testing.assert_frame_equal(corr.actor_summary(applied, raw[1]), expected)
    pd.testing.assert_frame_equal(corr.actor_summary(applied), expected)
    assert applied.affected[0] > 0 or check is _absent_actor


def test_plain_and_compact_give_the_same_rows(raw):
    fixes = corr.parse("".join(line + "\n" for _, lines, _ in CASES for line in lines))
    a = corr.apply(frames(raw)["compact"], fixes)
    b = corr.apply(frames(raw)["plain"], fixes)
    pd.testing.assert_frame_equal(plain(a), b)


def test_no_corrections_hand_back_the_same_frame(raw):
    m = raw[0]
    assert corr.apply(m, corr.Corrections()) is m
    assert corr.apply(m, corr.parse("# only a comment\n")) is m
    applied = corr.apply_report(m, [])
    assert corr.actor_summary(applied, raw[1]) is raw[1]


def test_the_stored_summary_is_the_uncorrected_summary(raw):
    # What actor_summary patches must itself be summarise_actors of the raw mentions.
    pd.testing.assert_frame_equal(raw[1], summarise_actors(plain(raw[0])))
    pd.testing.assert_frame_equal(corr.summarise(raw[0]), raw[1])


@pytest.mark.parametrize(
    "lines, expected",
    [
        # Order matters: a type given to a name before it exists does nothing.
        (["rename\tNATO\tBündnis", "type\tBündnis\tother"], {"Bündnis": {"other"}}),
        (["type\tBündnis\tother", "rename\tNATO\tBündnis"], {"Bündnis": {"organisation"}}),
        # A chain of merges ends at the last target.
        (
            ["merge\tMoskau\tKreml", "merge\tKreml\tRussland"],
            {"Russland": {"place"}, "Kreml": set()},
        ),
        # Merged away, then the old name given back to a new actor by a rename.
        (["merge\tKiew\tUkraine", "rename\tUkraine\tKiew"], {"Kiew": {"place"}, "Ukraine": set()}),
        # Not an actor, then anything about it does nothing.
        (["not_actor\tNATO", "rename\tNATO\tBündnis"], {"Bündnis": set(), "NATO": set()}),
    ],
)
def test_corrections_apply_in_file_order(raw, lines, expected):
    out = plain(corr.apply(raw[0], corr.parse("\n".join(lines))))
    for actor, types in expected.items():
        assert types_of(out, actor) == types, actor


def test_chained_merges_count_every_mention(raw):
    before = plain(raw[0])
    out = plain(corr.apply(raw[0], corr.parse("merge\tMoskau\tKreml\nmerge\tKreml\tRussland\n")))
    assert count(out, "Russland") == sum(count(before, a) for a in ("Moskau", "Kreml", "Russland"))
    assert len(out) == len(before)


@pytest.mark.parametrize(
    "line, message",
    [
        ("merge Wladimir Putin Joe Biden", "no TAB"),
        ("merg\tWladimir Putin\tJoe Biden", "unknown action 'merg'"),
        ("merge\tWladimir Putin", "target actor is missing"),
        ("rename\tNATO\t", "new name is missing"),
        ("split\tWladimir Putin", "surface form is missing"),
        ("type\tNATO\tcountry", "unknown type 'country'"),
        ("type\tNATO", "is missing"),
        ("not_actor\tNATO\tbecause", "not_actor takes no argument"),
        ("merge\tNATO\tNATO", "into itself"),
        ("rename\tNATO\tNATO", "its own name"),
        ("split\tNATO\tNATO", "off itself"),
        ("merge\tA\tB\tC", "4 fields"),
        ("\tNATO\tother", "unknown action ''"),
        ("merge\t\tJoe Biden", "the actor is empty"),
    ],
)
def test_a_malformed_line_is_reported_and_the_others_still_apply(raw, tmp_path, line, message):
    path = tmp_path / "corrections.tsv"
    path.write_text(
        corr.HEADER + "not_actor\tUkraine\n" + line + "\ntype\tUSA\tother\n", encoding="utf-8"
    )
    fixes = corr.load(path)
    assert [c.key for c in fixes] == [("not_actor", "Ukraine", ""), ("type", "USA", "other")]
    assert len(fixes.problems) == 1
    problem = fixes.problems[0]
    assert message in problem
    n = len(corr.HEADER.splitlines()) + 2
    assert problem.startswith(f"corrections.tsv, line {n}:") and "skipped" in problem
    out = plain(corr.apply(raw[0], fixes))
    assert count(out, "Ukraine") == 0 and types_of(out, "USA") == {"other"}


def test_lenient_spellings(tmp_path):
    fixes = corr.parse(
        "Merge\t Wladimir Putin \tJoe Biden\t\nnot-actor\tX\ntype\tY\tOrganization\n"
        "action\tactor\targument\n"
    )
    assert [c.key for c in fixes] == [
        ("merge", "Wladimir Putin", "Joe Biden"),
        ("not_actor", "X", ""),
        ("type", "Y", "organisation"),
    ]
    assert not fixes.problems


def test_unreadable_files_are_a_message_not_an_error(tmp_path):
    assert corr.load(tmp_path / "absent.tsv") == corr.Corrections(path=str(tmp_path / "absent.tsv"))
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes("merge\tM\xfcnchen\tBayern\n".encode("latin-1"))
    fixes = corr.load(bad)
    assert not fixes and "not UTF-8" in fixes.problems[0]
    folder = tmp_path / "folder.tsv"
    folder.mkdir()
    assert "cannot be read" in corr.load(folder).problems[0]


def test_append_and_undo_edit_only_their_line(tmp_path):
    path = tmp_path / "sub" / "corrections.tsv"
    first = corr.append(path, corr.Correction("merge", "Wladimir Putin", "Joe Biden"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(corr.HEADER) and text.endswith("merge\tWladimir Putin\tJoe Biden\n")
    assert first.line == len(text.splitlines())
    # A hand-edited file without a final newline, with a comment: kept as it is.
    path.write_text(text + "# checked by A.\ntype\tNATO\tother", encoding="utf-8")
    second = corr.append(path, corr.Correction("not_actor", "Ukraine"))
    third = corr.append(path, corr.Correction("split", "Wladimir Putin", "Putin"))
    assert [c.key for c in corr.load(path)] == [
        ("merge", "Wladimir Putin", "Joe Biden"),
        ("type", "NATO", "other"),
        ("not_actor", "Ukraine", ""),
        ("split", "Wladimir Putin", "Putin"),
    ]
    before_undo = path.read_text(encoding="utf-8")
    corr.remove(path, second)
    after = path.read_text(encoding="utf-8")
    assert after == before_undo.replace("not_actor\tUkraine\n", "")
    # The line moved (someone inserted a line above it): found by its content.
    path.write_text(
        after.replace("# checked by A.\n", "# checked by A.\n# and B.\n"), encoding="utf-8"
    )
    corr.remove(path, third)
    assert "split\tWladimir Putin" not in path.read_text(encoding="utf-8")
    corr.remove(path, first)
    assert [c.key for c in corr.load(path)] == [("type", "NATO", "other")]
    assert "# and B." in path.read_text(encoding="utf-8")
    with pytest.raises(corr.CorrectionError, match="no longer in"):
        corr.remove(path, first)
    with pytest.raises(corr.CorrectionError, match="into itself"):
        corr.append(path, corr.Correction("merge", "NATO", "NATO"))
    with pytest.raises(corr.CorrectionError, match="TAB"):
        corr.append(path, corr.Correction("rename", "NATO", "a\tb"))


def test_undo_restores_the_corrected_counts(raw, tmp_path):
    path = tmp_path / "corrections.tsv"
    saved = corr.append(path, corr.Correction("merge", "Wladimir Putin", "Joe Biden"))
    assert count(plain(corr.apply(raw[0], corr.load(path))), "Wladimir Putin") == 0
    corr.remove(path, saved)
    assert corr.apply(raw[0], corr.load(path)) is raw[0]


def test_the_shipped_file_is_only_its_explanation():
    fixes = corr.load(corr.Path(__file__).resolve().parent.parent / "core/data/corrections.tsv")
    assert not fixes and not fixes.problems


def test_follow_names_through_merges_and_renames():
    fixes = corr.parse(
        "merge\tPutin\tWladimir Putin\nrename\tWladimir Putin\tW. Putin\n"
        "not_actor\tKreml\nsplit\tW. Putin\tPutin\n"
    )
    assert corr.follow("Putin", fixes) == "W. Putin"
    assert corr.follow("Wladimir Putin", fixes) == "W. Putin"
    assert corr.follow("Kreml", fixes) is None
    assert corr.follow("NATO", fixes) == "NATO"


def test_one_article_gets_the_types_of_the_whole_corpus(raw):
    fixes = corr.parse("merge\tKreml\tRussland\ntype\tRussland\tother\n")
    whole = corr.apply_report(raw[0], fixes)
    kinds = dict(zip(*[corr.actor_summary(whole, raw[1])[c] for c in ("actor", "actor_type")]))
    m = plain(raw[0])
    article = m.loc[m["actor"] == "Kreml", "article_id"].iloc[0]
    part = corr.apply_to_part(m[m["article_id"] == article].reset_index(drop=True), fixes, kinds)
    assert count(part, "Kreml") == 0 and types_of(part, "Russland") == {"other"}
    expected = plain(whole.mentions)
    expected = expected[expected["article_id"] == article].reset_index(drop=True)
    pd.testing.assert_frame_equal(part, expected)


def test_corrections_survive_a_reingest(seed_db, tmp_path):  # noqa: F811
    db = tmp_path / "again.db"
    shutil.copy(seed_db, db)
    fixes = corr.parse("merge\tWladimir Putin\tJoe Biden\nnot_actor\tUkraine\n")
    with Store(db, readonly=True) as s:
        before = corr.apply(s.mentions(), fixes)
    with Store(db) as s:
        ingest([str(SEEDS)], s, engine=Engine())
    with Store(db, readonly=True) as s:
        raw_after = s.mentions()
        after = corr.apply(raw_after, fixes)
    assert count(plain(raw_after), "Wladimir Putin") > 0  # the store was never changed
    pd.testing.assert_frame_equal(plain(before), plain(after))


def test_fast_on_a_million_compact_mentions():
    """Integer work on codes: a million mentions, 200 corrections, well under a second or two
    (3.8 million at 100,000 articles take ~0.7 s on 2 cores)."""
    rng = np.random.default_rng(7)
    n, k = 1_000_000, 40_000
    names = np.array([f"Akteur {i:05d}" for i in range(k)], dtype=object)
    actor = rng.zipf(1.3, n) % k
    surface = np.where(
        rng.random(n) < 0.3, np.char.add("N", (actor % 3000).astype(str)), names[actor].astype(str)
    )
    df = pd.DataFrame(
        {
            "article_id": pd.Series(
                np.char.mod("%016x", np.sort(rng.integers(0, 30_000, n))), dtype="str"
            ),
            "actor": pd.Series(names[actor], dtype="str"),
            "actor_type": pd.Series(
                np.array(schema.ACTOR_TYPES[:4], dtype=object)[actor % 4], dtype="str"
            ),
            "label": pd.Series(np.full(n, "PER", dtype=object), dtype="str"),
            "surface": pd.Series(surface.astype(object), dtype="str"),
            "start": np.arange(n, dtype="int64"),
            "end": np.arange(n, dtype="int64") + 4,
        }
    )
    m = schema.in_row_order(schema.compact(df, "mentions"), "mentions")
    lines = []
    for i in range(40):
        lines += [
            f"merge\tAkteur {i:05d}\tAkteur {i + 100:05d}",
            f"rename\tAkteur {i + 200:05d}\tNeu {i}",
            f"split\tAkteur {i + 300:05d}\tN{i + 300}",
            f"not_actor\tAkteur {i + 400:05d}",
            f"type\tAkteur {i + 500:05d}\tother",
        ]
    fixes = corr.parse("\n".join(lines))
    stored = corr.summarise(m)
    t = time.perf_counter()
    applied = corr.apply_report(m, fixes)
    summary = corr.actor_summary(applied, stored)
    elapsed = time.perf_counter() - t
    schema.check(applied.mentions, "mentions")
    assert sum(1 for a in applied.affected if a) > 150
    pd.testing.assert_frame_equal(summary, corr.summarise(applied.mentions))
    assert elapsed < 3, f"{elapsed:.2f} s"
