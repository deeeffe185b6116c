"""French typography as visitors read it, on every page of the demo site: no line starting
with « : ; ! ? » », the first of the month as « 1er », 0 and 1 in the singular, durations and
sizes in words people use."""

import re

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from core.formats import french_spacing_html
from members.models import Need
from positions.models import Theme

pytestmark = pytest.mark.django_db

# Routes that are not pages of the tree: listed by hand, with the query strings that change
# what a page says (filters, an empty result, a result count).
ROUTES = [
    "/plan-du-site/",
    "/recherche/",
    "/recherche/?q=tr%C3%A9sorerie",
    "/recherche/?q=zzzzzz",
    "/prises-de-position/?theme=foncier",
    "/prises-de-position/?q=zzzzzz",
    "/agenda/?periode=passes",
    "/agenda/?departement=31",
    "/alertes-presse/",
    "/partage/mastodon/?instance=mastodon.social&texte=Cash%20PME%20%3A%20%C3%A9coutez",
    "/espace-membres/compte/connexion/",
    "/espace-membres/compte/inscription/",
    "/espace-membres/export/regles-des-avis/",
    "/espace-membres/donnees-personnelles/",
    "/page-qui-n-existe-pas/",
]
MEMBER_ROUTES = [
    "/espace-membres/",
    "/espace-membres/annuaire/",
    "/espace-membres/besoins/",
    "/espace-membres/alertes/",
    "/espace-membres/mon-activite/",
    "/espace-membres/organisation/",
    "/espace-membres/export/",
    "/espace-membres/export/pays/MA/",
]

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Words whose singular ends in « s » (« 1 mois ») are not plural mistakes.
INVARIABLE = {"fois", "mois", "pays", "avis", "cas", "accès", "prix", "temps", "mars"}
MISTAKES = {
    "a plain space before « : ; ! ? » »": re.compile(r"\S( [:;!?»])"),
    "a plain space after « « »": re.compile(r"(« )"),
    "« 1 » instead of « 1er » for the first of the month": re.compile(rf"\b(1 (?:{MONTHS}))\b"),
    "a plural after 0 or 1": re.compile(r"(?<![\d,.\u202f])\b([01] [a-zéèêàç]+s)\b"),
    "a duration as a clock": re.compile(r"(?<!\d)(\d{1,2}:\d\d(?::\d\d)?)(?!\d)"),
    "a size in English units": re.compile(r"\b(\d+(?:[.,]\d+)?\s?(?:[KMG]i?B|[KMG]io|bytes))\b"),
}


def visible_text(html) -> str:
    """The words a visitor sees, whitespace collapsed as the browser does (no-break spaces
    kept: they are the point). A form field's text is left out: it is what the visitor
    typed (their own rating, say), shown back as typed."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template", "textarea"]):
        hidden.decompose()
    # A position in an episode (chapters, transcript) is written as players show it: « 4:05 ».
    for position in soup.select("time[datetime^=PT]"):
        position.string = "position"
    text = soup.title.get_text() + " " if soup.title else ""
    text += (soup.body or soup).get_text()
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def mistakes_in(text):
    found = []
    for mistake, pattern in MISTAKES.items():
        for match in pattern.finditer(text):
            if mistake.startswith("a plural") and match[1].split()[1] in INVARIABLE:
                continue
            start = max(0, match.start() - 30)
            found.append(f"{mistake}: …{text[start : match.end() + 10]}…")
    return found


def page_urls():
    """Every live, public page of the demo site (one of each type at least), and the routes
    that pages answer besides their own URL."""
    urls = [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]
    urls += [f"/themes/{theme.slug}/" for theme in Theme.objects.all()]
    return urls


def test_the_sweep_sees_each_kind_of_mistake():
    html = (
        "<html><head><title>Alerte : PME</title></head><body><p>Vraiment ? « Oui »</p>"
        "<p> 1 mars, 0 résultats, durée 00:10, 59 KB</p>"
        "<script>a ? b : c</script></body></html>"
    )
    found = mistakes_in(visible_text(html))
    assert [mistake.partition(":")[0] for mistake in found] == [
        "a plain space before « ",
        "a plain space before « ",
        "a plain space before « ",
        "a plain space after « « »",
        "« 1 » instead of « 1er » for the first of the month",
        "a plural after 0 or 1",
        "a duration as a clock",
        "a size in English units",
    ]
    # Spacing fixed, the script untouched: the other mistakes remain.
    spaced = french_spacing_html(html)
    assert "<script>a ? b : c</script>" in spaced
    assert len(mistakes_in(visible_text(spaced))) == 4


def test_every_public_page_of_the_demo_site_follows_french_typography(demo, client):
    problems = {}
    urls = page_urls() + ROUTES
    assert len(urls) > 40
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        found = mistakes_in(visible_text(response.content.decode()))
        if found:
            problems[url] = found
    assert problems == {}


def test_the_members_space_and_press_pages_follow_french_typography(
    demo, client, django_user_model
):
    client.force_login(django_user_model.objects.get(email="pme@pacte-demo.example"))
    urls = MEMBER_ROUTES + [f"/espace-membres/besoins/{need.pk}/" for need in Need.objects.all()]
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found = mistakes_in(visible_text(response.content.decode()))
        if found:
            problems[url] = found
    assert problems == {}
