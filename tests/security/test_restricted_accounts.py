"""Accounts with admin access but no right on a page see none of its embargoed material: not
through the documents API, the media plan's team view or its iCal export, nor the choosers."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from tests.influence.conftest import media_plan  # noqa: F401 - the fixture
from tests.influence.factories import AudioAssetStubFactory
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    make_document,
)
from tests.security.conftest import content

SECRET = "Quasiplanète"


def chooser_html(response):
    """Choosers answer HTML, or JSON whose "html" holds the listing (escaped in the raw body)."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return content(response)


@pytest.fixture
def own_show(home_page):
    return PodcastPageFactory(parent=home_page, title="Émission du podcasteur", slug="emission")


@pytest.fixture
def restricted(django_user_model, own_show):
    """Admin access, and one podcast show to edit: no right on positions or media plans."""
    group = Group.objects.create(name="Podcast seulement")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=own_show, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user("podcasteur", password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def embargoed_document(home_page):
    index = PositionIndexPageFactory(parent=home_page)
    document = make_document(title=f"{SECRET} : communiqué", filename="communique.pdf")
    page = PositionPageFactory(parent=index, live=False)
    page.pdf = document
    page.save_revision()
    return document


def test_the_documents_api_leaves_out_embargoed_documents(
    client, restricted, editor, embargoed_document
):
    listing = "/admin/api/main/documents/?fields=*"
    detail = f"/admin/api/main/documents/{embargoed_document.pk}/"
    client.force_login(restricted)
    assert client.get(listing).status_code == 200
    assert SECRET not in content(client.get(listing))
    assert client.get(detail).status_code == 404
    for url in ("/admin/documents/chooser/", "/admin/documents/chooser/results/?q=communique"):
        assert SECRET not in chooser_html(client.get(url)), url
    client.force_login(editor)  # Editors edit every page: the document is theirs to see
    assert SECRET in content(client.get(listing))
    assert SECRET in chooser_html(client.get("/admin/documents/chooser/"))
    assert client.get(detail).status_code == 200


def test_the_media_plans_team_view_and_ical_are_for_who_edits_the_plan(
    client,
    restricted,
    editor,
    media_plan,  # noqa: F811 - the imported fixture
):
    client.force_login(restricted)
    for url in (media_plan.url, f"{media_plan.url}actions.ics"):
        text = content(client.get(url))
        assert "Sujet réalisé" in text
        assert "Sujet prévu secret" not in text, url
    client.force_login(editor)
    for url in (media_plan.url, f"{media_plan.url}actions.ics"):
        assert "Sujet prévu secret" in content(client.get(url)), url


def test_the_audio_chooser_hides_the_audio_of_episodes_the_user_does_not_work_on(
    client, home_page, restricted, own_show
):
    other_show = PodcastPageFactory(parent=home_page, title="Autre émission", slug="autre")
    secret_audio = AudioAssetStubFactory(title=f"{SECRET} : l'invitée surprise")
    draft = EpisodePageFactory(parent=other_show, live=False, title="Brouillon")
    draft.audio = secret_audio
    draft.save_revision()
    public_audio = AudioAssetStubFactory(title="Épisode déjà diffusé")
    EpisodePageFactory(parent=other_show, audio=public_audio)
    own_audio = AudioAssetStubFactory(title="Mon prochain épisode")
    mine = EpisodePageFactory(parent=own_show, live=False, title="Le mien")
    mine.audio = own_audio
    mine.save_revision()

    client.force_login(restricted)
    for url in ("/admin/audio_chooser/", "/admin/audio_chooser/results/?q=pisode"):
        assert SECRET not in chooser_html(client.get(url)), url
    listing = chooser_html(client.get("/admin/audio_chooser/"))
    assert "Épisode déjà diffusé" in listing
    assert "Mon prochain épisode" in listing
    assert client.get(f"/admin/audio_chooser/chosen/{secret_audio.pk}/").status_code == 404
    assert client.get(f"/admin/audio_chooser/chosen/{own_audio.pk}/").status_code == 200
