"""Credits: bylines, photo credits, caption names and news agencies named as a source.

Names in these places are not actors of the story; crisis_consistency drops them.
All checks take `text` (`doc.text`, built once by the caller) and a span.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

# Words that introduce the person who wrote, filmed or presents something, not a
# person the article is about: "Von Dirk Hautkapp" (byline of a teaser for another
# article), "Kommentator: Martin Schneider" (video credit), "Foto: Stefan Prager".
# Role words count only with a colon: "wünschte Kommentator Sebastian Schwele" is
# a person in the story.
_CREDIT_BEFORE = re.compile(
    r"(?:^|[\s(|/])(?:(?:Text|Autor|Autorin|Autoren|Kommentator|Kommentatorin|Kommentar|"
    r"Moderation|Moderator|Moderatorin|Kamera|Schnitt|Redaktion|Regie|Grafik|Foto|Fotos|"
    r"Bild|Bilder|Fotograf|Fotografin|Quelle|Bildquelle|Credit)\s?:|(?:IMAGO|Imago|imago)"
    r"\s?/|©|Von)\s*$"
)
# What may follow a credited name: end of paragraph, another credit, an agency.
_CREDIT_AFTER = re.compile(
    r"^\s*(?:$|\n|[|,)/]|\.\s*(?:\n|$)|und [A-ZÄÖÜ]\w+ [A-ZÄÖÜ]\w+\s*(?:\n|$))"
)


_AGENCY_NAMES = (
    r"dpa|APA|AFP|AP|Reuters|REUTERS|picture alliance|picture-alliance|IMAGO|Imago|"
    r"Getty Images|Getty|EPA|KEYSTONE|Keystone|SID|KNA|epd|ddp|ANP|Belga|Anadolu|Xinhua|"
    r"TASS|Sputnik|AA|ZUMA|STAR MAX|IPx|Shutterstock|Photothek"
)
_AGENCIES = re.compile(rf"\b(?:{_AGENCY_NAMES})\b")


def _in_photo_credit(text: str, ent: Span) -> bool:
    """ "(picture alliance / zz / Andrea Renault / STAR MAX)", "(Tobias Steinmaurer / APA /
    dpa)", "DeFodi Images via Getty Images": names in a photo credit of a caption."""
    open_at = text.rfind("(", max(0, ent.start_char - 120), ent.start_char)
    close_at = text.find(")", ent.end_char, ent.end_char + 120)
    if open_at != -1 and close_at != -1 and "\n" not in text[open_at:close_at]:
        inside = text[open_at + 1 : close_at]
        if "(" not in text[open_at + 1 : ent.start_char] and "/" in inside:
            return bool(_AGENCIES.search(inside))
    return False


# Position markers of photo captions: "Nicolo Barella (li.) und Dan Ndoye (re.) wollen ..."
# (Matched at a position, so no "^": `match(text, pos)` is anchored there already.)
_CAPTION_POSITION = re.compile(r"\s*\((?:li|re|l|r|M|Mi)\.\)|\s*\((?:links|rechts|Mitte)\)")


# "Marcus Brandt/dpa", "dpa/Evan Vucci", "Name / picture alliance": a photographer beside
# an agency, without "©" or brackets.
_NEXT_TO_AGENCY_AFTER = re.compile(rf"\s?/\s?(?:{_AGENCY_NAMES})\b")
_NEXT_TO_AGENCY_BEFORE = re.compile(rf"\b(?:{_AGENCY_NAMES})\s?/\s?$")
# A byline with its date: "von Manfred Sedlbauer , Maximilian Schwoch 05.08.2024 • 10:53",
# "von Daniel Kreps 14.09.2024."
_BYLINE_BEFORE = re.compile(r"(?:^|\s)[Vv]on\s+(?:[A-ZÄÖÜ][\w.-]*\s+){0,3}?(?:,\s*)?$")
_BYLINE_AFTER = re.compile(
    r"\s*(?:,\s*(?:[A-ZÄÖÜ][\w.-]*\s*){1,4})*\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}"
)


