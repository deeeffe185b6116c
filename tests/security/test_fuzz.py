"""Text fuzzing: whatever editors type, feeds, calendars and exports stay well-formed."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from core.ical import build_calendar, ical_text
from core.spreadsheets import spreadsheet_safe, spreadsheet_text
from influence.exports import iter_csv, iter_json
from influence.imports import parse
from influence.models import Mandate
from positions.feeds import build_feed, xml_safe
from tests.influence.factories import (
    BodyFactory,
    MandateFactory,
    RepresentativeFactory,
    ThemeFactory,
)

PARIS = datetime.timezone(datetime.timedelta(hours=1))
NASTY = [
    "]]>",
    "<![CDATA[",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\ufeff",
    "\x00",
    "\x0b",
    "\x1f",
    "\x7f",
    "\ud800",  # lone surrogate
    "\udfff",
    "\r\n",
    "\r",
    ";",
    ",",
    "\\",
    '"',
    "=SOMME(A1:A9)",
    "+33",
    "-1",
    "@cmd",
    "\t",
    "&amp;",
    "</script>",
    "\U0001f9e8",
    "x" * 3000,
]
# Any code point, surrogates included, mixed with the strings that break parsers.
any_text = st.lists(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(NASTY)), max_size=40
).map("".join)
# What a database can hold: no NUL, no lone surrogate (both are refused on the way in).
storable_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
        st.sampled_from([text for text in NASTY if len(text) < 100 and text.isprintable()]),
    ),
    min_size=1,
    max_size=30,
).map("".join)
FUZZ = settings(max_examples=60, deadline=None)


def event(**fields):
    start = datetime.datetime(2026, 5, 12, 9, 0, tzinfo=PARIS)
    values = {
        "pk": 7,
        "title": "Réunion",
        "all_day": False,
        "start": start,
        "end": start + datetime.timedelta(hours=2),
        "last_published_at": None,
        "place": "",
        "address": "",
        "description": "",
        "registration_url": "",
        "cancelled": False,
        "get_kind_display": lambda: "Réunion d'antenne",
    }
    values.update(fields)
    return SimpleNamespace(**values)


@FUZZ
@given(title=any_text, place=any_text, address=any_text, description=any_text)
def test_ical_parses_back_whatever_the_event_says(title, place, address, description):
    body = build_calendar(
        [event(title=title, place=place, address=address, description=description)],
        name=title,
        domain="cpme-occitanie.example",
        url_for=lambda _event: "https://cpme-occitanie.example/agenda/reunion/",
    )
    body.decode("utf-8")  # well-formed UTF-8, whatever came in
    calendar = Calendar.from_ical(body)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == "evenement-7@cpme-occitanie.example"
    assert str(vevent["summary"]) == ical_text(title)  # the text, minus what RFC 5545 forbids
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, "folded as RFC 5545 requires"


@FUZZ
@given(
    fmt=st.sampled_from(["rss", "atom"]),
    title=any_text,
    summary=any_text,
    theme=any_text,
)
def test_position_feeds_are_well_formed_xml_whatever_the_text(fmt, title, summary, theme):
    moment = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
    body = build_feed(
        [
            {
                "title": title,
                "url": "https://cpme-occitanie.example/prises-de-position/x/",
                "summary": summary,
                "published": moment,
                "updated": moment,
                "categories": [theme],
                "kind": "Prise de position",
            }
        ],
        fmt=fmt,
        title=title,
        link="https://cpme-occitanie.example/prises-de-position/",
        self_url="https://cpme-occitanie.example/prises-de-position/flux/rss/",
        description=summary,
    )
    root = ET.fromstring(body)  # noqa: S314 - our own output
    atom = "{http://www.w3.org/2005/Atom}"
    items = root.findall("./channel/item") or root.findall(f"{atom}entry")
    assert len(items) == 1
    shown = items[0].findtext("title") or items[0].findtext(f"{atom}title")
    assert shown == (xml_safe(title) or "(sans titre)")


def csv_rows(data: str, delimiter=","):
    text = io.StringIO(data.removeprefix("\ufeff"), newline="")
    return list(csv.reader(text, delimiter=delimiter))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=storable_text, company=storable_text, position=storable_text, body=storable_text)
def test_csv_and_json_exports_round_trip_any_stored_text(db, name, company, position, body):
    with transaction.atomic():
        person = RepresentativeFactory(name=name[:120], company=company[:160], position=position)
        MandateFactory(representative=person, body=BodyFactory(name=body[:150]))
        mandates = Mandate.objects.all()
        header, row = csv_rows("".join(iter_csv(mandates)))
        document = json.loads("".join(iter_json(mandates, {"annee": 2026})))
        transaction.set_rollback(True)
    record = dict(zip(header, row, strict=True))
    expected = {
        "representant": person.name,
        "entreprise": person.company,
        "fonction": person.position[:120],
        "instance": body[:150],
    }
    for column, value in expected.items():
        assert spreadsheet_text(record[column]) == value, column
        assert document["mandats"][0][column] == value, column
        assert not record[column].startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("https://x.example";"clic")', "+33 5 00", "-2+3", "@SOMME(A1)"]
)
def test_formula_cells_are_neutralised_and_the_import_reads_them_back(db, value):
    person = RepresentativeFactory(name="Alice Exemple", company=value)
    MandateFactory(representative=person, body=BodyFactory(name="Tribunal de commerce"))
    data = "".join(iter_csv(Mandate.objects.all(), ";"))
    header, row = csv_rows(data, ";")
    cell = dict(zip(header, row, strict=True))["entreprise"]
    assert cell == f"'{value}"
    assert spreadsheet_safe("Démo SARL") == "Démo SARL"
    assert spreadsheet_text(cell) == value

    Mandate.objects.all().delete()
    report = parse(data.encode("utf-8"))
    assert not report.errors
    assert [person.company for person in report.new_people] in ([value], [])


def test_a_theme_slug_starting_with_a_formula_trigger_is_neutralised(db):
    MandateFactory(themes=[ThemeFactory(slug="plus"), ThemeFactory(slug="-moins")])
    header, row = csv_rows("".join(iter_csv(Mandate.objects.all())))
    assert dict(zip(header, row, strict=True))["themes"] == "'-moins|plus"
