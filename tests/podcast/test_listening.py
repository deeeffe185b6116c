"""What listeners get around the player: lists that play, seasons, previous/next, guests,
subscribe buttons with a QR code, sharing, the embeddable player and oEmbed."""

import json
import re

import pytest
import wagtail_factories
from django.utils import timezone
from wagtail.models import PageViewRestriction

from podcast.models import EpisodePerson, ListenLink

NBSP = "\u00a0"


def dated(make_episode, days_ago, season=1, **fields):
    episode = make_episode(**fields)
    episode.first_published_at = timezone.now() - timezone.timedelta(days=days_ago)
    episode.season = season
    episode.save(update_fields=["first_published_at", "season"])
    return episode


def test_the_show_groups_seasons_and_each_episode_plays_in_place(client, show, make_episode):
    dated(make_episode, 30, title="Premier de la saison 1", season=1)
    dated(make_episode, 3, title="Ouverture de la saison 2", season=2)
    html = client.get(show.url).content.decode()

    assert html.index(">Saison 2</h3>") < html.index(">Saison 1</h3>")
    assert html.index("Ouverture de la saison 2") < html.index(">Saison 1</h3>")
    assert html.index(">Saison 1</h3>") < html.index("Premier de la saison 1")
    # A compact player per episode, through the counting redirect, loading nothing yet.
    assert html.count('class="player player--compact" data-player') == 2
    assert html.count('preload="none"') == 2
    assert "/static/podcast/player.js" in html
    assert f"3{NBSP}s" in html


def test_the_home_page_plays_the_latest_episodes(client, make_episode):
    episode = make_episode(title="Épisode à la une")
    html = client.get("/").content.decode()
    assert "Épisode à la une" in html
    assert f'data-guid="{episode.guid}"' in html
    assert f'src="/cash-pme/{episode.guid}/audio.mp3"' in html


def test_previous_and_next_skip_drafts_and_private_episodes(client, show, make_episode):
    first = dated(make_episode, 40, title="Le plus ancien")
    dated(make_episode, 30, title="Réservé", people=False)
    PageViewRestriction.objects.create(
        page=show.get_children().get(title="Réservé"), restriction_type="login"
    )
    middle = dated(make_episode, 20, title="Celui du milieu")
    make_episode(title="Brouillon à venir", publish_it=False)
    last = dated(make_episode, 10, title="Le plus récent")

    html = client.get(middle.url).content.decode()
    assert f'href="{first.url}" rel="prev"' in html
    assert f'href="{last.url}" rel="next"' in html
    assert "Réservé" not in html
    assert "Brouillon à venir" not in html

    oldest = client.get(first.url).content.decode()
    assert 'rel="prev"' not in oldest
    assert f'href="{middle.url}" rel="next"' in oldest


def test_guests_show_their_photo_a_link_and_a_role_in_their_gender(client, make_episode):
    episode = make_episode(people=False)
    photo = wagtail_factories.ImageFactory(title="Portrait")
    EpisodePerson.objects.create(
        episode=episode, name="Nadia Démo", role="guest", gender="f", title="PDG", photo=photo
    )
    EpisodePerson.objects.create(
        episode=episode, name="Camille Micro", role="host", url="https://example.org/camille"
    )
    EpisodePerson.objects.create(episode=episode, name="Léa Voix", role="co-host", gender="f")
    html = client.get(episode.url).content.decode()
    assert re.search(r'<img [^>]*class="people__photo"', html)
    assert "Invitée — PDG" in html
    assert "Animateur" in html
    assert "Co-animatrice" in html
    assert '<a href="https://example.org/camille" rel="noopener">Camille Micro</a>' in html


def test_sizes_read_in_ko_and_mo(client, make_episode):
    episode = make_episode()
    html = client.get(episode.url).content.decode()
    size = episode.audio.size_bytes
    assert f"audio/mpeg, {round(size / 1024)}{NBSP}Ko)" in html


def test_subscribe_offers_only_the_apps_the_show_has_and_a_qr_code(client, show):
    ListenLink.objects.create(show=show, platform="apple", url="https://podcasts.example/cash")
    ListenLink.objects.create(show=show, platform="overcast", url="https://overcast.example/c")
    html = client.get(show.url).content.decode()
    apps = html[html.index('class="subscribe__apps"') : html.index("Autres applications")]
    assert "Apple Podcasts" in apps
    assert "Overcast" in apps
    assert "Spotify" not in apps
    assert re.search(r'<use href="/static/podcast/apps\.svg#apple">', apps)
    assert "https://" not in apps.replace("https://podcasts.example", "").replace(
        "https://overcast.example", ""
    )
    qr = re.search(r'<svg role="img" [^>]*class="subscribe__qr"[^>]*><title>([^<]*)</title>', html)
    assert qr
    assert "QR code du flux RSS" in qr.group(1)
    assert 'data-copy="feed-url"' in html


