"""The admin makes no request to third-party servers: every resource a page loads (scripts,
styles, images, avatars, the version check) comes from the site itself. Links a person may
choose to follow (Wagtail's user guide) are not requests and stay allowed."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import roles
from tests.home.factories import StandardPageFactory

OWN_HOSTS = {"", "testserver"}


class ExternalReferences(HTMLParser):
    """Every absolute URL to another host, except in the href of a link (<a>)."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.code = False

    def handle_starttag(self, tag, attrs):
        # Inline code runs or loads; JSON data (the menu's links) does not.
        self.code = tag == "style" or (
            tag == "script" and dict(attrs).get("type") in {None, "text/javascript", "module"}
        )
        for name, value in attrs:
            if not value or (tag == "a" and name == "href"):
                continue
            for candidate in value.replace(",", " ").split():
                if "//" not in candidate:
                    continue
                host = urlsplit(candidate.strip("'\"()")).hostname or ""
                if candidate.startswith(("http:", "https:", "//")) and host not in OWN_HOSTS:
                    self.found.append((tag, name, candidate))

    def handle_endtag(self, tag):
        self.code = False

    def handle_data(self, data):
        if not self.code:
            return
        for word in data.split():
            if "https://" in word or "http://" in word:
                self.found.append(("text", "", word))


def external_references(html):
    parser = ExternalReferences()
    parser.feed(html)
    return parser.found


@pytest.fixture(params=["moderatrice", "admin"])
def staff(request, client, django_user_model):
    """A moderator, and a superuser: only superusers get the dashboard's version check."""
    user = django_user_model.objects.create_user(
        request.param,
        email=f"{request.param}@cpme-occitanie.example",
        password="x",
        is_superuser=request.param == "admin",
    )
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    client.force_login(user)
    return user


def test_the_checker_sees_an_external_script_avatar_and_inline_url():
    html = (
        '<script src="https://cdn.example.org/x.js"></script>'
        '<img src="//www.gravatar.com/avatar/abc"><a href="https://guide.wagtail.org/">Guide</a>'
        '<div data-w-upgrade-url-value="https://releases.wagtail.org/latest.txt"></div>'
        '<script type="application/json">{"url": "https://guide.wagtail.org/"}</script>'
        "<style>body { background: url(https://fonts.example.org/x.png); }</style>"
    )
    assert [found[:2] for found in external_references(html)] == [
        ("script", "src"),
        ("img", "src"),
        ("div", "data-w-upgrade-url-value"),
        ("text", ""),
    ]


def test_admin_pages_load_nothing_from_other_servers(client, home_page, staff):
    programme = StandardPageFactory(parent=home_page, slug="pacte-occitan")
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[home_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[programme.pk]),
        reverse("wagtailadmin_account"),
        reverse("wagtailimages:index"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert external_references(response.content.decode()) == [], url


def test_avatars_are_initials_not_gravatar(client, home_page, staff):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html.lower()
