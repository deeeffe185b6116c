import datetime

import factory
import wagtail_factories

from influence.models import (
    Body,
    InfluenceReportPage,
    Mandate,
    MediaAction,
    MediaPlanPage,
    Representative,
)
from podcast.models import AudioAsset
from positions.models import Theme
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)


class BodyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Tribunal de commerce n° {n}")
    kind = "tribunal-commerce"
    level = "local"
    department_code = "31"

    class Meta:
        model = Body


class RepresentativeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Mandataire Exemple {n}")
    company = factory.Sequence(lambda n: f"Démo SARL {n}")
    position = "Gérante"
    department_code = "31"
    public_consent = True

    class Meta:
        model = Representative


class MandateFactory(factory.django.DjangoModelFactory):
    representative = factory.SubFactory(RepresentativeFactory)
    body = factory.SubFactory(BodyFactory)
    role = "titulaire"
    start_date = datetime.date(2023, 1, 1)
    end_date = None

    class Meta:
        model = Mandate
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class InfluenceReportPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda o: f"Rapport d'influence {o.year}")
    slug = factory.LazyAttribute(lambda o: f"rapport-{o.year}")
    year = 2024
    introduction = "<p>Où siègent nos mandataires.</p>"

    class Meta:
        model = InfluenceReportPage


class MediaPlanPageFactory(wagtail_factories.PageFactory):
    title = "Plan média 2026"
    slug = "plan-media-2026"
    period_label = "2026"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    objectives = "<p>Faire connaître nos positions.</p>"

    class Meta:
        model = MediaPlanPage


class MediaActionFactory(factory.django.DjangoModelFactory):
    """A done press action by default; pass ``page``."""

    date = datetime.date(2026, 3, 10)
    channel = "presse-ecrite"
    outlet = factory.Sequence(lambda n: f"La Gazette fictive n° {n}")
    topic = factory.Sequence(lambda n: f"Sujet réalisé {n}")
    status = "realise"
    coverage_url = factory.Sequence(lambda n: f"https://gazette.example/article-{n}")

    class Meta:
        model = MediaAction


class AudioAssetStubFactory(factory.django.DjangoModelFactory):
    """An audio row with no file behind it: enough for pages that only link to episodes."""

    title = "Épisode de test"
    file = factory.Sequence(lambda n: f"podcast/audio/stub/{n}.mp3")
    sha256 = factory.Sequence(lambda n: f"{n:064d}")
    mime_type = "audio/mpeg"
    size_bytes = 1000
    duration_seconds = 60.0
    bitrate = 128000
    sample_rate = 44100
    channels = 2

    class Meta:
        model = AudioAsset


def make_episode(home_page, show=None, **fields):
    """A published episode (under a new show unless one is given) that plans can promote."""
    show = show or PodcastPageFactory(parent=home_page)
    return EpisodePageFactory(parent=show, audio=AudioAssetStubFactory(), **fields)
