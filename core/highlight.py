"""Safe HTML for article text: escape first, then add our own markup.

Article text is untrusted (scraped news can contain `<script>`, `<img onerror>`
…).  Every function here escapes *all* text taken from an article with
html.escape before inserting tags of its own, so the result can be passed to
Streamlit with unsafe_allow_html=True.  The only tags emitted are <span>,
<mark>, <p> and <br>, with attribute values that are escaped too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

import pandas as pd

from core.search_terms import norm

SNIPPET_OPEN = "\ue000"  # what core.store.Store.search puts around hits
SNIPPET_CLOSE = "\ue001"

# Colour per actor type (light backgrounds, colour-blind-safe-ish).  The text on them is
# always INK, never the theme's: in dark mode the theme's text is white, unreadable on
# pastel (issue 15).  Every pair is >= 4.5:1 (WCAG AA; tests/test_highlight.py computes it).
TYPE_COLORS = {
    "person": "#cfe3ff",
    "organisation": "#ffe0b3",
    "place": "#d4f4d2",
    "event": "#fff3a8",
    "other": "#ead7f7",
}
INK = "#1a1a1a"
# The searched words in the article: a saturated colour no actor type has, bold and
# underlined, so a hit inside an entity (which keeps its own background) still shows.
TERM_BG = "#ff9ecb"
TERM_INK = "#1a1a1a"
TERM_UNDERLINE = "#a3005a"
TERM_STYLE = (f"background:{TERM_BG};color:{TERM_INK};font-weight:600;border-radius:2px;"
              f"padding:0 1px;box-shadow:inset 0 -2px 0 {TERM_UNDERLINE}")


# Streamlit parses Markdown even around raw HTML (unsafe_allow_html): in text bound for
# such HTML, the characters that make links, images, emphasis, code, maths, directives and
# GFM's bare-URL links become numeric character references — shown as the characters
# themselves, never read as syntax.
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
           **{c: f"&#{ord(c)};" for c in "\\`*_[]()~$|!:@#{}"}}
_ENTITY_RE = re.compile("[" + re.escape("".join(_ENTITY)) + "]|(?i:www)(?=\\.)")


def esc(value: object) -> str:
    """html.escape for anything (None → ""), quotes included (safe inside attributes),
    and Markdown-inert: what Markdown would read as syntax is a character reference."""
    text = "" if value is None else str(value)
    return _ENTITY_RE.sub(lambda m: _ENTITY.get(m.group(0))
                          or m.group(0)[:-1] + f"&#{ord(m.group(0)[-1])};", text)


_AUTOLINK = re.compile(r"(?i)\bwww\.|@(?=[a-z0-9-]+\.[a-z])")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$:])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-])", re.MULTILINE)
_MD_LIST_NUMBER = re.compile(r"^(\s*\d+)\.", re.MULTILINE)


def md(value: object) -> str:
    """Text for a Streamlit Markdown context (button labels, st.markdown without HTML):
    the characters that make Markdown or HTML (emphasis, code, links, tags, tables, maths,
    :colour[...] and :icon: directives, and a heading, quote or list marker opening a
    line) backslash-escaped, so an article's title or an actor's name shows as written."""
    text = "" if value is None else str(value)
    # GFM turns bare URLs and www. names into links even when escaped: a zero-width space
    # after the scheme's colon and after "www" keeps them text (they read the same).
    text = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + "\u200b" + m.group(0)[-1], text)
    # Streamlit reads :material/…: icons and :emoji: codes before any escape: a zero-width
    # space after each colon keeps them text.
    text = text.replace(":", ":\u200b")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _MD_LIST_NUMBER.sub(lambda m: m.group(1) + "\\.", text)


def snippet_html(snippet: str) -> str:
    """An FTS snippet with hits as <mark>: escape first, then turn the markers into tags.

    Markers cannot be forged by the article: html.escape leaves U+E000/U+E001
    alone, but they are private-use characters that only the store inserts; an
    unbalanced marker is closed at the end so the markup stays well-formed.
    """
    text = esc(snippet or "")
    out, open_ = [], False
    for ch in text:
        if ch == SNIPPET_OPEN and not open_:
            out.append("<mark>")
            open_ = True
        elif ch == SNIPPET_CLOSE and open_:
            out.append("</mark>")
            open_ = False
        elif ch in (SNIPPET_OPEN, SNIPPET_CLOSE):
            continue
        else:
            out.append(ch)
    if open_:
        out.append("</mark>")
    return "".join(out)


def _paragraphs(escaped: str) -> str:
    """Blank lines → paragraphs, single newlines → <br> (on already-escaped text)."""
    parts = [p.strip("\n") for p in escaped.split("\n\n")]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in parts if p.strip())


def usable_spans(text: str, mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions whose offsets fit the text, without overlaps (earliest, then longest wins)."""
    if mentions.empty:
        return mentions
    m = mentions[(mentions["start"] >= 0) & (mentions["end"] <= len(text))
                 & (mentions["end"] > mentions["start"])]
    m = m.assign(_len=m["end"] - m["start"]).sort_values(["start", "_len"],
                                                          ascending=[True, False])
    keep, last_end = [], -1
    for idx, start, end in zip(m.index, m["start"], m["end"]):
        # A span across a line break would straddle the <p>/<br> markup: leave it plain.
        if start >= last_end and "\n" not in text[start:end]:
            keep.append(idx)
            last_end = end
    return m.loc[keep].drop(columns="_len")


