"""Who sees which media actions: planned and cancelled ones never reach the public unless the
editors publish planned ones; the team sees everything, never from a shared cache. And the
iCal export that follows the same rule."""

import datetime

import pytest
from django.contrib.auth.models import Group
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from core import roles
from influence.models import MediaPlanPage
from tests.influence.factories import MediaActionFactory, MediaPlanPageFactory, make_episode
from tests.positions.factories import PositionIndexPageFactory, PositionPageFactory

SECRETS = ("Sujet prévu secret", "Sujet annulé secret")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redactrice", password="x")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


@pytest.fixture
def member(django_user_model):
    """Logged in, but without access to the admin: a reader like any other."""
    return django_user_model.objects.create_user("adherent", password="x")


def fetch(client, plan):
    """The page and its iCal export, as text."""
    page = client.get(plan.url)
    ics = client.get(f"{plan.url}actions.ics")
    assert page.status_code == ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    return page, ics


def summaries(ics_response):
    calendar = Calendar.from_ical(ics_response.content)
    return {str(vevent["SUMMARY"]): str(vevent["STATUS"]) for vevent in calendar.walk("VEVENT")}


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_public_sees_only_done_actions(client, media_plan, member, logged_in):
    if logged_in:
        client.force_login(member)
    page, ics = fetch(client, media_plan)
    for response in (page, ics):
        text = response.content.decode()
        assert "Sujet réalisé" in text
        for secret in SECRETS:
            assert secret not in text
        assert "private" not in response.get("Cache-Control", "")
    html = page.content.decode()
    assert "Vue interne" not in html
    assert "Prévu" not in html
    assert "Cookie" in page["Vary"], "a shared cache must not serve one user's view to another"
    assert list(summaries(ics).values()) == ["CONFIRMED"]


def test_planned_actions_are_public_only_when_the_editors_say_so(client, media_plan):
    media_plan.public_planned_actions = True
    media_plan.save_revision().publish()
    page, ics = fetch(client, media_plan)
    for response in (page, ics):
        text = response.content.decode()
        assert "Sujet prévu secret" in text
        assert "Sujet annulé secret" not in text, "cancelled actions are never public"
    assert sorted(summaries(ics).values()) == ["CONFIRMED", "TENTATIVE"]


def test_a_draft_change_to_the_public_flag_publishes_nothing(client, media_plan):
    media_plan.public_planned_actions = True
    media_plan.save_revision()  # saved, not published
    page, ics = fetch(client, media_plan)
    for response in (page, ics):
        assert "Sujet prévu secret" not in response.content.decode()


def test_the_team_sees_every_action_with_a_notice_and_no_shared_caching(client, media_plan, editor):
    client.force_login(editor)
    page, ics = fetch(client, media_plan)
    html = page.content.decode()
    assert "Vue interne" in html
    for secret in SECRETS:
        assert secret in html
    assert "Annulé" in html
    for response in (page, ics):
        assert "private" in response["Cache-Control"]
    statuses = summaries(ics)
    assert sorted(statuses.values()) == ["CANCELLED", "CONFIRMED", "TENTATIVE"]
    assert statuses["Radio – Radio fictive : Sujet prévu secret"] == "TENTATIVE"
    assert "(vue interne)" in Calendar.from_ical(ics.content)["X-WR-CALNAME"]


def test_planned_actions_never_reach_site_search(client, media_plan):
    response = client.get("/recherche/", {"q": "secret"})
    assert response.status_code == 200
    assert "Sujet prévu secret" not in response.content.decode()


@pytest.mark.parametrize("restriction", ["draft", "private"])
def test_draft_and_private_plans_show_nothing(client, home_page, restriction):
    plan = MediaPlanPageFactory(parent=home_page, slug="plan-cache", live=restriction != "draft")
    MediaActionFactory(page=plan, topic="Sujet réalisé secret")
    if restriction == "private":
        PageViewRestriction.objects.create(page=plan, restriction_type="password", password="x")
    for suffix in ("", "actions.ics"):
        response = client.get(f"/plan-cache/{suffix}")
        assert response.status_code in {200, 404}
        assert b"Sujet r\xc3\xa9alis\xc3\xa9 secret" not in response.content


