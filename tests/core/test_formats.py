import datetime

import pytest
from django.template import Context, Template

from core.formats import (
    clock_time,
    duration,
    file_size,
    first_of_month,
    french_spacing,
    french_spacing_html,
    plural_suffix,
)


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 octet"),
        (1, "1 octet"),
        (850, "850 octets"),
        (1024, "1 Ko"),
        (250_000, "244 Ko"),
        (1024 * 1024, "1 Mo"),
        (2_500_000, "2,4 Mo"),
        (150 * 1024 * 1024, "150 Mo"),
        (3 * 1024**3, "3 Go"),
    ],
)
def test_sizes_read_as_french_readers_expect(size, text):
    assert file_size(size) == text.replace(" ", "\u00a0")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (3.2, "3 s"),
        (59.6, "1 min"),
        (32 * 60 + 10, "32 min"),
        (32 * 60 + 40, "33 min"),
        (3599, "1 h"),
        (3600 + 5 * 60 + 3, "1 h 05"),
        (2 * 3600 + 45 * 60, "2 h 45"),
        (None, "0 s"),
    ],
)
def test_durations_read_as_listeners_expect(seconds, text):
    assert duration(seconds) == text.replace(" ", "\u00a0")


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [(18, 0, "18 h"), (9, 30, "9 h 30"), (0, 5, "0 h 05"), (23, 59, "23 h 59")],
)
def test_times_of_day_read_as_french_typography_writes_them(hour, minute, text):
    assert clock_time(datetime.time(hour, minute)) == text.replace(" ", "\u00a0")


def test_a_stored_time_is_read_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    summer_evening_utc = datetime.datetime(2027, 6, 10, 16, 30, tzinfo=datetime.UTC)
    assert clock_time(summer_evening_utc) == "18\u00a0h\u00a030"


def test_the_first_of_the_month_is_an_ordinal():
    assert first_of_month("1 janvier 2027") == "1er janvier 2027"
    assert first_of_month("mardi 1 avril") == "mardi 1er avril"
    assert first_of_month("11 janvier, 21 mars, 31 mai") == "11 janvier, 21 mars, 31 mai"


@pytest.mark.parametrize(("count", "suffix"), [(0, ""), (1, ""), (2, "s"), (-3, "s"), ("", "")])
def test_zero_and_one_take_the_singular(count, suffix):
    assert plural_suffix(count) == suffix
    assert plural_suffix(count, ",ent") == ("ent" if suffix else "")


def test_no_line_starts_with_french_punctuation():
    assert french_spacing("Trésorerie : tenir ! Vraiment ? « Oui »") == (
        "Trésorerie\u00a0: tenir\u202f! Vraiment\u202f? «\u00a0Oui\u202f»"
    )
    assert french_spacing("voir https://example.org") == "voir https://example.org"


def test_html_is_spaced_between_its_tags_only():
    html = (
        '<p title="Note : x">Alerte   : PME</p><p>a <b>: b</b> « c »</p>'
        "<!-- d : e --><SCRIPT>f ? g : h</Script ><pre>i ; <code>j !</code> k ?</pre>"
        "<textarea>l : m</textarea><code-block>q : r</code-block><p>n ?</p><style>o ; p"
    )
    assert french_spacing_html(html) == (
        '<p title="Note : x">Alerte\u00a0: PME</p><p>a <b>: b</b> «\u00a0c\u202f»</p>'
        "<!-- d : e --><SCRIPT>f ? g : h</Script ><pre>i ; <code>j !</code> k ?</pre>"
        "<textarea>l : m</textarea><code-block>q\u00a0: r</code-block><p>n\u202f?</p>"
        "<style>o ; p"
    )
    # A text holding the character that joins texts for the one-pass spacing is spaced on
    # its own, and stays whole.
    assert french_spacing_html("<p>x\x00 :</p><p>y !</p>") == "<p>x\x00\u00a0:</p><p>y\u202f!</p>"


def test_the_template_filters_escape_user_text():
    html = Template('{% load core_format %}{{ title|typo }} {{ day|date:"j F Y"|premier }}').render(
        Context({"title": "<b>Alerte</b> : PME", "day": datetime.date(2027, 3, 1)})
    )
    assert html == "&lt;b&gt;Alerte&lt;/b&gt;\u00a0: PME 1er mars 2027"
