"""Importing a show from its RSS feed, served by a local HTTP server: feeds shaped like those
of a French hosting service (non-UUID GUIDs, HTML notes) and of Castopod (podcast: tags)."""

import json
from io import StringIO

import feedparser
import pytest
from django.core.management import CommandError, call_command

from podcast.models import AudioAsset, EpisodePage, PodcastPage
from tests.podcast.factories import AUDIO_FIXTURES

VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour et bienvenue.\n"
CHAPTERS = json.dumps(
    {
        "version": "1.2.0",
        "chapters": [{"startTime": 0, "title": "Début"}, {"startTime": 2, "title": "Suite"}],
    }
)


def item(guid, title, audio="/tone.mp3", extra="", date="Tue, 01 Sep 2026 07:00:00 +0000"):
    kind = "audio/mp4" if audio.endswith(".m4a") else "audio/mpeg"
    enclosure = f'<enclosure url="{{base}}{audio}" type="{kind}" length="0"/>' if audio else ""
    return f"""<item>
      <title>{title}</title>
      <guid isPermaLink="false">{guid}</guid>
      <pubDate>{date}</pubDate>
      <description><![CDATA[<p>Les notes de <b>{title}</b>.</p>
        <script>alert(1)</script>]]></description>
      <itunes:season>2</itunes:season><itunes:episode>7</itunes:episode>
      {enclosure}{extra}
    </item>"""


def feed(*items, title="Cash PME (ancien hébergeur)"):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0">
  <channel>
    <title>{title}</title>
    <description>Le podcast des dirigeants.</description>
    <language>fr</language>
    <itunes:author>CPME Occitanie</itunes:author>
    <itunes:owner><itunes:name>Com</itunes:name><itunes:email>podcast@example.org</itunes:email></itunes:owner>
    {"".join(items)}
  </channel>