def _is_credit(text: str, ent: Span) -> bool:
    """A person span that is a byline, credit or caption rather than someone in the story.

    `text` is `doc.text`, passed in: spaCy rebuilds that string from the tokens on every
    access, which made this check most of the pipeline's time."""
    if _in_photo_credit(text, ent) or _CAPTION_POSITION.match(text, ent.end_char):
        return True
    if _NEXT_TO_AGENCY_AFTER.match(text, ent.end_char) or _NEXT_TO_AGENCY_BEFORE.search(
        text, max(0, ent.start_char - 30), ent.start_char
    ):
        return True
    if _BYLINE_AFTER.match(text, ent.end_char) and _BYLINE_BEFORE.search(
        text, max(0, ent.start_char - 60), ent.start_char
    ):
        return True
    before = text[max(0, ent.start_char - 40) : ent.start_char]
    line_start = before.rfind("\n")
    before = before[line_start + 1 :]
    if not _CREDIT_BEFORE.search(before):
        return False
    # "Von Putin wurde ..." is a sentence, "... Komplizen Von Dirk Hautkapp" is a byline:
    # the credited name ends its paragraph (or is followed by another credit).
    if before.rstrip().endswith("Von"):
        return bool(_CREDIT_AFTER.match(text[ent.end_char : ent.end_char + 40]))
    return True


# A news agency named as the source of a text or picture is a credit, not an actor of the
# story: "Berlin (dpa) -", "(mbr/dpa)", "© dpa | Andreas Gora", "Foto: Claus Hampel, dpa",
# "picture alliance/dpa/Matthias Bein", "dpa:240412-99-…", or the agency alone on a line.
# "berichtete die Nachrichtenagentur dpa" stays a mention.
_AGENCY_NAME = re.compile(
    rf"(?:{_AGENCY_NAMES}|dpa-infocom|dpa-Zentralbild|dpa-AFX|AFP/Getty Images)"
)
_CREDIT_LINE = re.compile(
    r"\b(?:Foto|Fotos|Bild|Bilder|Bildrechte|Bildquelle|Quelle|Credit|Fotograf|Fotografin)"
    r"\s?:|©|Copyright"
)


_MATERIAL = re.compile(r"[Mm]it Material (?:von|der|aus)\b")
_BILDFUNK = re.compile(r"\s*(?:Bildfunk|-Bildfunk)")
_ENDS_PARAGRAPH = re.compile(r"[ \t]*\)?[ \t.]*(?:\n|$)")
_SOURCE_BEFORE = re.compile(r"(?:\b[Mm]it|\b[Vv]on|[.!?“”\"»«])\s*$")


def _is_agency_credit(text: str, ent: Span) -> bool:
    if not _AGENCY_NAME.fullmatch(ent.text):
        return False
    start, end = ent.start_char, ent.end_char
    before, after = text[max(0, start - 3) : start], text[end : end + 3]
    if "/" in before or "|" in before or after[:2].strip()[:1] in ("/", "|"):
        return True
    if before.endswith("(") and after[:1] in (")", "/", ",", "-"):  # also "(dpa-AFX)"
        return True
    if after[:1] == ":" and after[1:2].isdigit():  # dpa:240412-99-652248
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    if not line.strip(" .,;-–—−").replace(ent.text, "", 1).strip(" .,;-–—−"):
        return True  # the agency alone on its line
    line_before = text[line_start:start]
    if _CREDIT_LINE.search(line_before) or _MATERIAL.search(line_before):
        return True
    if _BILDFUNK.match(text, end):
        return True
    # "(mit dpa)", "Von dpa", "… steigen. dpa" closing a paragraph: the source line.
    return bool(_ENDS_PARAGRAPH.match(text, end) and _SOURCE_BEFORE.search(line_before))


# An outlet citing itself is the article's source, not an actor of its story: "…, an
# Ukrinform correspondent reports.", "BBC diplomatic correspondent James Landale says",
# "…, Ukrinform reports.", "…, BelTA has learned."  ("CNN reported that the Pentagon …" in
# another outlet's story is a mention: only the clause-final attribution counts.)
_OWN_CORRESPONDENT = re.compile(r"\s+(?:[a-z]+\s+){0,2}correspondents?\b")
_CLAUSE_FINAL_REPORT = re.compile(
    r"\s+(?:reports|reported|has learned|learned|informs|writes)\s*(?:[.\n]|$)"
)
_ATTRIBUTION_BEFORE = re.compile(r"(?:,|—|–|-)\s*(?:an?\s+|the\s+)?$")


def _is_self_citation(text: str, ent: Span) -> bool:
    if _OWN_CORRESPONDENT.match(text, ent.end_char):
        return True
    before = text[max(0, ent.start_char - 8) : ent.start_char]
    return bool(
        _CLAUSE_FINAL_REPORT.match(text, ent.end_char) and _ATTRIBUTION_BEFORE.search(before)
    )
