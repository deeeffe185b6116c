"""Re-importing a feed after the host changed something: a file replaced under the same
address and length by a host that sends no validator, a transcript or chapters changed on
their own, and the cover art of a show created from its feed, checked against Apple's rules.
Everything is served over HTTP on 127.0.0.1 (`feed_host`); audio is real MP3."""

import io
import json
import zlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from podcast.ingest import replace_audio
from podcast.models import AudioAsset, EpisodePage, PodcastPage
from tests.podcast.factories import audio_upload
from tests.podcast.tones import generate_mp3

NAMESPACES = (
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:podcast="https://podcastindex.org/namespace/1.0"'
)
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour et bienvenue.\n"
VTT_FIXED = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour et bienvenue dans Cash PME.\n"


def chapters(*titles):
    return json.dumps(
        {
            "version": "1.2.0",
            "chapters": [{"startTime": i, "title": title} for i, title in enumerate(titles)],
        }
    )


def feed(transcript="/ep.vtt", chapters_url="/ep.json", cover=""):
    links = ""
    if transcript:
        links += f'<podcast:transcript url="{{base}}{transcript}" type="text/vtt"/>'
    if chapters_url:
        links += (
            f'<podcast:chapters url="{{base}}{chapters_url}" type="application/json+chapters"/>'
        )
    image = f'<itunes:image href="{{base}}{cover}"/>' if cover else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" {NAMESPACES}>
  <channel>
    <title>Cash PME importé</title>
    <description>Le podcast des dirigeants.</description>
    <language>fr</language>
    <itunes:owner><itunes:name>Com</itunes:name><itunes:email>podcast@example.org</itunes:email></itunes:owner>
    {image}
    <item>
      <title>Trésorerie</title>
      <guid isPermaLink="false">ausha-8f3a21</guid>
      <pubDate>Tue, 01 Sep 2026 07:00:00 +0000</pubDate>
      <description>Notes.</description>
      <enclosure url="{{base}}/ep.mp3" type="audio/mpeg" length="6426"/>{links}
    </item>
  </channel>
