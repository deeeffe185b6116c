"""The media plan as editors build it and readers see it: page rules, admin, validation,
timeline, figures, demo content and speed."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core import roles
from core.formats import french_spacing
from home.models import HomePage
from influence.figures import media_figures, media_timeline
from influence.models import MediaAction, MediaPlanPage, MediaStatus, visible_statuses
from tests.home.factories import make_site_home
from tests.home.test_site import outline
from tests.influence.factories import MediaActionFactory, MediaPlanPageFactory, make_episode
from tests.positions.factories import (
    PositionIndexPageFactory,
    PositionPageFactory,
    SpokespersonFactory,
)


def action_data(**overrides):
    data = {
        "date": "2026-03-10",
        "channel": "radio",
        "outlet": "Radio fictive",
        "topic": "Les délais de paiement",
        "linked_position": "",
        "linked_episode": "",
        "spokesperson": "",
        "status": "prevu",
        "coverage_url": "",
        "audience": "",
    }
    data.update(overrides)
    return data


def plan_data(actions=(), **overrides):
    data = {
        "title": "Plan média T1 2027",
        "slug": "plan-media-t1-2027",
        "period_label": "T1 2027",
        "start_date": "2027-01-01",
        "end_date": "2027-03-31",
        "objectives": rich_text("<p>Porter le livre blanc.</p>"),
        "key_messages": streamfield([("message", "L'industrie doit peser 13 % du PIB.")]),
        "public_planned_actions": "",
        "media_actions": inline_formset(list(actions)),
    }
    data.update(overrides)
    return nested_form_data(data)


class MediaPlanAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        index = PositionIndexPageFactory(parent=cls.home)
        cls.position = PositionPageFactory(parent=index, title="Redynamiser l'industrie")
        cls.episode = make_episode(cls.home, title="Trésorerie : tenir le cap")
        cls.spokesperson = SpokespersonFactory()

    def setUp(self):
        editor = self.create_user("redacteur", password="x")
        editor.groups.add(Group.objects.get(name=roles.EDITORS))
        self.client.force_login(editor)

    def add_url(self):
        return reverse("wagtailadmin_pages:add", args=["influence", "mediaplanpage", self.home.pk])

    def test_plan_sits_under_the_home_page_only_and_has_no_children(self):
        self.assertCanCreateAt(HomePage, MediaPlanPage)
        self.assertCanNotCreateAt(Page, MediaPlanPage)
        self.assertAllowedSubpageTypes(MediaPlanPage, set())

    def test_editor_creates_edits_and_previews_a_plan_with_actions(self):
        actions = [
            action_data(
                date="2027-01-20",
                channel="presse-ecrite",
                linked_position=self.position.pk,
                spokesperson=self.spokesperson.pk,
                status="realise",
                coverage_url="https://gazette.example/article",
                audience="42000",
            ),
            action_data(date="2027-02-14", channel="podcast", linked_episode=self.episode.pk),
        ]
        self.assertCanCreate(self.home, MediaPlanPage, plan_data(actions), publish=False)
        page = MediaPlanPage.objects.get(slug="plan-media-t1-2027")
        page.save_revision().publish()  # as a moderator would
        saved = list(page.media_actions.order_by("date"))
        assert [action.linked_page for action in saved] == [self.position, self.episode]
        assert saved[0].audience == 42000
        assert saved[0].spokesperson == self.spokesperson

        edit_actions = [
            {"id": action.pk, **action_data(date=f"2027-0{i + 1}-10")}
            for i, action in enumerate(saved)
        ]
        post_data = plan_data(edit_actions)
        post_data["media_actions-INITIAL_FORMS"] = "2"
        self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(page, "actions.ics/")
        self.assertPageIsEditable(page, post_data=post_data)
        self.assertPageIsPreviewable(page, post_data=post_data)

    def test_the_preview_shows_unsaved_planned_actions_as_the_internal_view(self):
        page = MediaPlanPageFactory(parent=self.home)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        post_data = plan_data(
            [action_data(date="2026-05-05", topic="Sujet encore confidentiel")],
            title=page.title,
            slug=page.slug,
            start_date="2026-01-01",
            end_date="2026-12-31",
        )
        assert self.client.post(preview_url, post_data).json()["is_valid"]
        response = self.client.get(preview_url)
        html = response.content.decode()
        assert "Sujet encore confidentiel" in html
        assert "Vue interne" in html
        assert "private" in response["Cache-Control"]

    def assert_refused(self, data, field, message):
        response = self.client.post(self.add_url(), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html, f"missing French error for {field}"
        assert not MediaPlanPage.objects.exists()
        assert not MediaAction.objects.exists()

    def test_coverage_and_audience_are_refused_until_the_action_is_done(self):
        for status in ("prevu", "annule"):
            with self.subTest(status=status):
                self.assert_refused(
                    plan_data(
                        [
                            action_data(
                                date="2027-01-20",
                                status=status,
                                coverage_url="https://gazette.example/a",
                                audience="100",
                            )
                        ]
                    ),
                    "coverage_url",
                    "Le lien vers la retombée ne se renseigne qu&#x27;une fois l&#x27;action "
                    "réalisée.",
                )
                self.assert_refused(
                    plan_data([action_data(date="2027-01-20", status=status, audience="100")]),
                    "audience",
                    "L&#x27;audience ne se renseigne qu&#x27;une fois l&#x27;action réalisée.",
                )

    def test_an_action_promotes_a_position_or_an_episode_not_both(self):
        self.assert_refused(
            plan_data(
                [
                    action_data(
                        date="2027-01-20",
                        linked_position=self.position.pk,
                        linked_episode=self.episode.pk,
                    )
                ]
            ),
            "linked_episode",
            "Choisissez une prise de position ou un épisode, pas les deux",
        )

    def test_an_action_outside_the_period_is_refused(self):
        for day in ("2026-12-31", "2027-04-01"):
            with self.subTest(day=day):
                self.assert_refused(
                    plan_data([action_data(date=day)]),
                    "date",
                    "La date doit se situer dans la période du plan, du 01/01/2027 au 31/03/2027.",
                )

    def test_a_period_ending_before_it_starts_is_refused(self):
        self.assert_refused(
            plan_data(start_date="2027-03-31", end_date="2027-01-01"),
            "end_date",
            "La fin de la période doit suivre son début.",
        )

    def test_a_bad_edit_changes_nothing_already_saved(self):
        page = MediaPlanPageFactory(parent=self.home)
        action = MediaActionFactory(page=page, topic="Sujet d'origine")
        revisions = page.revisions.count()
        post_data = plan_data(
            [{"id": action.pk, **action_data(date="2030-01-01", topic="Sujet modifié")}],
            title=page.title,
            slug=page.slug,
            start_date="2026-01-01",
            end_date="2026-12-31",
        )
        post_data["media_actions-INITIAL_FORMS"] = "1"
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), {**post_data, "action-publish": ""}
        )
        assert "La date doit se situer dans la période du plan" in response.content.decode()
        action.refresh_from_db()
        assert action.topic == "Sujet d'origine"
        assert page.revisions.count() == revisions


def test_timeline_groups_actions_by_month_in_date_order(client, home_page):
    plan = MediaPlanPageFactory(parent=home_page)
    for day, topic in [
        (datetime.date(2026, 4, 2), "Avril"),
        (datetime.date(2026, 2, 20), "Février tard"),
        (datetime.date(2026, 2, 3), "Février tôt"),
    ]:
        MediaActionFactory(page=plan, date=day, topic=topic)
    html = client.get(plan.url).content.decode()
    timeline = html[html.index('id="plan-timeline"') :]
    order = ["Février 2026", "Février tôt", "Février tard", "Avril 2026"]
    positions = [timeline.index(text) for text in order]
    assert positions == sorted(positions)
    assert '<ol class="timeline__actions" aria-labelledby="mois-2026-02">' in timeline
    assert '<time datetime="2026-02-03">3 février 2026</time>' in timeline
    months = media_timeline(plan.visible_actions(internal=True))
    assert [month["month"] for month in months] == [
        datetime.date(2026, 2, 1),
        datetime.date(2026, 4, 1),
    ]
    assert [a.topic for a in months[0]["actions"]] == ["Février tôt", "Février tard"]


def test_figures_match_the_actions_shown(client, home_page):
    plan = MediaPlanPageFactory(parent=home_page, public_planned_actions=True)
    MediaActionFactory(page=plan, channel="presse-ecrite", audience=1000)
    MediaActionFactory(page=plan, channel="presse-ecrite", audience=2500, coverage_url="")
    MediaActionFactory(page=plan, channel="radio", audience=None)
    MediaActionFactory(page=plan, channel="tv", status="prevu", coverage_url="")
    MediaActionFactory(page=plan, channel="tv", status="annule", coverage_url="")

    html = client.get(plan.url).content.decode()
    assert re.search(r'key-figure__value">3</span><span class="key-figure__label">actions', html)
    assert re.search(r'key-figure__value">2</span><span class="key-figure__label">retombées', html)
    assert re.search(r'key-figure__value">3\s?500</span>', html)
    assert (
        french_spacing(
            "Presse écrite : 2 ; Radio : 1 ; Télévision : 1 ; Web : 0 ; Réseaux sociaux : 0 ; "
            "Podcast : 0 ; Événement : 0."
        )
        in html
    ), "the cancelled TV action is not counted publicly"
    assert french_spacing("Prévu : 1 ; Réalisé : 3.") in html
    assert "Annulé" not in html
    assert '<th scope="row">Radio</th><td class="num">1</td>' in html

    statuses = visible_statuses(internal=True, planned_public=False)
    figures = media_figures(plan.visible_actions(internal=True), statuses)
    assert figures.by_status == [("Prévu", 1), ("Réalisé", 3), ("Annulé", 1)]
    assert dict(figures.by_channel)["Télévision"] == 2
    assert (figures.done, figures.coverage, figures.audience) == (3, 2, 3500)


def test_promoted_positions_and_episodes_are_listed_with_their_actions(client, home_page):
    index = PositionIndexPageFactory(parent=home_page)
    position = PositionPageFactory(parent=index, title="Redynamiser l'industrie")
    episode = make_episode(home_page, title="Trésorerie")
    plan = MediaPlanPageFactory(parent=home_page)
    first = MediaActionFactory(page=plan, linked_position=position, outlet="Gazette A")
    MediaActionFactory(page=plan, linked_position=position, outlet="Gazette B")
    MediaActionFactory(page=plan, linked_episode=episode, outlet="Radio C")

    html = client.get(plan.url).content.decode()
    promoted = html[html.index('id="plan-promoted"') : html.index('id="plan-calendar"')]
    assert f'<a href="{position.url}">Redynamiser l&#x27;industrie</a>' in promoted
    assert f'<a href="{episode.url}">Trésorerie</a>' in promoted
    assert "Prise de position" in promoted
    assert "Épisode" in promoted
    assert promoted.count("Gazette") == 2
    assert f'href="#action-{first.pk}"' in promoted
    assert f'id="action-{first.pk}"' in html


def test_the_page_has_one_h1_and_ordered_headings(client, media_plan):
    page = outline(client.get(media_plan.url).content.decode())
    assert page.headings.count(1) == 1
    jumps = [b - a for a, b in zip(page.headings, page.headings[1:], strict=False)]
    assert max(jumps) <= 1


def test_user_supplied_text_is_escaped(client, home_page):
    plan = MediaPlanPageFactory(parent=home_page)
    MediaActionFactory(page=plan, outlet="<script>alert(1)</script>", topic="<b>gras</b>")
    html = client.get(plan.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>gras</b>" not in html


def query_count(client, url):
    """Queries of a cold render: cached fragments (menu, footer) are emptied first."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("suffix", ["", "actions.ics"])
