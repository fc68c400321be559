"""core.search_terms: spelling variants, actors' other names, the cap on terms — pure
functions, checked on the real alias file and the actors of the real seeds."""

from __future__ import annotations

import pytest

from core import search_terms as st
from core.actors import load_aliases
from core.store import Store
from tests.dashboard_fixtures import seed_db  # noqa: F401


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("aussenminister", {"aussenminister", "außenminister"}),
        ("Außenminister", {"außenminister", "aussenminister"}),
        ("Muenchen", {"muenchen", "münchen"}),
        ("München", {"münchen", "muenchen"}),
        ("Süßwaren", {"süßwaren", "süsswaren", "sueßwaren", "suesswaren"}),
        ("Goethe", {"goethe", "göthe"}),
        ("Kyjiw", {"kyjiw"}),
        # "ue"/"ae" after a vowel or q is no umlaut: "neue" must not also search "neü".
        ("neue Steuer", {"neue steuer"}),
        ("Quelle", {"quelle"}),
    ],
)
def test_spelling_variants(text, forms):
    assert set(st.spellings(text)) == forms


@pytest.mark.parametrize(
    ("a", "b"),
    [("Außenminister", "AUSSENMINISTER"), ("München", "Muenchen"), ("Orbán", "Orban"),
     ("EU-Parlament", "EU Parlament")],
)
def test_keys_fold_spellings_case_and_accents(a, b):
    assert st.key(a) == st.key(b)


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("aussenminister", '("aussenminister" OR "außenminister")'),
        ("Sanktion*", '"sanktion"*'),
        ("Lawrow NOT Blinken", '"lawrow" NOT "blinken"'),
        ("NATO-Truppen", '"nato-truppen"'),
        ('"Münchner Sicherheitskonferenz"*',
         '("münchner sicherheitskonferenz"* OR "muenchner sicherheitskonferenz"*)'),
        # FTS5 joins two phrases by juxtaposition, never a phrase and a group: the AND is
        # written out ('mit (israel OR …)' was a syntax error).
        ("(Putin OR Scholz) Lawrow", '( "putin" OR "scholz" ) AND "lawrow"'),
        ("Lawrow aussenminister", '"lawrow" AND ("aussenminister" OR "außenminister")'),
        ("NEAR(Putin Scholz, 5)", 'NEAR("Putin" "Scholz", 5)'),
        ('say "AND" now', '"say" AND "and" AND "now"'),  # a quoted operator is a word
    ],
)
def test_plan_writes_fts5(query, match):
    assert st.plan(query).match == match


@pytest.mark.parametrize("query", ["", "   ", '"unclosed', 'Putin "Lawrow'])
def test_empty_and_unclosed_queries_are_refused_with_a_sentence(query):
    with pytest.raises(st.SearchError, match="Type a word|unmatched double quote"):
        st.plan(query)


@pytest.mark.parametrize(
    ("query", "cap", "match", "n_dropped"),
    [
        (" ".join(f"w{i}" for i in range(2000)), 30,
         " AND ".join(f'"w{i}"' for i in range(30)), 1970),
        ("a b c", 3, '"a" AND "b" AND "c"', 0),
        # A cut in mid-expression leaves no dangling operator and closes what it opened.
        ("a OR (b AND c AND d)", 2, '"a" OR ( "b" )', 2),
        ("(a OR (b AND c d e", 3, '( "a" OR ( "b" AND "c" ) )', 2),
        ("a OR b", 1, '"a"', 1),
    ],
)
def test_long_queries_are_cut_to_the_cap(query, cap, match, n_dropped):
    p = st.plan(query, max_terms=cap)
    assert p.match == match and len(p.dropped) == n_dropped
    assert len(p.terms) == min(cap, len(p.terms) + n_dropped)
    note = st.dropped_note(p)
    assert (f"{n_dropped:,} more were left out" in note) if n_dropped else note == ""


