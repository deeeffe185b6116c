"""Test settings: fast hashing, in-memory email; DATABASE_URL still selects PostgreSQL."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, inside the code that enqueues them (after its transaction commits).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,  # noqa: F405
    }
}
# The suite runs both queues (tests/core/test_rq.py runs RQ on a real Redis): django-rq is
# installed whether RQ_REDIS_URL is set or not.
if "django_rq" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="cpme-test-media-")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT = tempfile.mkdtemp(prefix="cpme-test-static-")
STORAGES["members_private"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix="cpme-test-private-")},
}
# The podcast import tests' local hosting services listen on 127.0.0.1 only; the tests of
# the address check override this back to refuse it.
PODCAST_IMPORT_ALLOWED_ADDRESSES = ["127.0.0.1/32"]
