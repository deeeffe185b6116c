"""The editor's guide is in the admin's help menu, and every link it gives leads somewhere."""

import re

from django.contrib.auth.models import Group
from django.urls import reverse

from core import roles


def guide_links(html):
    sections = "".join(re.findall(r"<section aria-labelledby=\"guide-.*?</section>", html, re.S))
    return re.findall(r'href="([^"]+)"', sections)


def test_the_help_menu_offers_the_guide_to_an_editor(client, home_page, django_user_model):
    editor = django_user_model.objects.create_user("redacteur", password="x")
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    # The menu is JSON for the sidebar's script: "é" is written \u00e9 there.
    assert '"Guide de la r\\u00e9daction"' in dashboard
    assert f'"{reverse("editor_guide")}"' in dashboard
    guide = client.get(reverse("editor_guide"))
    assert guide.status_code == 200
    assert "Publier un épisode de Cash PME" in guide.content.decode()


def test_every_link_of_the_guide_answers(admin_client, home_page):
    html = admin_client.get(reverse("editor_guide")).content.decode()
    links = guide_links(html)
    assert len(links) >= 5
    for link in links:
        assert admin_client.get(link).status_code == 200, link
