"""How French readers expect facts written: sizes in Ko and Mo, durations in minutes,
« 1er janvier », « 18 h 30 », singular for 0 and 1, no-break spaces before « : ; ! ? »."""

import re

from django.utils import timezone

NBSP = "\u00a0"
UNITS = ["Ko", "Mo", "Go", "To"]


def file_size(size) -> str:
    """« 850 octets », « 245 Ko », « 2,4 Mo »: the units French readers know (Django's
    filesizeformat writes « Kio »), a decimal comma, a non-breaking space before the unit."""
    size = int(size or 0)
    if size < 1024:
        return f"{size}{NBSP}octet{'s' if size > 1 else ''}"
    value = size / 1024
    for unit in UNITS:
        if value < 1024 or unit == UNITS[-1]:
            text = f"{value:.0f}" if value >= 100 or unit == "Ko" else f"{value:.1f}"
            return f"{text.replace('.', ',').removesuffix(',0')}{NBSP}{unit}"
        value /= 1024
    raise AssertionError("unreachable")


NARROW_NBSP = "\u202f"
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_FIRST_OF_MONTH = re.compile(rf"(?<![\d,])\b1 ({MONTHS})\b")
# Each run of spaces is tried once, from its first space (not again from each of the
# others): a rendered page's indentation made these rules the costliest part of spacing it.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<![ \u00a0])[ \u00a0]++([;!?»])")
_SPACE_BEFORE_COLON = re.compile(r"(?<![ \u00a0])[ \u00a0]++:(?!//)")
_SPACE_AFTER_GUILLEMET = re.compile(r"«[ \u00a0]+")


def first_of_month(text) -> str:
    """« 1 janvier 2026 » → « 1er janvier 2026 »: French writes the first day as an ordinal."""
    return _FIRST_OF_MONTH.sub(r"1er \1", str(text))


def plural_suffix(count, suffixes="s") -> str:
    """French agreement: 0 and 1 take the singular (« 0 résultat »), 2 and more the plural.
    `suffixes` is "plural" or "singular,plural" (« correspond{{ n|pluriel:",ent" }} »)."""
    singular, _, plural = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    try:
        many = abs(int(count)) >= 2
    except (TypeError, ValueError):
        many = False
    return plural if many else singular


def french_spacing(text) -> str:
    """No-break spaces where French typography wants them: a no-break space before « : »
    and after « « », a narrow one before « ; ! ? » », so no line starts with the sign."""
    text = _SPACE_BEFORE_COLON.sub(f"{NBSP}:", str(text))
    text = _SPACE_BEFORE_PUNCTUATION.sub(rf"{NARROW_NBSP}\1", text)
    return _SPACE_AFTER_GUILLEMET.sub(f"«{NBSP}", text)


# Comments and raw-text elements (scripts, styles, form fields, code) are kept byte for byte,
# as are tags (attribute values); only the text between tags is spaced.
_KEPT_BLOCK = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|pre|code)(?=[\s/>])[^>]*>.*?(?:</\1\s*>|\Z)",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"(<[^>]*>)")
# Joins the texts between tags so that they are spaced in one pass; no spacing rule matches
# across it, so each text is spaced as if alone.
_TEXT_SEPARATOR = "\x00"


def french_spacing_html(html) -> str:
    """french_spacing for a piece of HTML (a rendered page, an editor's rich text): text
    between tags only. A visitor's words shown back in a form field are left as typed.

    base.html passes every page through it: the texts between tags are joined and spaced
    in one pass of each rule rather than one pass per text (a page holds about a thousand)."""
    html = str(html)
    pieces, start = [], 0
    for block in _KEPT_BLOCK.finditer(html):
        pieces += [_spaced_between_tags(html[start : block.start()]), block[0]]
        start = block.end()
    pieces.append(_spaced_between_tags(html[start:]))
    return "".join(pieces)


def _spaced_between_tags(html: str) -> str:
    parts = _TAG.split(html)
    if _TEXT_SEPARATOR in html:  # never in a page Django rendered; spaced text by text
        parts[0::2] = [french_spacing(text) for text in parts[0::2]]
    else:
        parts[0::2] = french_spacing(_TEXT_SEPARATOR.join(parts[0::2])).split(_TEXT_SEPARATOR)
    return "".join(parts)


def duration(seconds) -> str:
    """What people read: « 45 s », « 32 min », « 1 h 05 » (never « 00:32:10 »)."""
    total = max(0, round(float(seconds or 0)))
    if total < 60:
        return f"{total}{NBSP}s"
    minutes = round(total / 60)
    if minutes < 60:
        return f"{minutes}{NBSP}min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}{NBSP}h{NBSP}{minutes:02d}" if minutes else f"{hours}{NBSP}h"


def clock_time(moment) -> str:
    """« 18 h », « 9 h 30 »: the time of day as French typography writes it (Django's
    formats give « 18:00 » or, with a literal h, « 18h00 »), never split across lines, in
    the site's time zone as |date and |time do."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    if moment.minute:
        return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"
    return f"{moment.hour}{NBSP}h"
