"""RSS and Atom feeds of positions parse cleanly, carry summaries and full links."""

import datetime

import feedparser
import pytest
from wagtail.models import PageViewRestriction

from positions.feeds import build_feed
from tests.positions.factories import PositionPageFactory, ThemeFactory


@pytest.fixture
def positions(index_page):
    energy = ThemeFactory(name="Énergie", slug="energie")
    land = ThemeFactory(name="Foncier", slug="foncier")
    PositionPageFactory(
        parent=index_page,
        slug="electricite",
        title="Le prix de l'électricité",
        themes=[energy],
        publication_date=datetime.date(2026, 1, 10),
        summary="Les factures d'énergie pèsent sur les PMI.",
    )
    PositionPageFactory(
        parent=index_page,
        slug="zones",
        title="Zones d'activité",
        themes=[land],
        publication_date=datetime.date(2026, 2, 10),
        summary="Des terrains pour les petites entreprises.",
    )
    PositionPageFactory(parent=index_page, slug="brouillon", title="Brouillon", live=False)
    private = PositionPageFactory(parent=index_page, slug="prive", title="Privé")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return index_page


@pytest.mark.parametrize(
    ("fmt", "content_type", "version"),
    [
        ("rss", "application/rss+xml; charset=utf-8", "rss20"),
        ("atom", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_feed_parses_without_errors_and_lists_public_positions(
    client, positions, fmt, content_type, version
):
    response = client.get(f"/prises-de-position/flux/{fmt}/")
    assert response["Content-Type"] == content_type
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.link == "http://testserver/prises-de-position/"
    assert [entry.link for entry in feed.entries] == [
        "http://testserver/prises-de-position/zones/",
        "http://testserver/prises-de-position/electricite/",
    ]
    assert "Des terrains pour les petites entreprises." in feed.entries[0].summary
    assert feed.entries[0].published_parsed[:3] == (2026, 2, 9)  # midnight in Paris is 23:00 UTC
    assert [tag.term for tag in feed.entries[0].tags] == ["Foncier"]


def test_theme_feed_has_only_that_theme(client, positions):
    feed = feedparser.parse(client.get("/prises-de-position/flux/atom/energie/").content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Le prix de l'électricité"]
    assert "Énergie" in feed.feed.title


@pytest.mark.parametrize(
    "path", ["/prises-de-position/flux/json/", "/prises-de-position/flux/rss/inconnu/"]
)
def test_unknown_feed_format_or_theme_is_a_404(client, positions, path):
    assert client.get(path).status_code == 404


def test_index_advertises_its_feeds(client, positions):
    html = client.get("/prises-de-position/?theme=energie").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/prises-de-position/flux/atom/energie/"' in html


def test_characters_xml_forbids_are_dropped():
    moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    body = build_feed(
        [
            {
                "title": "Titre\x0b collé",
                "url": "https://example.org/a/",
                "summary": "Résumé\x00 <b>brut</b> & co",
                "published": moment,
                "updated": moment,
                "categories": ["Énergie"],
                "kind": "Communiqué de presse",
            }
        ],
        fmt="rss",
        title="Flux",
        link="https://example.org/",
        self_url="https://example.org/flux/rss/",
        description="Essai",
    )
    feed = feedparser.parse(body)
    assert not feed.bozo
    assert feed.entries[0].title == "Titre collé"
