"""Local development: the embedded default (SQLite, media on disk, local-memory cache)."""

from .base import *  # noqa: F403

DEBUG = True

# Django's own notices (« … changed, reloading. ») are shown while developing.
LOGGING["loggers"]["django"]["level"] = env_str("DJANGO_LOG_LEVEL", "INFO")  # noqa: F405
