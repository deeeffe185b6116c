"""Stored XSS: markup typed into any field comes back as text, in public pages and the admin."""

import datetime
import json

import pytest
from django.utils import timezone
from django.utils.html import escape
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import StandardPage
from tests.antennas.factories import AntennaFactory, AntennaIndexPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import StandardPageFactory
from tests.influence.factories import (
    BodyFactory,
    InfluenceReportPageFactory,
    MandateFactory,
    RepresentativeFactory,
)
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    PressRoomPageFactory,
    SpokespersonFactory,
    ThemeFactory,
)
from tests.security.conftest import content

PAYLOAD = '"><svg onload=alert(1)>'
ESCAPED = "&quot;&gt;&lt;svg onload=alert(1)&gt;"
SCRIPT = "<script>alert(2)</script>"


def x(label):
    """A field value carrying both payloads, tagged so a failure says which field leaked."""
    return f"{label} {PAYLOAD} {SCRIPT}"


def assert_escaped(response, url):
    page = content(response)
    assert response.status_code == 200, url
    assert "<svg onload" not in page.lower(), url
    assert "<script>alert(2)" not in page, url


def body_blocks():
    return json.dumps(
        [
            {"type": "heading", "value": {"text": x("Intertitre"), "level": "h2"}},
            {"type": "quote", "value": {"text": x("Citation"), "author": x("Auteur"), "role": ""}},
            {
                "type": "key_figures",
                "value": {
                    "title": x("Chiffres"),
                    "figures": [{"value": "3 000", "label": x("Libellé"), "source": x("Src")}],
                },
            },
            {
                "type": "call_to_action",
                "value": {
                    "title": x("Appel"),
                    "text": x("Texte"),
                    "button_label": x("Bouton"),
                    "page": None,
                    "url": "https://example.org/",
                },
            },
        ]
    )


@pytest.fixture
def hostile_site(home_page):
    theme = ThemeFactory(name=x("Thème"), slug="theme-hostile", description=x("Description"))
    spokesperson = SpokespersonFactory(name=x("Porte-parole"), role=x("Rôle"))
    AntennaIndexPageFactory(parent=home_page)
    AntennaFactory(department_code="31", name=x("Antenne"), city=x("Ville"))
    programme = StandardPageFactory(
        parent=home_page, slug="programme", title=x("Programme"), intro=x("Chapeau")
    )
    programme.body = body_blocks()
    programme.save_revision().publish()
    index = PositionIndexPageFactory(parent=home_page)
    position = PositionPageFactory(
        parent=index,
        slug="position",
        title=x("Position"),
        summary=x("Résumé"),
        themes=[theme],
        spokesperson=spokesperson,
        body=json.dumps(
            [
                {
                    "type": "proposals",
                    "value": {
                        "title": x("Propositions"),
                        "proposals": [{"title": x("Proposition"), "detail": ""}],
                    },
                }
            ]
        ),
    )
    PressRoomPageFactory(parent=home_page)
    calendar = EventIndexPageFactory(parent=home_page)
    start = timezone.now() + datetime.timedelta(days=3)
    EventPageFactory(
        parent=calendar,
        slug="evenement",
        title=x("Événement"),
        start=start,
        end=start + datetime.timedelta(hours=2),
        place=x("Lieu"),
        address=x("Adresse"),
        department_code="31",
    )
    show = PodcastPageFactory(parent=home_page, description=x("Émission"))
    audio = make_audio_asset(title=x("Audio"))
    EpisodePageFactory(
        parent=show, slug="episode", title=x("Épisode"), summary=x("Résumé"), audio=audio
    )
    InfluenceReportPageFactory(parent=home_page, year=timezone.now().year, slug="rapport")
    person = RepresentativeFactory(name=x("Mandataire"), company=x("Entreprise"))
    MandateFactory(representative=person, body=BodyFactory(name=x("Instance")))
    return {"programme": programme, "index": index, "position": position, "home": home_page}


PUBLIC = [
    "/",
    "/programme/",
    "/antennes/",
    "/prises-de-position/",
    "/prises-de-position/?theme=theme-hostile",
    "/prises-de-position/position/",
    "/presse/",
    "/agenda/",
    "/agenda/evenement/",
    "/cash-pme/",
    "/cash-pme/episode/",
    "/rapport/",
    "/recherche/?q=svg",
    "/recherche/?q=Position",
]


def test_payloads_come_back_escaped_on_every_public_page(client, hostile_site):
    for url in PUBLIC:
        assert_escaped(client.get(url), url)
    # …and they are shown, as text: the tests above would pass on an empty page otherwise.
    assert ESCAPED in content(client.get("/programme/"))
    assert ESCAPED in content(client.get("/prises-de-position/position/"))
    assert ESCAPED in content(client.get("/rapport/"))


def test_payloads_come_back_escaped_in_the_admin(admin_client, hostile_site):
    urls = [
        "/admin/",
        f"/admin/pages/{hostile_site['home'].pk}/",
        f"/admin/pages/{hostile_site['index'].pk}/",
        f"/admin/pages/{hostile_site['position'].pk}/edit/",
        f"/admin/pages/{hostile_site['programme'].pk}/edit/",
        f"/admin/pages/{hostile_site['programme'].pk}/history/",
        "/admin/pages/search/?q=svg",
        "/admin/snippets/antennas/antenna/",
        "/admin/snippets/positions/theme/",
        "/admin/snippets/positions/spokesperson/",
        "/admin/snippets/influence/body/",
        "/admin/snippets/influence/representative/",
        "/admin/snippets/influence/mandate/",
        "/admin/choose-page/search/?q=svg",
        "/admin/audio/",
    ]
    for url in urls:
        assert_escaped(admin_client.get(url), url)
    assert ESCAPED in content(admin_client.get("/admin/snippets/influence/representative/"))


def test_rich_text_typed_in_the_editor_cannot_carry_markup(admin_client, hostile_site):
    programme = hostile_site["programme"]
    # What an editor types is text; a link can still be given any address.
    typed = escape(f"{PAYLOAD} {SCRIPT}")
    html = f'<p>{typed}</p><p><a href="javascript:alert(3)">lien</a></p>'

    response = admin_client.post(
        f"/admin/pages/{programme.pk}/edit/",
        {
            **nested_form_data(
                {
                    "title": "Programme",
                    "slug": "programme",
                    "intro": "Chapeau",
                    "body": streamfield([("paragraph", rich_text(html))]),
                }
            ),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    stored = StandardPage.objects.get(pk=programme.pk).body.raw_data[0]["value"]
    assert "<svg" not in stored
    assert "javascript:" not in stored
    page = admin_client.get("/programme/")
    assert_escaped(page, "/programme/")
    assert "javascript:alert" not in content(page)
