"""Editors create and edit positions in the admin; bad PDFs are refused with a French message."""

from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core import roles
from core.pdf import InvalidPdf, pdf_page_count
from home.models import HomePage
from positions.demo import simple_pdf
from positions.models import PositionIndexPage, PositionPage, PressContact, PressRoomPage
from tests.home.factories import make_site_home
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    PressRoomPageFactory,
    ThemeFactory,
    make_document,
)


class PageTypeRulesTests(WagtailPageTestCase):
    def test_positions_live_under_their_index_under_home(self):
        self.assertCanCreateAt(HomePage, PositionIndexPage)
        self.assertCanCreateAt(HomePage, PressRoomPage)
        self.assertAllowedSubpageTypes(PositionIndexPage, {PositionPage})
        self.assertAllowedParentPageTypes(PositionPage, {PositionIndexPage})
        self.assertAllowedSubpageTypes(PositionPage, set())


class EditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index = PositionIndexPageFactory(parent=cls.home)
        cls.press_room = PressRoomPageFactory(parent=cls.home)
        cls.theme = ThemeFactory(name="Énergie", slug="energie")
        cls.position = PositionPageFactory(parent=cls.index, themes=[cls.theme])

    def setUp(self):
        editor = self.create_user("redacteur", password="x")
        editor.groups.add(Group.objects.get(name=roles.EDITORS))
        self.client.force_login(editor)

    def position_data(self, **overrides):
        data = {
            "title": "Redynamiser l'industrie",
            "slug": "redynamiser-l-industrie",
            "kind": "livre-blanc",
            "themes": [self.theme.pk],
            "publication_date": "2026-02-01",
            "updated_date": "",
            "summary": "De 9 % à 13 % du PIB.",
            "body": streamfield(
                [
                    ("heading", {"text": "Le cap", "level": "h2"}),
                    ("paragraph", rich_text("<p>Six leviers.</p>")),
                    (
                        "proposals",
                        {
                            "title": "Nos propositions",
                            "proposals": streamfield(
                                [("item", {"title": "Libérer du foncier", "detail": rich_text("")})]
                            ),
                        },
                    ),
                ]
            ),
            "pdf": "",
            "spokesperson": "",
            "press_contact": "",
            "related_links": inline_formset([{"related_page": self.position.pk}]),
        }
        data.update(overrides)
        themes = data.pop("themes")
        return {**nested_form_data(data), "themes": themes}

    def test_each_page_type_renders_and_is_editable_and_previewable(self):
        pages = {
            self.index: {"intro": "Nos positions"},
            self.press_room: {
                "intro": "Journalistes",
                "kit": streamfield([]),
                "key_figures": streamfield([]),
                "embargo_policy": "Sous embargo jusqu’à l’heure dite.",
            },
            self.position: {
                "kind": "position",
                "themes": [self.theme.pk],
                "publication_date": "2026-01-15",
                "summary": "Résumé",
                "body": streamfield([]),
                "related_links": inline_formset([]),
            },
        }
        for page, fields in pages.items():
            themes = fields.pop("themes", [])
            post_data = nested_form_data({"title": page.title, "slug": page.slug, **fields})
            post_data["themes"] = themes
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=post_data)
                self.assertPageIsPreviewable(page, post_data=post_data)

    def test_editor_creates_a_position_with_proposals_pdf_and_related_page(self):
        document = make_document(pages=4)
        self.assertCanCreate(
            self.index, PositionPage, self.position_data(pdf=document.pk), publish=False
        )
        page = PositionPage.objects.get(slug="redynamiser-l-industrie")
        assert page.pdf_page_count == 4
        assert list(page.themes.all()) == [self.theme]
        assert [link.related_page_id for link in page.related_links.all()] == [self.position.pk]

    def test_a_document_that_is_not_a_pdf_is_refused(self):
        spreadsheet = make_document(title="Tableur", filename="chiffres.csv", content=b"a;b\n1;2\n")
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=("positions", "positionpage", self.index.pk)),
            self.position_data(pdf=spreadsheet.pk),
        )
        assert response.status_code == 200
        assert "Le document joint doit être un fichier PDF." in response.content.decode()
        assert not PositionPage.objects.filter(slug="redynamiser-l-industrie").exists()

    def test_theme_is_required_and_dates_must_be_in_order(self):
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=("positions", "positionpage", self.index.pk)),
            self.position_data(themes=[], updated_date="2026-01-01"),
        )
        html = response.content.decode()
        assert "Champ requis." in html
        assert "La mise à jour ne peut pas précéder la publication." in html
        assert not PositionPage.objects.filter(slug="redynamiser-l-industrie").exists()


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("redacteur", password="x")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 this is a zip", "Ce fichier n'est pas un PDF."),
        (b"%PDF-1.4\n garbage without pages", "Ce PDF est endommagé ou illisible."),
    ],
)
def test_document_upload_named_pdf_must_be_a_pdf(editor_client, db, content, message):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Livre blanc",
            "file": SimpleUploadedFile("livre-blanc.pdf", content),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not get_document_model().objects.exists()


