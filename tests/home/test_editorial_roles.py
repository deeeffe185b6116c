"""Roles and moderation as the communication team lives them, through real admin requests."""

import datetime
import html
import importlib

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core import roles
from home.models import StandardPage
from tests.home.factories import StandardPageFactory
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory


@pytest.fixture
def users(django_user_model):
    made = {}
    for username, group in (("redacteur", roles.EDITORS), ("moderatrice", roles.MODERATORS)):
        user = django_user_model.objects.create_user(username, password="x")
        user.groups.add(Group.objects.get(name=group))
        made[username] = user
    return made


def login(client, user):
    client.force_login(user)
    return client


def programme_form(**fields):
    data = {"title": "Pacte Occitan", "slug": "pacte-occitan", "intro": "Chapeau"}
    data.update(fields)
    return nested_form_data({**data, "body": streamfield([])})


def test_the_whole_site_is_under_the_moderation_workflow(home_page):
    assert home_page.get_workflow().name == roles.WORKFLOW
    programme = StandardPageFactory(parent=home_page)
    assert programme.get_workflow().name == roles.WORKFLOW


def test_editors_write_but_cannot_publish_settings_or_users(client, home_page, users):
    editor = users["redacteur"]
    programme = StandardPageFactory(parent=home_page, title="Avant", slug="pacte-occitan")
    perms = programme.permissions_for_user(editor)
    assert perms.can_edit()
    assert not perms.can_publish()
    assert editor.has_perm("antennas.add_antenna")
    assert editor.has_perm("influence.add_mandate")
    assert not editor.has_perm("home.change_siteidentity")
    assert not editor.has_perm("influence.delete_mandate")

    login(client, editor)
    assert client.get(reverse("wagtailusers_users:index")).status_code == 302  # sent away
    settings_url = reverse("wagtailsettings:edit", args=["home", "siteidentity"])
    assert client.get(settings_url).status_code == 302

    # Publishing by crafting the POST does not publish: the draft is saved, nothing goes live.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[programme.pk]),
        {**programme_form(title="Après"), "action-publish": "Publier"},
    )
    assert response.status_code in {200, 302}
    programme.refresh_from_db()
    assert programme.title == "Avant"
    assert client.get(programme.url).content.decode().count("Après") == 0


def test_moderators_publish_schedule_and_manage_settings(client, home_page, users):
    moderator = users["moderatrice"]
    programme = StandardPageFactory(parent=home_page, slug="pacte-occitan")
    assert programme.permissions_for_user(moderator).can_publish()
    assert moderator.has_perm("home.change_siteidentity")
    assert moderator.has_perm("influence.delete_mandate")

    login(client, moderator)
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[programme.pk]),
        {
            **programme_form(title="Sous embargo"),
            "go_live_at": go_live.strftime("%Y-%m-%d %H:%M"),
            "action-publish": "Publier",
        },
    )
    programme.refresh_from_db()
    assert programme.scheduled_revision is not None
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Publications programmées (embargos)" in dashboard
    assert "Sous embargo" in dashboard


