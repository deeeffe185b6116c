"""What every visitor and crawler gets: French errors, sitemap, robots.txt, accessible markup."""

from html.parser import HTMLParser

import pytest
from wagtail.models import PageViewRestriction

from tests.antennas.factories import AntennaFactory, AntennaIndexPageFactory
from tests.home.factories import StandardPageFactory


class OutlineParser(HTMLParser):
    """Collects what accessibility reviews look at first: landmarks, headings, images."""

    def __init__(self):
        super().__init__()
        self.tags, self.headings, self.images_without_alt, self.links = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt.append(attrs.get("src"))
        if tag == "a":
            self.links.append(attrs.get("href"))


def outline(html):
    parser = OutlineParser()
    parser.feed(html)
    return parser


def test_unknown_url_answers_a_french_404(client, home_page):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert '<html lang="fr">' in response.content.decode()


def test_sitemap_lists_live_public_pages_only(client, home_page):
    live = StandardPageFactory(parent=home_page, slug="pacte-occitan")
    draft = StandardPageFactory(parent=home_page, slug="brouillon", live=False)
    private = StandardPageFactory(parent=home_page, slug="reserve-aux-adherents")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    xml = client.get("/sitemap.xml").content.decode()

    assert f"<loc>http://testserver{live.url}</loc>" in xml
    assert draft.slug not in xml
    assert private.slug not in xml


def test_robots_txt_points_to_the_sitemap_and_hides_the_admin(client, home_page):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/robots.txt", "text/plain"), ("/plan-du-site/", "text/html"), ("/", "text/html")],
)
def test_link_checkers_and_monitors_may_ask_with_head(client, home_page, path, content_type):
    response = client.head(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert not response.content


@pytest.mark.parametrize("path", ["/", "/programme/", "/antennes/", "/introuvable/"])
def test_pages_have_landmarks_skip_link_and_ordered_headings(client, home_page, path):
    StandardPageFactory(parent=home_page, slug="programme", show_in_menus=True)
    AntennaIndexPageFactory(parent=home_page)
    AntennaFactory.create_batch(3)

    page = outline(client.get(path).content.decode())

    assert {"header", "nav", "main", "footer"} <= set(page.tags)
    assert page.links[0] == "#contenu", "the skip link must be the first link"
    assert page.headings.count(1) == 1, "exactly one h1"
    assert page.headings[0] == 1
    jumps = [b - a for a, b in zip(page.headings, page.headings[1:], strict=False)]
    assert max(jumps, default=0) <= 1, f"heading levels skip: {page.headings}"
    assert page.images_without_alt == []


def test_user_supplied_text_is_escaped(client, home_page):
    StandardPageFactory(
        parent=home_page, slug="programme", title="<script>alert(1)</script>", intro="<b>x</b>"
    )
    html = client.get("/programme/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize("state", ["draft", "private"])
def test_the_home_call_to_action_never_names_a_page_a_visitor_cannot_open(client, home_page, state):
    target = StandardPageFactory(
        parent=home_page, title="Quasiplanète annoncée", slug="annonce", live=state != "draft"
    )
    if state == "private":
        PageViewRestriction.objects.create(page=target, restriction_type="login")
    home_page.hero_cta_page = target
    home_page.hero_cta_label = ""
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Quasiplanète" not in html
    assert "/annonce/" not in html

    if state == "draft":
        target.save_revision().publish()
    else:
        PageViewRestriction.objects.filter(page=target).delete()
    html = client.get("/").content.decode()
    assert "Quasiplanète annoncée" in html
    assert 'href="/annonce/"' in html
