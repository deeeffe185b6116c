"""An episode from the editor's upload to the listener's player, in a real browser."""

import re

import feedparser
from playwright.sync_api import expect

from podcast.models import EpisodePage, PodcastPage
from tests.e2e.conftest import E2E_DATABASE, log_in
from tests.podcast.factories import AUDIO_FIXTURES

pytestmark = E2E_DATABASE


def open_audio_chooser_upload_tab(page):
    page.get_by_role("button", name="Choisir un fichier audio").click()
    page.get_by_role("tab", name="Déposer").click()


def test_editor_uploads_submits_moderator_approves_listener_plays(demo_site, new_page, settings):
    # Wagtail's autosave would create the page in the background at a moment of its own
    # choosing (after the audio chooser closes, late on a loaded machine), and a submission
    # racing it posts a second creation. Without it, the submission creates the page itself.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    show = PodcastPage.objects.get(slug="cash-pme")
    editor = new_page()
    log_in(editor, demo_site, "redacteur")
    editor.goto(f"{demo_site}/admin/pages/add/podcast/episodepage/{show.pk}/")
    editor.fill("#id_title", "Énergie : les PME face aux factures")
    editor.fill("#id_summary", "Des dirigeants racontent comment ils ont renégocié leurs contrats.")
    editor.locator("[data-contentpath=show_notes] [contenteditable=true]").fill(
        "Trois conseils pour négocier son contrat d'énergie."
    )
    open_audio_chooser_upload_tab(editor)
    editor.locator(".modal input[name=file]").set_input_files(AUDIO_FIXTURES / "tone.mp3")
    editor.get_by_role("button", name="Déposer le fichier").click()
    expect(editor.locator("[data-chooser-title]").first).to_contain_text(re.compile(r"3\s+s"))
    expect(editor.locator("[data-chooser-title]").first).to_contain_text("64 kbit/s")
    # The player beside the chooser now plays the uploaded file (podcast/audio-chooser.js).
    expect(editor.locator("#id_audio-chooser audio")).to_have_attribute(
        "src", re.compile(r"/podcast/audio/\w+/[\w-]+\.mp3$")
    )

    editor.get_by_role("button", name="Plus d'actions").click()
    # The submission redirects to the explorer, which can take long on a loaded machine.
    editor.locator("button[name=action-submit]").click(timeout=60_000)
    expect(editor.locator(".messages")).to_contain_text("soumise")
    episode = EpisodePage.objects.get(title="Énergie : les PME face aux factures")
    assert not episode.live

    moderator = new_page()
    log_in(moderator, demo_site, "moderatrice")
    moderator.goto(f"{demo_site}/admin/pages/{episode.pk}/edit/")
    moderator.get_by_role("button", name="Plus d'actions").click()
    moderator.get_by_role("button", name=re.compile("Approuver")).first.click()
    dialog_submit = moderator.locator(".modal button[type=submit]")
    if dialog_submit.count():
        dialog_submit.first.click()
    expect(moderator.locator(".messages")).to_contain_text("mise à jour")
    episode.refresh_from_db()
    assert episode.live

    listener = new_page()
    feed = listener.request.get(f"{demo_site}/cash-pme/feed.xml")
    assert feed.status == 200
    items = feedparser.parse(feed.body()).entries
    assert items[0].title == "Énergie : les PME face aux factures"  # newest first
    assert items[0].enclosures[0].type == "audio/mpeg"
    listener.goto(f"{demo_site}/cash-pme/")
    listener.get_by_role("link", name="Énergie : les PME face aux factures").click()
    # Our player replaces the native controls (which stay without JavaScript).
    expect(listener.locator(".player--main .player__play")).to_be_visible()
    # preload="none": nothing loads until the listener presses play (muted: no user gesture
    # in a test). The audio then comes through the counting redirect, ranges included.
    listener.evaluate("const a = document.getElementById('lecteur'); a.muted = true; a.play()")
    listener.wait_for_function("document.getElementById('lecteur').readyState >= 1")
    duration = listener.evaluate("document.getElementById('lecteur').duration")
    assert 2.9 < duration < 3.2
    listener.evaluate("document.getElementById('lecteur').currentTime = 1.5")
    listener.wait_for_function("!document.getElementById('lecteur').seeking")
    assert abs(listener.evaluate("document.getElementById('lecteur').currentTime") - 1.5) < 0.1


def test_uploading_a_non_audio_file_shows_the_french_error(demo_site, new_page):
    show = PodcastPage.objects.get(slug="cash-pme")
    editor = new_page()
    log_in(editor, demo_site, "redacteur")
    editor.goto(f"{demo_site}/admin/pages/add/podcast/episodepage/{show.pk}/")
    open_audio_chooser_upload_tab(editor)
    editor.locator(".modal input[name=file]").set_input_files(AUDIO_FIXTURES / "wav_renamed.mp3")
    editor.get_by_role("button", name="Déposer le fichier").click()
    expect(editor.locator(".modal")).to_contain_text("enregistrement WAV non compressé")
