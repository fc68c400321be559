"""core.display_names: one actor, a name per display language."""

from __future__ import annotations

import pandas as pd
import pytest

from core import display_names as dn
from core.store import Store
from tests.dashboard_fixtures import seeds_en_db  # noqa: F401


def _counts(rows: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["actor", "actor_type", "language", "surface", "n"])


# (actor, type, [(language, surface, n)], display language, expected display name or None)
CASES = [
    # English writes the person's full name: shown as English writes it.
    ("Wladimir Putin", "person",
     [("en", "Vladimir Putin", 40), ("en", "Putin", 300), ("de", "Wladimir Putin", 9)],
     "en", "Vladimir Putin"),
    # German (the ids' language) keeps the id whatever the articles write.
    ("Wladimir Putin", "person", [("de", "Putin", 30), ("de", "Wladimir Putin", 3)], "de", None),
    # Only the surname, spelled as in the id: the id is the better name.
    ("Olaf Scholz", "person", [("en", "Scholz", 12)], "en", None),
    # Only the surname, spelled otherwise: that spelling.
    ("Wolodymyr Selenskyj", "person", [("en", "Zelensky", 12)], "en", "Zelensky"),
    # Places: the most frequent form, possessive and "the" dropped.
    ("Russland", "place", [("en", "Russia", 30), ("en", "Russia's", 20)], "en", "Russia"),
    ("Kreml", "organisation", [("en", "the Kremlin", 5), ("en", "Kremlin", 4)], "en", "Kremlin"),
    # The id written nearly as often as the top form stays the name.
    ("NATO", "organisation", [("en", "Nato", 12), ("en", "NATO", 10)], "en", None),
    # Too rare to rename, and all-caps captions lose to any other form.
    ("Kiew", "place", [("en", "Kyiv", 1)], "en", None),
    ("Polen", "place", [("en", "POLAND", 9), ("en", "Poland", 3)], "en", "Poland"),
    # Russian inflects: no name is taken from its surfaces.
    ("Wladimir Putin", "person", [("ru", "Путина", 20)], "ru", None),
]


@pytest.mark.parametrize(("actor", "kind", "forms", "lang", "expected"), CASES)
def test_display_name_rules(actor, kind, forms, lang, expected):
    counts = _counts([(actor, kind, lg, s, n) for lg, s, n in forms])
    assert dn.display_names(counts, lang).get(actor) == expected


def test_overrides_win_and_names_never_merge_two_actors():
    counts = _counts([
        ("USA", "place", "en", "US", 50),
        ("Kiew", "place", "en", "Kyiv", 9),
        ("Kyiv Post", "organisation", "en", "Kyiv Post", 4),
        ("Kyiv", "place", "de", "Kyiv", 2),  # another actor whose id is "Kyiv"
    ])
    names = dn.display_names(counts, "en", {("USA", "en"): "United States", ("USA", "de"): "x"})
    assert names["USA"] == "United States"
    assert "Kiew" not in names  # "Kyiv" is another actor's id: renaming would merge them


def test_load_reads_the_bundled_file_and_rejects_a_bad_line(tmp_path):
    assert dn.load()[("Weißes Haus", "en")] == "White House"
    bad = tmp_path / "names.tsv"
    bad.write_text("# comment\nUSA\ten\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"names.tsv:2"):
        dn.load(bad)
    assert dn.load(tmp_path / "absent.tsv") == {}


def test_relabel_keeps_ids_and_categories(tmp_path):
    frame = pd.DataFrame({"actor": pd.Categorical(["Kiew", "Russland", "Kiew"], ordered=True),
                          "n": [1, 2, 3]})
    out = dn.relabel(frame, {"Kiew": "Kyiv", "Russland": "Russia"})
    assert out["actor"].tolist() == ["Kyiv", "Russia", "Kyiv"]
    assert out["actor_id"].tolist() == ["Kiew", "Russland", "Kiew"]
    assert list(out.columns) == ["actor", "actor_id", "n"]
    assert list(out["actor"].cat.categories) == ["Kyiv", "Russia"]


def test_seeds_and_english_news_name_one_actor_per_language(seeds_en_db):  # noqa: F811
    """The same person in German and English articles is one actor, shown per language."""
    with Store(seeds_en_db, readonly=True) as store:
        mentions, articles = store.mentions(), store.articles(with_text=False)
    lang = articles.set_index("article_id")["language"]
    putin = mentions[mentions["actor"] == "Wladimir Putin"]
    assert set(putin["article_id"].map(lang)) == {"de", "en"}  # one actor, both languages
    counts = dn.surface_counts(mentions, articles)
    en = dn.display_names(counts, "en", dn.load())
    assert en["Wladimir Putin"] == "Vladimir Putin"
    assert en["Russland"] == "Russia"
    assert dn.display_names(counts, "de", dn.load()) == {}
    assert dn.languages_by_size(articles)[0] == "en"
