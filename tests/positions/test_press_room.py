"""The press room as a journalist uses it: the list of releases, feeds, spokespeople, the press
kit and its ZIP, « Ils en parlent » and the press office."""

import datetime
import io
import json
import os
import tracemalloc
import zipfile

import feedparser
import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from core.formats import file_size
from positions.models import PositionKind
from tests.influence.factories import MediaActionFactory, MediaPlanPageFactory
from tests.positions.factories import (
    PositionPageFactory,
    PressContactFactory,
    PressRoomPageFactory,
    SpokespersonFactory,
    ThemeFactory,
    make_document,
)

BOILERPLATE = "La CPME Occitanie représente les petites et moyennes entreprises de la région."


def make_image(title, *, size=(64, 48), noise=False):
    """A stored Wagtail image; `noise` gives a PNG that compresses poorly, hence a big file."""
    if noise:
        picture = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        file = ContentFile(buffer.getvalue(), name=f"{title}.png")
    else:
        file = get_test_image_file(filename=f"{title}.png", size=size)
    return get_image_model().objects.create(title=title, file=file)


def kit_item(image, caption, credit):
    return {"type": "image", "value": {"image": image.pk, "caption": caption, "credit": credit}}


@pytest.fixture
def themes(db):
    return ThemeFactory(name="Énergie", slug="energie"), ThemeFactory(
        name="Foncier", slug="foncier"
    )


@pytest.fixture
def press_room(home_page):
    return PressRoomPageFactory(
        parent=home_page,
        press_office_phone="05 61 00 00 00",
        press_office_email="presse@cpme-occitanie.example",
        boilerplate=BOILERPLATE,
        key_figures=json.dumps(
            [
                {
                    "type": "figures",
                    "value": {
                        "title": "",
                        "figures": [{"value": "13", "label": "antennes", "source": ""}],
                    },
                }
            ]
        ),
    )


@pytest.fixture
def publications(index_page, themes):
    energy, land = themes
    return {
        "release": PositionPageFactory(
            parent=index_page,
            title="Communiqué sur l’énergie",
            kind=PositionKind.PRESS_RELEASE,
            publication_date=datetime.date(2026, 3, 2),
            themes=[energy],
            pdf=make_document(pages=3),
        ),
        "position": PositionPageFactory(
            parent=index_page,
            title="Position sur le foncier",
            publication_date=datetime.date(2026, 2, 1),
            themes=[land],
        ),
        "draft": PositionPageFactory(
            parent=index_page, title="Brouillon confidentiel", themes=[energy], live=False
        ),
    }


def section(html, anchor, next_anchor):
    return html[html.index(f'id="{anchor}"') : html.index(f'id="{next_anchor}"')]


def test_releases_and_positions_in_one_dated_list_with_pdf_size(client, press_room, publications):
    html = client.get("/presse/").content.decode()
    listing = section(html, "communiques", "porte-parole")
    assert listing.index("Communiqué sur l’énergie") < listing.index("Position sur le foncier")
    assert '<time datetime="2026-03-02">2 mars 2026</time>' in listing
    assert "Communiqué de presse" in listing
    assert "Prise de position" in listing
    assert "Brouillon confidentiel" not in html
    pdf = publications["release"].pdf
    assert f'href="{pdf.url}"' in listing
    assert f"(PDF, {file_size(pdf.file_size)}, 3 pages)" in listing


