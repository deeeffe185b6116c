"""Who can read a document: public only once a live, public page uses it or a moderator marked
it public; before that, only the people who work on a page using it."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageViewRestriction

from core import roles
from tests.home.factories import StandardPageFactory
from tests.podcast.factories import PodcastPageFactory
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    make_document,
)


@pytest.fixture
def index_page(home_page):
    return PositionIndexPageFactory(parent=home_page)


@pytest.fixture
def restricted(django_user_model, home_page):
    """Admin access and a podcast show to edit: no right on positions."""
    show = PodcastPageFactory(parent=home_page)
    group = Group.objects.create(name="Podcast seulement")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=show, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("podcasteur", password="x")
    user.groups.add(group)
    return user


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def status(client, user, document):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(document.url).status_code


def test_an_embargoed_pdf_is_for_who_edits_or_publishes_the_position_only(
    client, index_page, restricted, django_user_model
):
    document = make_document(filename="embargo.pdf")
    page = PositionPageFactory(parent=index_page, live=False)
    page.pdf = document
    page.go_live_at = timezone.now() + datetime.timedelta(days=2)
    page.save_revision().publish()  # scheduled
    editor = member(django_user_model, "redacteur", roles.EDITORS)
    moderator = member(django_user_model, "moderatrice", roles.MODERATORS)
    assert status(client, None, document) == 404
    assert status(client, restricted, document) == 404
    assert status(client, editor, document) == 200
    assert status(client, moderator, document) == 200


def test_a_reader_let_in_by_a_view_restriction_gets_the_pages_pdf(
    client, index_page, django_user_model
):
    document = make_document(filename="adherents.pdf")
    page = PositionPageFactory(parent=index_page, pdf=document)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    reader = django_user_model.objects.create_user("adherent", password="x")  # no admin access
    assert status(client, None, document) == 404
    assert status(client, reader, document) == 200


def test_a_document_no_page_uses_is_not_public_until_marked_public(
    client, home_page, django_user_model
):
    document = make_document(title="Formulaire d'adhésion", filename="adhesion.pdf")
    assert status(client, None, document) == 404
    editor = member(django_user_model, "redacteur", roles.EDITORS)
    assert status(client, editor, document) == 200  # checking an upload before choosing it
    from core.models import PublicDocument  # the moderators' decision

    PublicDocument.objects.create(document=document, reason="Lié depuis la lettre")
    assert status(client, None, document) == 200


def paragraph_linking(document):
    html = f'<p><a linktype="document" id="{document.pk}">Le formulaire</a></p>'
    return json.dumps([{"type": "paragraph", "value": html}])


def test_a_document_linked_only_from_a_draft_is_public_once_the_page_is_published(
    client, home_page
):
    document = make_document(filename="programme.pdf")
    page = StandardPageFactory(parent=home_page, slug="programme")
    page.body = paragraph_linking(document)
    revision = page.save_revision()  # a draft of a live page: the published row is unchanged
    assert status(client, None, document) == 404
    revision.publish()
    assert status(client, None, document) == 200


def test_a_document_of_a_private_or_unpublished_page_is_not_public(client, home_page):
    document = make_document(filename="interne.pdf")
    page = StandardPageFactory(parent=home_page, body=paragraph_linking(document), live=False)
    assert status(client, None, document) == 404
    page.save_revision().publish()
    assert status(client, None, document) == 200
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert status(client, None, document) == 404
    page.refresh_from_db()
    page.unpublish()
    PageViewRestriction.objects.filter(page=page).delete()
    assert status(client, None, document) == 404


def test_only_moderators_may_mark_a_document_public(django_user_model, db):
    editor = member(django_user_model, "redacteur", roles.EDITORS)
    moderator = member(django_user_model, "moderatrice", roles.MODERATORS)
    assert not editor.has_perm("core.add_publicdocument")
    assert moderator.has_perm("core.add_publicdocument")
