"""Cached fragments never outlive the content they show: the next request sees a change."""

from tests.antennas.factories import AntennaFactory
from tests.home.factories import StandardPageFactory
from tests.podcast.factories import EpisodePageFactory, PodcastPageFactory, make_audio_asset


def test_a_publish_shows_on_the_home_page_at_the_next_request(client, home_page):
    show = PodcastPageFactory(parent=home_page)
    assert "Nouvel épisode" not in client.get("/").content.decode()  # now cached
    episode = EpisodePageFactory(parent=show, title="Nouvel épisode", audio=make_audio_asset())
    episode.save_revision().publish()
    assert "Nouvel épisode" in client.get("/").content.decode()
    episode.unpublish()
    assert "Nouvel épisode" not in client.get("/").content.decode()


def test_the_menu_follows_publishing_and_moves(client, home_page):
    client.get("/")
    section = StandardPageFactory(
        parent=home_page, title="Nos services", show_in_menus=True, live=False
    )
    section.save_revision().publish()
    assert ">Nos services</a>" in client.get("/").content.decode()
    section.delete()
    assert ">Nos services</a>" not in client.get("/").content.decode()


def test_the_footer_follows_antenna_edits(client, home_page):
    antenna = AntennaFactory(department_code="46", name="CPME Lot", city="Cahors")
    assert "</span> Cahors</a>" in client.get("/").content.decode()
    antenna.city = "Figeac"
    antenna.save()
    assert "</span> Figeac</a>" in client.get("/").content.decode()


def test_previews_are_never_served_from_or_into_the_cache(client, home_page, admin_user):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    client.get("/")
    client.force_login(admin_user)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[home_page.pk])
    data = nested_form_data(
        {"title": "Accueil", "slug": "accueil", "hero_title": "Accroche en cours d'écriture",
         "body": streamfield([])}
    )  # fmt: skip
    client.post(preview_url, data)
    assert "Accroche en cours d&#x27;écriture" in client.get(preview_url).content.decode()
    client.logout()
    assert "Accroche en cours" not in client.get("/").content.decode()


def test_a_bump_made_by_another_process_is_seen_at_once(client, home_page):
    """The scheduler releasing an embargo is another process, with its own memory cache."""
    import uuid

    from core.models import ContentVersion

    PodcastPageFactory(parent=home_page, title="Émission", show_in_menus=True)
    client.get("/")  # fragments cached under the current version
    show = home_page.get_children().get(slug="cash-pme")
    show.title = "Cash PME, saison 2"
    show.save()  # no publish signal here: as if another process had changed it…
    ContentVersion.objects.update(version=uuid.uuid4())  # …and bumped the shared version
    assert ">Cash PME, saison 2</a>" in client.get("/").content.decode()