def test_the_list_filters_by_theme_and_kind(client, press_room, publications):
    html = client.get("/presse/?theme=foncier").content.decode()
    listing = section(html, "communiques", "porte-parole")
    assert "Position sur le foncier" in listing
    assert "Communiqué sur l’énergie" not in listing
    assert "1 publication correspond à vos critères" in listing

    html = client.get("/presse/?kind=communique").content.decode()
    listing = section(html, "communiques", "porte-parole")
    assert "Communiqué sur l’énergie" in listing
    assert "Position sur le foncier" not in listing
    # The feed links follow the filters on screen.
    assert 'href="/presse/flux/rss/?kind=communique"' in listing


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ("?theme=inconnu", "thème"),
        ("?kind=tract", "type"),
        ("?theme=%00%27<script>&kind=" + "x" * 5000, "thème, type"),
    ],
)
def test_unknown_filters_are_ignored_and_said(client, press_room, publications, query, ignored):
    response = client.get(f"/presse/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Filtre non reconnu, ignoré\u00a0: {ignored}." in html
    assert "Communiqué sur l’énergie" in html
    assert "Position sur le foncier" in html
    assert "<script>" not in html.split('id="communiques"')[1]


def test_page_numbers_beyond_the_end_are_not_found(client, press_room, publications):
    assert client.get("/presse/?page=abc").status_code == 200
    response = client.get("/presse/?page=99")
    assert response.status_code == 404


def test_feeds_of_the_list_each_filter(client, press_room, publications):
    everything = feedparser.parse(client.get("/presse/flux/rss/").content)
    assert [entry.title for entry in everything.entries] == [
        "Communiqué sur l’énergie",
        "Position sur le foncier",
    ]
    response = client.get("/presse/flux/atom/?kind=communique&theme=energie")
    assert response["Content-Type"].startswith("application/atom+xml")
    releases = feedparser.parse(response.content)
    assert [entry.title for entry in releases.entries] == ["Communiqué sur l’énergie"]
    assert "Énergie" in releases.feed.title
    assert "Communiqué de presse" in releases.feed.title
    assert client.get("/presse/flux/rss/?theme=foncier&kind=communique").status_code == 200


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/presse/flux/json/", "Format de flux inconnu"),
        ("/presse/flux/rss/?theme=inconnu", "Thème inconnu"),
        ("/presse/flux/atom/?kind=tract", "Type de publication inconnu"),
    ],
)
def test_a_feed_of_nothing_is_a_404_with_its_reason(client, press_room, url, message):
    response = client.get(url)
    assert response.status_code == 404
    assert message in response.content.decode()


def test_embargoed_and_private_texts_stay_out_of_the_list_and_feeds(
    client, press_room, index_page, themes
):
    hidden = PositionPageFactory(parent=index_page, title="Réservé aux adhérents")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    scheduled = PositionPageFactory(parent=index_page, title="Sous embargo", live=False)
    scheduled.go_live_at = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    scheduled.save_revision().publish()
    for url in ("/presse/", "/presse/flux/rss/", "/presse/flux/atom/?kind=position"):
        text = client.get(url).content.decode()
        assert "Réservé aux adhérents" not in text
        assert "Sous embargo" not in text


def test_spokespeople_with_hd_photo_bio_themes_and_the_press_office(client, press_room, themes):
    photo = make_image("helene", size=(1200, 900))
    person = SpokespersonFactory(
        name="Hélène Exemple",
        email="direct@example.org",
        photo=photo,
        photo_credit="Studio Fictif",
        bio="Cheffe d’entreprise à Albi, elle suit les questions d'énergie.",
    )
    person.themes.set(themes)

    html = client.get("/presse/").content.decode()
    card = section(html, "porte-parole", "kit-presse")
    assert "Hélène Exemple" in card
    assert "Vice-présidente chargée de l&#x27;industrie" in card
    assert "Cheffe d’entreprise à Albi" in card
    assert "Énergie" in card
    assert "Foncier" in card
    assert f'href="{photo.file.url}" download' in card
    assert "1200 × 900 px" in card
    assert "© Studio Fictif" in card
    assert 'href="#service-presse"' in card
    # Interviews go through the press office: no direct line on the card.
    assert "direct@example.org" not in html


def test_press_kit_logos_figures_boilerplate_and_credited_photos(client, press_room):
    photo = make_image("assemblee", size=(1600, 1000))
    press_room.kit = json.dumps([kit_item(photo, "Assemblée générale 2026", "Studio Fictif")])
    press_room.save_revision().publish()

    html = client.get("/presse/").content.decode()
    kit = section(html, "kit-presse", "ils-en-parlent")
    for path in ("brand/logo.svg", "brand/logo.png", "brand/logo-inverse.svg"):
        assert f'href="/static/{path}" download' in kit
    assert "Logo, fond sombre, PNG" in kit
    assert "13" in kit
    assert "antennes" in kit
    assert BOILERPLATE in kit
    assert 'data-copy-text="a-propos-texte"' in kit
    assert "© Studio Fictif" in kit
    assert f'href="{photo.file.url}" download' in kit
    assert 'href="/presse/kit-presse.zip" download' in kit
    for path in ("brand/logo.png", "brand/logo-inverse.png"):
        with Image.open(finders.find(path)) as logo:
            assert logo.mode == "RGBA"
            assert logo.height >= 500


