"""Actor resolution on the real seed articles: every person found, one actor per person."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from core.actors import link_surnames, load_aliases, resolve_actors, summarise_actors
from core.nlp import available_pipelines, extract_mentions, load_pipeline
from core.schema import check

HEADER = re.compile(r"^ date \S+ ")

# seed -> {person actor: expected mention count (±1: captions may or may not be cleaned)}
SEED_PERSONS = {
    "000": {
        "Wladimir Putin": 3,
        "Sergej Lawrow": 4,
        "Olaf Scholz": 1,
        "Sergej Schoigu": 1,
        "Oleksi Resnikow": 1,
    },
    "001": {
        "Antony Blinken": 8,
        "Sergej Lawrow": 7,
        "Wladimir Putin": 1,
        "Joe Biden": 1,
        "Wjatscheslaw Wolodin": 1,
        "Dmitri Peskow": 1,
    },
    "002": {
        "Antony Blinken": 4,
        "Sergej Lawrow": 3,
        "Wladimir Putin": 2,
        "Joe Biden": 3,
        "Wassili Nebensja": 1,
        "Boris Johnson": 3,
        "John Kirby": 4,
        "Wolodymyr Selenskyj": 1,
    },
    "003": {"Sergej Lawrow": 1, "Wladimir Putin": 2, "Joe Biden": 1},
    "004": {
        "Antony Blinken": 4,
        "Sergej Lawrow": 3,
        "Joe Biden": 2,
        "Justin Trudeau": 2,
        "Ned Price": 1,
        "Annalena Baerbock": 4,
        "Olaf Scholz": 1,
        "Kamala Harris": 1,
        "Jens Stoltenberg": 1,
    },
}

# (seed, actor, surface forms that must all resolve to it)
SEED_SURFACES = [
    ("000", "Sergej Lawrow", {"Lawrows", "Lawrow", "Sergej Lawrow"}),
    ("000", "Wladimir Putin", {"Putin", "Wladimir Putin"}),
    ("000", "NATO", {"Nato"}),
    ("001", "Russland", {"Russland", "Russlands"}),
    ("001", "NATO", {"NATO"}),
    ("002", "Joe Biden", {"Joe Biden", "Joe Bidens", "Bidens"}),
    ("002", "Boris Johnson", {"Boris Johnson", "Johnsons", "Johnson"}),
    ("002", "Russland", {"Russlands"}),
    ("002", "UN-Sicherheitsrat", {"UN-Sicherheitsrat", "UN-Sicherheitsrats"}),
    ("002", "Kreml", {"Kreml"}),
    ("003", "OSZE", {"OSZE"}),
    ("004", "USA", {"Vereinigten Staaten"}),
    ("004", "Justin Trudeau", {"Justin Trudeau", "Trudeaus"}),
]

# (seed, actor, actor_type) that must be present
SEED_ACTORS = [
    ("000", "Russland", "place"),
    ("000", "Ukraine", "place"),
    ("000", "USA", "place"),
    ("000", "Moskau", "place"),
    ("000", "Kiew", "place"),
    ("000", "Belarus", "place"),
    ("000", "NATO", "organisation"),
    ("002", "Kreml", "organisation"),
    ("002", "UN-Sicherheitsrat", "organisation"),
    ("003", "OSZE", "organisation"),
    ("003", "USA", "place"),
    ("004", "USA", "place"),
]


# Every German pipeline available here: the rules, and the bundled model when present.
GERMAN = [n for n in ("rules-de", "crisis-de-ner") if available_pipelines().get(n)]


@pytest.fixture(scope="module", params=GERMAN)
def seed_mentions(request, seed_texts) -> pd.DataFrame:
    nlp, _ = load_pipeline("de", prefer=request.param)
    docs = [(key, HEADER.sub("", text)) for key, text in seed_texts.items()]
    return resolve_actors(extract_mentions(nlp, docs))


def _news_actors(records: list[dict], pipeline: str) -> pd.DataFrame:
    nlp, _ = load_pipeline("de", prefer=pipeline)
    return resolve_actors(extract_mentions(nlp, [(r["file"], r["text"]) for r in records]))


def _record(records: list[dict], file: str) -> dict:
    found = [r for r in records if r["file"] == file]
    if not found:
        pytest.skip(f"{file} not in the corpus")
    return found[0]


def test_conforms_to_schema(seed_mentions):
    check(seed_mentions, "mentions")
    assert set(seed_mentions["label"]) <= {"PER", "ORG", "LOC", "MISC"}


@pytest.mark.parametrize("seed", sorted(SEED_PERSONS))
def test_every_person_found_once_per_person(seed, seed_mentions):
    expected = SEED_PERSONS[seed]
    persons = seed_mentions[
        (seed_mentions["article_id"] == seed) & (seed_mentions["actor_type"] == "person")
    ]
    counts = persons["actor"].value_counts().to_dict()
    # No person actor that is not one of the article's real people (no "Putin"
    # beside "Wladimir Putin", no "Body Soul").
    assert set(counts) == set(expected)
    for name, n in expected.items():
        assert abs(counts[name] - n) <= 1, (name, counts[name], n)


@pytest.mark.parametrize(("seed", "actor", "surfaces"), SEED_SURFACES)
def test_surface_forms_merge(seed, actor, surfaces, seed_mentions):
    rows = seed_mentions[seed_mentions["article_id"] == seed]
    got = rows.groupby("surface")["actor"].agg(set).to_dict()
    for surface in surfaces:
        assert got.get(surface) == {actor}, (surface, got.get(surface))


@pytest.mark.parametrize(("seed", "actor", "actor_type"), SEED_ACTORS)
def test_places_and_organisations(seed, actor, actor_type, seed_mentions):
    rows = seed_mentions[(seed_mentions["article_id"] == seed) & (seed_mentions["actor"] == actor)]
    assert len(rows) > 0
    assert set(rows["actor_type"]) == {actor_type}


def test_offsets_point_at_surfaces(seed_texts, seed_mentions):
    texts = {k: HEADER.sub("", t) for k, t in seed_texts.items()}
    for row in seed_mentions.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.surface


def test_two_people_sharing_a_surname_stay_two(news_de_records):
    # A real report on Joe Biden pardoning his son Hunter Biden.
    record = next(r for r in news_de_records if "Hunter Biden begnadigt" in r["title"])
    nlp, _ = load_pipeline("de", prefer="rules-de")
    m = resolve_actors(extract_mentions(nlp, [("a", record["text"])]))
    persons = set(m.loc[m["actor_type"] == "person", "actor"])
    assert {"Joe Biden", "Hunter Biden"} <= persons
    # "Biden" alone could be either; it must not be merged into one of them.
    assert set(m.loc[m["surface"] == "Biden", "actor"]) <= {"Biden"}


def test_aliases_file(tmp_path):
    aliases = load_aliases()
    table = {
        "Vereinigte Staaten": "USA",
        "Vereinigten Staaten": "USA",
        "US": "USA",
        "Nato": "NATO",
        "Selensky": "Wolodymyr Selenskyj",
        "Zelenskyy": "Wolodymyr Selenskyj",
        "Kyjiw": "Kiew",
        "Kyiv": "Kiew",
        "Weißrussland": "Belarus",
        "UNO": "UN",
        "Vereinte Nationen": "UN",
    }
    for variant, canonical in table.items():
        assert aliases[variant] == canonical
    bad = tmp_path / "aliases.tsv"
    bad.write_text("# comment\nNato NATO\n", encoding="utf-8")
    with pytest.raises(ValueError, match="aliases.tsv:2"):
        load_aliases(bad)


def test_genitive_only_stripped_where_base_exists(news_de_records):
    # Real names ending in -s (Hummels, Kroos) must survive; genitives of known
    # names (Habecks) must not.
    nlp, _ = load_pipeline("de", prefer="rules-de")
    records = [r for r in news_de_records if "Mats Hummels" in r["text"]][:3]
    records += [r for r in news_de_records if "Robert Habecks" in r["text"]][:3]
    m = resolve_actors(extract_mentions(nlp, [(str(i), r["text"]) for i, r in enumerate(records)]))
    actors = set(m["actor"])
    assert "Mats Hummels" in actors and "Mats Hummel" not in actors
    assert "Robert Habeck" in actors and "Robert Habecks" not in actors


def test_acronym_case_merge_across_articles(seed_mentions):
    nato = seed_mentions[seed_mentions["surface"].isin(["Nato", "NATO"])]
    assert set(nato["actor"]) == {"NATO"}


def test_strips_titles_a_model_included():
    raw = pd.DataFrame(
        {
            "article_id": ["x", "x", "x"],
            "label": ["PER", "PER", "LOC"],
            "surface": ["der russische Präsident Wladimir Putin", "Putins", "Russlands"],
            "start": [0, 50, 80],
            "end": [38, 56, 89],
        }
    )
    m = resolve_actors(raw)
    assert list(m["actor"]) == ["Wladimir Putin", "Wladimir Putin", "Russland"]
    assert list(m["actor_type"]) == ["person", "person", "place"]


def test_summarise_actors(seed_mentions):
    actors = check(summarise_actors(seed_mentions), "actors")
    lawrow = actors.set_index("actor").loc["Sergej Lawrow"]
    assert lawrow["n_articles"] == 5
    assert lawrow["n_mentions"] == (seed_mentions["actor"] == "Sergej Lawrow").sum()
    assert lawrow["aliases"].split(" | ")[0] == "Lawrow"  # most frequent surface first
    assert actors["n_mentions"].is_monotonic_decreasing


def test_empty_input():
    empty_raw = pd.DataFrame(columns=["article_id", "label", "surface", "start", "end"])
    check(resolve_actors(empty_raw), "mentions")
    check(summarise_actors(resolve_actors(empty_raw)), "actors")


@pytest.mark.parametrize("pipeline", GERMAN)
def test_first_name_alone_is_the_full_name(news_de_records, pipeline):
    # A real darts report: "Wayne Mardle ... „Ich werde Wayne eine Nachricht schreiben“".
    m = _news_actors([_record(news_de_records, "2024-12-15-darts-wm.md")], pipeline)
    persons = set(m.loc[m["actor_type"] == "person", "actor"])
    assert "Wayne Mardle" in persons
    assert "Wayne" not in persons
    assert set(m.loc[m["surface"] == "Wayne", "actor"]) <= {"Wayne Mardle"}


@pytest.mark.parametrize("pipeline", GERMAN)
def test_surname_with_particle(news_de_records, pipeline):
    # "Kevin De Bruyne ... De Bruyne setzt Deckel drauf ... bei De Bruyne"
    m = _news_actors([_record(news_de_records, "2024-06-22-belgien-rumanien.md")], pipeline)
    bruyne = m[m["surface"].str.contains("Bruyne")]
    assert set(bruyne["actor"]) == {"Kevin De Bruyne"}
    assert len(bruyne) >= 6


@pytest.mark.parametrize("pipeline", GERMAN)
def test_surname_resolved_from_another_article(news_de_records, pipeline):
    # One article says only "Verteidigungsminister Pistorius", another "Boris Pistorius".
    records = [
        _record(news_de_records, "2024-04-08-pistorius.md"),
        _record(news_de_records, "2024-04-08-litauen.md"),
    ]
    m = _news_actors(records, pipeline)
    only_surname = m[m["article_id"] == "2024-04-08-pistorius.md"]
    assert "Boris Pistorius" in set(only_surname["actor"])
    assert "Pistorius" not in set(m["actor"])


def test_surname_not_linked_when_two_full_names_share_it():
    # Pure function over a mentions frame: "Müller" alone stays "Müller" when the
    # corpus knows two Müllers; "Habeck" alone joins the one Habeck.
    rows = [
        ("a", "Thomas Müller"), ("b", "Gerd Müller"), ("c", "Müller"),
        ("d", "Robert Habeck"), ("e", "Habeck"),
    ]  # fmt: skip
    m = pd.DataFrame(
        {
            "article_id": [a for a, _ in rows],
            "actor": [n for _, n in rows],
            "actor_type": "person",
            "label": "PER",
            "surface": [n for _, n in rows],
            "start": 0,
            "end": 1,
        }
    )
    out = link_surnames(m)
    assert list(out["actor"]) == [
        "Thomas Müller", "Gerd Müller", "Müller", "Robert Habeck", "Robert Habeck",
    ]  # fmt: skip


@pytest.mark.parametrize("pipeline", GERMAN)
def test_two_people_sharing_a_surname_in_one_article(news_de_records, pipeline):
    # "Musks neuem Arbeitgeber Donald Trump ... der Sohn des designierten Präsidenten,
    # Eric Trump": two actors, never merged.
    m = _news_actors([_record(news_de_records, "2025-01-01-cybertruck.md")], pipeline)
    persons = set(m.loc[m["actor_type"] == "person", "actor"])
    assert {"Donald Trump", "Eric Trump", "Elon Musk"} <= persons


@pytest.mark.parametrize("pipeline", GERMAN)
def test_byline_and_credits_are_not_actors(news_de_records, pipeline):
    # "... FBI sucht Komplizen Von Dirk Hautkapp" (teaser of another article) and
    # "Kommentator: Martin Schneider" (video credit); "Kommentator Sebastian Schwele"
    # without a colon is a person of the story.
    records = [
        _record(news_de_records, "2025-01-01-cybertruck.md"),
        _record(news_de_records, "2024-06-22-belgien-rumanien.md"),
        _record(news_de_records, "2024-12-15-darts-wm.md"),
    ]
    actors = set(_news_actors(records, pipeline)["actor"])
    assert not {"Dirk Hautkapp", "Martin Schneider"} & actors
    assert "Sebastian Schwele" in actors


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Selenskyj", "Wolodymyr Selenskyj"),
        ("Selensky", "Wolodymyr Selenskyj"),
        ("Zelensky", "Wolodymyr Selenskyj"),
        ("Zelenskyy", "Wolodymyr Selenskyj"),
        ("Kiew", "Kiew"),
        ("Kyjiw", "Kiew"),
        ("Kyiv", "Kiew"),
        ("Nato", "NATO"),
        ("NATO", "NATO"),
    ],
)
def test_spelling_variants_merge(variant, canonical):
    label = "PER" if canonical.startswith("Wolodymyr") else "LOC" if "Ki" in canonical else "ORG"
    raw = pd.DataFrame(
        {"article_id": ["x"], "label": [label], "surface": [variant], "start": [0], "end": [9]}
    )
    assert resolve_actors(raw)["actor"].tolist() == [canonical]


# ----------------------------------------------------------------- names that generalise

@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Unions-Kanzlerkandidat Merz", "Merz"),  # a role glued to the name
        ("Schweigender Scholz", "Scholz"),  # an adjective before it
        ("Trumps Vizekandidat Vance", "Vance"),  # a genitive and a role
        ("Hauptdarsteller Tom Hanks", "Tom Hanks"),
        ("Keeper-Stefan Ortega", "Stefan Ortega"),  # a role joined by a hyphen
        ("Olaf Scholz Bundeskanzler", "Olaf Scholz"),  # a role after the name
        ("JOSHUA KIMMICH", "Joshua Kimmich"),  # captions in capitals
        ("Ursula von der Leyen", "Ursula von der Leyen"),  # particles stay
        ("Frank-Walter Steinmeier", "Frank-Walter Steinmeier"),
        ("Thomas Müller", "Thomas Müller"),  # a surname that is also a noun
        ("Kevin De Bruyne", "Kevin De Bruyne"),
    ],
)
def test_person_names_lose_roles_and_capitals(surface, expected):
    raw = pd.DataFrame(
        {"article_id": ["a"], "label": ["PER"], "surface": [surface], "start": [0],
         "end": [len(surface)]}
    )  # fmt: skip
    assert resolve_actors(raw, aliases={})["actor"].tolist() == [expected]


def _raw(rows):
    """(article, label, surface) rows -> raw mentions with offsets in reading order."""
    out, pos = [], {}
    for aid, label, surface in rows:
        start = pos.get(aid, 0)
        out.append((aid, label, surface, start, start + len(surface)))
        pos[aid] = start + len(surface) + 2
    return pd.DataFrame(out, columns=["article_id", "label", "surface", "start", "end"])


RESOLUTION_CASES = {
    # A surname alone joins the full name of the article whatever the model called it,
    # and the actor stays a person although one mention was tagged a place.
    "surname of any label": (
        [("a", "PER", "Jamal Musiala"), ("a", "LOC", "Musiala"), ("a", "LOC", "Musiala")],
        {("Jamal Musiala", "person"): 3},
    ),
    # The genitive of a full name is that person.
    "genitive of a full name": (
        [("a", "PER", "Julian Nagelsmann"), ("a", "PER", "Julian Nagelsmanns")],
        {("Julian Nagelsmann", "person"): 2},
    ),
    # "Deutsche Flugsicherung (DFS)": the acronym right after the long form.
    "acronym in brackets": (
        [("a", "ORG", "Deutsche Flugsicherung"), ("a", "ORG", "DFS"), ("b", "ORG", "DFS")],
        {("Deutsche Flugsicherung", "organisation"): 3},
    ),
    # A club's short form (labelled ORG by crisis_sports_events) is the club.
    "club short forms": (
        [("a", "ORG", "Holstein Kiel"), ("a", "ORG", "Kiel"), ("b", "ORG", "BVB"),
         ("b", "ORG", "Dortmund")],
        {("Holstein Kiel", "organisation"): 2, ("Borussia Dortmund", "organisation"): 2},
    ),  # fmt: skip
    # "Der BVB" and "BVB" are one organisation; "Der Spiegel" keeps its article.
    "leading article": (
        [("a", "ORG", "Der BVB"), ("b", "ORG", "BVB"), ("b", "ORG", "Der Spiegel")],
        {("Borussia Dortmund", "organisation"): 2, ("Der Spiegel", "organisation"): 1},
    ),
    # A company or foundation the model called a person; "Max Kruse" is no "SE".
    "organisation heads": (
        [("a", "PER", "Laura Privatstiftung"), ("a", "PER", "Max Kruse")],
        {("Laura Privatstiftung", "organisation"): 1, ("Max Kruse", "person"): 1},
    ),
    # Events are typed as events.
    "events": ([("a", "EVENT", "EM"), ("b", "EVENT", "EM")], {("EM", "event"): 2}),
}


@pytest.mark.parametrize("case", list(RESOLUTION_CASES))
def test_resolution_mechanisms(case):
    rows, expected = RESOLUTION_CASES[case]
    got = resolve_actors(_raw(rows), aliases={})
    counts = got.groupby(["actor", "actor_type"]).size().to_dict()
    assert counts == expected


def test_common_nouns_taken_for_persons_are_dropped():
    from core.ner.nouns import noun_stems

    if not noun_stems():
        pytest.skip("hunspell-de-de is not installed")
    got = resolve_actors(
        _raw([("a", "PER", "Regierungsmitglieder"), ("a", "PER", "Olaf Scholz"),
              ("b", "PER", "Müller"), ("b", "PER", "Thomas Müller")]),
        aliases={},
    )  # fmt: skip
    assert sorted(got["actor"].unique()) == ["Olaf Scholz", "Thomas Müller"]


LINK_CASES = {
    "surname joins the one full name": (
        [("a", "Robert Habeck", 1), ("b", "Habeck", 1)],
        ["Robert Habeck", "Robert Habeck"],
    ),
    "a second full name undoes the link": (
        [("a", "Sebastian Hoeneß", 1), ("b", "Sebastian Hoeneß", 0), ("c", "Uli Hoeneß", 1)],
        ["Sebastian Hoeneß", "Hoeneß", "Uli Hoeneß"],
    ),
    "diacritics are one spelling, the frequent one": (
        [("a", "Leroy Sané", 1), ("b", "Leroy Sané", 1), ("c", "Leroy Sane", 1)],
        ["Leroy Sané"] * 3,
    ),
    "a typo in a rare given name": (
        [(str(i), "Sahra Wagenknecht", 1) for i in range(10)] + [("x", "Sarah Wagenknecht", 1)],
        ["Sahra Wagenknecht"] * 11,
    ),
    "the genitive of a full name": (
        [("a", "Jamal Musiala", 1), ("b", "Jamal Musialas", 1)],
        ["Jamal Musiala", "Jamal Musiala"],
    ),
    "a surname without its accent": (
        [("a", "Leroy Sané", 1), ("b", "Sane", 1)],
        ["Leroy Sané", "Leroy Sané"],
    ),
    "two real people of one surname stay two": (
        [("a", "Joe Biden", 1), ("b", "Jill Biden", 1)],
        ["Joe Biden", "Jill Biden"],
    ),
}


@pytest.mark.parametrize("case", list(LINK_CASES))
def test_link_across_articles(case):
    from core.actors import link_across_articles

    rows, expected = LINK_CASES[case]
    pairs = pd.DataFrame(rows, columns=["article_id", "actor", "named"])
    assert link_across_articles(pairs)["actor"].tolist() == expected


def test_surnames_tagged_as_places_become_the_person():
    from core.actors import surnames_of_persons

    persons = pd.DataFrame(
        [("a", "Florian Wirtz", "person", 1), ("b", "Florian Wirtz", "person", 1)],
        columns=["article_id", "actor", "actor_type", "named"],
    )
    others = pd.DataFrame(
        [("c", "Wirtz", "place"), ("d", "Berlin", "place")],
        columns=["article_id", "actor", "actor_type"],
    )
    got = surnames_of_persons(persons, others)
    assert got.values.tolist() == [["c", "Wirtz", "place", "Florian Wirtz"]]


@pytest.mark.parametrize(
    ("written", "actor", "alike"),
    [
        ("Vladimir Putin", "Wladimir Putin", True),
        ("Volodymyr Zelensky", "Wolodymyr Selenskyj", True),
        ("Sergei Lavrov", "Sergej Lawrow", True),
        ("Präsident Putin", "Wladimir Putin", False),  # a role is no given name
        ("Putin", "Wladimir Putin", False),
        ("Olaf Scholz", "Wladimir Putin", False),
    ],
)
def test_spelled_alike(written, actor, alike):
    from core.actors import spelled_alike

    assert spelled_alike(written, actor) is alike


def test_an_english_store_keeps_the_full_name_of_a_transliterated_person(tmp_path):
    """English articles write "Vladimir Putin"; the alias file's actor is "Wladimir Putin".
    With no German article in the store, the surname alone must still join the full name
    (it was left as a separate actor "Putin")."""
    import json

    from core.ingest import ingest
    from core.store import Store

    src = tmp_path / "en.jsonl"
    src.write_text(json.dumps({"text": "Russian President Vladimir Putin met officials in "
                               "Moscow on Monday. Later Putin said he was not bluffing, "
                               "and the talks ended without a deal.", "lang": "en"}) + "\n",
                   encoding="utf-8")
    with Store(tmp_path / "en.db") as store:
        ingest([str(src)], store)
        actors = set(store.mentions()["actor"].astype(str))
    assert "Wladimir Putin" in actors and "Putin" not in actors


@pytest.mark.parametrize(
    ("acronym", "long", "expected"),
    [
        ("DFS", "Deutsche Flugsicherung", True),
        ("EBU", "European Broadcasting Union", True),
        ("WHO", "World Health Organization", True),
        ("CNN", "United Arab Emirates", False),  # a dateline: "DUBAI, United Arab Emirates (CNN)"
        ("AP", "Kyiv School of Economics", False),
    ],
)
def test_an_acronym_in_brackets_must_abbreviate_the_name(acronym, long, expected):
    from core.actors import _abbreviates

    assert _abbreviates(acronym, long) is expected


@pytest.mark.parametrize(
    ("surface", "is_person", "expected"),
    [
        ("USA.Joe Biden", True, "Joe Biden"),  # a sentence end glued to the name
        ("J.D. Vance", True, "J.D. Vance"),  # initials stay
        ("Russia.-", False, "Russia"),  # machine translation's ".-" dash
        ("CNN)-", False, "CNN"),
        ("U.S.", False, "U.S."),
    ],
)
def test_punctuation_glued_to_names(surface, is_person, expected):
    from core.actors import _clean

    assert _clean(surface, is_person) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # A surname a letter off, in an article that names the full name once.
        (["Volodymyr Zelensky", "Zelanski"], ["Volodymyr Zelensky", "Volodymyr Zelensky"]),
        # Two candidates that near: left alone.
        (["Anna Kowalska", "Jan Kowalski", "Kowalsky"], ["Anna Kowalska", "Jan Kowalski",
                                                        "Kowalsky"]),
        # Short surnames are too easily a letter off another.
        (["Olaf Scholz", "Schulz"], ["Olaf Scholz", "Schulz"]),
    ],
)
def test_a_misspelled_surname_joins_the_article_s_full_name(names, expected):
    raw = pd.DataFrame({"article_id": "a", "label": "PER", "surface": names,
                        "start": range(0, 10 * len(names), 10),
                        "end": range(5, 10 * len(names) + 5, 10)})
    assert resolve_actors(raw, aliases={})["actor"].tolist() == expected