_TOKEN = re.compile(r"[^\W_]+")  # a word as the search index's unicode61 tokenizer cuts it

Pattern = tuple[tuple[str, ...], bool]  # normalised tokens, "the last is a prefix"


def term_spans(text: str, patterns: Iterable[Pattern]) -> list[tuple[int, int]]:
    """Where the search matched in `text`: each word of an occurrence of a pattern
    (`core.search_terms.Plan.patterns`: words as the index folds them, lower case without
    accents; a prefix pattern's last word may go on), sorted, one span per word so no span
    crosses a line or paragraph break."""
    patterns = [(tuple(w), bool(p)) for w, p in patterns if w]
    if not patterns or not text:
        return []
    toks = [(m.start(), m.end(), norm(m.group())) for m in _TOKEN.finditer(text)]
    by_first: dict[str, list[Pattern]] = {}
    prefixed: list[Pattern] = []
    for pat in patterns:
        words, prefix = pat
        if prefix and len(words) == 1:
            prefixed.append(pat)
        else:
            by_first.setdefault(words[0], []).append(pat)

    def fits(i: int, pat: Pattern) -> bool:
        words, prefix = pat
        if i + len(words) > len(toks):
            return False
        *head, last = words
        got = [t[2] for t in toks[i:i + len(words)]]
        return got[:-1] == head and (got[-1].startswith(last) if prefix else got[-1] == last)

    hit: set[int] = set()
    for i, (_, _, word) in enumerate(toks):
        for pat in [*by_first.get(word, ()), *(p for p in prefixed if word.startswith(p[0][0]))]:
            if fits(i, pat):
                hit.update(range(i, i + len(pat[0])))
    return [(toks[i][0], toks[i][1]) for i in sorted(hit)]


def _with_terms(text: str, start: int, end: int, terms: list[tuple[int, int]]) -> str:
    """text[start:end] escaped, with the parts of term spans inside it as <mark>."""
    out, pos = [], start
    i = bisect.bisect_right(terms, (start, start)) - 1
    i = max(i, 0)
    while i < len(terms) and terms[i][0] < end:
        s, e = max(terms[i][0], start), min(terms[i][1], end)
        if e > s and s >= pos:
            out.append(esc(text[pos:s]))
            out.append(f'<mark class="cm-term" style="{TERM_STYLE}">{esc(text[s:e])}</mark>')
            pos = e
        i += 1
    out.append(esc(text[pos:end]))
    return "".join(out)


def article_html(text: str, mentions: pd.DataFrame, *, types: tuple[str, ...] | None = None,
                 terms: Iterable[Pattern] = ()) -> str:
    """The article as HTML paragraphs with each entity mention in a coloured <span> and
    each searched word (`terms`: see `term_spans`) in a <mark class="cm-term">.

    `types` limits highlighting to some actor types (None = all).  Each span
    carries class `ent ent-<type>` and a title "actor (type)" for hover.
    """
    text = text or ""
    spans = usable_spans(text, mentions)
    if types is not None and not spans.empty:
        spans = spans[spans["actor_type"].isin(types)]
    marks = term_spans(text, terms)
    pieces, pos = [], 0
    for rec in spans.itertuples(index=False):
        start, end = int(rec.start), int(rec.end)
        pieces.append(_with_terms(text, pos, start, marks))
        kind = rec.actor_type if rec.actor_type in TYPE_COLORS else "other"
        color = TYPE_COLORS[kind]
        title = esc(f"{rec.actor} ({kind})")
        pieces.append(
            f'<span class="ent ent-{kind}" style="background:{color};color:{INK};'
            f'border-radius:3px;padding:0 2px" title="{title}">'
            f"{_with_terms(text, start, end, marks)}</span>"
        )
        pos = end
    pieces.append(_with_terms(text, pos, len(text), marks))
    return _paragraphs("".join(pieces))


def legend_html(*, terms: bool = False) -> str:
    """The entity colours' key (and the search hits' mark, with `terms`)."""
    keys = [f'<span style="background:{c};color:{INK};border-radius:3px;padding:0 4px">'
            f"{esc(t)}</span>" for t, c in TYPE_COLORS.items()]
    if terms:
        keys.append(f'<mark class="cm-term" style="{TERM_STYLE}">search hit</mark>')
    return " ".join(keys)


# -- contrast (WCAG 2.x) -------------------------------------------------------------------
def luminance(color: str) -> float:
    """Relative luminance of a #rrggbb colour."""
    rgb = [int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21; text needs 4.5)."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def palette_pairs() -> dict[str, tuple[str, str]]:
    """Every (text, background) colour pair the article view draws, by name."""
    pairs = {f"entity {t}": (INK, c) for t, c in TYPE_COLORS.items()}
    pairs["search hit"] = (TERM_INK, TERM_BG)
    return pairs