def test_promoted_pages_are_linked_only_when_live_and_public(client, home_page, editor):
    index = PositionIndexPageFactory(parent=home_page)
    public = PositionPageFactory(parent=index, title="Position publique")
    draft = PositionPageFactory(parent=index, title="Livre blanc sous embargo", live=False)
    private_episode = make_episode(home_page, title="Épisode réservé")
    PageViewRestriction.objects.create(
        page=private_episode, restriction_type="password", password="x"
    )
    plan = MediaPlanPageFactory(parent=home_page)
    for page in (public, draft):
        MediaActionFactory(page=plan, linked_position=page)
    MediaActionFactory(page=plan, linked_episode=private_episode)

    page, ics = fetch(client, plan)
    html, ical = page.content.decode(), ics.content.decode()
    assert f'<a href="{public.url}">Position publique</a>' in html
    assert "Met en avant : Position publique" in ical
    for text in (html, ical):
        assert "sous embargo" not in text
        assert "Épisode réservé" not in text

    client.force_login(editor)
    page, ics = fetch(client, plan)
    html = page.content.decode()
    assert 'Livre blanc sous embargo <span class="muted">(non publié)</span>' in html
    assert "Épisode réservé" in ics.content.decode()


def test_ical_events_are_all_day_with_stable_uids(client, media_plan, editor):
    client.force_login(editor)
    first = Calendar.from_ical(client.get(f"{media_plan.url}actions.ics").content)
    vevents = {str(vevent["UID"]): vevent for vevent in first.walk("VEVENT")}
    action = media_plan.media_actions.get(status="prevu")
    vevent = vevents[f"action-{action.pk}@testserver"]
    assert vevent["DTSTART"].dt == datetime.date(2026, 12, 3)
    assert vevent["DTEND"].dt == datetime.date(2026, 12, 4)
    assert "DTSTAMP" in vevent
    assert str(vevent["URL"]) == f"http://testserver{media_plan.url}#action-{action.pk}"
    assert first.walk("VTIMEZONE") == [], "dates only: no time zone to ship"

    # Edited through a new revision, as in the admin: the UIDs stay put.
    plan = MediaPlanPage.objects.get(pk=media_plan.pk)
    actions = list(plan.media_actions.all())
    for item in actions:
        if item.status == "prevu":
            item.topic = "Sujet prévu, nouvel angle"
    plan.media_actions = actions
    plan.save_revision().publish()
    second = Calendar.from_ical(client.get(f"{media_plan.url}actions.ics").content)
    assert {str(v["UID"]) for v in second.walk("VEVENT")} == set(vevents)
    assert "Sujet prévu, nouvel angle" in {
        str(v["SUMMARY"]).split(" : ", 1)[1] for v in second.walk("VEVENT")
    }


def test_the_ical_export_drops_control_characters_like_the_event_calendars(client, home_page):
    """RFC 5545 text allows no control character but tab: ESC, VT and the like from an
    editor's paste are dropped by the same cleaner as the events' (core.ical.ical_text)."""
    plan = MediaPlanPageFactory(parent=home_page)
    MediaActionFactory(
        page=plan,
        outlet="Radio\x1b[31m fictive",
        topic="Sujet\x0b réalisé\x08",
        coverage_url="https://gazette.example/article\x7f",
    )
    body = client.get(f"{plan.url}actions.ics").content
    for control in (b"\x1b", b"\x0b", b"\x08", b"\x7f"):
        assert control not in body
    vevent = Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Presse écrite – Radio[31m fictive : Sujet réalisé"
    assert "Retombée : https://gazette.example/article" in str(vevent["DESCRIPTION"])
