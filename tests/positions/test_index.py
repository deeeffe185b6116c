"""The positions index: combinable filters in the URL, French search, counts, bad input."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from positions.models import PositionIndexPage, PositionKind
from positions.views import clean_query, parse_filters
from tests.positions.factories import PositionPageFactory, ThemeFactory


def titles(response):
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def catalogue(index_page):
    energy = ThemeFactory(name="Énergie", slug="energie")
    land = ThemeFactory(name="Foncier", slug="foncier")
    PositionPageFactory(
        parent=index_page,
        title="Le prix de l'électricité",
        kind=PositionKind.POSITION,
        themes=[energy],
        publication_date=datetime.date(2025, 6, 1),
        summary="Les factures d'énergie menacent les PMI industrielles.",
    )
    PositionPageFactory(
        parent=index_page,
        title="Redynamiser l'industrie",
        kind=PositionKind.WHITE_PAPER,
        themes=[energy, land],
        publication_date=datetime.date(2026, 2, 1),
        summary="Faire passer l'industrie de 9 % à 13 % du PIB.",
    )
    PositionPageFactory(
        parent=index_page,
        title="Zones d'activité",
        kind=PositionKind.PRESS_RELEASE,
        themes=[land],
        publication_date=datetime.date(2026, 3, 1),
        summary="Réserver des terrains aux petites entreprises.",
    )
    return index_page


def test_index_lists_newest_first_with_a_count(client, catalogue):
    response = client.get("/prises-de-position/")
    assert titles(response) == [
        "Zones d&#x27;activité",
        "Redynamiser l&#x27;industrie",
        "Le prix de l&#x27;électricité",
    ]
    assert "3 prises de position" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?theme=energie", ["Redynamiser l&#x27;industrie", "Le prix de l&#x27;électricité"]),
        ("?theme=foncier&kind=communique", ["Zones d&#x27;activité"]),
        ("?theme=energie&year=2026", ["Redynamiser l&#x27;industrie"]),
        ("?kind=livre-blanc&year=2025", []),
        ("?q=industrie", ["Redynamiser l&#x27;industrie"]),
        ("?q=terrains&theme=foncier", ["Zones d&#x27;activité"]),
        ("?q=terrains&theme=energie", []),
    ],
)
def test_filters_and_search_combine(client, catalogue, query, expected):
    response = client.get(f"/prises-de-position/{query}")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(expected)


def test_selected_filters_are_kept_in_the_form(client, catalogue):
    html = client.get(
        "/prises-de-position/?theme=energie&kind=livre-blanc&year=2026"
    ).content.decode()
    assert '<option value="energie" selected>' in html
    assert '<option value="livre-blanc" selected>' in html
    assert '<option value="2026" selected>' in html
    assert "1 prise de position correspond à votre recherche" in html


def test_drafts_and_private_positions_are_not_listed(client, catalogue):
    PositionPageFactory(parent=catalogue, title="Brouillon secret", live=False)
    private = PositionPageFactory(parent=catalogue, title="Réservé aux adhérents")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/prises-de-position/?q=secret")
    assert titles(response) == []
    assert "Réservé aux adhérents" not in client.get("/prises-de-position/").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?theme=inconnu",
        "?kind=roman",
        "?year=abcd",
        "?year=1850",
        "?page=abc",
        "?page=%C2%B2",
        "?year=%C2%B2%C2%B2%C2%B2%C2%B2",
        "?q=%22%28%27*%00",
        "?q=" + "x" * 5000,
        "?theme=energie&theme=<script>",
    ],
)
def test_bad_input_gives_a_normal_page(client, catalogue, query):
    response = client.get(f"/prises-de-position/{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_unknown_filter_is_reported_and_ignored(client, catalogue):
    html = client.get("/prises-de-position/?theme=inconnu").content.decode()
    assert "Filtre non reconnu, ignoré\u00a0: thème." in html
    assert len(titles(client.get("/prises-de-position/?theme=inconnu"))) == 3


@pytest.mark.parametrize(
    "number",
    [
        "3",
        "0",
        "999999999999",
        "999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
    ],
)
def test_page_beyond_the_end_is_a_404(client, catalogue, number):
    assert client.get(f"/prises-de-position/?page={number}").status_code == 404


def test_pagination_keeps_the_filters(client, index_page):
    theme = ThemeFactory(slug="energie")
    for _ in range(12):
        PositionPageFactory(parent=index_page, themes=[theme])
    html = client.get("/prises-de-position/?theme=energie").content.decode()
    assert "Page 1 sur 2" in html
    assert 'href="?theme=energie&amp;page=2"' in html
    assert len(titles(client.get("/prises-de-position/?theme=energie&page=2"))) == 2


def test_parse_filters_drops_what_does_not_exist():
    filters = parse_filters(
        {"theme": "energie", "kind": "roman", "year": "2026", "q": ' "énergie" (PME) '},
        theme_slugs={"energie"},
        kinds={"position"},
        years={2026},
    )
    assert filters == {
        "theme": "energie",
        "kind": "",
        "year": 2026,
        "q": "énergie PME",
        "ignored": ["type"],
    }
    assert clean_query("a" * 500) == "a" * 200


def _queries_for_index(client, index_page, shown):
    """Adds positions (two themes each) until `shown` are listed; returns the index's queries."""
    themes = [ThemeFactory(), ThemeFactory()]
    already = index_page.get_children().count()
    for _ in range(shown - already):
        PositionPageFactory(parent=index_page, themes=themes)
    client.get("/prises-de-position/")  # warm the site and settings caches like a real server
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/prises-de-position/")
    assert len(titles(response)) == shown
    return len(queries)


def test_index_query_count_does_not_grow_with_positions_shown(client, index_page, monkeypatch):
    monkeypatch.setattr(PositionIndexPage, "per_page", 50)
    small = _queries_for_index(client, index_page, 10)
    large = _queries_for_index(client, index_page, 50)
    print(f"index page: {small} queries for 10 positions, {large} for 50")
    assert large == small


def test_theme_filter_lists_themes_in_french_alphabetical_order(client, index_page):
    for name, slug in [("Travail", "travail"), ("Énergie", "energie"), ("emploi", "emploi")]:
        ThemeFactory(name=name, slug=slug)
    html = client.get(index_page.url).content.decode()
    options = re.findall(r'<option value="(emploi|energie|travail)"', html)
    assert options == ["emploi", "energie", "travail"]
