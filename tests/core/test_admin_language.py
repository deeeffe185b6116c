"""The admin speaks to the communication team in plain French: page types are described in
the "add a page" chooser, StreamField blocks have French names and icons, help texts avoid
technical jargon, and the address field is explained with the site's own addresses."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from core import roles
from podcast.models import validate_apple_text_length
from tests.home.factories import StandardPageFactory

SITE_APPS = {"core", "home", "antennas", "events", "podcast", "positions", "press", "influence"}
# Words a communication officer should not have to know.
JARGON = re.compile(r"\b(octets?|bytes?|h[1-6]|slug|opt-in|UTF-8|WebVTT|URL path)\b", re.I)


def site_models():
    return [model for model in apps.get_models() if model._meta.app_label in SITE_APPS]


def stream_children(stream_block, path):
    """Every block a person can add or fill in, with where it sits."""
    for name, child in stream_block.child_blocks.items():
        yield f"{path}.{name}", child
        inner = child.child_block if isinstance(child, blocks.ListBlock) else child
        if isinstance(inner, (blocks.StructBlock, blocks.StreamBlock)):
            yield from stream_children(inner, f"{path}.{name}")


def all_stream_blocks():
    for model in site_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                yield f"{model.__name__}.{field.name}", field.stream_block


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="x")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(user)
    return user


def test_every_page_type_is_described_in_french():
    page_types = [model for model in get_page_models() if model is not Page]
    assert len(page_types) >= 12
    for model in page_types:
        description = model.get_page_description()
        assert len(description) > 30, model.__name__
        assert not JARGON.search(description), model.__name__


def test_the_add_page_chooser_shows_the_descriptions(client, home_page, editor):
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk]))
    html = response.content.decode()
    assert "Une page de contenu libre : programme, présentation" in html
    assert "L&#x27;annuaire des 13 antennes départementales" in html


def test_stream_blocks_carry_french_labels_and_icons():
    checked = 0
    for path, stream_block in all_stream_blocks():
        for name, child in stream_block.child_blocks.items():
            # The block menu shows these: an icon of its own and a name that is not Wagtail's
            # English one made from the code name ("Call to action").
            assert child.meta.icon != "placeholder", f"{path}.{name}"
            assert child.label != name.replace("_", " ").capitalize() or name in {"image"}, (
                f"{path}.{name}"
            )
            checked += 1
        for child_path, child in stream_children(stream_block, path):
            assert child.label, child_path
    assert checked >= 20


def test_help_texts_avoid_technical_jargon():
    texts = [
        (f"{model.__name__}.{field.name}", str(field.help_text))
        for model in site_models()
        for field in model._meta.get_fields()
        # Fields of Wagtail's own Page are explained by the panels (see the address test).
        if getattr(field, "help_text", "") and field.model._meta.app_label in SITE_APPS
    ]
    for path, stream_block in all_stream_blocks():
        texts += [
            (child_path, str(getattr(child.meta, "help_text", "")))
            for child_path, child in stream_children(stream_block, path)
            if getattr(child.meta, "help_text", "")
        ]
    assert len(texts) > 20
    offending = [(where, text) for where, text in texts if JARGON.search(text)]
    assert offending == []


def test_the_address_field_is_explained_with_the_site_own_address(client, home_page, editor):
    programme = StandardPageFactory(parent=home_page, slug="pacte-occitan")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[programme.pk])).content.decode()
    assert "Fin de l&#x27;adresse (URL)" in html
    assert "https://www.cpme-occitanie.fr/pacte-occitan/" in html
    assert "domain.com" not in html
    assert "Pour les moteurs de recherche" in html


def test_apple_text_limit_is_told_in_ko_and_characters():
    with pytest.raises(ValidationError) as error:
        validate_apple_text_length("é" * 2500)
    assert error.value.messages == [
        "Ce texte pèse 5\u00a0Ko : Apple Podcasts en accepte 4 Ko au plus. Retirez environ "
        "1000 caractères (une lettre accentuée compte double)."
    ]
