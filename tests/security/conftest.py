import pytest
from django.contrib.auth.models import Group

from core import roles


@pytest.fixture
def editor(django_user_model, db):
    """A member of Editors: writes and submits, never publishes or administers."""
    user = django_user_model.objects.create_user("redactrice-test", password="x")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def content(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", "replace")


# Every kind of public page of the demo site, with its file-like routes.
PUBLIC_URLS = [
    "/",
    "/pacte-occitan/",
    "/antennes/",
    "/agenda/",
    "/agenda/agenda.ics",
    "/agenda/departement/31.ics",
    "/agenda/pme-xperience-toulouse/",
    "/agenda/pme-xperience-toulouse/agenda.ics",
    "/prises-de-position/",
    "/prises-de-position/flux/rss/",
    "/prises-de-position/flux/atom/",
    "/prises-de-position/flux/rss/foncier/",
    "/prises-de-position/redynamiser-l-industrie/",
    "/presse/",
    "/recherche/",
    "/rapport-influence-2026/",
    "/rapport-influence-2026/donnees/csv/",
    "/rapport-influence-2026/donnees/json/",
    "/rapport-influence-2026/donnees/schema/",
    "/cash-pme/",
    "/cash-pme/tresorerie-tenir-le-cap/",
    "/sitemap.xml",
    "/robots.txt",
]
# The HTML ones among them.
PUBLIC_PAGES = [
    url
    for url in PUBLIC_URLS
    if url.endswith("/") and "/flux/" not in url and "/donnees/" not in url
]
