"""The home page's latest positions and the press room, as visitors and journalists see them."""

import datetime
import json

from django.core.management import call_command
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from positions.models import PositionPage, PressRoomPage
from tests.positions.factories import (
    PositionPageFactory,
    PressContactFactory,
    PressRoomPageFactory,
)


def test_home_shows_the_three_latest_public_positions(client, index_page):
    for day in range(1, 6):
        PositionPageFactory(
            parent=index_page,
            title=f"Position du {day} mars",
            publication_date=datetime.date(2026, 3, day),
        )
    PositionPageFactory(
        parent=index_page,
        title="Brouillon du 9 mars",
        publication_date=datetime.date(2026, 3, 9),
        live=False,
    )
    html = client.get("/").content.decode()
    section = html[html.index('id="latest-positions"') : html.index('id="latest-episodes"')]
    assert section.count('class="card position-card"') == 3
    assert section.index("Position du 5 mars") < section.index("Position du 3 mars")
    assert "Position du 2 mars" not in section
    assert "Brouillon" not in section


def test_home_keeps_its_empty_state_without_positions(client, home_page):
    html = client.get("/").content.decode()
    assert "Nos premières prises de position seront publiées ici" in html


def test_press_room_lists_contacts_positions_and_credited_kit(client, home_page, index_page):
    image = get_image_model().objects.create(title="Logo", file=get_test_image_file())
    PressRoomPageFactory(
        parent=home_page,
        kit=json.dumps(
            [
                {
                    "type": "image",
                    "value": {
                        "image": image.pk,
                        "caption": "Logo CPME",
                        "credit": "CPME Occitanie",
                    },
                }
            ]
        ),
    )
    PressContactFactory(name="Julien Exemple", phone="05 00 00 00 99")
    PositionPageFactory(parent=index_page, title="Dernière position")

    html = client.get("/presse/").content.decode()

    assert "Julien Exemple" in html
    assert 'href="tel:0500000099"' in html
    assert "Dernière position" in html
    assert "© CPME Occitanie" in html
    assert f'href="{image.file.url}" download' in html


def test_seed_demo_builds_the_white_paper_with_its_pdf(client, db):
    call_command("seed_demo")
    white_paper = PositionPage.objects.get(slug="redynamiser-l-industrie")
    assert white_paper.pdf_page_count == 2
    assert white_paper.themes.count() == 6
    assert PositionPage.objects.live().count() == 3
    assert PressRoomPage.objects.live().count() == 1

    html = client.get(white_paper.url, HTTP_HOST="127.0.0.1:8000").content.decode()
    assert 'id="proposition-6"' in html
    assert "13 %" in html
    pdf = client.get(white_paper.pdf.url, HTTP_HOST="127.0.0.1:8000")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-1.4")


def test_admin_menu_offers_the_press_snippets(admin_client, db):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Porte-parole" in html
    assert "Contacts presse" in html
