"""What other sites use to show an episode: the embeddable player, oEmbed, Mastodon sharing."""

import re
from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django.http import JsonResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.models import Site

EMBED_WIDTH = 600  # px, when the consumer sets no maxwidth
EMBED_HEIGHT = 180
EMBED_MIN_WIDTH = 240
HOSTNAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request, show, episode):
    """The only page other sites may frame: the player and a link back, nothing else."""
    episode.__dict__["show"] = show
    return TemplateResponse(request, "podcast/embed.html", {"show": show, "episode": episode})


def _episode_at(url):
    """The live, public episode a URL of this site shows, or None."""
    from .models import EpisodePage

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    for root in Site.get_site_root_paths():
        root_url = urlsplit(root.root_url)
        if root_url.netloc.lower() == parts.netloc.lower():
            path = parts.path.lstrip("/")
            if path and not path.endswith("/"):
                path += "/"
            url_path = root.root_path + path
            return (
                EpisodePage.objects.live()
                .public()
                .filter(url_path=url_path, audio__isnull=False)
                .select_related("audio")
                .first()
            )
    return None


def _dimension(request, name):
    """maxwidth/maxheight: a positive whole number or nothing. ValueError otherwise."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    number = int(value) if value.isdigit() else 0
    if number <= 0:
        raise ValueError(name)
    return number


def _error(message, status):
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def oembed(request):
    """oEmbed 1.0 (https://oembed.com) for episode URLs: a "rich" response framing the
    episode's embeddable player. Errors are JSON with a French message: 400 for a bad
    parameter, 404 for an address that is not a published episode, 501 for the XML format
    (the specification's answer for a format a provider does not offer)."""
    url = request.GET.get("url", "").strip()
    if not url:
        return _error("Indiquez l'adresse d'un épisode dans le paramètre « url ».", 400)
    if request.GET.get("format", "json") != "json":
        return _error("Seul le format JSON est proposé (format=json).", 501)
    try:
        max_width = _dimension(request, "maxwidth")
        max_height = _dimension(request, "maxheight")
    except ValueError as error:
        return _error(f"« {error} » doit être un nombre entier de pixels, supérieur à zéro.", 400)
    episode = _episode_at(url)
    if episode is None:
        return _error("Aucun épisode publié ne se trouve à cette adresse.", 404)
    show = episode.show
    width = max(EMBED_MIN_WIDTH, min(EMBED_WIDTH, max_width or EMBED_WIDTH))
    height = min(EMBED_HEIGHT, max_height or EMBED_HEIGHT)
    player_url = show.route_url("embed", guid=episode.guid)
    html = (
        render(
            request,
            "podcast/embed_iframe.html",
            {"src": player_url, "width": width, "height": height, "title": episode.title},
        )
        .content.decode()
        .strip()
    )
    data = {
        "version": "1.0",
        "type": "rich",
        "provider_name": show.title,
        "provider_url": show.full_url,
        "title": episode.title,
        "author_name": show.author,
        "author_url": show.full_url,
        "html": html,
        "width": width,
        "height": height,
        "duration": round(episode.audio.duration_seconds),
        "cache_age": 3600,
    }
    cover = episode.effective_cover
    if cover is not None:
        thumbnail = cover.get_rendition("fill-300x300")
        data.update(
            thumbnail_url=request.build_absolute_uri(thumbnail.url),
            thumbnail_width=thumbnail.width,
            thumbnail_height=thumbnail.height,
        )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def share_mastodon(request):
    """Mastodon has no central share address: the listener names their server. Without
    JavaScript this page shows the link to follow rather than redirecting, so that the site
    cannot be used to bounce visitors to any address."""
    raw = request.GET.get("instance", "").strip().lower()
    text = request.GET.get("texte", "").strip()[:500]
    host = raw.removeprefix("https://").removeprefix("http://").split("/")[0].rsplit("@", 1)[-1]
    errors = []
    if not text:
        errors.append("Le texte à partager manque : revenez à l'épisode et réessayez.")
    if not HOSTNAME.match(host):
        errors.append(
            "Indiquez l'adresse de votre serveur Mastodon, par exemple « mastodon.social »."
        )
    context = {"errors": errors, "instance": raw, "host": host, "text": text}
    if not errors:
        context["share_url"] = f"https://{host}/share?{urlencode({'text': text})}"
    return TemplateResponse(
        request, "podcast/share_mastodon.html", context, status=400 if errors else 200
    )
