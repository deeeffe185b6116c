import datetime
import json

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from positions.demo import simple_pdf
from positions.documents import document_page_count
from positions.models import (
    PositionIndexPage,
    PositionKind,
    PositionPage,
    PressContact,
    PressRoomPage,
    Spokesperson,
    Theme,
)


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = Theme
        django_get_or_create = ["slug"]


class SpokespersonFactory(factory.django.DjangoModelFactory):
    name = "Hélène Exemple"
    role = "Vice-présidente chargée de l'industrie"
    email = "industrie@example.org"

    class Meta:
        model = Spokesperson


class PressContactFactory(factory.django.DjangoModelFactory):
    name = "Julien Exemple"
    role = "Attaché de presse"
    email = "presse@example.org"
    phone = "05 00 00 00 99"

    class Meta:
        model = PressContact


class PositionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nos prises de position"
    slug = "prises-de-position"

    class Meta:
        model = PositionIndexPage


class PositionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Position {n}")
    kind = PositionKind.POSITION
    summary = "Ce que les PME attendent des pouvoirs publics."
    publication_date = datetime.date(2026, 1, 15)
    pdf = None
    # The admin form counts pages when an editor saves; pages built in code count them here.
    pdf_page_count = factory.LazyAttribute(lambda o: document_page_count(o.pdf) if o.pdf else None)

    class Meta:
        model = PositionPage
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes.set(extracted)
            self.save()


class PressRoomPageFactory(wagtail_factories.PageFactory):
    title = "Espace presse"
    slug = "presse"

    class Meta:
        model = PressRoomPage


def make_document(title="Livre blanc", filename="livre-blanc.pdf", content=None, pages=2):
    """A Wagtail document; a generated PDF of `pages` pages unless `content` is given."""
    if content is None:
        content = simple_pdf([[f"Page {number}"] for number in range(1, pages + 1)])
    document = get_document_model()(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def proposals_body(*titles):
    proposals = [{"title": title, "detail": ""} for title in titles]
    return json.dumps(
        [{"type": "proposals", "value": {"title": "Nos propositions", "proposals": proposals}}]
    )
