"""core.ner.sports: clubs named by their city are clubs in sports articles; events are EVENT."""

from __future__ import annotations

import pytest

from core.ner.sports import clubs, is_event
from tests.ner_fixtures import ents, nlp  # noqa: F401

SPORTS = "Der Trainer war nach dem Spiel zufrieden. Die Tore fielen früh, die Saison ist lang. "


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # A club's city in a match report is the club ...
        (SPORTS + "Leverkusen gewann gegen Bayern mit 2:0.", "Leverkusen", "ORG"),
        (SPORTS + "Leverkusen gewann gegen Bayern mit 2:0.", "Bayern", "ORG"),
        # ... but not after a locative preposition,
        (SPORTS + "Das Spiel fand in Leverkusen statt.", "Leverkusen", "LOC"),
        # nor outside sport.
        ("Die Stadt Leverkusen baut eine neue Brücke über den Rhein.", "Leverkusen", "LOC"),
    ],
)
def test_clubs_in_sports_context(nlp, text, name, label):  # noqa: F811
    found = dict(ents(nlp, text))
    assert found.get(name) == label, found


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("EM", True),
        ("Champions League", True),
        ("Fußball-Europameisterschaft", True),
        ("Bundestagswahl", True),
        ("Olympischen Spiele", True),
        ("Bundesregierung", False),
        ("Olaf Scholz", False),
        ("Wahl", False),  # too short to be a named election on its own
    ],
)
def test_is_event(name, expected):
    assert is_event(name) is expected


def test_event_spans_are_labelled_event(nlp):  # noqa: F811
    found = dict(ents(nlp, "Die Bundesregierung verfolgt die EM in Berlin."))
    assert found.get("EM") in (None, "EVENT"), found


def test_club_list_maps_short_forms_to_one_club():
    c = clubs()
    assert c["BVB"] == c["Dortmund"] == "Borussia Dortmund"
    assert c["FC Bayern München"] == "FC Bayern München"
