"""What a page shows when it is shared: Open Graph and Twitter/X card values.

Every public page type gets a title, a description, an image and the right ``og:type``.
The image is the page's own picture (its ``page_image``) cropped to 1200×630; when the
editor gave none, a card drawn from the page's title (``share_card_response``).
"""

from urllib.parse import urljoin

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_safe
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.rich_text import get_text_for_indexing

from core import artwork
from core.images import SQUARE_SHARE_SPEC, WIDE_SHARE_SPEC
from core.pages import site_pages

CARD_SIZE = (1200, 630)
DESCRIPTION_FIELDS = ("search_description", "summary", "intro", "hero_text", "description")


def description(page) -> str:
    """The first text the page has that describes it, as plain text of 200 characters (rich
    text without its tags, paragraphs apart, entities decoded: the template escapes it)."""
    for field in DESCRIPTION_FIELDS:
        text = get_text_for_indexing(str(getattr(page, field, "") or ""))
        if text:
            return Truncator(" ".join(text.split())).chars(200)
    return ""


def kicker(page) -> str:
    """The small line above the title on a drawn card: what kind of page it is."""
    kind = getattr(page, "get_kind_display", None)
    if kind:
        return kind()
    return str(type(page)._meta.verbose_name).capitalize()


def on_site(page, request, url: str) -> str:
    """An absolute URL on the page's own site, never on the Host the request asked for: the
    page may be stored and served to every visitor (the shared HTTP cache, core.shared_cache)."""
    parts = page.get_url_parts(request)
    root_url = parts[1] if parts else request.build_absolute_uri("/")
    return urljoin(root_url.rstrip("/") + "/", url)


def card_url(page, request) -> str:
    version = int(page.last_published_at.timestamp()) if page.last_published_at else 0
    return on_site(page, request, f"{reverse('share_card', args=[page.pk])}?v={version}")


def share_values(page, request, site_name: str, subject=None) -> dict:
    """Everything templates/components/share_meta.html writes for `page`.

    `subject` describes what a route of the page shows instead of the page itself (a theme
    of « Nos sujets »): its title, description and URL, and its image when it has one (the
    page's own picture or drawn card otherwise)."""
    subject = subject or {}
    image = subject.get("image") or page.page_image
    values = {
        "title": subject.get("title") or page.seo_title or page.title,
        "description": subject.get("description") or description(page),
        "type": page.og_type,
        "url": subject.get("url") or page.full_url,
        "site_name": site_name,
    }
    if image:
        square = image.width == image.height
        spec = SQUARE_SHARE_SPEC if square else WIDE_SHARE_SPEC
        rendition = get_rendition_or_not_found(image, spec)
        values |= {
            "image": on_site(page, request, rendition.url),
            "image_width": rendition.width,
            "image_height": rendition.height,
            "image_alt": image.description or "",
            "twitter_card": "summary" if square else "summary_large_image",
        }
    else:
        values |= {
            "image": card_url(page, request),
            "image_width": CARD_SIZE[0],
            "image_height": CARD_SIZE[1],
            "image_alt": page.seo_title or page.title,  # what the drawn card says
            "twitter_card": "summary_large_image",
        }
    return values


@require_safe
def share_card_response(request, page_id):
    """The drawn share card of a live, public page (404 for drafts and private pages)."""
    page = site_pages().live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404("Aucune page publique ne porte ce numéro.")
    page = page.specific
    version = page.last_published_at.timestamp() if page.last_published_at else 0
    key = f"share-card:{page.pk}:{version}"
    body = cache.get(key)
    if body is None:
        from home.models import SiteIdentity

        identity = SiteIdentity.for_request(request)
        picture = artwork.share_card(
            page.seo_title or page.title, kicker(page), identity.organisation_name
        )
        body = artwork.encode(picture, quality=82)
        cache.set(key, body, 60 * 60 * 24)
    response = HttpResponse(body, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response
