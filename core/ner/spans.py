"""What the NER components share about a Doc besides its entities.

* ``_RULE_SPANS``: doc.user_data key under which crisis_gazetteer and
  crisis_person_rules mark the entities they made, so crisis_person_filter (after a
  model's ``ner``) leaves them alone; crisis_consistency removes it.
* ``Doc._.part_mentions``: mentions inside a hyphenated token, set by
  crisis_consistency and read by core.nlp.extract_mentions.
* `_quoted`: is a span a short quoted title or nickname?
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_RULE_SPANS = "crisis_rule_spans"  # doc.user_data key: (start, end) of rule-made entities

if not Doc.has_extension("part_mentions"):
    # Mentions inside a hyphenated token ("NATO" in "NATO-Truppen") cannot be
    # spaCy spans; they travel as (label, start_char, end_char) lists.
    Doc.set_extension("part_mentions", default=None)


_OPEN_QUOTES = {"„", '"', "»", "«", "‚", "'", "“", "("}
_CLOSE_QUOTES = {"“", '"', "«", "»", "‘", "'", "”"}


def _quoted(doc: Doc, span: Span, longest: int = 4) -> bool:
    """Is `span` inside a quoted segment of at most `longest` tokens (a title: »Merci
    Cherie«, „Maybrit Illner“)?  Names in longer quotes are quoted speech and stay."""
    open_at = None
    for k in range(span.start - 1, max(-1, span.end - longest - 2), -1):
        text = doc[k].text
        if text in _OPEN_QUOTES and text != "(":
            open_at = k
            break
        if text in _CLOSE_QUOTES or "\n" in text:
            return False
    if open_at is None:
        return False
    for k in range(span.end, min(len(doc), open_at + longest + 2)):
        text = doc[k].text
        if text in _CLOSE_QUOTES:
            return True
        if text in _OPEN_QUOTES or "\n" in text:
            return False
    return False