</rss>"""


@pytest.fixture
def host(feed_host):
    """The local host with the files every test here uses."""
    feed_host("/tone.mp3", (AUDIO_FIXTURES / "tone.mp3").read_bytes(), "audio/mpeg")
    feed_host("/tone.m4a", (AUDIO_FIXTURES / "tone.m4a").read_bytes(), "audio/mp4")
    feed_host("/wav.mp3", (AUDIO_FIXTURES / "wav_renamed.mp3").read_bytes(), "audio/mpeg")
    feed_host("/ep.vtt", VTT, "text/vtt")
    feed_host("/ep.json", CHAPTERS, "application/json+chapters")
    return feed_host


def run(url, *args):
    out = StringIO()
    call_command("import_podcast_feed", url, "--show", "cash-pme", *args, stdout=out)
    return out.getvalue()


BROKEN_TRANSCRIPT = '<podcast:transcript url="{base}/x.vtt" type="text/vtt"/>'
CASTOPOD_EXTRA = (
    '<podcast:transcript url="{base}/ep.vtt" type="text/vtt" language="fr"/>'
    '<podcast:chapters url="{base}/ep.json" type="application/json+chapters"/>'
)


def test_a_dry_run_reports_without_writing(host, show):
    url = host(
        "/feed.xml",
        feed(
            item("ausha-8f3a21", "Trésorerie"),
            item("castopod-2", "Industrie", extra=CASTOPOD_EXTRA),
            item("sans-audio", "Sans fichier", audio=""),
        ),
        "application/rss+xml",
    )
    report = run(url)
    assert "à créer : Trésorerie" in report
    assert "à créer : Industrie" in report
    assert "échec : Sans fichier — l'épisode n'a pas de fichier audio (<enclosure>)." in report
    assert "Simulation (rien n'a été écrit" in report
    assert not EpisodePage.objects.exists()
    assert not AudioAsset.objects.exists()


def test_the_import_keeps_guids_and_is_idempotent(client, host, show):
    url = host(
        "/feed.xml",
        feed(
            item("ausha-8f3a21", "Trésorerie"),
            item(
                "castopod-2",
                "Industrie",
                audio="/tone.m4a",
                extra=CASTOPOD_EXTRA,
                date="Thu, 01 Oct 2026 07:00:00 +0200",
            ),
        ),
        "application/rss+xml",
    )
    report = run(url, "--apply")
    assert "créé : Trésorerie" in report
    assert "créé : Industrie" in report

    treso = EpisodePage.objects.get(imported_guid="ausha-8f3a21")
    assert treso.live
    assert treso.first_published_at.isoformat().startswith("2026-09-01T07:00:00")
    assert (treso.season, treso.number) == (2, 7)
    assert "<b>Trésorerie</b>" in treso.show_notes
    assert "script" not in treso.show_notes
    assert treso.audio.mime_type == "audio/mpeg"
    industry = EpisodePage.objects.get(imported_guid="castopod-2")
    assert industry.transcript == VTT
    assert [(c.start, c.title) for c in industry.chapters.all()] == [
        ("00:00", "Début"),
        ("00:02", "Suite"),
    ]

    # Our feed gives the former GUIDs: apps do not download the episodes again.
    parsed = feedparser.parse(client.get("/cash-pme/feed.xml").content)
    assert {entry.id for entry in parsed.entries} == {"ausha-8f3a21", "castopod-2"}

    revisions = sum(page.revisions.count() for page in EpisodePage.objects.all())
    again = run(url, "--apply")
    assert "inchangé : Trésorerie" in again
    assert "inchangé : Industrie" in again
    assert sum(page.revisions.count() for page in EpisodePage.objects.all()) == revisions
    assert AudioAsset.objects.count() == 2

    host("/feed.xml", feed(item("ausha-8f3a21", "Trésorerie, version longue")))
    changed = run(url, "--apply")
    assert "mis à jour : Trésorerie, version longue" in changed
    assert EpisodePage.objects.get(imported_guid="ausha-8f3a21").title == (
        "Trésorerie, version longue"
    )
    assert EpisodePage.objects.count() == 2


def test_a_failing_episode_is_reported_and_leaves_nothing(host, show):
    url = host(
        "/feed.xml",
        feed(
            item("bon", "Bon épisode"),
            item("absent", "Fichier introuvable", audio="/nulle-part.mp3"),
            item("wav", "Faux MP3", audio="/wav.mp3"),
            item(
                "vtt",
                "Transcription cassée",
                extra='<podcast:transcript url="{base}/x.vtt" type="text/vtt"/>',
            ),
        ),
    )
    report = run(url, "--apply")
    assert "créé : Bon épisode" in report
    assert "échec : Fichier introuvable — " in report
    assert "/nulle-part.mp3 a répondu 404." in report
    assert "échec : Faux MP3 — " in report
    assert "WAV" in report
    assert "échec : Transcription cassée — " in report
    assert list(EpisodePage.objects.values_list("imported_guid", flat=True)) == ["bon"]
    assert AudioAsset.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("ceci n'est pas du XML", "Ce flux n'est pas du XML lisible"),
        ("<feed><title>Atom</title></feed>", "pas un flux RSS"),
    ],
)
def test_a_bad_feed_is_refused_in_french(host, show, body, message):
    url = host("/bad.xml", body)
    with pytest.raises(CommandError, match=message):
        run(url, "--apply")
    assert not EpisodePage.objects.exists()


def test_an_unreachable_feed_is_refused_in_french(host, show):
    with pytest.raises(CommandError, match="a répondu 404"):
        run(host("/absent.xml", "absent", status=404))


def test_a_new_show_is_created_from_the_feed(host, home_page):
    url = host("/feed.xml", feed(item("g1", "Premier"), title="Cash PME importé"))
    report = run(url, "--apply")
    assert "Émission « Cash PME importé » créée." in report
    show = PodcastPage.objects.get(slug="cash-pme")
    assert show.owner_email == "podcast@example.org"
    assert show.live
    assert EpisodePage.objects.child_of(show).get().imported_guid == "g1"


@pytest.mark.parametrize("number", ["²", "9" * 5000, "99999999999"])
def test_a_number_python_cannot_read_is_left_out_not_fatal_to_the_import(host, show, number):
    odd = item("bizarre", "Bizarre").replace("<itunes:season>2<", f"<itunes:season>{number}<")
    url = host("/feed.xml", feed(item("bon", "Bon épisode"), odd), "application/rss+xml")
    report = run(url, "--apply")
    assert "créé : Bon épisode" in report
    assert "créé : Bizarre" in report
    assert EpisodePage.objects.get(imported_guid="bizarre").season is None