@pytest.mark.parametrize("as_editor", [False, True])
def test_query_count_does_not_grow_with_actions(
    client, home_page, django_user_model, suffix, as_editor
):
    index = PositionIndexPageFactory(parent=home_page)
    positions = PositionPageFactory.create_batch(3, parent=index)
    episode = make_episode(home_page)
    spokesperson = SpokespersonFactory()
    plan = MediaPlanPageFactory(parent=home_page, public_planned_actions=True)
    if as_editor:
        editor = django_user_model.objects.create_user("redactrice", password="x")
        editor.groups.add(Group.objects.get(name=roles.EDITORS))
        client.force_login(editor)
    url = f"{plan.url}{suffix}"

    def add(count):
        for number in range(count):
            links = (
                {"linked_episode": episode}
                if number % 4 == 0
                else {"linked_position": positions[number % 3]}
            )
            status = [MediaStatus.DONE, MediaStatus.PLANNED, MediaStatus.CANCELLED][number % 3]
            MediaActionFactory(
                page=plan,
                date=datetime.date(2026, 1 + number % 12, 1 + number % 28),
                status=status,
                coverage_url="https://gazette.example/a" if status == MediaStatus.DONE else "",
                spokesperson=spokesperson,
                **links,
            )

    add(10)
    query_count(client, url)  # warm Wagtail's site and page caches
    small = query_count(client, url)
    add(90)
    large = query_count(client, url)
    assert plan.media_actions.count() == 100
    assert small == large, f"{small} queries for 10 actions, {large} for 100"


def test_seed_demo_builds_the_2026_media_plan(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    plan = MediaPlanPage.objects.get()
    actions = list(plan.media_actions.all())
    assert 8 <= len(actions) <= 12
    assert {action.status for action in actions} == {"prevu", "realise", "annule"}
    slugs = {action.linked_page.slug for action in actions if action.linked_page}
    assert "redynamiser-l-industrie" in slugs
    assert {
        "tresorerie-tenir-le-cap",
        "reindustrialiser-de-9-a-13",
        "commande-publique-ouvrir-les-marches",
    } <= slugs
    assert plan.live
    assert not plan.public_planned_actions
    html = client.get(plan.url).content.decode()
    assert "Redynamiser l&#x27;industrie" in html
    for action in actions:
        if action.status != "realise":
            assert action.topic.replace("'", "&#x27;") not in html
