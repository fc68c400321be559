"""Ingest end to end: normalisation, accounting, idempotency, and real corpora samples."""

from __future__ import annotations

import json

import pytest

from core import schema
from core.ingest import article_id, ingest, normalise
from core.readers import RawRecord
from core.store import Store
from tests.conftest import ROOT


def test_article_id_ignores_spacing_only():
    assert article_id("Putin  traf\nScholz. ") == article_id("Putin traf Scholz.")
    assert article_id("Putin traf Scholz.") != article_id("Putin traf Scholz!")


def test_normalise_seed_002(seed_texts):
    rec = RawRecord(locator="x", source="002.txt", text=seed_texts["002"])
    norm = normalise(rec)
    row = norm.row
    assert (row["published"], row["date_precision"]) == ("2022-02-01", "day")
    assert str(row["date_start"].date()) == str(row["date_end"].date()) == "2022-02-01"
    assert "| AP" not in row["text"] and "Über dieses Thema berichtete" not in row["text"]
    assert row["title"].startswith("USA und Russland zur Ukraine")


def test_month_precision_spans_the_month(seed_texts):
    row = normalise(RawRecord(locator="x", source="000.txt", text=seed_texts["000"])).row
    assert (str(row["date_start"].date()), str(row["date_end"].date())) == (
        "2022-02-01",
        "2022-02-28",
    )


def _write_sample(tmp_path, records, name):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    return path


@pytest.mark.parametrize(
    ("fixture", "n", "lang"), [("news_de_records", 400, "de"), ("news_en_records", 447, "en")]
)
def test_real_corpus_ingests_with_every_record_accounted(request, tmp_path, fixture, n, lang):
    records = request.getfixturevalue(fixture)[:n]
    path = _write_sample(tmp_path, records, "sample.jsonl")
    with Store(tmp_path / "x.db") as store:
        report = ingest([str(path)], store)
        assert report.balanced() and report.seen == len(records)
        # The only rejections allowed are explained ones: paywall stubs with no body.
        assert all(r.reason.startswith("no body") for r in report.rejections), report.rejections
        assert report.rejected <= len(records) * 0.01
        arts = schema.check(store.articles(), "articles")
        assert (arts["date_precision"] == "day").all()
        assert (arts["language"] == lang).mean() > 0.95
        assert store.count("mentions") > 10 * len(arts)
        again = ingest([str(path)], store)
        assert again.added == 0 and again.duplicates == report.added + report.duplicates_in_run


def test_boilerplate_feeds_no_entities(news_de_records, tmp_path):
    # Records with the kicker PUR-Abo promo: "kicker" must not become an actor from the promo.
    promo = [r for r in news_de_records if "PUR-Abo" in r["text"]][:30]
    assert promo
    path = _write_sample(tmp_path, promo, "promo.jsonl")
    with Store(tmp_path / "x.db") as store:
        ingest([str(path)], store)
        texts = store.articles()["text"]
        assert not texts.str.contains("PUR-Abo").any()
        surfaces = set(store.mentions()["surface"])
        assert "PUR" not in surfaces


def test_streaming_batches_give_the_same_result(tmp_path, seeds_dir):
    results = []
    for batch_size in (1, 256):
        with Store(tmp_path / f"b{batch_size}.db") as store:
            ingest([str(seeds_dir)], store, batch_size=batch_size)
            m = store.mentions().sort_values(["article_id", "start"]).reset_index(drop=True)
            results.append(m)
    assert results[0].equals(results[1])


def test_duplicate_texts_in_one_run_are_stored_once_and_counted(tmp_path, seed_texts):
    text = seed_texts["003"]
    records = [{"text": text, "source": s} for s in ("a.de", "b.de", "c.de")]
    path = _write_sample(tmp_path, records, "dups.jsonl")
    with Store(tmp_path / "x.db") as store:
        report = ingest([str(path)], store)
        assert (report.added, report.duplicates_in_run) == (1, 2)
        assert store.articles()["n_copies"].tolist() == [3]
        report = ingest([str(path)], store)
        assert store.articles()["n_copies"].tolist() == [3]


