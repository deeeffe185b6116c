"""The smallest Wagtail 8 project (the apps `wagtail start` lists, on SQLite): what any
process loading Wagtail weighs before the site's own code, the press benchmark's baseline
(after `django.setup()`, then after the system checks every management command runs, which
load its URLconf, `wagtail_floor_urls`: what a worker of that project weighs before a job)."""

import os
import tempfile

SECRET_KEY = "benchmark-only"  # noqa: S105 (a process that serves nothing)
INSTALLED_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(os.environ.get("BENCH_DIR") or tempfile.gettempdir(), "floor.db"),
    }
}
ROOT_URLCONF = "wagtail_floor_urls"
STATIC_URL = "/static/"
WAGTAIL_SITE_NAME = "Plancher"
USE_TZ = True