def test_a_real_pdf_uploads_fine(editor_client, db):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Livre blanc",
            "file": SimpleUploadedFile("livre-blanc.pdf", simple_pdf([["Une page"]])),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    assert get_document_model().objects.get().file_size > 0


def test_pdf_page_count_reads_real_pdfs_only():
    import io

    assert pdf_page_count(io.BytesIO(simple_pdf([["un"], ["deux"], ["trois"]]))) == 3
    with pytest.raises(InvalidPdf, match="n'est pas un PDF"):
        pdf_page_count(io.BytesIO(b"<html></html>"))


def test_replacing_the_pdf_file_updates_the_page_count(index_page):
    from django.core.files.base import ContentFile

    document = make_document(pages=2)
    page = PositionPageFactory(parent=index_page, pdf=document)
    assert page.pdf_page_count == 2
    document.file.save("nouvelle-version.pdf", ContentFile(simple_pdf([["a"]] * 5)))
    page.refresh_from_db()
    assert page.pdf_page_count == 5


def test_editors_may_manage_press_contacts(editor_client, db):
    response = editor_client.post(
        reverse("wagtailsnippets_positions_presscontact:add"),
        {"name": "Julien Exemple", "role": "Attaché de presse", "email": "x", "phone": "abc"},
    )
    html = unescape(response.content.decode())
    assert not PressContact.objects.exists()
    assert "Saisissez une adresse de courriel valide." in html
    assert "Saisissez un numéro de téléphone valide" in html


def test_bulk_upload_refuses_a_fake_pdf_too(editor_client, db):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile("livre-blanc.pdf", b"pas un pdf")},
    )
    assert response.json()["success"] is False
    assert "Ce fichier n'est pas un PDF." in response.json()["error_message"]
    assert not get_document_model().objects.exists()


def test_a_replaced_pdf_renews_pages_only_after_its_page_count_is_written(
    admin_client, client, index_page, monkeypatch
):
    """The file and the page count are two writes: a visit between them must not store the
    old count under the new content version, where it would stay until the next change."""
    from core.cache import content_version
    from positions import documents

    document = make_document(pages=2)
    page = PositionPageFactory(parent=index_page, pdf=document)
    assert "2 pages" in client.get(page.url).content.decode()  # stored for visitors
    before = content_version()
    seen_while_counting = []
    count_pages = documents.document_page_count

    def counting(doc):
        seen_while_counting.append(content_version())
        return count_pages(doc)

    monkeypatch.setattr(documents, "document_page_count", counting)
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "collection": document.collection_id,
            "file": SimpleUploadedFile(
                "nouvelle-version.pdf", simple_pdf([["a"]] * 5), "application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    assert seen_while_counting == [before]  # not renewed before the last write
    assert content_version() != before
    assert "5 pages" in client.get(page.url).content.decode()
