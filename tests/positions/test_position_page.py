"""What a journalist gets on a position page: dates, proposals to cite, PDF, contacts, metadata."""

import datetime
import json
import re

import pytest
from wagtail.models import PageViewRestriction

from core.formats import file_size
from positions.models import PositionKind, PositionRelatedPage
from tests.home.test_site import outline
from tests.positions.factories import (
    PositionPageFactory,
    PressContactFactory,
    SpokespersonFactory,
    ThemeFactory,
    make_document,
    proposals_body,
)


@pytest.fixture
def white_paper(index_page):
    return PositionPageFactory(
        parent=index_page,
        slug="redynamiser-l-industrie",
        title="Redynamiser l'industrie",
        kind=PositionKind.WHITE_PAPER,
        themes=[ThemeFactory(name="Foncier", slug="foncier")],
        publication_date=datetime.date(2025, 11, 4),
        updated_date=datetime.date(2026, 2, 2),
        summary="De 9 % à 13 % du PIB.",
        body=proposals_body("Libérer du foncier", "Simplifier les procédures", "Former"),
        pdf=make_document(pages=3),
        spokesperson=SpokespersonFactory(),
        press_contact=PressContactFactory(),
    )


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_position_page_shows_what_journalists_cite(client, white_paper):
    html = client.get(white_paper.url).content.decode()
    assert "Livre blanc" in html
    assert 'Publié le <time datetime="2025-11-04">4 novembre 2025</time>' in html
    assert 'mis à jour le <time datetime="2026-02-02">2 février 2026</time>' in html
    for number in (1, 2, 3):
        assert f'id="proposition-{number}"' in html
        assert f'href="#proposition-{number}"' in html
    assert html.index("Libérer du foncier") < html.index("Simplifier les procédures")
    assert "3 pages" in html
    assert f'href="{white_paper.pdf.url}"' in html
    assert "Hélène Exemple" in html
    assert 'href="tel:0500000099"' in html
    assert 'href="/prises-de-position/?theme=foncier"' in html


def test_pdf_size_and_page_count_are_shown(client, white_paper):
    html = client.get(white_paper.url).content.decode()
    info = re.search(r'class="position__download-info">PDF, ([^<]+)</span>', html).group(1)
    assert white_paper.pdf.file_size > 500
    assert info == f"{file_size(white_paper.pdf.file_size)}, 3 pages"  # « 1 Ko », not « Kio »


def test_json_ld_is_a_news_article_with_dates_and_organisation(client, white_paper):
    data = json_ld(client.get(white_paper.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Redynamiser l'industrie"
    assert data["datePublished"] == "2025-11-04"
    assert data["dateModified"] == "2026-02-02"
    assert data["author"] == {"@type": "Organization", "name": "CPME Occitanie"}
    assert data["publisher"]["@type"] == "Organization"
    assert data["url"] == "http://testserver/prises-de-position/redynamiser-l-industrie/"


def test_sharing_metadata(client, white_paper):
    html = client.get(white_paper.url).content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/prises-de-position/redynamiser-l-industrie/">'
        in html
    )
    assert '<meta name="description" content="De 9 % à 13 % du PIB.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="article:published_time" content="2025-11-04">' in html
    assert '<meta property="article:modified_time" content="2026-02-02">' in html
    assert '<meta property="article:section" content="Livre blanc">' in html
    assert '<meta property="article:tag" content="Foncier">' in html
    assert 'type="application/rss+xml"' in html


def test_hostile_title_cannot_break_out_of_json_ld(client, index_page):
    page = PositionPageFactory(
        parent=index_page, title="</script><script>alert(1)</script>", summary="<b>&</b>"
    )
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    data = json_ld(html)
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert data["description"] == "<b>&</b>"


def test_related_content_shows_only_public_pages(client, index_page, white_paper):
    draft = PositionPageFactory(parent=index_page, title="Brouillon lié", live=False)
    private = PositionPageFactory(parent=index_page, title="Réservé lié")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = PositionPageFactory(parent=index_page, title="Public lié")
    white_paper.related_links = [
        PositionRelatedPage(related_page=target) for target in (draft, private, public)
    ]
    white_paper.save()
    html = client.get(white_paper.url).content.decode()
    assert "Public lié" in html
    assert "Brouillon lié" not in html
    assert "Réservé lié" not in html


@pytest.mark.parametrize(
    "path", ["/prises-de-position/", "position", "/presse/", "/recherche/?q=foncier"]
)
def test_pages_have_one_h1_and_ordered_headings(client, home_page, white_paper, path):
    from tests.positions.factories import PressRoomPageFactory

    PressRoomPageFactory(parent=home_page)
    PressContactFactory()
    html = client.get(white_paper.url if path == "position" else path).content.decode()
    page = outline(html)
    assert page.headings.count(1) == 1
    jumps = [b - a for a, b in zip(page.headings, page.headings[1:], strict=False)]
    assert max(jumps, default=0) <= 1, page.headings
    assert page.images_without_alt == []


def test_print_stylesheet_hides_navigation_for_position_pages():
    from django.conf import settings

    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules
    assert ".proposal" in print_rules