def test_the_qr_code_encodes_the_feed_address(show):
    import segno
    from django.template import Context, Template

    html = Template("{% load podcast_tags %}{% feed_qr_code show %}").render(
        Context({"show": show})
    )
    expected = segno.make(show.feed_url, error="m").svg_inline(
        scale=4, border=2, dark="#0b2f5b", svgclass="subscribe__qr", title="x"
    )
    path = re.search(r' d="([^"]+)"', expected).group(1)
    assert path in html


def test_sharing_works_without_javascript(client, make_episode):
    episode = make_episode(title="Trésorerie & délais")
    html = client.get(episode.url).content.decode()
    share = html[html.index('class="share"') :]
    url = "http%3A%2F%2Ftestserver%2Fcash-pme%2F" + episode.slug + "%2F"
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={url}" in share
    assert "https://bsky.app/intent/compose?text=Tr%C3%A9sorerie%20%26%20d%C3%A9lais" in share
    assert "https://x.com/intent/post?text=" in share
    assert "mailto:?subject=" in share
    assert "data-share-native hidden" in share
    assert "data-share-time hidden" in share


def test_mastodon_sharing_names_the_listener_server_without_redirecting(client, home_page):
    response = client.get(
        "/partage/mastodon/", {"instance": "https://Mastodon.Social/", "texte": "Écoutez ça"}
    )
    assert response.status_code == 200
    assert "https://mastodon.social/share?text=%C3%89coutez+%C3%A7a" in response.content.decode()

    handle = client.get("/partage/mastodon/", {"instance": "@moi@piaille.fr", "texte": "x"})
    assert "https://piaille.fr/share?text=x" in handle.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"instance": "pas un serveur", "texte": "x"}, "Indiquez l&#x27;adresse de votre serveur"),
        ({"instance": "", "texte": "x"}, "Indiquez l&#x27;adresse de votre serveur"),
        ({"instance": "mastodon.social", "texte": ""}, "Le texte à partager manque"),
    ],
)
def test_mastodon_sharing_explains_bad_input(client, home_page, params, message):
    response = client.get("/partage/mastodon/", params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "/share?" not in response.content.decode()


# Embedding


def test_only_the_embed_route_may_be_framed_by_other_sites(client, make_episode):
    episode = make_episode()
    embed_url = f"/cash-pme/{episode.guid}/lecteur/"
    embed = client.get(embed_url)
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    html = embed.content.decode()
    assert 'id="lecteur"' in html
    assert 'preload="none"' in html
    assert f'href="http://testserver{episode.url}" target="_blank"' in html

    page = client.get(episode.url)
    assert "frame-ancestors 'self'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] in ("DENY", "SAMEORIGIN")


def test_a_draft_or_private_episode_has_no_embed(client, show, make_episode):
    draft = make_episode(publish_it=False)
    assert client.get(f"/cash-pme/{draft.guid}/lecteur/").status_code == 404
    private = make_episode(title="Réservé")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert client.get(f"/cash-pme/{private.guid}/lecteur/").status_code == 404


def test_episode_pages_announce_their_oembed_endpoint(client, make_episode):
    episode = make_episode()
    html = client.get(episode.url).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html)
    assert link
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    assert response.json()["title"] == episode.title


def test_oembed_answers_a_rich_player(client, make_episode):
    episode = make_episode(title="Trésorerie <script>")
    response = client.get("/oembed/", {"url": f"http://testserver{episode.url}", "maxwidth": 400})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["type"] == "rich"
    assert data["version"] == "1.0"
    assert data["width"] == 400
    assert data["height"] == 180
    assert data["provider_name"] == "Cash PME"
    assert f'src="http://testserver/cash-pme/{episode.guid}/lecteur/"' in data["html"]
    assert "Trésorerie &lt;script&gt;" in data["html"]
    head = client.head("/oembed/", {"url": f"http://testserver{episode.url}"})
    assert (head.status_code, head.content) == (200, b"")
    assert data["thumbnail_url"].startswith("http://testserver/")


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "paramètre « url »"),
        ({"url": "{episode}", "format": "xml"}, 501, "Seul le format JSON"),
        ({"url": "{episode}", "maxwidth": "large"}, 400, "« maxwidth » doit être un nombre"),
        ({"url": "{episode}", "maxheight": "0"}, 400, "« maxheight » doit être un nombre"),
        ({"url": "http://ailleurs.example/cash-pme/"}, 404, "Aucun épisode publié"),
        ({"url": "http://testserver/cash-pme/"}, 404, "Aucun épisode publié"),
        ({"url": "http://testserver/cash-pme/inconnu/"}, 404, "Aucun épisode publié"),
        ({"url": "{draft}"}, 404, "Aucun épisode publié"),
        ({"url": "javascript:alert(1)"}, 404, "Aucun épisode publié"),
    ],
)
def test_oembed_explains_bad_requests(client, make_episode, params, status, message):
    episode = make_episode()
    draft = make_episode(title="Brouillon", publish_it=False)
    params = {
        key: value.format(episode=f"http://testserver{episode.url}", draft=draft.full_url)
        for key, value in params.items()
    }
    response = client.get("/oembed/", params)
    assert response.status_code == status
    assert message in response.json()["error"]
