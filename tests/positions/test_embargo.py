"""Scheduled publishing is the embargo: before go-live, the position and its PDF are nowhere."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from core import roles
from tests.positions.factories import (
    PositionPageFactory,
    PressRoomPageFactory,
    ThemeFactory,
    make_document,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BEFORE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
GO_LIVE = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
AFTER = datetime.datetime(2026, 3, 2, 10, 1, tzinfo=PARIS)
TITLE = "Embargo jusqu'à dix heures"
SECRET = "Zythogramme"  # a word that appears nowhere else on the site


def public_surfaces(client, page_url, pdf_url):
    """What an anonymous visitor or crawler can reach, as {surface: response text or status}."""
    texts = {
        "index": client.get("/prises-de-position/").content.decode(),
        "index search": client.get(f"/prises-de-position/?q={SECRET}").content.decode(),
        "home": client.get("/").content.decode(),
        "press room": client.get("/presse/").content.decode(),
        "rss": client.get("/prises-de-position/flux/rss/").content.decode(),
        "atom": client.get("/prises-de-position/flux/atom/").content.decode(),
        "theme rss": client.get("/prises-de-position/flux/rss/sous-embargo/").content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
        "site search": client.get(f"/recherche/?q={SECRET}").content.decode(),
    }
    return texts, client.get(page_url), client.get(pdf_url)


@pytest.fixture
def scheduled(home_page, index_page):
    PressRoomPageFactory(parent=home_page)
    theme = ThemeFactory(name="Sous embargo", slug="sous-embargo")
    with time_machine.travel(BEFORE, tick=False):
        document = make_document(title="Communiqué", filename="communique.pdf")
        page = PositionPageFactory(
            parent=index_page,
            title=TITLE,
            slug="embargo",
            summary=f"{SECRET} : annonce réservée jusqu'à dix heures.",
            themes=[theme],
            pdf=document,
            live=False,
        )
        page.go_live_at = GO_LIVE
        page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live, "a future go_live_at must schedule the revision, not publish it"
    return "/prises-de-position/embargo/", document.url


def test_scheduled_position_is_nowhere_before_go_live_and_everywhere_after(client, scheduled):
    page_url, pdf_url = scheduled

    with time_machine.travel(BEFORE, tick=False):
        call_command("publish_scheduled")
        texts, page_response, pdf_response = public_surfaces(client, page_url, pdf_url)
    assert page_response.status_code == 404
    assert pdf_response.status_code == 404
    for surface, text in texts.items():
        assert TITLE not in text.replace("&#x27;", "'"), surface
        assert "annonce réservée" not in text, surface
        assert page_url not in text, surface

    with time_machine.travel(AFTER, tick=False):
        call_command("publish_scheduled")
        texts, page_response, pdf_response = public_surfaces(client, page_url, pdf_url)
    assert page_response.status_code == 200
    assert '"@type": "NewsArticle"' in page_response.content.decode()
    assert pdf_response.status_code == 200
    assert b"".join(pdf_response.streaming_content).startswith(b"%PDF-")
    for surface, text in texts.items():
        assert page_url in text, surface


def test_editors_can_check_the_embargoed_pdf(client, django_user_model, scheduled):
    _, pdf_url = scheduled
    editor = django_user_model.objects.create_user("redacteur", password="x")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    assert client.get(pdf_url).status_code == 200


def test_pdf_chosen_in_a_draft_is_embargoed_too(client, index_page):
    document = make_document(filename="brouillon.pdf")
    page = PositionPageFactory(parent=index_page, live=False)
    page.pdf = document
    page.save_revision()  # a draft edit leaves the page row without the PDF
    assert client.get(document.url).status_code == 404


def test_pdf_of_a_private_position_is_not_served(client, index_page):
    document = make_document(filename="adherents.pdf")
    page = PositionPageFactory(parent=index_page, pdf=document)
    assert client.get(document.url).status_code == 200
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert client.get(document.url).status_code == 404


def test_documents_are_not_reachable_under_media(client, index_page, settings):
    document = make_document(filename="direct.pdf")
    PositionPageFactory(parent=index_page, pdf=document, live=False)
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_documents_always_go_through_the_embargo_check(settings):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_release_happens_even_if_the_pdf_file_went_missing(client, scheduled):
    page_url, _ = scheduled
    document = get_document_model().objects.get()
    document.file.storage.delete(document.file.name)
    with time_machine.travel(AFTER, tick=False):
        call_command("publish_scheduled")
    assert client.get(page_url).status_code == 200


def test_a_scheduled_pdf_stays_embargoed_when_a_newer_draft_picks_another(client, index_page):
    """A live position gets a new PDF on a schedule; a later draft picks yet another one."""
    current_pdf = make_document(title="Version en ligne", filename="en-ligne.pdf")
    scheduled_pdf = make_document(title="Version programmée", filename="programmee.pdf")
    draft_pdf = make_document(title="Version de travail", filename="travail.pdf")
    with time_machine.travel(BEFORE, tick=False):
        page = PositionPageFactory(parent=index_page, slug="double", pdf=current_pdf)
        page.save_revision().publish()  # published through a revision, as in the admin
        page.refresh_from_db()  # the admin loads the page afresh: it knows its live revision
        page.pdf = scheduled_pdf
        page.go_live_at = GO_LIVE
        page.save_revision().publish()  # scheduled for ten o'clock; the live row keeps its PDF
        page.pdf = draft_pdf
        page.save_revision()  # a newer draft picks another PDF
        call_command("publish_scheduled")
        assert client.get(current_pdf.url).status_code == 200
        assert client.get(scheduled_pdf.url).status_code == 404
        assert client.get(draft_pdf.url).status_code == 404
    with time_machine.travel(AFTER, tick=False):
        call_command("publish_scheduled")
        assert client.get(scheduled_pdf.url).status_code == 200
        assert client.get(draft_pdf.url).status_code == 404
