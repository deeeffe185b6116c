"""Listeners and readers keep getting pages and the feed while the bucket is down: no S3 call."""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from influence.models import InfluenceReportPage
from podcast.models import EpisodePage, PodcastPage
from positions.models import PositionIndexPage, PositionPage


@pytest.fixture
def demo_on_s3(db, moto_s3):
    """The demo site with every image, PDF and audio file in the moto bucket."""
    call_command("seed_demo", stdout=io.StringIO())
    return moto_s3


def public_urls():
    return {
        "accueil": "/",
        "émission": PodcastPage.objects.live().get().url,
        "flux": PodcastPage.objects.live().get().route_url("feed", full=False),
        "épisode": EpisodePage.objects.live().first().url,
        "positions": PositionIndexPage.objects.live().get().url,
        "position": PositionPage.objects.live().filter(pdf__isnull=False).first().url,
        "rapport": InfluenceReportPage.objects.live().first().url,
    }


def test_pages_render_with_the_bucket_stopped(client, demo_on_s3):
    urls = public_urls()
    with_s3 = {name: client.get(url) for name, url in urls.items()}
    assert {name: r.status_code for name, r in with_s3.items()} == dict.fromkeys(urls, 200)

    demo_on_s3.stop()
    requests = []  # any call the storages would make to the bucket

    from django.core.files.storage import storages

    for alias in ("default", "podcast_audio"):
        storages[alias].connection.meta.client.meta.events.register(
            "before-send.s3", lambda request, **kwargs: requests.append(request.url)
        )
    without_s3 = {name: client.get(url) for name, url in urls.items()}

    assert {name: r.status_code for name, r in without_s3.items()} == dict.fromkeys(urls, 200)
    assert requests == []
    for name, response in without_s3.items():
        html = response.content.decode()
        assert html == with_s3[name].content.decode(), name
    for name in ("émission", "épisode"):  # cover image and audio: bucket URLs, built locally
        html = without_s3[name].content.decode()
        assert f"{demo_on_s3.endpoint}/{demo_on_s3.bucket}/images/" in html, name
        assert "not-found" not in html


def test_a_rendition_that_cannot_be_made_is_a_missing_image_not_an_error(client, demo_on_s3):
    get_image_model().get_rendition_model().objects.all().delete()
    demo_on_s3.stop()

    response = client.get(PodcastPage.objects.live().get().url)

    assert response.status_code == 200
    # Wagtail's placeholder for an image it could not read: a broken image, not a 500
    assert f'{demo_on_s3.bucket}/not-found"' in response.content.decode()
    # …served to this visitor only: the shared HTTP cache must not keep it for everyone
    assert "s-maxage" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]

    demo_on_s3.start()
    response = client.get(PodcastPage.objects.live().get().url)
    html = response.content.decode()
    assert f"{demo_on_s3.endpoint}/{demo_on_s3.bucket}/images/" in html  # made once S3 is back
    assert "s-maxage" in response["Cache-Control"]
