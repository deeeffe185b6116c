import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Site

from .pages import site_pages


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Keeps crawlers out of the admin and points them to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


DATABASE_RETRY_SECONDS = 30


def server_error(request):
    """500, or 503 with Retry-After when the database cannot be reached (a restart, a
    failover): crawlers and monitors then read a temporary outage, not a broken site.

    Django calls this handler while the exception is being handled, hence sys.exception().
    Both templates are static: neither needs the database.
    """
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        response = HttpResponse(
            loader.get_template("503.html").render(), status=503, content_type="text/html"
        )
        response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_tree(root, request):
    """Live, public pages under `root` (included), nested: [(page, url, [children…]), …].

    One query; the tree's paths give the nesting, so a private or draft page also hides
    everything under it.
    """
    pages = site_pages().descendant_of(root, inclusive=True).live().public().order_by("path")
    nodes, by_path = [], {}
    for page in pages:
        node = {"page": page, "url": page.get_url(request), "children": []}
        parent = by_path.get(page.path[: -page.steplen])
        if parent is not None:
            parent["children"].append(node)
        elif page.pk == root.pk:
            nodes.append(node)
        else:
            continue  # under a page that is not shown
        by_path[page.path] = node
    return nodes


@require_safe
def site_map(request):
    """The site map for people (/plan-du-site/): every public page, as the tree shows it."""
    site = Site.find_for_request(request)
    tree = page_tree(site.root_page, request) if site else []
    return TemplateResponse(request, "core/site_map.html", {"tree": tree})


STYLE_GUIDE_COLOURS = [
    ("navy-950", "Bleu nuit", "pied de page"),
    ("navy-900", "Bleu CPME", "titres, boutons secondaires"),
    ("navy-700", "Bleu lien", "liens"),
    ("navy-100", "Bleu pâle", "fonds de badge"),
    ("navy-50", "Bleu très pâle", "survol"),
    ("red-700", "Rouge CPME", "bouton principal, accents"),
    ("red-800", "Rouge foncé", "survol du bouton principal"),
    ("red-50", "Rouge pâle", "alertes"),
    ("gold-400", "Or", "focus, accents sur fond bleu"),
    ("gold-100", "Or pâle", "avertissements"),
    ("green-700", "Vert", "succès, « réalisé »"),
    ("sand-100", "Sable", "étiquettes"),
    ("sand-50", "Sable clair", "fonds de section"),
    ("grey-900", "Encre", "texte"),
    ("grey-700", "Gris", "texte secondaire"),
    ("grey-300", "Gris clair", "bordures"),
]


def style_guide(request):
    """Every component of the design system, rendered with the site's own stylesheet."""
    return TemplateResponse(request, "core/style_guide.html", {"colours": STYLE_GUIDE_COLOURS})
