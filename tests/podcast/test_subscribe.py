"""Every podcast page tells browsers and listeners where the feed is."""

from django.contrib.staticfiles import finders

from tests.home.test_site import outline

FEED_URL = "http://testserver/cash-pme/feed.xml"


def test_show_and_episode_pages_link_the_feed_and_offer_to_copy_it(client, make_episode):
    episode = make_episode()
    for path in ("/cash-pme/", episode.url):
        html = client.get(path).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" '
            f'title="Cash PME (flux RSS du podcast)" href="{FEED_URL}">'
        ) in html
        assert "S'abonner" in html
        assert f'<input id="feed-url" class="subscribe__url" type="url" value="{FEED_URL}"' in html
        assert 'data-copy="feed-url" hidden>Copier l\'adresse</button>' in html
        assert "podcast/subscribe.js" in html

        page = outline(html)
        assert page.headings.count(1) == 1
        jumps = [b - a for a, b in zip(page.headings, page.headings[1:], strict=False)]
        assert max(jumps, default=0) <= 1, f"heading levels skip on {path}: {page.headings}"


def test_the_copy_script_is_collected_with_the_static_files():
    path = finders.find("podcast/subscribe.js")
    assert path is not None
    with open(path, encoding="utf-8") as script:
        assert "navigator.clipboard" in script.read()