def test_rejection_comes_back_to_the_editor_with_its_comment(client, home_page, users):
    login(client, users["redacteur"])
    client.post(
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk]),
        {**programme_form(), "action-submit": "Soumettre"},
    )
    page = StandardPage.objects.get(slug="pacte-occitan")
    assert page.workflow_in_progress

    login(client, users["moderatrice"])
    task_state = page.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "Citez la source du chiffre, merci."},
    )
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.comment == "Citez la source du chiffre, merci."
    page.refresh_from_db()
    assert not page.live

    login(client, users["redacteur"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Citez la source du chiffre, merci." in history


def test_revisions_can_be_compared(client, home_page, users):
    programme = StandardPageFactory(parent=home_page, slug="pacte-occitan", intro="Première")
    first = programme.save_revision()
    programme.intro = "Seconde"
    second = programme.save_revision()
    login(client, users["redacteur"])
    url = reverse("wagtailadmin_pages:revisions_compare", args=[programme.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Seconde" in response.content.decode()


def test_a_page_locked_by_a_moderator_cannot_be_saved_by_an_editor(client, home_page, users):
    programme = StandardPageFactory(parent=home_page, title="Verrouillée", slug="pacte-occitan")
    programme.locked, programme.locked_by = True, users["moderatrice"]
    programme.locked_at = timezone.now()
    programme.save()
    login(client, users["redacteur"])
    client.post(
        reverse("wagtailadmin_pages:edit", args=[programme.pk]),
        programme_form(title="Modifiée malgré le verrou"),
    )
    programme.refresh_from_db()
    assert programme.get_latest_revision() is None or (
        programme.get_latest_revision().as_object().title != "Modifiée malgré le verrou"
    )


def test_the_dashboard_tells_where_the_next_episode_stands(client, home_page, users):
    show = PodcastPageFactory(parent=home_page)
    EpisodePageFactory(parent=show, title="Épisode en préparation", live=False)
    login(client, users["redacteur"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Cash PME : prochain épisode" in dashboard
    assert "Épisode en préparation" in dashboard
    assert "Le fichier audio n'est pas encore déposé." in dashboard


def test_groups_come_from_migrations_not_from_seed(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {roles.EDITORS, roles.MODERATORS}
    assert Page.objects.filter(depth=1).exists()


def test_the_submit_button_and_the_history_speak_french(client, home_page, users):
    programme = StandardPageFactory(parent=home_page, slug="pacte-occitan")
    login(client, users["redacteur"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[programme.pk])
    editor_page = client.get(edit_url).content.decode()
    assert "Soumettre à la validation des modérateurs" in editor_page
    assert "Moderators" not in editor_page

    client.post(edit_url, {**programme_form(), "action-submit": "Soumettre"})
    history = client.get(reverse("wagtailadmin_pages:history", args=[programme.pk])).content
    assert "la relecture des modérateurs" in history.decode()


def test_the_renaming_migration_goes_back_to_wagtail_names_and_forward_again(db):
    from django.apps import apps

    migration = importlib.import_module("home.migrations.0010_french_role_names")
    migration.to_english(apps, None)
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Moderators"}
    assert Workflow.objects.filter(name="Moderators approval").exists()
    migration.to_french(apps, None)
    assert Workflow.objects.get(name=roles.WORKFLOW).tasks.get().name == roles.TASK
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def submitted_programme(client, home_page, users, **fields):
    login(client, users["redacteur"])
    client.post(
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk]),
        {**programme_form(**fields), "action-submit": "Soumettre"},
    )
    return StandardPage.objects.get(slug="pacte-occitan")


@pytest.mark.parametrize(
    ("action", "comment", "message"),
    [
        ("approve", "", "« Pacte Occitan » est approuvée et publiée."),
        ("reject", "Ajoutez la date.", "« Pacte Occitan » est renvoyée pour modification"),
    ],
)
def test_acting_from_the_dashboard_says_what_happened(
    client, home_page, users, action, comment, message
):
    page = submitted_programme(client, home_page, users)
    login(client, users["moderatrice"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    action_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, page.current_workflow_task_state.pk],
    )
    assert action_url in dashboard  # the « En attente de votre relecture » panel's button

    # The dashboard's buttons post through a modal (XMLHttpRequest), then reload the page.
    answer = client.post(
        f"{action_url}?next=/admin/",
        {"comment": comment},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert answer.json()["step"] == "success"
    reloaded = client.get(reverse("wagtailadmin_home")).content.decode()
    assert message in html.unescape(reloaded)
    page.refresh_from_db()
    assert page.live is (action == "approve")


def test_a_scheduled_approval_says_when_the_page_goes_live(client, home_page, users):
    go_live = timezone.localtime() + datetime.timedelta(days=3)
    page = submitted_programme(
        client, home_page, users, go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    login(client, users["moderatrice"])
    action_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", page.current_workflow_task_state.pk],
    )
    response = client.post(action_url, {"comment": ""}, follow=True)
    when = date_format(go_live, "j F Y à H:i")
    assert f"sa mise en ligne est programmée le {when}" in html.unescape(response.content.decode())
