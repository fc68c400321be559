"""Article titles: the given title where a record has one, else the headline or lead sentence.

Plain-text articles rarely mark their headline.  Where one exists it is the first real line:
short, no sentence-final period -- but scraped pages often open with a photo caption
("Antony Blinken und Sergej Lawrow | AP"), and tagesschau glues its timestamp onto the
headline ("... an Stand: 28.12.2021 07:09 Uhr").  Without a headline, the lead sentence is
the best summary of what the article is about.
"""

from __future__ import annotations

import re
import unicodedata

from core.boilerplate import is_boilerplate, is_caption

# A headline is a short line; longer lines without a period are usually teasers or lists.
HEADLINE_MAX_WORDS = 20

_STAND = re.compile(r"\s*\bStand: \d{1,2}\.\d{1,2}\.\d{2,4}.*", re.S)
_SPACES = re.compile(r"\s+")
# Typographic quotes as escapes: some look like ASCII quotes and commas in an editor.
_CLOSERS = "\"'\u201c\u201d\u2018\u2019\u00bb\u00ab)]"  # closing quotes, guillemets
_OPENERS = "\"'\u201e\u201c\u201a\u2018\u00bb\u00ab(\u2013-"  # opening quotes, guillemets, dashes
_DASHES = "-\u2013\u2014"
# Sentence end: terminal punctuation, any closing quotes/brackets, then space or end.
_SENT_END = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s|$)")
_LAST_TOKEN = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"(?:\w{1,3}\.)+\w{0,3}")

# Lower-case, without the final period.  German first (the corpus language), then English.
_ABBREVIATIONS = frozenset(
    """
    abb abs abt allg bd bspw bzw ca chr dr dt ebd evtl etc ev f ff gegr gem ggf hl hr hrsg
    inkl insb jh jhd jr kap kath lt max min mio mrd nr o orig pfr prof rd s sog st std str
    tel u usw v vgl verf vs z zb zt zzt jan feb febr apr aug sep sept okt nov dez
    mr mrs ms messrs gen lt col maj capt sgt cpl adm sen rep gov pres supt det insp no
    inc corp ltd co bros dept est fig approx
    """.split()
)


def _is_pictograph(ch: str) -> bool:
    # So = emoji and other symbols; the rest are the joiners/modifiers emoji sequences use.
    return (
        unicodedata.category(ch) in ("So", "Sk", "Cf")
        or "\ufe00" <= ch <= "\ufe0f"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
    )


def clean_given(title: str) -> str:
    """A record's title without leading emoji/pictographs, whitespace collapsed."""
    title = title.strip()
    i = 0
    while i < len(title) and (title[i].isspace() or _is_pictograph(title[i])):
        i += 1
    return _SPACES.sub(" ", title[i:]).strip()


def shorten(text: str, max_len: int = 120) -> str:
    """Cut at a word boundary so that the result, with "…", fits in max_len characters."""
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= max_len:
        return text
    cut = text[: max_len - 1]
    space = cut.rfind(" ")
    # A single giant token (a URL) is cut mid-word rather than dropped.
    if space > max_len // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:" + _DASHES) + "…"


def first_sentence(text: str) -> str:
    """The first sentence, aware of abbreviations, initials, ordinals and quotes."""
    text = _SPACES.sub(" ", text).strip()
    for m in _SENT_END.finditer(text):
        rest = text[m.end() :].lstrip()
        if not rest:
            break
        # A new sentence starts with a capital, a digit or an opening quote; anything else
        # ("“, sagte er", "z. B. das") continues the current one.
        if not (rest[0].isupper() or rest[0].isdigit() or rest[0] in _OPENERS):
            continue
        if text[m.start()] == "." and m.group().rstrip(_CLOSERS) == ".":
            token = _LAST_TOKEN.search(text, 0, m.start())
            word = token.group(1).lstrip(_OPENERS).lower() if token else ""
            if word in _ABBREVIATIONS or _DOTTED.fullmatch(word):
                continue  # "Dr. Müller", "z.B. Berlin", "U.S. Army"
            if len(word) == 1 and word.isalpha():
                continue  # an initial: "Donald J. Trump"
            if word.isdigit() and len(word) <= 2:
                continue  # a German ordinal: "am 10. Januar", "die 58. Sicherheitskonferenz"
        return text[: m.end()].strip()
    return text


def _headline(line: str) -> str | None:
    """`line` as a headline, or None when it reads as a lead paragraph."""
    stand = _STAND.search(line)
    if stand:
        # tagesschau: headline, then "Stand: <date>", sometimes the lead on the same line.
        head = line[: stand.start()].strip()
        return head or None
    line = line.strip()
    if line.endswith(".") or len(line.split()) > HEADLINE_MAX_WORDS:
        return None
    if first_sentence(line) != _SPACES.sub(" ", line):
        return None  # several sentences: a lead paragraph, not a headline
    return line


# A line that is only a dateline ("CNN —", "KYIV, Ukraine -"): no headline.
_DATELINE = re.compile(r"^[\w.,()' ]{1,40}[—–-]$")


def extract_title(text: str, given: str | None = None, max_len: int = 120) -> str:
    """Title for an article.

    `text` is the body after header removal but before boilerplate cleaning: the raw first
    lines are where headlines live.  A non-empty `given` title (record metadata) wins and
    is only cleaned, not shortened.  Otherwise: the first line that is not a caption or
    boilerplate, if it is headline-like (short, no final period; cut at a "Stand:"
    timestamp); else that line's first sentence -- both shortened to `max_len` with "…".
    """
    if given and given.strip():
        cleaned = clean_given(given)
        if cleaned:
            return cleaned
    for raw in text.splitlines():
        line = raw.strip()
        if not line or is_caption(line) or is_boilerplate(line) or _DATELINE.match(line):
            continue
        head = _headline(line)
        if head is None:
            head = first_sentence(line)
        return shorten(head, max_len)
    return ""


def is_lead(title: str, text: str) -> bool:
    """Was `title` made from the article's lead sentence (no headline), rather than a
    headline or a given title?  Then the first line of `text` goes on past it: a headline
    is a line of its own.  The Reader then heads the article "Untitled article" instead of
    a sentence cut off mid-way ("… hat am…"); the lead is the body's first line anyway."""
    head = _SPACES.sub(" ", title).strip()
    if not head.endswith(("…", ".", "!", "?")):
        return False
    head = head.removesuffix("…").rstrip()
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = _SPACES.sub(" ", first).strip()
    return len(first) > len(head) > 0 and first.startswith(head)
