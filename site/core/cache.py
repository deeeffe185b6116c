"""A site-wide content version: cached pages and fragments are keyed on it, never on a TTL.

Any publish, unpublish, move or delete of a page, and any change of the rows pages show
(snippets, settings, images, documents, view restrictions: ``bump_on_save_of``), bumps the
version, so the next request renders afresh.
The version is a database row, not a cache entry: every process sees a bump at once, even
with the per-process memory cache of the embedded default (runserver and the scheduler that
releases embargoes are two processes; gunicorn runs several workers).
"""

import contextlib
import contextvars
import uuid

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move


def _versions():
    return apps.get_model("core", "ContentVersion").objects


def content_version() -> str:
    version = _versions().values_list("version", flat=True).first()
    if version is None:
        version = _versions().create().version
    return version.hex


def request_content_version(request) -> str:
    """The version read once per request (every fragment of the page keys on it)."""
    if not hasattr(request, "_content_version"):
        request._content_version = content_version()
    return request._content_version


def preview_safe_caching(request) -> dict:
    """Fragment cache settings for a page: forever when live, never shared with previews,
    whose unsaved content must not be cached nor be hidden by the published version."""
    if getattr(request, "is_preview", False):
        return {"cache_timeout": 1, "cache_nonce": uuid.uuid4().hex}
    return {"cache_timeout": None, "cache_nonce": ""}


content_changed = Signal()
"""Sent after each new content version: caches versioned elsewhere (podcast feeds) follow it."""


class _Deferred:
    pending = False


_deferred = contextvars.ContextVar("content_version_deferred", default=None)


def _new_version():
    if not _versions().update(version=uuid.uuid4()):
        _versions().create()
    content_changed.send(sender=None)


def bump_content_version(**kwargs):
    """A new version, or, inside ``one_content_version_bump`` (every request is), a note
    that one is due when it ends."""
    deferred = _deferred.get()
    if deferred is None:
        _new_version()
    else:
        deferred.pending = True


@contextlib.contextmanager
def one_content_version_bump():
    """Many changes, one new version, made after the last of them.

    An import saves thousands of rows, and one version update per row would cost as much
    again. And a change is often several writes, each committed on its own (a document's
    row, then the page count of the positions using it, written by another receiver): a new
    version made at the first write would let a request in between store the old render
    under it, to be served until the next change. ``core.middleware.ContentVersionMiddleware``
    therefore wraps every request in this. A version made inside a transaction becomes
    visible with the transaction's other writes, when it commits.
    """
    if _deferred.get() is not None:  # an enclosing block makes the version
        yield
        return
    deferred = _Deferred()
    token = _deferred.set(deferred)
    try:
        yield
    finally:
        _deferred.reset(token)
        if deferred.pending:
            _new_version()


page_published.connect(bump_content_version, dispatch_uid="home-content-version-published")
page_unpublished.connect(bump_content_version, dispatch_uid="home-content-version-unpublished")
post_page_move.connect(bump_content_version, dispatch_uid="home-content-version-moved")


@receiver(post_delete, dispatch_uid="home-content-version-deleted")
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        bump_content_version()


def bump_on_save_of(*models):
    """Models whose rows public pages show (snippets, settings, images, documents, view
    restrictions): a change to one of them changes pages without a publish."""
    for model in models:
        label = model._meta.label
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"cv-{label}")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"cv-del-{label}")
        if model._meta.auto_created:  # a many-to-many table: its changes come as m2m_changed
            m2m_changed.connect(bump_content_version, sender=model, dispatch_uid=f"cv-m2m-{label}")
