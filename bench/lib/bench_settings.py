"""Production settings (DEBUG off, whitenoise, manifest static files) with files in the
benchmark's temporary directory, so a run leaves nothing in the checkout."""

import os

from config.settings.production import *  # noqa: F403

BENCH_DIR = os.environ["BENCH_DIR"]
STATIC_ROOT = f"{BENCH_DIR}/static"
MEDIA_ROOT = f"{BENCH_DIR}/media"
