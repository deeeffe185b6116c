"""The site-wide search page: every live public page type, labelled, nothing embargoed."""

import pytest
from wagtail.models import PageViewRestriction

from tests.home.factories import StandardPageFactory
from tests.positions.factories import PositionPageFactory


@pytest.fixture
def pages(home_page, index_page):
    PositionPageFactory(
        parent=index_page,
        title="Souveraineté industrielle",
        summary="Relocaliser la production des PMI.",
    )
    StandardPageFactory(
        parent=home_page, title="Pacte Occitan", intro="La production locale des PME."
    )
    PositionPageFactory(parent=index_page, title="Production brouillon", live=False)
    private = PositionPageFactory(parent=index_page, title="Production réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")


def test_search_finds_positions_and_programmes_with_their_type(client, pages):
    html = client.get("/recherche/?q=production").content.decode()
    assert "Souveraineté industrielle" in html
    assert "Pacte Occitan" in html
    assert 'class="result-type result-type--prise-de-position">Prise de position</span>' in html
    assert ">Page standard</span>" in html
    assert "Production brouillon" not in html
    assert "Production réservée" not in html
    assert "2 résultats pour « production »" in html


@pytest.mark.parametrize("query", ["", "%22", "%22%28*%29", "%00", "a" * 3000])
def test_empty_or_malformed_queries_give_a_normal_page(client, pages, query):
    response = client.get(f"/recherche/?q={query}")
    assert response.status_code == 200


def test_search_page_beyond_the_end_is_a_404(client, pages):
    assert client.get("/recherche/?q=production&page=2").status_code == 404


def test_search_refuses_post(client, pages):
    assert client.post("/recherche/", {"q": "production"}).status_code == 405


def test_postgresql_search_uses_french_stemming(client, index_page, settings):
    from django.db import connection

    on_postgresql = connection.vendor == "postgresql"
    config = settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG")
    assert (config == "french") is on_postgresql
    PositionPageFactory(parent=index_page, title="Délais de paiement", summary="Une entreprise.")
    plural = client.get("/prises-de-position/?q=entreprises").content.decode()
    # French stemming finds the singular from the plural; SQLite's engine matches words only.
    assert ("Délais de paiement" in plural) is on_postgresql
    assert "Délais de paiement" in client.get("/recherche/?q=entreprise").content.decode()