def test_the_kit_zip_holds_every_file_with_its_credits(client, press_room):
    photo = make_image("assemblee")
    press_room.kit = json.dumps([kit_item(photo, "Assemblée générale", "Studio Fictif")])
    press_room.save_revision().publish()
    SpokespersonFactory(name="Hélène Exemple", photo=make_image("helene"))

    response = client.get("/presse/kit-presse.zip")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert "kit-presse-cpme-occitanie.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert {
        "LISEZ-MOI.txt",
        "logos/cpme-occitanie-logo-fond-clair.svg",
        "logos/cpme-occitanie-logo-fond-clair.png",
        "logos/cpme-occitanie-logo-fond-sombre.svg",
        "logos/cpme-occitanie-logo-fond-sombre.png",
        "photos/assemblee-generale.png",
        "porte-parole/helene-exemple.png",
    } <= set(names)
    with photo.file.open("rb") as original:
        assert archive.read("photos/assemblee-generale.png") == original.read()
    readme = archive.read("LISEZ-MOI.txt").decode()
    assert BOILERPLATE in readme
    assert "photos/assemblee-generale.png : Assemblée générale, © Studio Fictif" in readme
    assert "- 13 antennes" in readme


def test_the_kit_zip_is_streamed_in_bounded_memory(client, press_room):
    """Two 6 MB photos travel through a few chunks of memory, not the archive's size."""
    photos = [make_image(f"bruit-{n}", size=(1400, 1400), noise=True) for n in range(2)]
    press_room.kit = json.dumps([kit_item(p, f"Photo {p.pk}", "Studio Fictif") for p in photos])
    press_room.save_revision().publish()
    stream = client.get("/presse/kit-presse.zip").streaming_content

    total = 0
    largest_chunk = 0
    tracemalloc.start()
    try:
        for chunk in stream:
            total += len(chunk)
            largest_chunk = max(largest_chunk, len(chunk))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total > 11_000_000
    assert largest_chunk <= 256 * 1024
    assert peak < 2_000_000, f"peak {peak} bytes for a {total}-byte archive"


def test_they_talk_about_us_lists_public_coverage_newest_first(client, press_room, home_page):
    plan = MediaPlanPageFactory(parent=home_page)
    MediaActionFactory(
        page=plan, date=datetime.date(2026, 2, 1), outlet="La Dépêche fictive", topic="Foncier"
    )
    MediaActionFactory(
        page=plan, date=datetime.date(2026, 4, 1), outlet="Radio Exemple", topic="Énergie"
    )
    MediaActionFactory(
        page=plan, status="prevu", coverage_url="", outlet="Interview à venir", topic="Plus tard"
    )
    MediaActionFactory(page=plan, status="annule", coverage_url="", outlet="Annulé TV")
    draft_plan = MediaPlanPageFactory(parent=home_page, slug="plan-brouillon", live=False)
    MediaActionFactory(page=draft_plan, outlet="Média du brouillon")

    html = client.get("/presse/").content.decode()
    coverage = section(html, "ils-en-parlent", "service-presse")
    assert coverage.index("Radio Exemple") < coverage.index("La Dépêche fictive")
    assert '<time datetime="2026-04-01">1er avril 2026</time>' in coverage  # « 1er »
    assert 'href="https://gazette.example/article-' in coverage
    for hidden in ("Interview à venir", "Annulé TV", "Média du brouillon"):
        assert hidden not in coverage


def test_press_office_contact_and_embargo_policy(client, press_room):
    PressContactFactory(name="Julien Exemple", phone="05 00 00 00 99")
    html = client.get("/presse/").content.decode()
    office = html[html.index('id="service-presse"') :]
    assert 'href="tel:0561000000"' in office
    assert 'href="mailto:presse@cpme-occitanie.example"' in office
    assert "Julien Exemple" in office
    assert "ne peuvent être publiés, cités ni résumés avant la date" in office
    assert 'href="/alertes-presse/"' in office
