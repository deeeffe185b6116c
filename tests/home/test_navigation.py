"""The header's menu, the footer's links and the HTML site map, as visitors get them."""

import json

import pytest
from wagtail.models import PageViewRestriction, Site

from home.models import SiteNavigation
from tests.antennas.factories import AntennaFactory, AntennaIndexPageFactory
from tests.home.factories import StandardPageFactory


def set_navigation(home_page, *, menu=(), footer=(), **pages):
    navigation = SiteNavigation.for_site(Site.objects.get(root_page=home_page))
    navigation.main_menu = json.dumps(list(menu))
    navigation.footer_links = json.dumps(
        [{"type": "link", "value": {"page": page.pk, "label": label}} for page, label in footer]
    )
    for field, page in pages.items():
        setattr(navigation, field, page)
    navigation.save()
    return navigation


def link(page, label="", description=""):
    return {"page": page.pk, "label": label, "description": description}


def header(html):
    return html[html.index('<header class="site-header"') : html.index("</header>")]


def footer(html):
    return html[html.index('<footer class="site-footer"') : html.index("</footer>")]


@pytest.fixture
def programmes(home_page):
    return [
        StandardPageFactory(parent=home_page, title=title, slug=slug)
        for title, slug in [("Pacte Occitan", "pacte"), ("PME Bootcamp 360", "bootcamp")]
    ]


def test_programmes_are_grouped_under_one_entry_with_short_labels(client, home_page, programmes):
    positions = StandardPageFactory(parent=home_page, title="Nos prises de position")
    set_navigation(
        home_page,
        menu=[
            {"type": "group", "value": {"label": "Nos programmes",
                                        "links": [link(page) for page in programmes]}},
            {"type": "link", "value": link(positions, "Positions")},
        ],
    )  # fmt: skip
    html = header(client.get("/").content.decode())
    assert html.count("Nos programmes") == 1
    group = html[html.index("Nos programmes") : html.index("</ul>")]
    assert ">Pacte Occitan</a>" in group
    assert ">PME Bootcamp 360</a>" in group
    assert ">Positions</a>" in html  # the editor's short label, not the page title
    assert "Nos prises de position" not in html


def test_drafts_and_private_pages_never_reach_the_menu_or_footer(client, home_page, programmes):
    draft = StandardPageFactory(parent=home_page, title="Projet en cours", live=False)
    private = StandardPageFactory(parent=home_page, title="Espace adhérents")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    set_navigation(
        home_page,
        menu=[{"type": "link", "value": link(page)} for page in (programmes[0], draft, private)],
        footer=[(draft, "Brouillon"), (private, "Réservé"), (programmes[1], "Bootcamp")],
        legal_notice_page=draft,
    )
    html = client.get("/").content.decode()
    for text in ("Projet en cours", "Espace adhérents", "Brouillon", "Réservé"):
        assert text not in html
    assert "Mentions légales" not in footer(html)
    assert ">Pacte Occitan</a>" in header(html)
    assert ">Bootcamp</a>" in footer(html)


def test_the_media_plan_leaves_the_menu_but_stays_in_the_footer(client, home_page, programmes):
    plan = StandardPageFactory(parent=home_page, title="Plan média 2026", show_in_menus=True)
    set_navigation(
        home_page,
        menu=[{"type": "link", "value": link(programmes[0])}],
        footer=[(plan, "Plan média 2026")],
    )
    html = client.get("/").content.decode()
    assert "Plan média 2026" not in header(html)
    assert f'href="{plan.url}">Plan média 2026</a>' in footer(html)


def test_the_current_page_and_its_section_are_marked(client, home_page, programmes):
    child = StandardPageFactory(parent=programmes[0], title="Journée Achat", slug="journee")
    set_navigation(home_page, menu=[{"type": "link", "value": link(page)} for page in programmes])
    html = header(client.get(programmes[1].url).content.decode())
    assert f'href="{programmes[1].url}" aria-current="page"' in html
    html = header(client.get(child.url).content.decode())
    assert f'href="{programmes[0].url}" class="is-active"' in html
    assert 'aria-current="page"' not in html


def test_the_join_button_leads_to_the_chosen_page(client, home_page, programmes):
    join = StandardPageFactory(parent=home_page, title="Adhérer à la CPME", slug="adherer")
    set_navigation(home_page, join_page=join)
    html = client.get("/").content.decode()
    assert f'<a class="button site-header__join" href="{join.url}">Adhérer</a>' in header(html)
    assert f'href="{join.url}">Adhérer à la CPME</a>' in footer(html)
    join.unpublish()
    html = client.get("/").content.decode()
    assert "site-header__join" not in html


def test_an_empty_menu_shows_the_top_level_pages_marked_for_menus(client, home_page):
    StandardPageFactory(parent=home_page, title="Dans le menu", show_in_menus=True)
    StandardPageFactory(parent=home_page, title="Hors menu", show_in_menus=False)
    html = header(client.get("/").content.decode())
    assert ">Dans le menu</a>" in html
    assert "Hors menu" not in html


def test_the_footer_names_the_legal_pages_and_the_accessibility_status(client, home_page):
    legal = StandardPageFactory(parent=home_page, title="Mentions", slug="mentions-legales")
    privacy = StandardPageFactory(parent=home_page, title="Données", slug="donnees")
    statement = StandardPageFactory(parent=home_page, title="Accessibilité", slug="rgaa")
    set_navigation(
        home_page,
        legal_notice_page=legal,
        privacy_page=privacy,
        accessibility_page=statement,
        accessibility_status="partiel",
    )
    html = footer(client.get("/").content.decode())
    assert f'<a href="{legal.url}">Mentions légales</a>' in html
    assert f'<a href="{privacy.url}">Données personnelles</a>' in html
    assert f'<a href="{statement.url}">Accessibilité\u00a0: partiellement conforme</a>' in html
    assert '<a href="/plan-du-site/">Plan du site</a>' in html


def test_footer_antennas_link_to_their_card_in_the_directory(client, home_page):
    AntennaIndexPageFactory(parent=home_page)
    AntennaFactory(department_code="46", city="Cahors")
    html = footer(client.get("/").content.decode())
    assert '<a href="/antennes/#antenne-46"><span class="dept-code">46</span> Cahors</a>' in html


def test_the_site_map_lists_public_pages_as_a_tree(client, home_page, programmes):
    child = StandardPageFactory(parent=programmes[0], title="Journée Achat", slug="journee")
    StandardPageFactory(parent=home_page, title="Brouillon caché", live=False)
    private = StandardPageFactory(parent=home_page, title="Section réservée", slug="reserve")
    StandardPageFactory(parent=private, title="Sous-page réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/plan-du-site/")
    assert response.status_code == 200
    html = response.content.decode()
    tree = html[html.index('<ul class="site-map">') :]
    assert f'<a href="{child.url}">Journée Achat</a>' in tree
    # The child is nested inside its parent's item.
    parent_item = tree[tree.index(f'href="{programmes[0].url}"') : tree.index("Journée Achat")]
    assert "<ul>" in parent_item
    for hidden in ("Brouillon caché", "Section réservée", "Sous-page réservée"):
        assert hidden not in html


def test_navigation_edits_show_at_the_next_request(client, home_page, programmes):
    client.get("/")  # menu and footer cached
    set_navigation(home_page, menu=[{"type": "link", "value": link(programmes[0], "Le pacte")}])
    assert ">Le pacte</a>" in header(client.get("/").content.decode())
