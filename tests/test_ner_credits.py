"""core.ner.credits through the rule pipeline: news agencies as a source are no actors."""

from __future__ import annotations

import pytest

from tests.ner_fixtures import ents, nlp  # noqa: F401

AGENCY_CREDITS = [
    "Berlin (dpa) - Die Bundesregierung hat am Montag neue Hilfen beschlossen.",
    "Olaf Scholz sprach in Berlin über die Hilfen. (mbr/dpa)",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\n© dpa | Andreas Gora",
    "Olaf Scholz sprach in Berlin.\n\nFoto: Claus Hampel, dpa\n\nDie Familie lebte dort.",
    "Olaf Scholz sprach in Berlin.\n\nBildrechte: picture alliance/dpa/Matthias Bein",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\ndpa",
    "Olaf Scholz sprach in Berlin.\n\n© dpa-infocom, dpa:240412-99-652248/5",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\n(mit dpa)",
    "FRANKFURT (dpa-AFX) - Olaf Scholz sprach in Berlin über die Hilfen.",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\nMit Material von dpa und AFP",
    "Olaf Scholz sprach in Berlin über die Hilfen. dpa\n\nDer Kanzler reiste weiter.",
    "Olaf Scholz sprach in Berlin über die Hilfen.\n\nVon dpa\n\nDer Kanzler reiste.",
]


@pytest.mark.parametrize("text", AGENCY_CREDITS)
def test_agency_credits_are_not_actors(nlp, text):  # noqa: F811
    found = ents(nlp, text)
    assert not [e for e in found if e[0] in ("dpa", "picture alliance", "dpa-infocom")], found
    assert ("Olaf Scholz", "PER") in found or "Berlin" in text[:10]


def test_agency_named_in_the_story_stays(nlp):  # noqa: F811
    for text in (
        "Wie die Deutsche Presse-Agentur dpa berichtet, reist Olaf Scholz nach Kiew.",
        "Olaf Scholz reist nach Kiew, sagte ein Sprecher der dpa.",
        "Olaf Scholz sagte im Gespräch mit dpa, er reise nach Kiew.",
    ):
        assert ("dpa", "ORG") in ents(nlp, text), text


PHOTO_AND_BYLINE_CREDITS = [
    ("Die Türkei trifft heute auf Österreich. Marcus Brandt/dpa", "Marcus Brandt"),
    ("dpa/Evan Vucci Reaktionen auf die Wahl in den USA.", "Evan Vucci"),
    ("von Manfred Sedlbauer , Maximilian Schwoch 05.08.2024 • 10:53 Uhr Es rumort.",
     "Maximilian Schwoch"),
    ("Das schreibt die Frau des Sängers. von Daniel Kreps 14.09.2024. Artikel Teilen.",
     "Daniel Kreps"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name"), PHOTO_AND_BYLINE_CREDITS)
def test_photographers_and_dated_bylines_are_credits(nlp, text, name):  # noqa: F811
    assert name not in [e[0] for e in ents(nlp, text)]


def test_a_dated_statement_is_no_byline(nlp):  # noqa: F811
    found = ents(nlp, "Das Treffen mit Olaf Scholz am 05.08.2024 verlief gut.")
    assert ("Olaf Scholz", "PER") in found


@pytest.mark.parametrize(
    ("text", "outlet", "is_credit"),
    [
        ("Zelensky spoke in Kyiv about the talks, an Ukrinform correspondent reports.",
         "Ukrinform", True),
        ("The poll was held in March, Ukrinform reports.\n\nMore follows.", "Ukrinform", True),
        ("BBC diplomatic correspondent James Landale says the summit in Madrid ended.",
         "BBC", True),
        # An outlet quoted or cited inside someone else's story stays an actor.
        ("CNN reported that the Pentagon would send more troops to Poland.", "CNN", False),
        ("The minister told the BBC that Kyiv needs more weapons.", "BBC", False),
    ],
)
def test_an_outlet_citing_itself_is_a_credit(text, outlet, is_credit):
    """The check itself (the English rule pipeline does not always tag the outlet)."""
    import spacy

    from core.ner.credits import _is_self_citation

    doc = spacy.blank("en")(text)
    start = text.index(outlet)
    span = doc.char_span(start, start + len(outlet))
    assert _is_self_citation(text, span) is is_credit
