"""core.near_dupes and core.dedupe: near-copies are found at ingest, across runs, and a newer
version of a page supersedes the older one; the counting unit follows."""

from __future__ import annotations

import json

import pytest

from core import dedupe
from core import filters as flt
from core import near_dupes as nd
from core.cli import main as cli
from core.ingest import ingest
from core.store import Store
from tests.conftest import SEEDS


def _seed_text(i: int = 0) -> str:
    path = sorted(SEEDS.glob("*.txt"))[i]
    return path.read_text(encoding="utf-8")


def test_signatures_estimate_the_jaccard_similarity():
    a = _seed_text(0)
    b = a + "\n\nEin neuer Absatz mit einer Ergänzung der Redaktion am Abend, nach der Sitzung."
    c = _seed_text(1)
    sa, sb, sc = nd.signatures([a, b, c])
    exact = nd.jaccard(nd.shingles(a), nd.shingles(b))
    assert exact > 0.8
    assert abs(nd.estimate(sa, sb) - exact) < 0.1
    assert nd.estimate(sa, sc) < 0.2
    assert nd.band_keys(sa) == nd.band_keys(nd.signatures([a])[0])  # deterministic
    assert len(nd.band_keys(sa)) == nd.BANDS
    assert (nd.from_blob(nd.to_blob(sa)) == sa).all()


def _jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                    encoding="utf-8")
    return path


def test_copies_across_runs_and_a_newer_version_supersedes(tmp_path):
    base = _seed_text(0).split("\n", 1)[1]  # without the seed's date header
    first = {"text": base, "url": "https://example.org/a", "date": "2022-02-01"}
    copy = {"text": "Eine andere Zeitung druckt die Agenturmeldung.\n\n" + base,
            "url": "https://other.example/b", "date": "2022-02-01"}
    newer = {"text": base + "\n\nUpdate: Am Abend äußerte sich auch die Bundesregierung dazu.",
             "url": "https://example.org/a", "date": "2022-02-01"}
    db = tmp_path / "x.db"
    with Store(db) as store:
        others = sorted(SEEDS.glob("*.txt"))[3:]  # other articles (seed 0 is `first` itself)
        r1 = ingest([str(_jsonl(tmp_path / "1.jsonl", [first]))] + [str(p) for p in others],
                    store)
        r2 = ingest([str(_jsonl(tmp_path / "2.jsonl", [copy]))], store)  # a later run
        assert r1.near_copies == 0 and r2.near_copies == 1
        arts = store.articles(with_text=False).set_index("url")
        root = arts.loc["https://example.org/a", "article_id"]
        assert arts.loc["https://other.example/b", "copy_of"] == root
        assert arts.loc["https://other.example/b", "similarity"] > 0.5
        ingest([str(_jsonl(tmp_path / "3.jsonl", [newer]))], store)  # the page, updated
        arts = store.articles(with_text=False)
        # Grouping the store anew counts the superseded first version as a copy too.
        assert dedupe.regroup_store(store, dedupe.threshold())[1] == 2
    group = arts[arts["url"].str.startswith("https://")]
    roots = group[group["copy_of"] == ""]
    assert len(roots) == 1
    new_root = roots["article_id"].iloc[0]
    assert new_root != root  # the newer version represents the group now
    assert set(group.loc[group["copy_of"] != "", "copy_of"]) == {new_root}
    with Store(db, readonly=True) as store:
        corpus = flt.Corpus(arts, store.mentions(), store.topics())
    unique = flt.apply(corpus, flt.Filters())
    everything = flt.apply(corpus, flt.Filters(unit="all"))
    assert len(everything.articles) == len(unique.articles) + 2  # three versions, counted once
    assert len(unique.mentions) < len(everything.mentions)


def test_dedupe_command_regroups_an_older_store(tmp_path, capsys):
    base = _seed_text(2).split("\n", 1)[1]
    paragraphs = [p for p in base.split("\n\n") if p.strip()]
    # The regional paper keeps two thirds of the paragraphs and adds its own intro.
    keep = paragraphs[: max(2, 2 * len(paragraphs) // 3)]
    local = "Vorspann der Lokalzeitung zur Lage.\n\n" + "\n\n".join(keep)
    exact = nd.jaccard(nd.shingles(base), nd.shingles(local))
    assert 0.55 < exact < 0.9
    src = _jsonl(tmp_path / "a.jsonl", [
        {"text": base, "url": "https://a.example/1"},
        {"text": local, "url": "https://b.example/2"},
    ])
    db = tmp_path / "x.db"
    with Store(db) as store:
        ingest([str(src)], store)
        store.clear_near_duplicates()  # as a store written before near-duplicates
    assert cli(["dedupe", "--db", str(db)]) == 0
    assert "1 are versions or copies" in capsys.readouterr().out
    assert cli(["info", "--db", str(db)]) == 0
    assert "unique:   1 (1 versions or copies in 1 groups count once)" in capsys.readouterr().out
    out = tmp_path / "snap"
    assert cli(["export", "--db", str(db), "--out", str(out)]) == 0
    assert "1 of 1 articles" in capsys.readouterr().out
    assert cli(["export", "--db", str(db), "--out", str(out), "--with-copies", "--force"]) == 0
    assert "2 of 2 articles" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["unit"].startswith("all articles")
    assert cli(["dedupe", "--db", str(db), "--threshold", f"{min(exact + 0.15, 1):.2f}"]) == 0
    assert "0 are versions or copies" in capsys.readouterr().out
    assert cli(["dedupe", "--db", str(db), "--threshold", "7"]) == 2


def test_a_bad_threshold_setting_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("CRISIS_MONITOR_NEAR_DUPLICATE", "lots")
    with pytest.raises(ValueError, match="near_duplicate must be a number"):
        dedupe.threshold()


def test_a_sites_page_furniture_does_not_make_copies(tmp_path):
    """Six different short articles of one site behind the same long registration wall are
    not copies of each other (without the furniture check, four of them were)."""
    wall = "\n\n".join(
        f"Schritt {i}: Bitte bestätigen Sie Ihre Registrierung über den Link in der E-Mail, "
        f"die wir Ihnen soeben an die angegebene Adresse geschickt haben, Nummer {i}."
        for i in range(1, 9))
    seeds = [p.read_text(encoding="utf-8").split("\n", 1)[1] for p in sorted(SEEDS.glob("*.txt"))]
    records = []
    for i, body in enumerate(seeds + [seeds[0][::-1]]):
        lead = " ".join(body.split()[:45])  # a short article, then the wall
        records.append({"text": lead + "\n\n" + wall, "url": f"https://site.example/{i}"})
    with Store(tmp_path / "x.db") as store:
        report = ingest([str(_jsonl(tmp_path / "walls.jsonl", records))], store)
    assert report.added == len(records)
    assert report.near_copies == 0
