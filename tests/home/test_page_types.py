"""Page type rules, and every page type rendering, editable and previewable by an editor."""

from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from antennas.models import AntennaIndexPage
from core import roles
from home.models import HomePage, StandardPage
from tests.antennas.factories import AntennaIndexPageFactory
from tests.home.factories import StandardPageFactory, make_site_home


class PageTypeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_accepts_programmes_and_the_antenna_directory(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, AntennaIndexPage)
        self.assertCanNotCreateAt(StandardPage, HomePage)

    def test_programme_pages_nest_only_programme_pages(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedSubpageTypes(AntennaIndexPage, set())


class EditorCanWorkOnEveryPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.programme = StandardPageFactory(parent=cls.home, title="Pacte Occitan")
        cls.antennas = AntennaIndexPageFactory(parent=cls.home)

    def setUp(self):
        editor = self.create_user("redacteur", password="x")
        editor.groups.add(Group.objects.get(name=roles.EDITORS))
        self.client.force_login(editor)

    def test_each_page_type_renders_and_is_editable_and_previewable(self):
        # StreamFields are rendered by JavaScript, so the edit form is posted explicitly.
        pages = {
            self.home: {"hero_title": "Accroche", "body": streamfield([])},
            self.programme: {"intro": "Chapeau", "body": streamfield([])},
            self.antennas: {"intro": "Treize antennes"},
        }
        for page, fields in pages.items():
            post_data = nested_form_data({"title": page.title, "slug": page.slug, **fields})
            with self.subTest(page=page.specific_class.__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=post_data)
                self.assertPageIsPreviewable(page, post_data=post_data)

    def test_editor_creates_a_programme_page_with_every_stream_block(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "PME Bootcamp 360",
                    "slug": "pme-bootcamp-360",
                    "intro": "Douze mois pour transformer son entreprise.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Un parcours complet", "level": "h2"}),
                            ("paragraph", rich_text("<p>Dix entreprises sélectionnées.</p>")),
                            ("quote", {"text": "Utile.", "author": "V. A.", "role": ""}),
                            (
                                "call_to_action",
                                {
                                    "title": "Envie d'en être ?",
                                    "text": "",
                                    "button_label": "Nous contacter",
                                    "page": "",
                                    "url": "https://example.org/contact",
                                },
                            ),
                            (
                                "key_figures",
                                {
                                    "title": "En bref",
                                    "figures": streamfield(
                                        [("item", {"value": "12", "label": "mois", "source": ""})]
                                    ),
                                },
                            ),
                        ]
                    ),
                }
            ),
            publish=False,
        )