def test_a_pasted_article_of_20000_words_plans_in_milliseconds():
    import time

    # 24,000 words: four terms, two operators and a parenthesis around two, 4,000 times.
    query = " ".join(["Außenminister", "Lawrow", "OR", "(Kiew", "AND", "Muenchen)"] * 4000)
    started = time.perf_counter()
    p = st.plan(query, max_terms=30)
    assert time.perf_counter() - started < 0.5
    assert len(p.terms) == 30 and len(p.dropped) == 4 * 4000 - 30  # operators are no terms
    assert p.match.count("(") == p.match.count(")")


@pytest.fixture(scope="module")
def index(seed_db):  # noqa: F811
    with Store(seed_db, readonly=True) as s:
        actors = s.actors()
    return st.alias_index(actors, load_aliases(), [("USA", "United States")])


@pytest.mark.parametrize(
    ("query", "also", "not_also"),
    [
        # The alias file: Kyjiw, Kyiv and Kiev are Kiew.
        ("Kyjiw", {"Kiew", "Kyiv", "Kiev"}, {"Kyjiw"}),
        ("kiew", {"Kyjiw", "Kyiv", "Kiev"}, {"Kiew"}),
        # A surname: the full name is found by "Lawrow" anyway, so it is not added.
        ("Lawrow", {"Lavrov"}, {"Sergej Lawrow"}),
        # Names under 3 letters are never added ("US" is an English word).  A name of
        # several words is one when quoted (unquoted, its words are searched each).
        ('"Vereinigte Staaten"', {"USA", "United States"}, {"US", "U.S."}),
        ("Sanktion*", set(), {"Sanktionen"}),  # prefixes are not names
    ],
)
def test_an_actors_other_names_are_searched(index, query, also, not_also):
    p = st.plan(query, index)
    assert also <= set(p.also) and not (not_also & set(p.also))
    for name in also:
        assert f'"{name.lower()}"' in p.match
    # The searched names are what the article view marks.
    for name in also:
        assert (tuple(st.words(name)), False) in p.patterns


def test_names_of_several_actors_go_to_the_own_or_most_mentioned(index):
    assert index.actors[st.key("Kiew")] == "Kiew"
    assert index.actors[st.key("Kyjiw")] == "Kiew"
    assert index.others("nobody at all") == ()


# Rows of the actor summary of news-de-2024 (the store's `actors` table, as ingested).
NEWS_DE_ACTORS = [
    ("Eintracht Frankfurt", 468, "Frankfurt | Eintracht"),
    ("Frankfurt", 301, "Frankfurt | Frankfurts"),
    ("Wladimir Putin", 309, "Putin | Wladimir Putin | Putins | Wladimir Putins"),
    ("Putin", 26, "Putin | Putins"),
    ("Borussia Dortmund", 200, "BVB | Dortmund | Borussia"),
    ("Borussia Mönchengladbach", 150, "Gladbach | Borussia"),
]


@pytest.mark.parametrize(
    ("query", "also"),
    [
        # "Frankfurt" is written for the club, but it is the city's id: not the club's name.
        ("Eintracht", []),
        ("Frankfurt", ["Frankfurts"]),
        # "Putins" is written for two actors; Wladimir Putin has 92 % of their mentions (and
        # the alias file makes "Putin" his).
        ("Putin", ["Putins"]),
        # "Borussia" is two clubs, neither dominant: no other names.
        ("Borussia", []),
        ("BVB", ["Dortmund"]),
    ],
)
def test_a_name_shared_by_actors_goes_to_its_owner_a_dominant_one_or_none(query, also):
    import pandas as pd

    actors = pd.DataFrame(NEWS_DE_ACTORS, columns=["actor", "n_mentions", "aliases"])
    assert list(st.plan(query, st.alias_index(actors, load_aliases())).also) == also


@pytest.mark.parametrize(
    ("query", "slug"),
    [("Außenminister", "aussenminister"), ('Lawrow AND "Sicherheitsgarantien"*',
                                           "lawrow-and-sicherheitsgarantien"),
     ("Orbán / Kyjiw", "orban-kyjiw"), ("«»", "query"), ("../../etc/passwd", "etc-passwd")],
)
def test_slug_is_a_safe_ascii_file_name_part(query, slug):
    assert st.slug(query) == slug
