"""The show and episode pages: page rules, editorial flow, and what listeners see."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from core import roles
from home.models import HomePage
from podcast.models import (
    EpisodeChapter,
    EpisodePage,
    EpisodePerson,
    EpisodeRelatedPage,
    PodcastPage,
)
from tests.home.factories import StandardPageFactory, make_site_home
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset


def episode_form(audio, **fields):
    return nested_form_data(
        {
            "title": "Trésorerie : tenir le cap",
            "slug": "tresorerie",
            "audio": audio.pk if audio else "",
            "number": 1,
            "season": 1,
            "episode_type": "full",
            "summary": "Deux dirigeants parlent de leurs délais de paiement.",
            "show_notes": rich_text("<p>Les délais de paiement, sans filtre.</p>"),
            "transcript": "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour.\n",
            "chapters": inline_formset([{"start": "0:00", "title": "Introduction", "url": ""}]),
            "people": inline_formset(
                [
                    {
                        "name": "Nadia Démo",
                        "role": "guest",
                        "gender": "f",
                        "title": "dirigeante",
                        "url": "",
                    }
                ]
            ),
            "related_pages": inline_formset([]),
            **fields,
        }
    )


class PodcastPageRulesTests(WagtailPageTestCase):
    def test_the_show_lives_under_home_and_holds_only_episodes(self):
        self.assertAllowedParentPageTypes(PodcastPage, {HomePage})
        self.assertAllowedSubpageTypes(PodcastPage, {EpisodePage})
        self.assertAllowedParentPageTypes(EpisodePage, {PodcastPage})
        self.assertCanNotCreateAt(Page, EpisodePage)


class EditorialFlowTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.show = PodcastPageFactory(parent=make_site_home())

    def setUp(self):
        self.editor = self.create_user("redacteur", password="x")
        self.editor.groups.add(Group.objects.get(name=roles.EDITORS))
        self.moderator = self.create_user("moderatrice", password="x")
        self.moderator.groups.add(Group.objects.get(name=roles.MODERATORS))

    def test_pages_render_and_are_editable_and_previewable(self):
        audio = make_audio_asset()
        episode = EpisodePageFactory(parent=self.show, audio=audio, slug="tresorerie")
        self.client.force_login(self.editor)
        self.assertPageIsRenderable(self.show)
        self.assertPageIsRenderable(episode)
        self.assertPageIsEditable(episode, post_data=episode_form(audio))
        self.assertPageIsPreviewable(episode, post_data=episode_form(audio))
        show_form = nested_form_data(
            {
                "title": "Cash PME",
                "slug": "cash-pme",
                "description": "Le podcast.",
                "author": "CPME Occitanie",
                "owner_name": "Com",
                "owner_email": "podcast@example.org",
                "language": "fr",
                "apple_category": "Business",
                "apple_subcategory": "Entrepreneurship",
                "show_type": "episodic",
                "listen_links": inline_formset([]),
            }
        )
        self.assertPageIsEditable(self.show, post_data=show_form)
        self.assertPageIsPreviewable(self.show, post_data=show_form)

    def test_an_editor_submits_an_episode_and_a_moderator_approves_it(self):
        audio = make_audio_asset()
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["podcast", "episodepage", self.show.pk]),
            {**episode_form(audio), "action-submit": "Soumettre à la modération"},
        )
        self.assertEqual(response.status_code, 302)
        episode = EpisodePage.objects.get(slug="tresorerie")
        self.assertFalse(episode.live)
        self.assertEqual(episode.chapters.get().title, "Introduction")
        self.assertEqual(self.client.get(episode.url or "/cash-pme/tresorerie/").status_code, 404)

        # Editors cannot publish by crafting the request themselves.
        self.client.post(
            reverse("wagtailadmin_pages:edit", args=[episode.pk]),
            {**episode_form(audio), "action-publish": "Publier"},
        )
        episode.refresh_from_db()
        self.assertFalse(episode.live)

        self.client.force_login(self.moderator)
        task_state = episode.current_workflow_task_state
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action", args=[episode.pk, "approve", task_state.pk]
            ),
            {"comment": "Parfait."},
        )
        self.assertEqual(response.status_code, 302)
        episode.refresh_from_db()
        self.assertTrue(episode.live)
        listing = self.client.get(self.show.url).content.decode()
        self.assertIn("Trésorerie : tenir le cap", listing)

    def test_publishing_without_audio_is_refused_but_a_draft_may_wait_for_it(self):
        self.client.force_login(self.moderator)
        url = reverse("wagtailadmin_pages:add", args=["podcast", "episodepage", self.show.pk])
        form = episode_form(None)
        response = self.client.post(url, {**form, "action-publish": "Publier"})
        self.assertContains(response, "Champ requis", status_code=200)
        self.assertFalse(EpisodePage.objects.exists())
        response = self.client.post(url, form)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(EpisodePage.objects.get().live)

    def test_a_malformed_transcript_is_refused_in_french(self):
        self.client.force_login(self.moderator)
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["podcast", "episodepage", self.show.pk]),
            episode_form(make_audio_asset(), transcript="Bonjour à tous"),
        )
        self.assertContains(response, "Ligne 1 : horodatage attendu")
        self.assertFalse(EpisodePage.objects.exists())

    def test_the_episode_form_plays_the_chosen_audio_and_a_newly_chosen_one(self):
        audio = make_audio_asset()
        episode = EpisodePageFactory(parent=self.show, audio=audio, slug="tresorerie")
        self.client.force_login(self.editor)

        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[episode.pk]))
        html = response.content.decode()
        players = self.soup(html).select("#id_audio-chooser [data-audio-chooser-player] audio")
        self.assertEqual(len(players), 1)
        self.assertEqual(players[0]["src"], audio.url)
        self.assertEqual(players[0]["preload"], "none")
        self.assertEqual(players[0]["aria-label"], "Écouter le fichier audio choisi")
        self.assertIn("podcast/audio-chooser.js", html)

        # A new episode's form has the player ready, silent until a file is chosen...
        response = self.client.get(
            reverse("wagtailadmin_pages:add", args=["podcast", "episodepage", self.show.pk])
        )
        player = self.soup(response.content).select_one("#id_audio-chooser audio")
        self.assertFalse(player.has_attr("src"))
        # ...and the chooser hands the chosen file's address to it (podcast/audio-chooser.js).
        other = make_audio_asset("tone.m4a", content_type="audio/mp4")
        response = self.client.get(reverse("audio_chooser:chosen", args=[other.pk]))
        self.assertEqual(response.json()["result"]["url"], other.url)

    @staticmethod
    def soup(html):
        return BeautifulSoup(html, "html.parser")


@pytest.fixture
def episode(show):
    audio = make_audio_asset()
    episode = EpisodePageFactory(
        parent=show,
        title="Trésorerie : tenir le cap",
        slug="tresorerie",
        audio=audio,
        transcript="WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nBienvenue dans Cash PME.\n",
    )
    EpisodeChapter.objects.create(episode=episode, start="1:05", title="Les délais")
    EpisodePerson.objects.create(episode=episode, name="Nadia Démo", role="guest", title="PDG")
    return episode


def test_the_episode_page_plays_seeks_and_shows_its_transcript(client, episode):
    html = client.get(episode.url).content.decode()
    # Through the counting redirect; preload="none" so that opening the page is not a download.
    counted_url = f"{episode.get_parent().url}{episode.guid}/audio.mp3"
    assert f'<audio id="lecteur" controls preload="none" src="{counted_url}"' in html
    assert 'href="#t=65" data-seek="65"' in html
    assert "Bienvenue dans Cash PME." in html
    assert "<strong>Nadia Démo</strong>" in html
    assert "Invité — PDG" in html
    assert "Durée\u00a0: 3\u00a0s" in html
    assert "/static/podcast/player.js" in html
    assert "/static/podcast/player.css" in html


def test_the_guid_survives_slug_title_and_audio_changes(episode):
    guid = episode.guid
    episode.title, episode.slug = "Nouveau titre", "nouveau-slug"
    episode.audio = make_audio_asset("tone.m4a", content_type="audio/mp4")
    episode.save_revision().publish()
    episode.refresh_from_db()
    assert episode.guid == guid


def test_copying_an_episode_gives_the_copy_its_own_guid(episode):
    copy = episode.copy(update_attrs={"slug": "copie", "title": "Copie"})
    assert copy.guid != episode.guid


def test_the_show_lists_live_public_episodes_newest_first_with_pages(client, show):
    audio = make_audio_asset()
    for number in range(1, 13):
        EpisodePageFactory(parent=show, title=f"Épisode numéro {number}", audio=audio)
    EpisodePageFactory(parent=show, title="Brouillon secret", audio=audio, live=False)
    private = EpisodePageFactory(parent=show, title="Réservé aux adhérents", audio=audio)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    first = client.get(show.url).content.decode()
    second = client.get(show.url, {"page": 2}).content.decode()

    assert first.index("Épisode numéro 12") < first.index("Épisode numéro 11")
    assert "Épisode numéro 3<" in first
    assert "Épisode numéro 2<" not in first
    assert "Épisode numéro 2<" in second
    assert "Épisode numéro 1<" in second
    assert "Page 1 sur 2" in first
    for html in (first, second):
        assert "Brouillon secret" not in html
        assert "Réservé aux adhérents" not in html
    assert client.get(show.url, {"page": 3}).status_code == 404
    assert client.get(show.url, {"page": "abc"}).status_code == 200


def test_related_pages_only_link_live_ones(client, episode):
    live = StandardPageFactory(parent=episode.get_site().root_page, title="Pacte Occitan")
    draft = StandardPageFactory(parent=live.get_parent(), title="Projet confidentiel", live=False)
    EpisodeRelatedPage.objects.create(episode=episode, page=live)
    EpisodeRelatedPage.objects.create(episode=episode, page=draft)
    html = client.get(episode.url).content.decode()
    assert "Pacte Occitan" in html
    assert "Projet confidentiel" not in html


def test_an_apple_subcategory_must_belong_to_its_category(show):
    from django.core.exceptions import ValidationError

    show.apple_category, show.apple_subcategory = "News", "Entrepreneurship"
    with pytest.raises(ValidationError, match="n'est pas une sous-catégorie de « News »"):
        show.full_clean()
