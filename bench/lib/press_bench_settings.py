"""Press alert benchmark: the database task queue (as `make run`), or RQ on the Redis of
BENCH_RQ_URL (as production), and SMTP to the benchmark's local server, shared by the
benchmark process (which publishes) and its workers."""

import os

from config.settings.test import *  # noqa: F403

if os.environ.get("BENCH_RQ_URL"):
    # Production's queue: django-rq installed (as with RQ_REDIS_URL), jobs in Redis.
    RQ_QUEUES = {
        name: {**options, "URL": os.environ["BENCH_RQ_URL"]}
        for name, options in RQ_QUEUES.items()  # noqa: F405
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": TASK_QUEUES,  # noqa: F405
        }
    }
else:
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": TASK_QUEUES,  # noqa: F405
        }
    }
    # The embedded default's worker: no RQ_REDIS_URL, so no django-rq (the test settings
    # install it for the suite's RQ tests).
    INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django_rq"]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("BENCH_SMTP_PORT", "2525"))
EMAIL_USE_TLS = False
EMAIL_USE_SSL = False
EMAIL_HOST_USER = ""
EMAIL_HOST_PASSWORD = ""
EMAIL_TIMEOUT = 10
MEDIA_ROOT = os.environ.get("BENCH_DIR", MEDIA_ROOT)  # noqa: F405
