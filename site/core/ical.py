"""iCalendar (RFC 5545) files, built with `icalendar`: the shared regional calendar, and the
media plan's actions through the same `build_calendar` with their own VEVENT function.

Plain inputs (event objects with the attributes used below, absolute URLs), so tests and
benchmarks build calendars without HTTP.

`icalendar` (about 80 modules, 2.7 MiB) is imported by the functions that build a calendar,
not with this module: models import this module, so every process would load it otherwise,
task workers included, which never build a calendar.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.utils import timezone
from wagtail.rich_text import get_text_for_indexing

PARIS = ZoneInfo("Europe/Paris")
PRODUCT_ID = "-//CPME Occitanie//Agenda regional//FR"


# RFC 5545 text allows no control character but tab (line breaks are escaped by icalendar);
# a lone carriage return fails the serialiser, a lone surrogate cannot be encoded, and a
# byte-order mark (invisible) is dropped by icalendar at the start of a value anyway.
_ICAL_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufeff]")


def ical_text(value: str) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _ICAL_FORBIDDEN.sub("", text)


def event_uid(event, domain: str) -> str:
    """Stable for the life of the event: calendars update it instead of duplicating it."""
    return f"evenement-{event.pk}@{domain}"


def build_calendar(events, *, name: str, domain: str, url_for, make_vevent=None) -> bytes:
    """One calendar per call; ``make_vevent(item, domain, url, stamp)`` turns each item into a
    VEVENT (events by default), so every calendar of the site shares headers and time zones."""
    from icalendar import Calendar

    make_vevent = make_vevent or _vevent
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # icalendar does not escape line breaks in X- properties: the name is kept on one line.
    calendar.add("x-wr-calname", " ".join(ical_text(name).split()))
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now()
    for event in events:
        calendar.add_component(make_vevent(event, domain, url_for(event), stamp))
    # Only the transitions a calendar app needs around today, not fifty years of them.
    today = stamp.date()
    calendar.add_missing_timezones(
        first_date=today - datetime.timedelta(days=2 * 365),
        last_date=today + datetime.timedelta(days=3 * 365),
    )
    return calendar.to_ical()


def _vevent(event, domain, url, stamp):
    from icalendar import Event

    vevent = Event()
    vevent.add("uid", event_uid(event, domain))
    vevent.add("dtstamp", stamp)
    if event.all_day:
        vevent.add("dtstart", timezone.localtime(event.start, PARIS).date())
        vevent.add(
            "dtend", timezone.localtime(event.end, PARIS).date() + datetime.timedelta(days=1)
        )
    else:
        vevent.add("dtstart", timezone.localtime(event.start, PARIS))
        vevent.add("dtend", timezone.localtime(event.end, PARIS))
    vevent.add("summary", ical_text(event.title))
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at)
    vevent.add("url", url)
    location = ical_text(", ".join(part for part in (event.place, event.address) if part))
    if location:
        vevent.add("location", location)
    description = ical_text(get_text_for_indexing(event.description)).strip()
    if event.registration_url:
        description += f"\n\nInscription : {event.registration_url}"
    if description:
        vevent.add("description", description.strip())
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("categories", [ical_text(event.get_kind_display())])
    return vevent


def calendar_response(body: bytes, filename: str, disposition: str = "inline"):
    """An .ics answer as calendar apps expect it (RFC 5545 media type, UTF-8)."""
    from django.http import HttpResponse

    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.ics"'
    return response