def test_pipeline_recorded(tmp_path):
    with Store(tmp_path / "x.db") as store:
        ingest([str(ROOT / "seeds")], store)
        (name,) = set(store.articles()["pipeline"])
        # The bundled model when its directory is there, else the rule pipeline.
        assert name.startswith(("crisis-de-ner@", "rules-de@"))
        assert f"pipeline:{name}" in store.meta()


def test_two_processes_store_exactly_what_one_does(tmp_path):
    """Worker processes (language detection + NLP per batch) change speed, not content:
    same rows, same order, same copies and the same accounting as a single process."""
    import shutil

    from core.ingest import Engine

    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        shutil.copy(p, folder / p.name)
    shutil.copy(sorted((ROOT / "seeds").glob("*.txt"))[0], folder / "zz_copy.txt")
    out = {}
    for n in (1, 2):
        with Store(tmp_path / f"{n}.db") as st:
            report = ingest([str(folder)], st, engine=Engine(n_process=n), batch_size=2)
            assert report.balanced() and report.added == 5 and report.duplicates == 1
            out[n] = (st.articles(), st.mentions(), st.topics(), st.actors(),
                      st.conn.execute("SELECT article_id, n_copies FROM articles "
                                      "ORDER BY rowid").fetchall())
    for one, two in zip(out[1], out[2], strict=True):
        assert one.equals(two) if hasattr(one, "equals") else one == two


def test_surname_linked_across_runs(news_de_records, tmp_path):
    # "Verteidigungsminister Pistorius" (only the surname) arrives in one run, "Boris
    # Pistorius" in a later one: the store-wide pass links them, which a batch cannot.
    by_file = {r["file"]: r for r in news_de_records}
    first = _write_sample(tmp_path, [by_file["2024-04-08-pistorius.md"]], "a.jsonl")
    second = _write_sample(tmp_path, [by_file["2024-04-08-litauen.md"]], "b.jsonl")
    with Store(tmp_path / "x.db") as store:
        ingest([str(first)], store)
        alone = store.mentions()
        assert "Pistorius" in set(alone.loc[alone["actor_type"] == "person", "actor"])
        report = ingest([str(second)], store)
        assert report.surnames_linked >= 1
        m = store.mentions()
        assert "Pistorius" not in set(m["actor"])
        arts = store.articles(with_text=False)
        (aid,) = arts.loc[arts["title"].str.contains("Pistorius"), "article_id"].head(1)
        assert "Boris Pistorius" in set(m.loc[m["article_id"] == aid, "actor"])
        assert "Pistorius" not in set(store.actors()["actor"])


def test_surname_link_undone_when_a_namesake_arrives(tmp_path):
    # Run 1: "Hoeneß" alone in one article, Sebastian Hoeneß in full in another: linked.
    # Run 2: Uli Hoeneß arrives; "Hoeneß" alone is ambiguous now and stands alone again.
    def rec(name, text):
        return {"file": name, "title": name, "text": text, "url": f"https://x.test/{name}"}

    one = _write_sample(tmp_path, [
        rec("a", "Der Trainer Sebastian Hoeneß sprach am Montag in Stuttgart über die "
                 "neue Saison und lobte die Mannschaft für ihren Einsatz im Training."),
        rec("b", "Hoeneß war zufrieden. Die Mannschaft habe im Training gut gearbeitet, "
                 "sagte Hoeneß am Dienstag nach der Einheit in der Stadt."),
    ], "one.jsonl")  # fmt: skip
    two = _write_sample(tmp_path, [
        rec("c", "Der Ehrenpräsident Uli Hoeneß sprach am Mittwoch in München über die "
                 "Finanzen des Vereins und die Pläne für das kommende Jahr."),
    ], "two.jsonl")  # fmt: skip
    with Store(tmp_path / "x.db") as store:
        ingest([str(one)], store)
        m = store.mentions()
        assert "Hoeneß" not in set(m["actor"]), set(m["actor"])
        ingest([str(two)], store)
        m = store.mentions()
        persons = set(m.loc[m["actor_type"] == "person", "actor"])
        assert {"Hoeneß", "Sebastian Hoeneß", "Uli Hoeneß"} <= persons, persons
