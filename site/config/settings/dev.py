"""Local development: the embedded default (SQLite, media on disk, local-memory cache)."""

from .base import *  # noqa: F403

DEBUG = True
