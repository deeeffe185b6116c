"""Thin HTTP views for what podcast apps fetch: the feed, audio, transcripts and chapters."""

import json

from django.http import Http404, HttpResponse, HttpResponseRedirect

from . import cache, downloads
from .feeds import CHAPTERS_TYPE, chapters_document, transcript_webvtt

AUDIO_EXTENSIONS = {"mp3", "m4a"}


def published_episode(show, guid):
    """The show's live, public episode with this GUID, or 404."""
    episode = show.published_episodes().filter(guid=guid).first()
    if episode is None:
        raise Http404("Épisode introuvable.")
    return episode


def feed(request, show):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return cache.feed_response(request, show)


def audio(request, show, guid, ext):
    """302 to the stored file (S3/CDN, or the ranged /media/ view), counting real downloads.

    Clients repeat their Range and HEAD requests against the target, so seeking works
    end to end; the redirect itself is never cached, so every play passes through here.
    The extension is not checked against the file: a URL an app cached before the editor
    replaced an MP3 by an M4A still plays.
    """
    episode = published_episode(show, guid)
    if episode.audio is None or ext not in AUDIO_EXTENSIONS:
        raise Http404("Fichier audio introuvable.")
    downloads.count_request(request, episode.pk)
    response = HttpResponseRedirect(request.build_absolute_uri(episode.audio.url))
    response["Cache-Control"] = "no-store"
    return response


def transcript(request, show, guid):
    body = transcript_webvtt(published_episode(show, guid))
    if body is None:
        raise Http404("Cet épisode n'a pas de transcription.")
    return HttpResponse(
        body,
        content_type="text/vtt; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"},
    )


def chapters(request, show, guid):
    episode = published_episode(show, guid)
    if not episode.chapters.exists():
        raise Http404("Cet épisode n'a pas de chapitres.")
    return HttpResponse(
        json.dumps(chapters_document(episode), ensure_ascii=False),
        content_type=CHAPTERS_TYPE,
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"},
    )