</rss>"""


def run(url, *args):
    out = StringIO()
    call_command("import_podcast_feed", url, "--show", "cash-pme", *args, stdout=out)
    return out.getvalue()


def downloads_since(host, mark, path):
    return [p for p, status in host.requests[mark:] if p == path and status == 200]


def revisions():
    return EpisodePage.objects.get().revisions.count()


# A host that sends no ETag and no Last-Modified ------------------------------------------


def test_a_file_replaced_at_a_host_without_validators_is_found_by_its_bytes(
    feed_host, show, django_capture_on_commit_callbacks
):
    first, second = generate_mp3(1.0, 440), generate_mp3(1.0, 660)
    assert len(first) == len(second)  # same URL, same declared length: only bytes differ
    feed_host("/ep.mp3", first, "audio/mpeg", validators=False)
    url = feed_host("/feed.xml", feed(transcript="", chapters_url=""))
    run(url, "--apply")
    original = EpisodePage.objects.get().audio

    # Unchanged: the file is downloaded to be hashed (there is nothing else to ask), once.
    mark = len(feed_host.requests)
    assert "inchangé : Trésorerie" in run(url, "--apply")
    assert downloads_since(feed_host, mark, "/ep.mp3") == ["/ep.mp3"]
    before = revisions()

    feed_host("/ep.mp3", second, "audio/mpeg", validators=False)
    dry = run(url)
    assert "à mettre à jour : Trésorerie — l'hébergeur a remplacé le fichier audio" in dry
    assert EpisodePage.objects.get().audio == original

    mark = len(feed_host.requests)
    with django_capture_on_commit_callbacks(execute=True):
        assert "mis à jour : Trésorerie" in run(url, "--apply")
    # Downloaded once: the bytes hashed to decide are the ones stored.
    assert downloads_since(feed_host, mark, "/ep.mp3") == ["/ep.mp3"]
    episode = EpisodePage.objects.get()
    assert episode.audio.sha256 != original.sha256
    assert episode.imported_guid == "ausha-8f3a21"
    assert revisions() == before + 1
    # The replaced file was used by nothing else: it is gone from the library.
    assert list(AudioAsset.objects.all()) == [episode.audio]

    assert "inchangé : Trésorerie" in run(url, "--apply")
    assert revisions() == before + 1


def test_a_sound_replaced_here_is_not_taken_for_a_change_at_the_host(feed_host, show):
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg", validators=False)
    url = feed_host("/feed.xml", feed(transcript="", chapters_url=""))
    run(url, "--apply")
    asset = EpisodePage.objects.get().audio
    replace_audio(asset, audio_upload("tone.m4a", content_type="audio/mp4"))  # an editor's fix

    assert "inchangé : Trésorerie" in run(url, "--apply")
    asset.refresh_from_db()
    assert asset.mime_type == "audio/mp4"


def test_a_host_that_starts_sending_validators_is_no_longer_downloaded(feed_host, show):
    audio = generate_mp3(1.0, 440)
    feed_host("/ep.mp3", audio, "audio/mpeg", validators=False)
    url = feed_host("/feed.xml", feed(transcript="", chapters_url=""))
    run(url, "--apply")

    feed_host("/ep.mp3", audio, "audio/mpeg")  # same bytes, now with ETag and Last-Modified
    assert "inchangé : Trésorerie" in run(url, "--apply")
    mark = len(feed_host.requests)
    assert "inchangé : Trésorerie" in run(url, "--apply")
    assert feed_host.requests[mark:].count(("/ep.mp3", 304)) == 1
    assert downloads_since(feed_host, mark, "/ep.mp3") == []


def test_the_dry_run_of_a_host_without_validators_writes_nothing(feed_host, show):
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg", validators=False)
    url = feed_host("/feed.xml", feed(transcript="", chapters_url=""))
    run(url, "--apply")
    source = EpisodePage.objects.get().import_source
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    assert "inchangé : Trésorerie" in run(url)  # hashed, the host's new validators not kept
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == ("", "")


# Transcript and chapters ---------------------------------------------------------------


@pytest.fixture
def imported(feed_host, show):
    """An episode imported with its transcript and chapters; (host, feed URL)."""
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    feed_host("/ep.vtt", VTT, "text/vtt")
    feed_host("/ep.json", chapters("Accueil", "Le sujet"), "application/json+chapters")
    url = feed_host("/feed.xml", feed())
    assert "créé : Trésorerie" in run(url, "--apply")
    return feed_host, url


def chapter_titles():
    return [chapter.title for chapter in EpisodePage.objects.get().chapters.all()]


def test_a_transcript_corrected_at_the_same_address_is_updated(client, imported):
    host, url = imported
    mark = len(host.requests)
    assert "inchangé : Trésorerie" in run(url, "--apply")
    # Asked again, conditionally: nothing is downloaded a second time.
    assert [status for _, status in host.requests[mark:] if status == 200] == [200]  # the feed
    before = revisions()

    host("/ep.vtt", VTT_FIXED, "text/vtt")
    assert "à mettre à jour : Trésorerie — la transcription a changé" in run(url)
    assert EpisodePage.objects.get().transcript == VTT
    assert "mis à jour : Trésorerie" in run(url, "--apply")
    episode = EpisodePage.objects.get()
    assert "Bonjour et bienvenue dans Cash PME." in client.get(episode.url).content.decode()
    assert revisions() == before + 1

    assert "inchangé : Trésorerie" in run(url, "--apply")
    assert revisions() == before + 1


def test_chapters_at_a_new_address_are_updated_and_a_link_gone_empties_them(client, imported):
    host, url = imported
    before = revisions()
    host("/v2/ep.json", chapters("Accueil", "Le sujet"), "application/json+chapters")
    url = host("/feed.xml", feed(chapters_url="/v2/ep.json"))
    assert "inchangé : Trésorerie" in run(url, "--apply")  # moved, same chapters
    assert revisions() == before

    host("/v3/ep.json", chapters("Accueil", "Trésorerie", "Conclusion"), "application/json")
    url = host("/feed.xml", feed(chapters_url="/v3/ep.json"))
    assert "à mettre à jour : Trésorerie — les chapitres ont changé" in run(url)
    assert "mis à jour : Trésorerie" in run(url, "--apply")
    assert chapter_titles() == ["Accueil", "Trésorerie", "Conclusion"]
    page = client.get(EpisodePage.objects.get().url).content.decode()
    assert "Conclusion" in page
    assert "inchangé : Trésorerie" in run(url, "--apply")
    assert revisions() == before + 1

    url = host("/feed.xml", feed(transcript="", chapters_url=""))
    report = run(url, "--apply")
    assert "mis à jour : Trésorerie" in report
    episode = EpisodePage.objects.get()
    assert (episode.transcript, chapter_titles()) == ("", [])
    assert "inchangé : Trésorerie" in run(url, "--apply")


def test_chapters_changed_at_a_host_without_validators_are_updated(feed_host, show):
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    feed_host("/ep.json", chapters("Accueil"), "application/json", validators=False)
    url = feed_host("/feed.xml", feed(transcript=""))
    run(url, "--apply")
    assert "inchangé : Trésorerie" in run(url, "--apply")
    feed_host("/ep.json", chapters("Bienvenue"), "application/json", validators=False)
    assert "mis à jour : Trésorerie" in run(url, "--apply")
    assert chapter_titles() == ["Bienvenue"]


def test_an_unreadable_new_transcript_fails_in_french_and_changes_nothing(imported):
    host, url = imported
    host("/ep.vtt", "pas une transcription", "text/vtt")
    report = run(url, "--apply")
    assert "échec : Trésorerie — La transcription de " in report
    assert EpisodePage.objects.get().transcript == VTT


# The cover art of a show created from its feed -----------------------------------------


def picture(size, kind="JPEG", mode="RGB"):
    buffer = io.BytesIO()
    PillowImage.new(mode, size, "red" if mode != "L" else 128).save(buffer, kind)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (picture((1200, 1200)), "elle mesure 1200 × 1200 pixels, il faut un carré de 1 400 à"),
        (picture((1600, 1400)), "elle mesure 1600 × 1400 pixels"),
        (picture((3200, 3200)), "elle mesure 3200 × 3200 pixels"),
        (picture((1400, 1400), "GIF", "P"), "elle est au format GIF, il faut du JPEG ou du PNG"),
        (picture((1400, 1400), "JPEG", "CMYK"), "ses couleurs sont en CMJN"),
        (picture((1400, 1400), "PNG", "RGBA"), "avec une couche de transparence, il faut du RVB"),
        (b"<html>Page introuvable</html>", "n'est pas une image (text/html)"),
    ],
)
def test_a_show_whose_cover_breaks_apples_rules_is_not_created(
    feed_host, home_page, image, message
):
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    content_type = "text/html" if image.startswith(b"<html") else "image/jpeg"
    feed_host("/cover", image, content_type)
    url = feed_host("/feed.xml", feed(transcript="", chapters_url="", cover="/cover"))
    images = get_image_model().objects.count()
    for args in ((), ("--apply",)):  # the dry run refuses what the import would
        with pytest.raises(CommandError) as refused:
            run(url, *args)
        text = str(refused.value)
        assert text.startswith("Rien n'a été importé. La pochette de l'émission ")
        assert message in text
        assert "créez l'émission dans l'administration avec une pochette conforme" in text
    assert not PodcastPage.objects.exists()
    assert not EpisodePage.objects.exists()
    assert not AudioAsset.objects.exists()
    assert get_image_model().objects.count() == images


def test_a_show_with_a_cover_apple_accepts_is_created_with_it(feed_host, home_page):
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    feed_host("/cover.png", picture((1400, 1400), "PNG"), "image/png")
    url = feed_host("/feed.xml", feed(transcript="", chapters_url="", cover="/cover.png"))
    assert "Émission « cash-pme » : à créer depuis le flux." in run(url)
    report = run(url, "--apply")
    assert "Émission « Cash PME importé » créée." in report
    assert "créé : Trésorerie" in report
    cover = PodcastPage.objects.get().cover_image
    assert (cover.width, cover.height) == (1400, 1400)
    assert cover.file.name.endswith(".png")


def bomb_png(width=20_000, height=20_000):
    """A real, tiny PNG whose header declares `width` × `height` pixels (400 million):
    Pillow refuses to even open it (DecompressionBombError), before any decoding."""
    data = bytearray(picture((1, 1), "PNG"))
    header = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes(data[24:29])
    data[16:29] = header[4:]
    data[29:33] = zlib.crc32(header).to_bytes(4, "big")
    return bytes(data)


def test_a_cover_declaring_billions_of_pixels_is_refused_in_french(feed_host, home_page):
    """A show's cover is refused with the French message of an upload (nothing created),
    an episode's only warns (the episode is imported with the show's cover)."""
    feed_host("/ep.mp3", generate_mp3(1.0, 440), "audio/mpeg")
    feed_host("/bomb.png", bomb_png(), "image/png")
    feed_host("/cover.png", picture((1400, 1400), "PNG"), "image/png")
    url = feed_host("/feed.xml", feed(transcript="", chapters_url="", cover="/bomb.png"))
    with pytest.raises(CommandError) as refused:
        run(url, "--apply")
    assert str(refused.value).startswith("Rien n'a été importé. La pochette de l'émission ")
    assert "/bomb.png est refusée : Ce fichier a un trop grand nombre de pixels" in str(
        refused.value
    )
    assert not PodcastPage.objects.exists()

    show_feed = feed(transcript="", chapters_url="", cover="/cover.png")
    url = feed_host(
        "/feed2.xml", show_feed.replace("</guid>", '</guid><itunes:image href="{base}/bomb.png"/>')
    )
    report = run(url, "--apply")
    assert "créé : Trésorerie — pochette non importée (" in report
    assert "/bomb.png est refusée : Ce fichier a un trop grand nombre de pixels" in report
    assert EpisodePage.objects.get().cover_image is None
