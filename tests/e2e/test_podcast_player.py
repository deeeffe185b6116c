"""The Cash PME player in a real browser: keyboard only, skips, speed, chapters, the position
kept on the device, lists that play in place, and the embed inside another site's page."""

import gzip
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from podcast.ingest import ingest_audio
from podcast.models import EpisodeChapter, PodcastPage
from tests.e2e.conftest import ARTIFACTS, E2E_DATABASE
from tests.podcast.conftest import publish
from tests.podcast.factories import EpisodePageFactory
from tests.podcast.tones import generate_mp3

pytestmark = E2E_DATABASE

PLAYER_BUDGET = 15 * 1024  # bytes of gzip'd JavaScript and CSS, issue 19
AUDIO = "document.getElementById('lecteur')"


def long_episode():
    """A 70-second episode with three chapters (the demo's are 10 s: too short to skip 30 s)."""
    show = PodcastPage.objects.get(slug="cash-pme")
    upload = SimpleUploadedFile("long.mp3", generate_mp3(70.0), content_type="audio/mpeg")
    episode = EpisodePageFactory(
        parent=show,
        live=False,
        title="Soixante-dix secondes",
        slug="soixante-dix-secondes",
        audio=ingest_audio(upload, "Soixante-dix secondes"),
    )
    for order, (start, title) in enumerate(
        [("0:00", "Accueil"), ("0:20", "Le cœur du sujet"), ("0:50", "Conclusion")]
    ):
        EpisodeChapter.objects.create(episode=episode, start=start, title=title, sort_order=order)
    return publish(episode)


def tab_to(page, selector, limit=80):
    """Presses Tab until the element matching selector has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"{selector} never got the focus")


def player_bytes(page, base_url):
    """What the player costs over the wire: its script and style sheet as the page links them,
    fetched by the browser and compressed with gzip."""
    total = 0
    for selector, attribute in (("script[src*='player']", "src"), ("link[href*='player']", "href")):
        url = page.locator(selector).first.get_attribute(attribute)
        body = page.request.get(base_url + url if url.startswith("/") else url).body()
        total += len(gzip.compress(body, compresslevel=9))
    return total


def test_keyboard_only_listening_with_skips_speed_chapters_and_resume(demo_site, new_page):
    episode = long_episode()
    listener = new_page()
    audio_requests = []
    listener.on("request", lambda r: audio_requests.append(r.url) if "audio.mp3" in r.url else None)
    listener.goto(f"{demo_site}{episode.url}")

    size = player_bytes(listener, demo_site)
    print(f"\nplayer: {size} bytes gzip (JS + CSS)")
    assert size <= PLAYER_BUDGET
    for name in ("podcast/player.js", "podcast/player.css"):
        assert finders.find(name)

    # Nothing downloads until the listener presses play (preload="none").
    expect(listener.locator(".player--main .player__play")).to_be_visible()
    assert listener.evaluate(f"{AUDIO}.readyState") == 0
    assert audio_requests == []
    seek = listener.locator(".player--main .player__seek")
    expect(seek).to_have_attribute("aria-valuetext", "0 seconde sur 1 minute 10 secondes")

    tab_to(listener, ".player--main .player__play")
    listener.keyboard.press("Enter")
    listener.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime > 0")
    assert audio_requests, "playing goes through the counting redirect"

    listener.keyboard.press("l")  # +30 s
    listener.wait_for_function(f"{AUDIO}.currentTime >= 30")
    expect(listener.locator(".chapters li.is-current")).to_contain_text("Le cœur du sujet")
    expect(listener.locator(".chapters [aria-current=true]")).to_have_count(1)
    listener.keyboard.press("j")  # -15 s
    listener.wait_for_function(f"{AUDIO}.currentTime >= 15 && {AUDIO}.currentTime < 25")
    expect(seek).to_have_attribute("aria-valuetext", re.compile(r"secondes sur 1 minute 10"))

    tab_to(listener, ".player--main .player__rate")
    for _ in range(4):
        listener.keyboard.press("ArrowDown")  # 1× → 1,25× → 1,5× → 1,75× → 2×
    listener.wait_for_function(f"{AUDIO}.playbackRate === 2")

    tab_to(listener, ".player--main .player__seek")
    listener.keyboard.press("k")  # pause
    listener.wait_for_function(f"{AUDIO}.paused")
    # The native range: Home, End, arrows, Page Up/Down (10 %: 7 s here).
    listener.keyboard.press("Home")
    for _ in range(8):
        listener.keyboard.press("PageUp")
    listener.wait_for_function(f"{AUDIO}.currentTime >= 50")
    expect(listener.locator(".chapters li.is-current")).to_contain_text("Conclusion")
    for _ in range(4):
        listener.keyboard.press("PageDown")
    listener.wait_for_function(f"{AUDIO}.currentTime >= 25 && {AUDIO}.currentTime < 30")

    listener.reload()
    expect(listener.locator(".player--main .player__status")).to_contain_text("Reprise à 0:2")
    assert int(seek.input_value()) >= 25
    assert listener.evaluate(f"{AUDIO}.playbackRate") == 2  # the speed is kept too
    tab_to(listener, ".player--main .player__play")
    listener.keyboard.press("Space")
    listener.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime >= 25")


def test_a_listed_episode_plays_in_place_one_at_a_time(demo_site, new_page):
    listener = new_page()
    listener.goto(f"{demo_site}/cash-pme/")
    players = listener.locator(".player--compact")
    expect(players).to_have_count(3)
    players.nth(0).locator(".player__play").click()
    listener.wait_for_function(
        "document.querySelectorAll('.player--compact audio')[0].currentTime > 0"
    )
    players.nth(1).locator(".player__play").click()
    listener.wait_for_function(
        "(() => { const a = document.querySelectorAll('.player--compact audio');"
        " return a[0].paused && !a[1].paused; })()"
    )
    assert listener.url == f"{demo_site}/cash-pme/"


@pytest.fixture
def other_site():
    """Another origin on this machine (another port of 127.0.0.1: a real server, so that
    Chromium's local network rules see a loopback page framing a loopback page)."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield pages, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_embed_plays_inside_another_sites_page_and_nothing_else_can_be_framed(
    demo_site, browser, other_site
):
    episode = PodcastPage.objects.get(slug="cash-pme").get_children().live().first().specific
    embed_url = f"{demo_site}/cash-pme/{episode.guid}/lecteur/"
    pages, blog = other_site
    pages["/article"] = (
        "<!DOCTYPE html><title>Un blog</title><h1>Un autre site</h1>"
        f'<iframe id="embed" src="{embed_url}" width="600" height="180"></iframe>'
        f'<iframe id="page" src="{demo_site}{episode.url}"></iframe>'
    )
    # The site's real Content-Security-Policy applies here (no bypass).
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{blog}/article")
        frame = page.frame_locator("#embed")
        expect(frame.get_by_role("heading", name=episode.title)).to_be_visible(timeout=20_000)
        frame.locator(".player__play").click()
        # The frame's strict CSP forbids Playwright's string evaluation: read the player's state.
        expect(frame.locator(".player--main.is-playing")).to_have_count(1)
        expect(frame.locator(".player__time")).not_to_have_text(re.compile(r"^0:00 /"))
        # The episode page itself refuses to be framed by another site.
        # (Chromium shows its own error page in the frame instead.)
        framed_page = page.frame_locator("#page")
        expect(framed_page.get_by_role("heading", name=episode.title)).to_have_count(0)
        expect(framed_page.locator(".player")).to_have_count(0)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "embed-in-another-site.png")
        raise
    finally:
        context.close()
