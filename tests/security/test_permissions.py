"""Secondary admin views and APIs, by direct request: restricted editors and anonymous visitors
reach nothing outside their rights, and no embargoed title or summary leaks through them."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Revision,
    Workflow,
)
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core import roles
from home.models import SiteIdentity
from tests.home.factories import StandardPageFactory
from tests.podcast.factories import PodcastPageFactory
from tests.positions.factories import PositionIndexPageFactory, PositionPageFactory
from tests.security.conftest import content

SECRET_TITLE = "Quasiplanète sous embargo"
SECRET_SUMMARY = "Xylophragme : annonce réservée jusqu'à la conférence de presse."
SECRET_DOCUMENT = "Ornithorynque confidentiel"
SECRETS = (SECRET_TITLE, "Quasiplanète", "Xylophragme", "Ornithorynque")


def assert_no_secret(response):
    text = content(response)
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked by {response.request['PATH_INFO']}"


@pytest.fixture
def landscape(home_page):
    index = PositionIndexPageFactory(parent=home_page)
    show = PodcastPageFactory(parent=home_page)
    embargoed = PositionPageFactory(
        parent=index, title="Brouillon anodin", summary="Rien à voir.", live=False
    )
    first = embargoed.save_revision()
    embargoed.title, embargoed.summary = SECRET_TITLE, SECRET_SUMMARY
    embargoed.go_live_at = timezone.now() + datetime.timedelta(days=3)
    second = embargoed.save_revision()
    second.publish()  # scheduled, not live: the embargo
    embargoed.refresh_from_db()
    assert not embargoed.live

    confidential = Collection.get_first_root_node().add_child(name="Confidentiel")
    document = get_document_model()(title=SECRET_DOCUMENT, collection=confidential)
    document.file.save("confidentiel.csv", ContentFile(b"a,b\n"), save=False)
    document.save()
    return {
        "index": index,
        "show": show,
        "embargoed": embargoed,
        "revisions": (first, second),
        "document": document,
    }


@pytest.fixture
def podcaster(django_user_model, landscape):
    """Admin access and the podcast show only: no positions, no documents collection."""
    group = Group.objects.create(name="Podcast seulement")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(codename=codename)
        GroupPagePermission.objects.create(
            group=group, page=landscape["show"], permission=permission
        )
    user = django_user_model.objects.create_user("podcasteur", password="x")
    user.groups.add(group)
    return user


def page_admin_urls(landscape):
    page = landscape["embargoed"]
    first, second = landscape["revisions"]
    pk = page.pk
    return [
        f"/admin/pages/{pk}/edit/",
        f"/admin/pages/{pk}/edit/preview/",
        f"/admin/pages/{pk}/view_draft/",
        f"/admin/pages/{pk}/history/",
        f"/admin/pages/{pk}/history/results/",
        f"/admin/pages/{pk}/revisions/",
        f"/admin/pages/{pk}/revisions/{second.pk}/view/",
        f"/admin/pages/{pk}/revisions/compare/{first.pk}...{second.pk}/",
        f"/admin/pages/{pk}/revisions/compare/earliest...latest/",
        f"/admin/pages/{pk}/revisions/{second.pk}/revert/",
        f"/admin/pages/{pk}/revisions/{second.pk}/unschedule/",
        f"/admin/pages/{pk}/workflow_history/",
        f"/admin/pages/{pk}/usage/",
        f"/admin/pages/{pk}/delete/",
        f"/admin/pages/{pk}/unpublish/",
        f"/admin/pages/{pk}/copy/",
        f"/admin/pages/{pk}/move/",
        f"/admin/pages/{pk}/privacy/",
        f"/admin/pages/{pk}/lock/",
        f"/admin/pages/{landscape['index'].pk}/",
        f"/admin/bulk/wagtailcore/page/publish/?id={pk}",
        f"/admin/bulk/wagtailcore/page/unpublish/?id={pk}",
        f"/admin/bulk/wagtailcore/page/delete/?id={pk}",
        f"/admin/bulk/wagtailcore/page/move/?id={pk}",
        f"/admin/api/main/pages/{pk}/",
        f"/admin/bulk/wagtaildocs/document/delete/?id={landscape['document'].pk}",
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={landscape['document'].pk}",
        f"/admin/documents/edit/{landscape['document'].pk}/",
        f"/admin/documents/usage/{landscape['document'].pk}/",
        f"/admin/documents/delete/{landscape['document'].pk}/",
    ]


def listing_urls(landscape):
    """Views every admin user may open; they must filter out what the user may not see."""
    return [
        "/admin/",
        "/admin/pages/search/?q=embargo",
        "/admin/pages/search/results/?q=annonce",
        "/admin/api/main/pages/?fields=*",
        "/admin/api/main/pages/?fields=*&search=embargo",
        f"/admin/api/main/pages/?fields=*&child_of={landscape['index'].pk}",
        f"/admin/api/main/pages/?fields=*&descendant_of={landscape['index'].pk}",
        "/admin/documents/",
        "/admin/documents/?q=confidentiel",
        "/admin/documents/chooser/",
        "/admin/documents/chooser/results/?q=confidentiel",
        "/admin/images/chooser/",
        "/admin/choose-page/?q=embargo",
        f"/admin/choose-page/{landscape['index'].pk}/",
        f"/admin/choose-page/{landscape['embargoed'].pk}/",
        "/admin/choose-page/search/?q=embargo",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/aging-pages/",
    ]


def test_a_restricted_editor_reaches_no_page_view_outside_their_section(
    client, landscape, podcaster
):
    client.force_login(podcaster)
    assert client.get(f"/admin/pages/{landscape['show'].pk}/edit/").status_code == 200
    for url in page_admin_urls(landscape):
        response = client.get(url)
        assert_no_secret(response)
        # Bulk actions answer a confirmation page saying the user has no access to the items.
        refused = {200, 302, 403, 404} if url.startswith("/admin/bulk/") else {302, 403, 404, 405}
        assert response.status_code in refused, url  # 405: POST only


def test_listings_apis_and_choosers_hide_what_a_restricted_editor_may_not_see(
    client, landscape, podcaster
):
    client.force_login(podcaster)
    for url in listing_urls(landscape):
        response = client.get(url)
        assert response.status_code in {200, 302, 400, 403, 404}, url
        assert_no_secret(response)


def test_anonymous_visitors_reach_no_admin_view_or_draft(client, landscape):
    for url in [*page_admin_urls(landscape), *listing_urls(landscape), "/django-admin/"]:
        response = client.get(url)
        assert response.status_code in {302, 403, 404, 405}, url
        if response.status_code == 302:
            assert "/login/" in response["Location"], url
        assert_no_secret(response)
    # Nor the public site: an embargoed page does not exist yet.
    assert client.get(landscape["embargoed"].url or "/prises-de-position/").status_code in {
        200,
        404,
    }
    assert_no_secret(client.get("/prises-de-position/"))


def test_crafted_posts_by_a_restricted_editor_change_nothing(client, landscape, podcaster):
    client.force_login(podcaster)
    page = landscape["embargoed"]
    _first, second = landscape["revisions"]
    for url in [
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/delete/",
        f"/admin/pages/{page.pk}/revisions/{second.pk}/unschedule/",
        f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}",
        f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}",
        f"/admin/documents/delete/{landscape['document'].pk}/",
    ]:
        response = client.post(url, {"action-publish": "1", "title": "Piraté"})
        assert response.status_code in {302, 403, 404}, url
    page.refresh_from_db()
    assert not page.live
    assert Page.objects.filter(pk=page.pk).exists()
    second.refresh_from_db()
    assert second.approved_go_live_at is not None, "the schedule is untouched"
    assert get_document_model().objects.filter(pk=landscape["document"].pk).exists()


# Members of Editors: they write and submit; they never publish, approve or administer. -------


def submitted_programme(client, home_page, editor):
    programme = StandardPageFactory(parent=home_page, title="Avant", slug="programme")
    client.force_login(editor)
    client.post(
        f"/admin/pages/{programme.pk}/edit/",
        {
            **nested_form_data(
                {"title": "Soumis", "slug": "programme", "intro": "x", "body": streamfield([])}
            ),
            "action-submit": "1",
        },
    )
    programme.refresh_from_db()
    state = programme.current_workflow_task_state
    assert state is not None, "the editor's submission started the moderation workflow"
    return programme, state


def test_an_editor_cannot_approve_a_workflow_task_by_crafting_the_post(client, home_page, editor):
    programme, state = submitted_programme(client, home_page, editor)
    response = client.post(
        f"/admin/pages/workflow/action/{programme.pk}/approve/{state.pk}/", {"comment": ""}
    )
    assert response.status_code in {302, 403}
    state.refresh_from_db()
    assert state.status == "in_progress"
    programme.refresh_from_db()
    assert programme.title == "Avant"
    assert client.get("/programme/").content.decode().count("Soumis") == 0


def test_an_editor_cannot_publish_through_bulk_actions(client, home_page, editor):
    draft = StandardPageFactory(parent=home_page, title="Brouillon", slug="brouillon", live=False)
    client.force_login(editor)
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}", {})
    assert response.status_code in {200, 302, 403}
    draft.refresh_from_db()
    assert not draft.live
    assert client.get("/brouillon/").status_code == 404


def test_an_editor_cannot_change_settings_users_groups_or_workflows(
    client, home_page, editor, django_user_model
):
    client.force_login(editor)
    site_id = home_page.get_site().pk
    editors = Group.objects.get(name=roles.EDITORS)
    workflow = Workflow.objects.get(name=roles.WORKFLOW)
    attempts = [
        (
            f"/admin/settings/home/siteidentity/{site_id}/",
            {"organisation_name": "Piraté", "tagline": "Piraté"},
        ),
        (
            "/admin/users/add/",
            {
                "username": "intrus",
                "email": "intrus@example.org",
                "first_name": "I",
                "last_name": "N",
                "password1": "Motdepasse-tres-long-1",
                "password2": "Motdepasse-tres-long-1",
                "is_superuser": "on",
            },
        ),
        (
            f"/admin/users/{editor.pk}/",
            {"username": editor.username, "email": "x@example.org", "is_superuser": "on"},
        ),
        ("/admin/groups/add/", {"name": "Tout-puissants"}),
        (f"/admin/groups/edit/{editors.pk}/", {"name": roles.EDITORS}),
        (f"/admin/groups/{editors.pk}/", {"name": roles.EDITORS}),
        ("/admin/workflows/add/", {"name": "Sans validation", "active": "on"}),
        (f"/admin/workflows/edit/{workflow.pk}/", {"name": "Sans validation"}),
        (f"/admin/workflows/disable/{workflow.pk}/", {}),
        ("/admin/sites/add/", {"hostname": "intrus.example", "port": "80"}),
        ("/django-admin/auth/user/add/", {"username": "intrus"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code in {302, 403, 404}, url
        if response.status_code == 302:
            assert not response["Location"].startswith(url), url
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert not django_user_model.objects.filter(username="intrus").exists()
    assert not Group.objects.filter(name="Tout-puissants").exists()
    assert list(editor.groups.values_list("name", flat=True)) == [roles.EDITORS]
    workflow.refresh_from_db()
    assert (workflow.name, workflow.active) == (roles.WORKFLOW, True)
    assert SiteIdentity.for_site(home_page.get_site()).organisation_name != "Piraté"


def test_anonymous_visitors_reach_no_private_page(client, home_page):
    private = StandardPageFactory(parent=home_page, title="Réservé Quasiplanète", slug="reserve")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for url in ("/reserve/", "/recherche/?q=R%C3%A9serv%C3%A9", "/sitemap.xml", "/"):
        response = client.get(url)
        assert_no_secret(response)
    assert client.get("/reserve/").status_code == 302


def test_revisions_of_the_embargoed_page_exist_for_the_checks_above(landscape):
    assert Revision.page_revisions.filter(object_id=str(landscape["embargoed"].pk)).count() == 2


def test_the_page_chooser_still_offers_published_pages_and_the_editors_own_work(
    client, landscape, podcaster, editor
):
    published = PositionPageFactory(parent=landscape["index"], title="Position publiée sous toit")
    client.force_login(podcaster)
    found = content(client.get("/admin/choose-page/search/?q=sous"))
    assert published.title in found
    assert SECRET_TITLE not in found
    client.force_login(editor)  # Editors edit every page: they see the embargoed draft
    assert SECRET_TITLE in content(client.get("/admin/choose-page/search/?q=embargo"))
