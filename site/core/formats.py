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
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \u00a0]+([;!?»])")
_SPACE_BEFORE_COLON = re.compile(r"[ \u00a0]+:(?!//)")
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
    text = _SPACE_BEFORE_PUNCTUATION.sub(lambda match: f"{NARROW_NBSP}{match[1]}", text)
    return _SPACE_AFTER_GUILLEMET.sub(f"«{NBSP}", text)


# Tags and comments, split off so that only text between them is touched (attribute values
# and the raw text of scripts, styles, form fields and code stay byte for byte).
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_RAW_TEXT_ELEMENTS = {"script", "style", "textarea", "pre", "code"}


def french_spacing_html(html) -> str:
    """french_spacing for a piece of HTML (a rendered page, an editor's rich text): text
    between tags only. A visitor's words shown back in a form field are left as typed."""
    parts = _TAG.split(str(html))
    raw_element = None
    for index, part in enumerate(parts):
        if index % 2 == 0:
            if raw_element is None and part:
                parts[index] = french_spacing(part)
            continue
        tag = _TAG_NAME.match(part)
        if not tag:
            continue
        closing, name = tag[1] == "/", tag[2].lower()
        if raw_element is None and not closing and name in _RAW_TEXT_ELEMENTS:
            raw_element = name
        elif closing and name == raw_element:
            raw_element = None
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
