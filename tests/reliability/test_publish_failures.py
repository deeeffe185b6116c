"""A receiver of page_published that fails must not leave a publication half-done."""

import logging

import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_published
from wagtail.test.utils.form_data import nested_form_data, streamfield

from core.publishing import after_commit
from tests.home.factories import StandardPageFactory


class CacheDown(Exception):
    pass


def invalidate_feed_cache(sender, **kwargs):
    raise CacheDown("le cache ne répond pas")


@pytest.fixture
def receivers():
    """Connects the receivers a test lists; always disconnected afterwards."""
    connected = []

    def connect(*functions):
        for function in functions:
            page_published.connect(function, weak=False)
            connected.append(function)

    yield connect
    for function in connected:
        page_published.disconnect(function)


@pytest.fixture
def moderator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("moderatrice", "m@e.org", "x"))
    client.raise_request_exception = False
    return client


@pytest.fixture
def draft(home_page):
    page = StandardPageFactory(parent=home_page, title="Programme", slug="programme", live=False)
    page.save_revision()
    return page


def publish(client, page, title):
    data = nested_form_data(
        {"title": title, "slug": page.slug, "intro": page.intro, "body": streamfield([])}
    )
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_wagtail_alone_leaves_a_half_done_publication(moderator, draft, receivers):
    """Why the rule exists: the page goes live, yet the editor sees an error and later
    receivers (here the one refreshing listings) never run."""
    later = []
    receivers(invalidate_feed_cache, lambda sender, **kwargs: later.append(sender))

    response = publish(moderator, draft, "Programme publié")

    assert response.status_code == 500
    assert Page.objects.get(pk=draft.pk).live
    assert later == []
    assert not PageLogEntry.objects.filter(page=draft, action="wagtail.publish").exists()


def test_receivers_after_commit_cannot_break_a_publication(
    moderator, client, draft, receivers, caplog, django_capture_on_commit_callbacks
):
    later = []
    receivers(
        after_commit(invalidate_feed_cache),
        after_commit(lambda sender, instance, **kwargs: later.append(instance.title)),
    )

    with (
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = publish(moderator, draft, "Programme publié")

    assert response.status_code == 302
    page = Page.objects.get(pk=draft.pk).specific
    assert page.live
    assert page.live_revision == page.latest_revision
    assert page.title == "Programme publié"
    assert later == ["Programme publié"]  # the other receivers still ran
    assert PageLogEntry.objects.filter(page=draft, action="wagtail.publish").exists()
    assert any(isinstance(r.exc_info[1], CacheDown) for r in caplog.records if r.exc_info)
    assert "Programme publié" in client.get(page.url).content.decode()
    assert "Programme publié" in client.get("/").content.decode()  # the home page's menu


def test_a_rolled_back_publication_runs_no_side_effect(
    draft, receivers, django_capture_on_commit_callbacks
):
    ran = []
    receivers(after_commit(lambda sender, **kwargs: ran.append(sender)))

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                draft.latest_revision.publish()
                raise CacheDown("la transaction échoue")
        except CacheDown:
            pass

    assert ran == []
    assert not Page.objects.get(pk=draft.pk).live
