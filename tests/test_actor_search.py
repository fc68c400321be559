"""core.actor_search: exact names and surnames first, then prefixes, parts, close spellings;
on the actor names of the real seeds and of news-de-2024 (most covered first)."""

from __future__ import annotations

import pytest

from core import actor_search
from core.store import Store
from tests.dashboard_fixtures import news_de_db, seed_db  # noqa: F401


def names_by_coverage(db) -> list[str]:
    """Actor names most covered first, as the sidebar lists them."""
    with Store(db, readonly=True) as s:
        m = s.mentions()
    counts = m.groupby("actor")["article_id"].nunique()
    return counts.sort_values(ascending=False, kind="stable").index.tolist()


@pytest.fixture(scope="module")
def seed_names(seed_db) -> list[str]:  # noqa: F811
    return names_by_coverage(seed_db)


@pytest.fixture(scope="module")
def news_de_names(news_de_db) -> list[str]:  # noqa: F811
    return names_by_coverage(news_de_db)


@pytest.mark.parametrize(("query", "first", "tier"), [
    ("Putin", "Wladimir Putin", "exact"),  # a surname finds the person
    ("putin", "Wladimir Putin", "exact"),  # case does not matter
    ("Wladimir Putin", "Wladimir Putin", "exact"),
    ("Wlad", "Wladimir Putin", "prefix"),
    ("Scholz", "Olaf Scholz", "exact"),
    ("baerbock", "Annalena Baerbock", "exact"),
    ("Grune", "Grüne", "exact"),  # accents do not matter
    ("GROSSBRITANNIEN", "Großbritannien", "exact"),  # ß as ss
    ("Lawr", "Sergej Lawrow", "prefix"),
    ("krain", "Ukraine", "part"),
    ("Selenski", "Wolodymyr Selenskyj", "fuzzy"),  # a misspelt surname
    ("Stoltenburg", "Jens Stoltenberg", "fuzzy"),
    ("Kamala Haris", "Kamala Harris", "fuzzy"),
])
def test_the_best_match_first(seed_names, query, first, tier):
    got = actor_search.rank(seed_names, query)
    assert got, query
    assert (got[0].name, got[0].tier) == (first, tier)


def test_tiers_come_in_order_and_ties_keep_the_coverage_order(seed_names):
    got = actor_search.rank(seed_names, "Ukraine", limit=20)
    tiers = [actor_search.TIERS.index(m.tier) for m in got]
    assert tiers == sorted(tiers)
    assert [m.name for m in got if m.tier == "exact"] == ["Ukraine"]
    # "Ostukraine" contains it inside a word: after the exact match.
    assert "Ostukraine" in [m.name for m in got if m.tier == "part"]
    # Equal tiers: the more covered first (NATO before NATO-Russland-Rat).
    nato = [m.name for m in actor_search.rank(seed_names, "NATO")]
    assert nato[:2] == ["NATO", "NATO-Russland-Rat"]


@pytest.mark.parametrize("query", ["", "   ", "xyzzyq", "Paulis Trainer"])
def test_nothing_unrelated(seed_names, query):
    assert actor_search.rank(seed_names, query) == []


def test_limit(seed_names):
    assert len(actor_search.rank(seed_names, "a", limit=3)) == 3
    assert actor_search.rank(seed_names, "Putin", limit=0) == []


def _subsequence(query: str, name: str) -> bool:
    """Streamlit's fuzzy filter: the query's letters appear in the name in order."""
    rest = iter(name.lower())
    return all(c in rest for c in query.lower())


def test_putin_on_news_de_gives_the_person_first_and_no_unrelated_name(news_de_names):
    """Issue 15: the sidebar offered "Paulis Trainer", "Stephen Bunting" and "SpVgg
    Unterhaching" for "Putin" (Streamlit's fuzzy subsequence filter)."""
    got = actor_search.rank(news_de_names, "Putin")
    names = [m.name for m in got]
    assert names[0] == "Wladimir Putin"
    assert all("putin" in actor_search.fold(n) for n in names), names
    unrelated = [n for n in news_de_names
                 if _subsequence("putin", n) and "putin" not in n.lower()]
    assert "Stephen Bunting" in unrelated  # offered by the fuzzy filter
    assert not set(unrelated) & set(names)


def test_a_typo_on_news_de(news_de_names):
    assert actor_search.rank(news_de_names, "Putn")[0].name == "Wladimir Putin"
    assert actor_search.rank(news_de_names, "Scholtz")[0].name == "Olaf Scholz"
