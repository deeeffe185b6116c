"""Excerpts with the searched words marked: accents and case set aside, HTML escaped."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.rich_text import get_text_for_indexing

EXCERPT_LENGTH = 240
# Words shorter than this are not marked: "de", "la" would light up every line.
MIN_TERM_LENGTH = 3
_NOT_A_START = set(" ;:,.!?»)")


class _FoldedCharacters(dict):
    """Each character's folded form, computed once per character: `str.translate` then folds
    a text at C speed (excerpts and ranking fold every hit's texts)."""

    def __missing__(self, code):
        char = chr(code)
        folded = unicodedata.normalize("NFD", char)[0].lower()[:1] or char
        self[code] = folded
        return folded


_FOLDED = _FoldedCharacters()


def fold(text: str) -> str:
    """Lower case without accents, one character for one character, so that positions found
    in the folded text are positions in the original."""
    return text.translate(_FOLDED)


def query_stems(query: str) -> list[str]:
    """The query's words as prefixes (a French stem is roughly the word less its ending), so
    "entreprises" matches "entreprise" and "industrie" matches "industriel"."""
    stems = []
    for word in fold(query).replace("'", " ").replace("’", " ").split():
        word = word.strip("-")
        if len(word) < MIN_TERM_LENGTH and not word.isdigit():
            continue
        stem = word if len(word) <= 5 else word[: max(5, len(word) - 2)]
        if stem not in stems:
            stems.append(stem)
    return stems


def term_pattern(query: str):
    """A pattern marking the query's words (as stems) in a text."""
    stems = query_stems(query)
    if not stems:
        return None
    alternatives = "|".join(re.escape(stem) for stem in sorted(set(stems), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*")


def plain_text(value, rich=False) -> str:
    """One line of text; rich text loses its tags, with a space where a paragraph or an item
    ended, and its entities are decoded (« R&amp;D » is « R&D », escaped once when shown);
    plain text keeps every character (its "<" is the editor's, shown escaped)."""
    text = str(value or "")
    return " ".join((get_text_for_indexing(text) if rich else text).split())


def excerpt(texts, query: str, length: int = EXCERPT_LENGTH):
    """The first text that holds a searched word, cut around it, with the words in <mark>;
    else the start of the first non-empty text; "" when there is none. `texts` may be a
    generator: texts after the one that matches are never computed (a position's proposals
    are read from its body only when its summary does not hold the word)."""
    pattern = term_pattern(query)
    first = ""
    for text in texts:
        text = plain_text(text)  # already plain: see plain_text()
        if not text:
            continue
        if pattern is None:
            return _marked(text, pattern, 0, length)
        first = first or text
        match = pattern.search(fold(text))
        if match:
            start = 0 if match.end() < length else max(0, match.start() - length // 3)
            return _marked(text, pattern, start, length)
    return _marked(first, pattern, 0, length) if first else ""


def _marked(text, pattern, start, length):
    # A cut starts on a word: after the next space, past the punctuation that ended the
    # previous sentence or list item (never « … ; installer »).
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
        while start < len(text) and text[start] in _NOT_A_START:
            start += 1
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    parts = ["… " if start else ""]
    position = 0
    for match in pattern.finditer(fold(window)) if pattern else ():
        parts.append(escape(window[position : match.start()]))
        parts.append(f"<mark>{escape(window[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(escape(window[position:]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 (every piece of text is escaped above)
