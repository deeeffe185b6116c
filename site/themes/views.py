"""What a theme page gathers, as plain functions over querysets.

Each list is one query whatever its length, so a theme page costs the same number of
queries with 3 positions or 300 (asserted in tests/themes/test_theme_page.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator

from events.models import EventPage
from influence.models import Mandate, MediaAction, MediaPlanPage, MediaStatus
from podcast.models import EpisodePage
from positions.metadata import json_ld_script
from positions.models import PositionPage, Theme, french_sort_key

POSITIONS_SHOWN = 12
EPISODES_SHOWN = 6
EVENTS_SHOWN = 6
ACTIONS_SHOWN = 8
FEED_SIZE = 50
# Past events stay in the theme's calendar for a while, so subscribers keep their history.
CALENDAR_PAST_DAYS = 90


def ordered_themes(index_page):
    """(theme, entry or None) in the editors' order, then the other themes alphabetically."""
    themes = Theme.objects.select_related("entry", "entry__lead_image")
    with_entry, without = [], []
    for theme in themes:
        entry = getattr(theme, "entry", None)
        if entry is not None and entry.page_id == index_page.pk:
            with_entry.append((theme, entry))
        else:
            without.append((theme, None))
    with_entry.sort(key=lambda pair: (pair[1].sort_order or 0, pair[1].pk))
    without.sort(key=lambda pair: french_sort_key(pair[0].name))
    return with_entry + without


def get_theme(index_page, slug):
    """The theme and its editors' entry in one query; an unknown slug is a 404."""
    theme = (
        Theme.objects.select_related("entry", "entry__lead_image", "entry__spokesperson__photo")
        .filter(slug=slug)
        .first()
    )
    if theme is None:
        raise Http404("Ce thème n'existe pas.")
    entry = getattr(theme, "entry", None)
    if entry is not None and entry.page_id != index_page.pk:
        entry = None
    return theme, entry


def theme_positions(theme):
    return (
        PositionPage.objects.live()
        .public()
        .filter(themes=theme)
        .select_related("spokesperson__photo")
        .order_by("-publication_date", "-pk")
    )


def theme_episodes(theme):
    """Episodes tagged with the theme, or that a position of the theme links to."""
    linked = theme_positions(theme).values("related_links__related_page")
    return (
        EpisodePage.objects.live()
        .public()
        .filter(Q(themes=theme) | Q(pk__in=linked))
        .distinct()
        .order_by("-first_published_at", "-pk")
    )


def theme_events(theme, since):
    return (
        EventPage.objects.live()
        .public()
        .filter(themes=theme, end__gte=since)
        .order_by("start", "pk")
    )


def theme_media_actions(theme):
    """Public actions of live, public plans that promoted a live, public content of the theme:
    the same rule as the plan's own page (done, or planned when the plan says so)."""
    plans = MediaPlanPage.objects.live().public()
    visible = Q(status=MediaStatus.DONE) | Q(
        status=MediaStatus.PLANNED, page__public_planned_actions=True
    )
    promoted = Q(linked_position__in=theme_positions(theme).values("pk")) | Q(
        linked_episode__in=EpisodePage.objects.live().public().filter(themes=theme).values("pk")
    )
    return (
        MediaAction.objects.filter(visible, promoted, page__in=plans.values("pk"))
        .select_related("page", "linked_position", "linked_episode")
        .order_by("-date", "-pk")
    )


@dataclass
class Seat:
    """A representative and the bodies where they discuss the theme."""

    representative: object
    mandates: list = field(default_factory=list)


def theme_representatives(theme, today):
    """People who agreed to be public, with their current mandates that follow the theme."""
    mandates = (
        Mandate.objects.public()
        .active_at(today)
        .filter(themes=theme)
        .select_related("representative__photo", "body")
        .order_by("representative__name", "representative__pk", "body__name")
    )
    seats = {}
    for mandate in mandates:
        seat = seats.setdefault(mandate.representative_id, Seat(mandate.representative))
        seat.mandates.append(mandate)
    return list(seats.values())


def index_context(index_page, request):
    return {"theme_entries": ordered_themes(index_page)}


def collection_json_ld(theme, entry, url, items):
    """schema.org CollectionPage whose main entity is the ItemList of the theme's contents."""
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": theme.name,
        "description": (entry.introduction if entry else "") or theme.description,
        "url": url,
        "inLanguage": "fr-FR",
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [
                {"@type": "ListItem", "position": number, "url": item_url, "name": name}
                for number, (name, item_url) in enumerate(items, start=1)
            ],
        },
    }


def theme_context(index_page, request, slug):
    theme, entry = get_theme(index_page, slug)
    # Badges elsewhere look the index up (theme_tags); here it is the page being served.
    request._theme_index_url = index_page.get_url(request)
    now = timezone.now()
    # Cards show no theme badges (the page is the theme) and no picture (compact): no query each.
    positions = list(theme_positions(theme)[:POSITIONS_SHOWN])
    episodes = list(theme_episodes(theme).select_related("cover_image")[:EPISODES_SHOWN])
    spokesperson = entry.spokesperson if entry and entry.spokesperson_id else None
    if spokesperson is None:
        spokesperson = next((p.spokesperson for p in positions if p.spokesperson_id), None)
    url = index_page.get_full_url(request) + index_page.reverse_subpage(
        "theme", kwargs={"slug": slug}
    )
    items = [(page.title, page.get_full_url(request)) for page in [*positions, *episodes]]
    return {
        "theme": theme,
        "entry": entry,
        "theme_full_url": url,
        "positions": positions,
        "episodes": episodes,
        "seats": theme_representatives(theme, timezone.localdate()),
        "events": list(theme_events(theme, now)[:EVENTS_SHOWN]),
        "media_actions": list(theme_media_actions(theme)[:ACTIONS_SHOWN]),
        "spokesperson": spokesperson,
        "feed_urls": {
            fmt: index_page.url
            + index_page.reverse_subpage("theme_feed", kwargs={"slug": slug, "fmt": fmt})
            for fmt in ("rss", "atom")
        },
        "calendar_url": index_page.url
        + index_page.reverse_subpage("theme_calendar", kwargs={"slug": slug}),
        "json_ld": json_ld_script(collection_json_ld(theme, entry, url, items)),
        # Shared, the page is the theme's, with its editors' image (home.share).
        "share_subject": {
            "title": theme.name,
            "description": Truncator(
                (entry.introduction if entry else "") or theme.description
            ).chars(200),
            "url": url,
            "image": entry.lead_image if entry else None,
        },
    }


def feed_entries(theme, request):
    """The theme's positions and episodes, newest first, as positions.feeds entries."""
    entries = [
        position.feed_entry(request)
        for position in theme_positions(theme).prefetch_related("themes")[:FEED_SIZE]
    ]
    for episode in theme_episodes(theme)[:FEED_SIZE]:
        published = episode.first_published_at or timezone.now()
        entries.append(
            {
                "title": episode.title,
                "url": episode.get_full_url(request),
                "summary": episode.summary,
                "published": published,
                "updated": episode.last_published_at or published,
                "categories": [theme.name],
                "kind": "Épisode Cash PME",
            }
        )
    entries.sort(key=lambda entry: entry["published"], reverse=True)
    return entries[:FEED_SIZE]


def calendar_events(theme):
    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    return theme_events(theme, since)
