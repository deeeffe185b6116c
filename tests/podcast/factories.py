from pathlib import Path

import factory
import wagtail_factories
from django.core.files.uploadedfile import SimpleUploadedFile

from podcast.ingest import ingest_audio
from podcast.models import EpisodePage, PodcastPage

AUDIO_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"


def audio_upload(name="tone.mp3", upload_name=None, content_type="audio/mpeg"):
    """A real file from tests/fixtures/audio, as the browser would post it."""
    return SimpleUploadedFile(
        upload_name or name, (AUDIO_FIXTURES / name).read_bytes(), content_type=content_type
    )


def make_audio_asset(name="tone.mp3", title="Épisode de test", content_type="audio/mpeg"):
    return ingest_audio(audio_upload(name, content_type=content_type), title)


class PodcastPageFactory(wagtail_factories.PageFactory):
    title = "Cash PME"
    slug = "cash-pme"
    description = "Le podcast des dirigeants de PME."
    owner_name = "Service communication"
    owner_email = "podcast@example.org"

    class Meta:
        model = PodcastPage


class EpisodePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Épisode {n}")
    summary = "Un épisode sur la trésorerie des petites entreprises."
    number = factory.Sequence(lambda n: n + 1)

    class Meta:
        model = EpisodePage
