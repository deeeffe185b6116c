"""The shared regional calendar: listing, filters, event pages and RFC 5545 feeds."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, rich_text

from core import roles
from events.models import EventPage
from tests.antennas.factories import AntennaFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory

PARIS = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def calendar(home_page):
    return EventIndexPageFactory(parent=home_page)


def in_days(days, hour=9):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def event(calendar, title, days=10, **fields):
    page = EventPageFactory(
        parent=calendar,
        title=title,
        start=in_days(days),
        end=in_days(days, hour=17),
        **fields,
    )
    if page.live:
        page.save_revision().publish()  # as editors do: sets the publication dates
    return page


def parse_ics(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_upcoming_events_come_first_and_past_ones_go_to_the_archive(client, calendar):
    event(calendar, "Réunion dans trois jours", days=3)
    event(calendar, "Journée dans un mois", days=30)
    event(calendar, "Rencontre passée", days=-10)

    upcoming = client.get(calendar.url).content.decode()
    archive = client.get(calendar.url, {"periode": "passes"}).content.decode()

    assert upcoming.index("Réunion dans trois jours") < upcoming.index("Journée dans un mois")
    assert "Rencontre passée" not in upcoming
    assert "Rencontre passée" in archive
    assert "Réunion dans trois jours" not in archive


def test_filters_by_department_and_kind_are_combinable(client, calendar):
    event(calendar, "Formation à Montpellier", department_code="34", kind="formation-mandataires")
    event(calendar, "Réunion à Montpellier", department_code="34", kind="reunion-antenne")
    event(calendar, "Réunion à Albi", department_code="81", kind="reunion-antenne")

    html = client.get(calendar.url, {"departement": "34", "type": "reunion-antenne"}).content
    html = html.decode()
    assert "Réunion à Montpellier" in html
    assert "Formation à Montpellier" not in html
    assert "Réunion à Albi" not in html
    assert "(1)" in html


@pytest.mark.parametrize(
    "query",
    [
        {"departement": "75"},
        {"type": "<script>"},
        {"page": "abc"},
        {"periode": "hier"},
        {"departement": "3"},
    ],
)
def test_unknown_filters_never_break_the_calendar(client, calendar, query):
    event(calendar, "Toujours là")
    response = client.get(calendar.url, query)
    assert response.status_code == 200
    assert "Toujours là" in response.content.decode()


def test_a_page_number_beyond_the_end_is_a_404(client, calendar):
    event(calendar, "Seul événement")
    assert client.get(calendar.url, {"page": 5}).status_code == 404


def test_drafts_and_private_events_stay_out_of_the_calendar_and_feeds(client, calendar):
    event(calendar, "Événement public")
    event(calendar, "Brouillon d'événement", live=False)
    private = event(calendar, "Réunion privée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get(calendar.url).content.decode()
    feed = client.get(f"{calendar.url}agenda.ics").content.decode()
    for text in (html, feed):
        assert "Événement public" in text
        assert "Brouillon d" not in text
        assert "Réunion privée" not in text


def test_the_ical_feed_follows_rfc_5545(client, calendar):
    antenna = AntennaFactory(department_code="31", name="CPME Haute-Garonne")
    published = event(
        calendar,
        "PME Xperience",
        department_code="31",
        antenna=antenna,
        place="Centre de congrès",
        address="Toulouse",
    )
    response = client.get(f"{calendar.url}agenda.ics")
    ics = parse_ics(response)

    (vevent,) = ics.walk("VEVENT")
    assert str(vevent["UID"]) == f"evenement-{published.pk}@testserver"
    assert vevent["DTSTART"].dt == published.start
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent["DTEND"].params["TZID"] == "Europe/Paris"
    assert "DTSTAMP" in vevent
    assert "LAST-MODIFIED" in vevent
    assert str(vevent["URL"]) == f"http://testserver{published.url}"
    assert str(vevent["LOCATION"]) == "Centre de congrès, Toulouse"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert [tz["TZID"] for tz in ics.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert b"\r\n" in response.content  # RFC 5545 line endings


def test_a_rich_description_reads_as_plain_text_in_calendar_apps(client, calendar):
    event(
        calendar,
        "Atelier",
        description="<p>Recherche &amp; développement.</p><ul><li>Accueil</li><li>Ateliers</li>"
        "</ul>",
    )
    (vevent,) = parse_ics(client.get(f"{calendar.url}agenda.ics")).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == "Recherche & développement. Accueil Ateliers"


def test_the_uid_is_stable_across_edits(client, calendar):
    published = event(calendar, "Réunion")
    first = parse_ics(client.get(f"{calendar.url}agenda.ics")).walk("VEVENT")[0]["UID"]
    published.title = "Réunion (nouvel horaire)"
    published.save_revision().publish()
    second = parse_ics(client.get(f"{calendar.url}agenda.ics")).walk("VEVENT")[0]["UID"]
    assert first == second


def test_a_cancelled_event_stays_in_feeds_as_cancelled(client, calendar):
    event(calendar, "Réunion annulée", cancelled=True)
    (vevent,) = parse_ics(client.get(f"{calendar.url}agenda.ics")).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Annulé" in client.get(calendar.url).content.decode()


def test_all_day_events_use_dates(client, calendar):
    event(calendar, "Salon sur deux jours", all_day=True)
    (vevent,) = parse_ics(client.get(f"{calendar.url}agenda.ics")).walk("VEVENT")
    assert isinstance(vevent["DTSTART"].dt, datetime.date)
    assert not isinstance(vevent["DTSTART"].dt, datetime.datetime)
    assert vevent["DTEND"].dt == vevent["DTSTART"].dt + datetime.timedelta(days=1)


def test_department_feeds_hold_only_their_department(client, calendar):
    event(calendar, "À Albi", department_code="81")
    event(calendar, "À Foix", department_code="09")
    ics = parse_ics(client.get(f"{calendar.url}departement/09.ics"))
    assert [str(e["SUMMARY"]) for e in ics.walk("VEVENT")] == ["À Foix"]
    assert client.get(f"{calendar.url}departement/75.ics").status_code == 404


def test_event_page_offers_add_to_calendar_and_json_ld(client, calendar):
    published = event(calendar, "Journée Achat", place="Montpellier", cancelled=True)
    html = client.get(published.url).content.decode()
    assert f'href="{published.url}agenda.ics"' in html
    single = parse_ics(client.get(f"{published.url}agenda.ics"))
    assert [str(e["SUMMARY"]) for e in single.walk("VEVENT")] == ["Journée Achat"]

    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(payload.group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "Journée Achat"
    assert datetime.datetime.fromisoformat(data["startDate"]) == published.start
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"]["name"] == "Montpellier"


def test_event_times_are_written_the_french_way(client, calendar):
    published = event(calendar, "Petit-déjeuner des dirigeants")
    html = client.get(published.url).content.decode().replace("\u00a0", " ")
    text = re.sub(r"<[^>]+>", "", html)
    assert ", 9 h – 17 h (heure de Paris)" in text  # never « 09h00 » or « 09:00 »
    assert not re.search(r"\d{2}h\d{2}", text)
    listing = re.sub(r"<[^>]+>", "", client.get(calendar.url).content.decode())
    assert re.search(r"Petit-déjeuner des dirigeants", listing)
    assert re.search(r"\d{4}, 9\u00a0h\b", listing)


def test_json_ld_cannot_be_broken_out_of(client, calendar):
    published = event(calendar, "</script><script>alert(1)</script>")
    html = client.get(published.url).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_end_before_start_is_refused_in_french(client, calendar, django_user_model):
    moderator = django_user_model.objects.create_user("moderatrice", password="x")
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", calendar.pk]),
        nested_form_data(
            {
                "title": "Mauvaises dates",
                "slug": "mauvaises-dates",
                "start": "2027-03-10 18:00",
                "end": "2027-03-10 09:00",
                "kind": "reunion-antenne",
                "description": rich_text(""),
            }
        ),
    )
    assert "La fin de l&#x27;événement doit suivre son début." in response.content.decode()
    assert not EventPage.objects.exists()


def test_the_home_page_shows_the_next_events(client, calendar):
    event(calendar, "Prochaine réunion", days=2)
    event(calendar, "Réunion passée", days=-2)
    html = client.get("/").content.decode()
    assert "Prochaine réunion" in html
    assert "Réunion passée" not in html
