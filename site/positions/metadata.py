"""Sharing and indexing metadata of a position: JSON-LD NewsArticle and Open Graph values."""

import json
from urllib.parse import urljoin

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.shortcuts import get_rendition_or_not_found

from core.images import WIDE_SHARE_SPEC

# Same escapes as Django's json_script: the JSON cannot close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def social_image_url(page, request):
    """Absolute on the page's own site, never on the Host the request named: stored pages
    are shared by every host name and port that leads to the site (core.shared_cache)."""
    if not page.social_image_id:
        return ""
    rendition = get_rendition_or_not_found(page.social_image, WIDE_SHARE_SPEC)
    return urljoin(page.get_full_url(request), rendition.url)


def news_article(page, request, organisation="CPME Occitanie"):
    """schema.org NewsArticle for a position; dates are ISO 8601 calendar dates."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.summary,
        "datePublished": page.publication_date.isoformat(),
        "dateModified": page.updated_or_published.isoformat(),
        "url": page.get_full_url(request),
        "mainEntityOfPage": page.get_full_url(request),
        "inLanguage": "fr-FR",
        "articleSection": page.get_kind_display(),
        "keywords": [theme.name for theme in page.themes.all()],
        "author": {"@type": "Organization", "name": organisation},
        "publisher": {"@type": "Organization", "name": organisation},
    }
    image = social_image_url(page, request)
    if image:
        data["image"] = [image]
    return data


def json_ld_script(data):
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
