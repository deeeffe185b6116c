"""Every page type shows its picture responsively and is shared with a title, a description,
an image and the right og:type (the seeded demo site holds one page of each type)."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from core.pages import site_pages
from home.share import description
from podcast.models import PodcastPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import StandardPageFactory
from themes.models import ThemeEntry

HOST = "127.0.0.1:8000"
OG_TYPES = {"positionpage": "article", "standardpage": "article", "episodepage": "music.song"}


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values = {}
        self.pictures = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.values[attrs.get("property") or attrs["name"]] = attrs.get("content")
        if tag in ("source", "img") and self.pictures is not None:
            self.pictures.append((tag, attrs))


def parse(response):
    parser = MetaTags()
    parser.feed(response.content.decode())
    return parser


def local_path(url):
    return urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")


@pytest.fixture
def demo_site(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_every_page_type_is_shared_with_its_title_description_image_and_type(
    client, demo_site, subtests
):
    pages = {}
    for page in site_pages().filter(depth__gt=1).live().public().specific():
        pages.setdefault(type(page)._meta.model_name, page)
    assert len(pages) >= 12  # every page type of the site
    for model_name, page in pages.items():
        with subtests.test(page_type=model_name):
            response = client.get(page.url, HTTP_HOST=HOST)
            assert response.status_code == 200
            meta = parse(response).values
            assert meta["og:type"] == OG_TYPES.get(model_name, "website")
            assert meta["og:title"] == (page.seo_title or page.title)
            assert meta["twitter:title"] == meta["og:title"]
            assert meta["og:url"] == page.full_url
            assert meta["og:locale"] == "fr_FR"
            assert meta["twitter:card"] in {"summary", "summary_large_image"}
            if description(page):
                assert meta["og:description"] == description(page)
            image = client.get(local_path(meta["og:image"]), HTTP_HOST=HOST)
            assert image.status_code == 200
            body = b"".join(image.streaming_content) if image.streaming else image.content
            with Image.open(io.BytesIO(body)) as picture:
                assert picture.format == "JPEG"
                assert picture.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))


def test_a_theme_is_shared_as_itself_not_as_the_index_page(client, demo_site):
    response = client.get("/themes/foncier/", HTTP_HOST=HOST)
    html = response.content.decode()
    assert html.count('property="og:title"') == 1
    meta = parse(response).values
    assert meta["og:title"] == meta["twitter:title"] == "Foncier"
    assert meta["og:url"].endswith("/themes/foncier/")
    assert f'<link rel="canonical" href="{meta["og:url"]}">' in html
    # The editors' introduction of the theme, not the index page's.
    entry = ThemeEntry.objects.select_related("lead_image").get(theme__slug="foncier")
    assert meta["og:description"] == entry.introduction
    image = client.get(local_path(meta["og:image"]), HTTP_HOST=HOST)
    assert image.status_code == 200
    renditions = {rendition.url for rendition in entry.lead_image.renditions.all()}
    assert local_path(meta["og:image"]) in renditions  # the theme's own picture


def test_demo_pictures_show_in_webp_with_a_jpeg_fallback_and_a_focal_point(client, demo_site):
    home = client.get("/", HTTP_HOST=HOST)
    tags = parse(home).pictures
    sources = [attrs for tag, attrs in tags if tag == "source"]
    images = [attrs for tag, attrs in tags if tag == "img" and "srcset" in attrs]
    assert sources
    assert all(source["type"] == "image/webp" for source in sources)
    assert all(".webp " in source["srcset"] for source in sources)
    assert all(
        image["src"].endswith(".jpg") and image["width"] and image["height"] for image in images
    )
    hero, *cards = images
    assert hero["fetchpriority"] == "high"
    assert "loading" not in hero
    assert cards
    assert all(card["loading"] == "lazy" for card in cards)
    assert re.search(r"fill-480x320-c75\.format-webp\.webp 480w", sources[0]["srcset"])

    pictures = get_image_model().objects.filter(title__startswith="Démo – ")
    assert pictures.count() >= 10
    for picture in pictures.exclude(focal_point_x=None):
        assert picture.description  # the alt text of the slots that show it
        assert picture.focal_point_width < picture.width

    # The podcast cover follows Apple's rules.
    cover = PodcastPage.objects.get().cover_image
    with cover.open_file() as handle, Image.open(handle) as picture:
        assert picture.format in {"JPEG", "PNG"}
        assert picture.mode == "RGB"
        assert picture.width == picture.height
        assert 1400 <= picture.width <= 3000


def test_a_page_without_picture_shares_a_card_drawn_with_its_title(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Cybersécurité : le guide des TPE")
    meta = parse(client.get(page.url)).values
    assert meta["og:image"].startswith(f"http://testserver/partage/{page.pk}.jpg?v=")
    assert meta["og:image:alt"] == "Cybersécurité : le guide des TPE"
    card = client.get(local_path(meta["og:image"]))
    assert card.status_code == 200
    assert card["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(card.content)) as picture:
        assert (picture.format, picture.size, picture.mode) == ("JPEG", (1200, 630), "RGB")


def test_a_rich_description_is_shared_as_plain_text(client, home_page):
    calendar = EventIndexPageFactory(parent=home_page)
    page = EventPageFactory(
        parent=calendar,
        start=timezone.now(),
        end=timezone.now(),
        description="<p>Recherche &amp; développement.</p><p>Inscriptions</p>",
    )
    response = client.get(page.url)
    assert parse(response).values["og:description"] == "Recherche & développement. Inscriptions"
    assert 'content="Recherche &amp; développement. Inscriptions"' in response.content.decode()


def test_no_card_is_drawn_for_a_draft_a_private_page_or_an_unknown_one(client, home_page):
    draft = StandardPageFactory(parent=home_page, title="Brouillon secret", live=False)
    private = StandardPageFactory(parent=home_page, title="Réservé aux adhérents")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for page_id in (draft.pk, private.pk, 999999):
        response = client.get(f"/partage/{page_id}.jpg")
        assert response.status_code == 404
    assert client.post(f"/partage/{home_page.pk}.jpg").status_code == 405
