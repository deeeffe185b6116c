"""Importing from feeds shaped like those of the hosts French shows use (Acast, Spreaker,
Podcastics / Audiomeans, Spotify for Podcasters), item covers, and a host that replaced a
file. Every feed is written here; the files are real audio and images served over HTTP on
127.0.0.1 (`feed_host`)."""

import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from podcast.models import AudioAsset, EpisodePage
from tests.podcast.factories import AUDIO_FIXTURES
from tests.podcast.tones import generate_mp3

NAMESPACES = (
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:podcast="https://podcastindex.org/namespace/1.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:atom="http://www.w3.org/2005/Atom"'
)
SRT = "1\n00:00:00,000 --> 00:00:01,000\nBonjour et bienvenue.\n"
CHAPTERS = json.dumps({"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Accueil"}]})


def feed(*items, head=""):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" {NAMESPACES}>
  <channel>
    <title>Cash PME</title>
    <link>https://example.org/cash-pme</link>
    <language>fr</language>
    <description>Le podcast des dirigeants.</description>
    <itunes:author>CPME Occitanie</itunes:author>
    <itunes:owner><itunes:name>Com</itunes:name><itunes:email>podcast@example.org</itunes:email></itunes:owner>
    {head}{"".join(items)}
  </channel>
</rss>"""


def picture(colour, kind="JPEG", size=(80, 80)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def run(url, *args):
    out = StringIO()
    call_command("import_podcast_feed", url, "--show", "cash-pme", *args, stdout=out)
    return out.getvalue()


def downloads_since(host, mark):
    """The paths the host served with a body (200) since `mark`, the feed aside."""
    return [path for path, status in host.requests[mark:] if status == 200 and "feed" not in path]


def import_twice(host, url, titles):
    """Import, check every title was created, run again: nothing changes and no file is
    downloaded again (the host answers 304 to the importer's conditional requests)."""
    report = run(url, "--apply")
    for title in titles:
        assert f"créé : {title}\n" in report, report
    revisions = sum(page.revisions.count() for page in EpisodePage.objects.all())
    mark = len(host.requests)
    again = run(url, "--apply")
    for title in titles:
        assert f"inchangé : {title}\n" in again, again
    assert downloads_since(host, mark) == []
    assert sum(page.revisions.count() for page in EpisodePage.objects.all()) == revisions
    return report


def test_an_acast_like_feed(feed_host, show):
    notes = (
        "<p>Dans cet épisode, <strong>la trésorerie</strong> &amp; les délais de paiement.</p>"
        "<p>Avec <a href='https://example.org/invitee'>notre invitée</a>.</p><hr>"
        "<p style='color:grey; font-size:0.75em;'> Hébergé par Acast. Visitez "
        "<a style='color:grey;' target='_blank' rel='noopener noreferrer' "
        "href='https://acast.com/privacy'>acast.com/privacy</a> pour plus d'informations.</p>"
    )

    def item(guid, title, extra, number_tags, audio_length, kind="full"):
        return f"""<item>
      <title>{title}</title><itunes:title>{title}</itunes:title>
      <pubDate>Mon, 07 Sep 2026 04:00:00 GMT</pubDate>
      <guid isPermaLink="false">{guid}</guid>
      <itunes:image href="{{base}}/acast/{guid}/cover.jpg"/>
      <description><![CDATA[{notes}]]></description>
      <itunes:summary><![CDATA[{notes}]]></itunes:summary>
      <content:encoded><![CDATA[{notes}]]></content:encoded>
      <itunes:duration>00:32:15</itunes:duration>
      <itunes:explicit>false</itunes:explicit>
      <itunes:episodeType>{kind}</itunes:episodeType>{number_tags}
      <enclosure url="{{base}}/podtrac/redirect.mp3/acast/{guid}/media.mp3"
                 length="{audio_length}" type="audio/mpeg"/>{extra}
    </item>"""

    for guid, frequency in (("64f0c0ffee01", 440), ("64f0c0ffee02", 550)):
        audio = generate_mp3(1.0, frequency)
        # A tracking prefix redirects to Acast, which redirects to its CDN.
        feed_host.redirect(f"/podtrac/redirect.mp3/acast/{guid}/media.mp3", f"/acast/{guid}")
        feed_host.redirect(f"/acast/{guid}", f"/cdn/{guid}.mp3", status=307)
        feed_host(f"/cdn/{guid}.mp3", audio, "audio/mpeg")
        feed_host(f"/acast/{guid}/cover.jpg", picture("red" if frequency == 440 else "blue"))
    url = feed_host(
        "/acast/feed.xml",
        feed(
            item(
                "64f0c0ffee01",
                "La trésorerie",
                "",
                "<itunes:season>1</itunes:season><itunes:episode>3</itunes:episode>",
                6426,
            ),
            item("64f0c0ffee02", "Bande-annonce", "", "", 6426, kind="Trailer"),
        ),
        "application/rss+xml",
    )
    import_twice(feed_host, url, ["La trésorerie", "Bande-annonce"])

    episode = EpisodePage.objects.get(imported_guid="64f0c0ffee01")
    assert (episode.season, episode.number, episode.episode_type) == (1, 3, "full")
    assert "<strong>la trésorerie</strong>" in episode.show_notes
    assert "style" not in episode.show_notes
    assert 'href="https://example.org/invitee"' in episode.show_notes
    assert episode.summary.startswith(
        "Dans cet épisode, la trésorerie & les délais de paiement.\nAvec notre invitée."
    )
    # The feed said 32 min 15; the file lasts one second, and that is what we give.
    assert episode.audio.duration_seconds == pytest.approx(1.0, abs=0.2)
    assert episode.cover_image.title == "Pochette de La trésorerie"
    trailer = EpisodePage.objects.get(imported_guid="64f0c0ffee02")
    assert (trailer.season, trailer.number, trailer.episode_type) == (None, None, "trailer")
    assert trailer.cover_image != episode.cover_image


def test_a_spreaker_like_feed(feed_host, show):
    notes = "Premier paragraphe.\n\nSecond paragraphe, avec R&amp;D et 3 &lt; 4.\nFin."
    feed_host.redirect(
        "/spreaker/download/episode/61234567/cash_pme_ep1.mp3", "/spreaker/cdn/a1b2.mp3"
    )
    feed_host("/spreaker/cdn/a1b2.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    feed_host("/spreaker/61234567.jpg", picture("green", "PNG"), "image/png")
    url = feed_host(
        "/spreaker/feed.xml",
        feed(
            f"""<item>
      <title>Recruter en 2026</title>
      <link>https://www.spreaker.com/episode/61234567</link>
      <description>{notes}</description>
      <itunes:summary>{notes}</itunes:summary>
      <guid isPermaLink="false">https://api.spreaker.com/episode/61234567</guid>
      <pubDate>Tue, 8 Sep 2026 06:30:00 +0200</pubDate>
      <enclosure url="{{base}}/spreaker/download/episode/61234567/cash_pme_ep1.mp3"
                 length="6426" type="audio/mpeg"/>
      <itunes:author>CPME Occitanie</itunes:author>
      <itunes:duration>1935</itunes:duration>
      <itunes:image href="{{base}}/spreaker/61234567.jpg"/>
      <itunes:episodeType>trailer</itunes:episodeType>
      <itunes:season>2</itunes:season>
      <itunes:episode>1</itunes:episode>
      <itunes:explicit>clean</itunes:explicit>
    </item>"""
        ),
    )
    import_twice(feed_host, url, ["Recruter en 2026"])

    episode = EpisodePage.objects.get(imported_guid="https://api.spreaker.com/episode/61234567")
    assert episode.first_published_at.isoformat().startswith("2026-09-08T04:30:00")
    assert (episode.season, episode.number, episode.episode_type) == (2, 1, "trailer")
    assert not episode.explicit
    # Plain-text notes: their blank lines are paragraphs, their characters stay text.
    assert episode.show_notes.replace("\n", "") == (
        "<p>Premier paragraphe.</p><p>Second paragraphe, avec R&amp;D et 3 &lt; 4.<br/>Fin.</p>"
    )
    assert episode.summary == "Premier paragraphe.\n\nSecond paragraphe, avec R&D et 3 < 4.\nFin."
    assert episode.cover_image.file.name.endswith(".png")


def test_a_podcastics_or_audiomeans_like_feed(feed_host, show):
    feed_host("/audiomeans/read/7f3c9a", (AUDIO_FIXTURES / "tone.m4a").read_bytes(), "audio/mp4")
    feed_host("/audiomeans/7f3c9a.srt", SRT, "application/x-subrip")
    feed_host("/audiomeans/7f3c9a.html", "<p>Bonjour</p>", "text/html")
    feed_host("/audiomeans/7f3c9a.json", CHAPTERS, "application/json+chapters")
    url = feed_host(
        "/podcastics/feed.xml",
        feed(
            """<item>
      <title>Bonus : la transmission</title>
      <guid isPermaLink="true">https://podcastics.example/episode/cash-pme-bonus-1</guid>
      <link>https://podcastics.example/episode/cash-pme-bonus-1</link>
      <pubDate>Wed, 09 Sep 2026 05:00:00 +0000</pubDate>
      <description><![CDATA[<p>Céder son entreprise : <em>les étapes</em>.</p>
        <ul><li>Évaluer</li><li>Préparer</li></ul><img src="https://tracker.example/p.gif">]]></description>
      <itunes:summary>Céder son entreprise : les étapes.</itunes:summary>
      <itunes:duration>32:15</itunes:duration>
      <itunes:episodeType>bonus</itunes:episodeType>
      <enclosure url="{base}/audiomeans/read/7f3c9a" type="audio/x-m4a"/>
      <podcast:transcript url="{base}/audiomeans/7f3c9a.html" type="text/html"/>
      <podcast:transcript url="{base}/audiomeans/7f3c9a.srt" type="application/x-subrip"/>
      <podcast:chapters url="{base}/audiomeans/7f3c9a.json" type="application/json+chapters"/>
    </item>"""
        ),
    )
    import_twice(feed_host, url, ["Bonus : la transmission"])

    episode = EpisodePage.objects.get(
        imported_guid="https://podcastics.example/episode/cash-pme-bonus-1"
    )
    assert episode.episode_type == "bonus"
    assert episode.summary == "Céder son entreprise : les étapes."
    assert "<em>les étapes</em>" in episode.show_notes
    assert "<li>Préparer</li>" in episode.show_notes
    assert "tracker" not in episode.show_notes
    # No length, no extension: the declared type names the file, mutagen checks it.
    assert episode.audio.mime_type == "audio/mp4"
    assert episode.transcript == SRT  # the SRT one, not the HTML page
    assert [(c.start, c.title) for c in episode.chapters.all()] == [("00:00", "Accueil")]
    assert episode.cover_image is None


def test_a_spotify_for_podcasters_like_feed(feed_host, show):
    encoded = "https%3A%2F%2Fcdn.example%2Fstaging%2F2026-8-10%2F3b1c9e.m4a"
    feed_host(
        f"/anchor/s/1a2b3c/podcast/play/98765/{encoded}",
        (AUDIO_FIXTURES / "tone.m4a").read_bytes(),
        "audio/x-m4a",
    )
    show.cover_image.file.open("rb")
    with show.cover_image.file as cover:
        # Spotify for Podcasters repeats the show's cover on every item.
        feed_host("/anchor/show-cover.jpg", cover.read(), "image/jpeg")
    url = feed_host(
        "/anchor/feed.xml",
        feed(
            f"""<item>
      <title><![CDATA[Export : les aides régionales]]></title>
      <description><![CDATA[<p>Les aides à l'export en Occitanie.</p><p>---</p>
        <p>Send in a voice message: <a href="https://podcasters.spotify.com/pod/show/cashpme/message">https://podcasters.spotify.com/pod/show/cashpme/message</a></p>]]></description>
      <link>https://podcasters.spotify.com/pod/show/cashpme/episodes/Export-e2abc</link>
      <guid isPermaLink="false">8c2f5a0e-3d1b-4a57-9a0c-6b2e1f4d7a11</guid>
      <dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">CPME Occitanie</dc:creator>
      <pubDate>Thu, 10 Sep 2026 08:00:00 GMT</pubDate>
      <enclosure url="{{base}}/anchor/s/1a2b3c/podcast/play/98765/{encoded}"
                 length="0" type="audio/x-m4a"/>
      <itunes:summary>&lt;p&gt;Les aides à l&apos;export en Occitanie.&lt;/p&gt;</itunes:summary>
      <itunes:explicit>No</itunes:explicit>
      <itunes:duration>00:32:15</itunes:duration>
      <itunes:image href="{{base}}/anchor/show-cover.jpg"/>
      <itunes:episode>12</itunes:episode>
      <itunes:episodeType>full</itunes:episodeType>
    </item>"""
        ),
    )
    images = get_image_model().objects.count()
    import_twice(feed_host, url, ["Export : les aides régionales"])

    episode = EpisodePage.objects.get(imported_guid="8c2f5a0e-3d1b-4a57-9a0c-6b2e1f4d7a11")
    assert (episode.season, episode.number, episode.explicit) == (None, 12, False)
    assert episode.summary == "Les aides à l'export en Occitanie."
    assert episode.audio.file.name.endswith(".m4a")
    # The item's cover is the show's: no copy, the episode uses the show's cover.
    assert episode.cover_image is None
    assert episode.effective_cover == show.cover_image
    assert get_image_model().objects.count() == images


def cover_item(guid, title, cover, audio="/tone.mp3"):
    return f"""<item>
      <title>{title}</title>
      <guid isPermaLink="false">{guid}</guid>
      <pubDate>Tue, 01 Sep 2026 07:00:00 +0000</pubDate>
      <description>Notes.</description>
      <enclosure url="{{base}}{audio}" type="audio/mpeg" length="0"/>
      <itunes:image href="{{base}}{cover}"/>
    </item>"""


def test_item_covers_are_imported_once_and_bad_ones_only_warn(feed_host, show, settings):
    feed_host("/tone.mp3", (AUDIO_FIXTURES / "tone.mp3").read_bytes(), "audio/mpeg")
    feed_host("/tone2.mp3", generate_mp3(1.0, 660), "audio/mpeg")
    feed_host("/tone3.mp3", generate_mp3(1.0, 770), "audio/mpeg")
    feed_host("/tone4.mp3", generate_mp3(1.0, 880), "audio/mpeg")
    feed_host("/a.jpg", picture("orange"), "image/jpeg")
    feed_host("/a-again.jpg", picture("orange"), "image/jpeg")  # same bytes, other address
    feed_host("/page.jpg", "<html>Page introuvable</html>", "text/html")
    feed_host("/fake.png", b"GIF89a pas vraiment une image", "image/png")
    feed_host("/huge.jpg", picture("purple", size=(2000, 2000)), "image/jpeg")
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20_000
    url = feed_host(
        "/feed.xml",
        feed(
            cover_item("g1", "Premier", "/a.jpg"),
            cover_item("g2", "Deuxième", "/a-again.jpg", audio="/tone2.mp3"),
            cover_item("g3", "Page d'erreur", "/page.jpg", audio="/tone3.mp3"),
            cover_item("g4", "Fausse image", "/fake.png", audio="/tone4.mp3"),
        ),
    )
    images = get_image_model().objects.count()
    report = run(url, "--apply")
    assert "créé : Premier\n" in report
    assert "créé : Deuxième\n" in report
    assert "créé : Page d'erreur — pochette non importée (" in report
    assert "/page.jpg n'est pas une image (text/html).)" in report
    assert "créé : Fausse image — pochette non importée (" in report
    assert "/fake.png est refusée : " in report
    first, second = (EpisodePage.objects.get(imported_guid=guid) for guid in ("g1", "g2"))
    assert first.cover_image == second.cover_image  # one image for the same bytes
    assert get_image_model().objects.count() == images + 1
    assert EpisodePage.objects.get(imported_guid="g3").cover_image is None

    mark = len(feed_host.requests)
    again = run(url, "--apply")
    assert "inchangé : Premier\n" in again
    # A cover that failed is tried again (and still reported), nothing else is fetched.
    assert "inchangé : Page d'erreur — pochette non importée (" in again
    assert sorted(downloads_since(feed_host, mark)) == ["/fake.png", "/page.jpg"]
    assert get_image_model().objects.count() == images + 1

    feed_host("/feed.xml", feed(cover_item("g1", "Premier", "/huge.jpg")))
    too_big = run(url, "--apply")
    assert "inchangé : Premier — pochette non importée (" in too_big
    assert "/huge.jpg est trop volumineux" in too_big
    assert EpisodePage.objects.get(imported_guid="g1").cover_image == first.cover_image


def replaced_feed(audio="/ep.mp3", length=6426):
    return feed(
        f"""<item>
      <title>Trésorerie</title>
      <guid isPermaLink="false">ausha-8f3a21</guid>
      <pubDate>Tue, 01 Sep 2026 07:00:00 +0000</pubDate>
      <description>Notes.</description>
      <enclosure url="{{base}}{audio}" type="audio/mpeg" length="{length}"/>
    </item>"""
    )


def test_a_file_replaced_at_the_host_with_the_same_length_is_updated(feed_host, show):
    first, second = generate_mp3(1.0, 440), generate_mp3(1.0, 660)
    assert len(first) == len(second) == 6426
    feed_host("/ep.mp3", first, "audio/mpeg")
    url = feed_host("/feed.xml", replaced_feed())
    assert "créé : Trésorerie" in run(url, "--apply")
    episode = EpisodePage.objects.get()
    original = episode.audio

    feed_host("/ep.mp3", second, "audio/mpeg")  # new bytes, new ETag, same URL and length
    dry = run(url)
    assert "à mettre à jour : Trésorerie — l'hébergeur a remplacé le fichier audio" in dry
    assert EpisodePage.objects.get().audio == original

    assert "mis à jour : Trésorerie" in run(url, "--apply")
    episode = EpisodePage.objects.get()
    assert episode.audio != original
    assert episode.audio.sha256 != original.sha256
    assert episode.imported_guid == "ausha-8f3a21"
    assert "inchangé : Trésorerie" in run(url, "--apply")


def test_a_moved_file_or_a_new_etag_with_the_same_bytes_changes_nothing(feed_host, show):
    audio = generate_mp3(1.0, 440)
    feed_host("/ep.mp3", audio, "audio/mpeg")
    url = feed_host("/feed.xml", replaced_feed())
    run(url, "--apply")
    revisions = EpisodePage.objects.get().revisions.count()

    # A CDN that changes its ETag for the same bytes: downloaded, hashed, left as it was.
    feed_host("/ep.mp3", audio, "audio/mpeg", headers={"ETag": '"autre-noeud"'})
    assert "à mettre à jour : Trésorerie — l'hébergeur a remplacé" in run(url)
    assert "inchangé : Trésorerie" in run(url, "--apply")

    # The host moved the file: the new address is checked the same way.
    feed_host("/nouveau/ep.mp3", audio, "audio/mpeg")
    url = feed_host("/feed.xml", replaced_feed(audio="/nouveau/ep.mp3"))
    assert "à mettre à jour : Trésorerie — l'adresse du fichier audio a changé" in run(url)
    assert "inchangé : Trésorerie" in run(url, "--apply")
    mark = len(feed_host.requests)
    assert "inchangé : Trésorerie" in run(url, "--apply")
    assert downloads_since(feed_host, mark) == []

    # A new address with new bytes is a new version of the same episode.
    feed_host("/v3.mp3", generate_mp3(1.0, 880), "audio/mpeg")
    url = feed_host("/feed.xml", replaced_feed(audio="/v3.mp3"))
    assert "mis à jour : Trésorerie" in run(url, "--apply")
    assert EpisodePage.objects.get().revisions.count() == revisions + 1
    assert AudioAsset.objects.count() == 2


def test_an_enclosure_redirecting_off_http_fails_in_french(feed_host, show):
    feed_host("/ep.mp3", b"", "text/plain", 302, headers={"Location": "ftp://example.org/a.mp3"})
    url = feed_host("/feed.xml", replaced_feed())
    report = run(url, "--apply")
    assert "échec : Trésorerie — " in report
    assert "redirige vers une adresse non prise en charge" in report
    assert not EpisodePage.objects.exists()
    assert not AudioAsset.objects.exists()
