"""Settings shared by every environment. Everything that varies comes from the environment."""

import datetime
import math
from pathlib import Path

import dj_database_url
from django.utils.functional import SimpleLazyObject

from config.env import env_bool, env_int, env_list, env_str
from config.release import release_id

SITE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SITE_DIR.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "antennas",
    "events",
    "home",
    "podcast",
    "positions",
    "influence",
    "press",
    "themes",
    "sitesearch",
    "members",
    "advisor",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
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
    "django_filters",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.shared_cache.SharedCacheControlMiddleware",  # s-maxage for Varnish / a CDN
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "podcast.middleware.FeedCacheMiddleware",  # warm podcast feeds, served like static files
    # An ETag on every page, and 304 to If-None-Match (Varnish revalidates browsers with it).
    "django.middleware.http.ConditionalGetMiddleware",
    "core.middleware.ContentVersionMiddleware",  # one new version after a request's writes
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_cache",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL (postgres://…) switches to PostgreSQL through psycopg 3.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default has three processes writing (server, scheduler, task worker):
    # take the write lock when a transaction starts and wait for it, instead of failing with
    # "database is locked" half-way through. WAL lets readers go on while one writes, and
    # synchronous=NORMAL syncs at checkpoints rather than at every commit: each e-mail a worker
    # sends is two small commits (its idempotency key), which cost 40 ms each with a sync.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_ROOT = BASE_DIR / "staticfiles"
# Every cache key carries the release (config.release), so that a deploy never serves markup,
# pages or feeds of the previous one. Counters kept in the cache (rate limits) restart too.
RELEASE_ID = release_id(
    STATIC_ROOT,
    [SITE_DIR, BASE_DIR / "templates", BASE_DIR / "requirements.lock"],
    declared=env_str("DJANGO_RELEASE_ID", ""),
)

REDIS_URL = env_str("REDIS_URL", "")
# A cache that is down must slow nothing down: short timeouts, errors ignored (and logged).
REDIS_CACHE_OPTIONS = {
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
    "IGNORE_EXCEPTIONS": True,
}
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, plus a circuit breaker: see home/cache_backend.py.
            "BACKEND": "core.cache_backend.CircuitBreakingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"cpme-{RELEASE_ID}",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": RELEASE_ID,
        }
    }

# Background work (core.tasks, and Wagtail's own tasks) through django-tasks. With
# RQ_REDIS_URL, RQ queues on Redis and `rqworker` processes on any number of machines (see
# docs/operations.md); without it, a queue in the database and `db_worker` (`make run` starts
# one). Test settings run tasks immediately. The queue's Redis must not evict keys: never the
# cache's Redis with allkeys-lru. Three queues: `default` (small jobs), `mail` (alert
# batches), `imports` (a podcast feed import: minutes to hours of downloads, so that RQ's
# time limit, 15 minutes elsewhere, is 6 hours there).
TASK_QUEUES = ["default", "mail", "imports"]
# The shared HTTP caches to purge on every change (deploy/varnish.vcl answers PURGE from the
# app nodes): comma-separated URLs, e.g. http://127.0.0.1:6081/. Empty: no shared cache.
SHARED_CACHE_PURGE_URLS = env_list("SHARED_CACHE_PURGE_URLS")

RQ_REDIS_URL = env_str("RQ_REDIS_URL", "")
if RQ_REDIS_URL:
    # django-rq (its `rqworker` command and admin dashboard) only with RQ: the app imports
    # redis and rq at start-up, about 7 MiB that a `db_worker` or a server never uses.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
RQ_QUEUES = {
    name: {"URL": RQ_REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 900}
    for name in TASK_QUEUES
}
RQ_QUEUES["imports"]["DEFAULT_TIMEOUT"] = 6 * 3600
TASKS_BACKEND = "django_tasks_rq.RQBackend" if RQ_REDIS_URL else "django_tasks_db.DatabaseBackend"
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": TASK_QUEUES}}

# E-mail: SMTP when EMAIL_HOST is set (production), else printed on the console. Background
# jobs send it; the timeout keeps a silent server from holding a worker.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CPME Occitanie <presse@cpme-occitanie.fr>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Press alerts: an unsubscribed address and its consent dates are kept this long as proof
# (a complaint, a data subject's request), then deleted by purge_press_subscribers.
PRESS_UNSUBSCRIBED_RETENTION_DAYS = env_int("PRESS_UNSUBSCRIBED_RETENTION_DAYS", 365)

# django-axes first: it refuses a locked-out login before any password is checked. AxesBackend
# is its standalone backend plus ModelBackend's user loading, so tools that log in with the
# first backend (Wagtail's page test helpers) still find users; ModelBackend then authenticates.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Members sign in with their e-mail address (django-allauth); editors keep their username.
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Sessions live in the database, never only in the cache: editors stay logged in when Redis
# is down or restarted.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (favicon.ico, apple-touch-icon.png, the web
# manifest and its icons), served there by WhiteNoise; `make brand` writes them.
WHITENOISE_ROOT = BASE_DIR / "webroot"
MEDIA_URL = env_str("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = BASE_DIR / "media"

# Media on disk by default; AWS_STORAGE_BUCKET_NAME switches uploads to an S3-compatible bucket.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# boto3 objects are read by django-storages from these two settings, never from OPTIONS: Wagtail
# hands a storage's constructor arguments to a JSON task to delete files, and a botocore
# Config in OPTIONS made every image or document deletion fail after the commit.
# They are built on first use (SimpleLazyObject): importing boto3 and botocore costs every
# process about 7.5 MiB, which a process that never touches the bucket (a worker sending
# mail, any process without AWS_STORAGE_BUCKET_NAME) no longer pays.
# Multipart in 8 MB parts, at most 4 in flight and 4 buffered: memory stays bounded (about
# 32 MB) whatever the file size. boto3 does not take the buffer bound as an argument.


def s3_transfer_config():
    from boto3.s3.transfer import TransferConfig

    config = TransferConfig(
        multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024, max_concurrency=4
    )
    config.max_in_memory_upload_chunks = 4
    return config


# Fail fast and retry the standard way rather than hanging an editor's request: at most
# 3 attempts in all (botocore's "max_attempts" would count retries only), each bounded by the
# connect and read timeouts. tests/reliability checks the bound against a silent endpoint.
AWS_S3_CLIENT_OPTIONS = {
    "retries": {"mode": "standard", "total_max_attempts": 3},
    "connect_timeout": env_int("AWS_S3_CONNECT_TIMEOUT", 5),
    "read_timeout": env_int("AWS_S3_READ_TIMEOUT", 30),
}


def s3_client_config():
    from botocore.config import Config

    return Config(**AWS_S3_CLIENT_OPTIONS)


AWS_S3_TRANSFER_CONFIG = SimpleLazyObject(s3_transfer_config)
AWS_S3_CLIENT_CONFIG = SimpleLazyObject(s3_client_config)

if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "core.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN", "") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "file_overwrite": False,
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The mandate import takes CSV files up to this size. Its confirmation posts the previewed file
# back in base64 (4/3 of its size), hence the request limit: that plus room for the rest of the
# form. Django's default (2.5 MB) would answer a bare 400 to files above 1.875 MB.
INFLUENCE_IMPORT_MAX_BYTES = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * math.ceil(INFLUENCE_IMPORT_MAX_BYTES / 3) + 64 * 1024

WAGTAIL_SITE_NAME = "CPME Occitanie"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Addresses in ASCII: « Épisode 12 » becomes /cash-pme/episode-12/, not /cash-pme/%C3%A9pisode-12/.
# Existing pages keep their slugs (only new ones are made without accents).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin sends nothing about its users to third parties: initials instead of Gravatar
# avatars (which give each editor's e-mail hash to Gravatar), no call to Wagtail's release
# server from the dashboard. Upgrades are followed with the lock file instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # French stemming ("industriel" finds "industrie") without accents ("tresorerie" finds
    # "trésorerie"): PostgreSQL's `french` after `unaccent` (migration sitesearch.0003).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "cpme_french"
# The anonymous search log (query, day, count; no IP) is kept this many days, then deleted by
# `purge_search_log` (run daily, see docs/operations.md).
SEARCH_LOG_RETENTION_DAYS = env_int("SEARCH_LOG_RETENTION_DAYS", 90)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "zip"]
# Documents always go through Django (never a redirect to the bucket), so the positions app's
# before_serve_document hook can keep embargoed PDFs private; uploads named .pdf must be PDFs.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "positions.forms.PdfCheckingDocumentForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Only PDFs open in the browser; every other document is a download, and Wagtail's serve view
# adds "X-Content-Type-Options: nosniff" and a "default-src 'none'" policy to each response,
# so an uploaded file never runs as a page of the site's origin (no html/svg extension above).
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# A few kilobytes of PNG can declare billions of pixels: refuse before decoding.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.CheckedImageForm"
# Private pages are for logged-in members only: no shared password to leak or guess.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's loggers print through the root's handler only: their default console
        # handler printed every line of theirs a second time (« Not Found: … » twice).
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # runserver's request lines, as Django writes them.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Media on disk are served by the app itself in the embedded default (no web server in front).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

# Podcast audio: content-addressed keys, cached forever, public without signed URLs.
STORAGES["podcast_audio"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["podcast_audio"] = {
        "BACKEND": "core.storage.MediaS3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "querystring_auth": False,
            "default_acl": env_str("AWS_AUDIO_ACL", "public-read") or None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
PODCAST_AUDIO_MAX_UPLOAD_SIZE = env_int("PODCAST_AUDIO_MAX_UPLOAD_SIZE", 500 * 1024 * 1024)
# Feed import (podcast.importer): it connects only to public addresses, checked after DNS
# resolution; these networks (CIDR, e.g. an internal Castopod's) are allowed besides. Empty:
# none. Each file's download must also finish within the deadline (seconds).
PODCAST_IMPORT_ALLOWED_ADDRESSES = env_list("PODCAST_IMPORT_ALLOWED_ADDRESSES")
PODCAST_IMPORT_DOWNLOAD_DEADLINE = env_int("PODCAST_IMPORT_DOWNLOAD_DEADLINE", 30 * 60)
# Download counting: how long raw hits are kept (13 months, CNIL audience measurement).
# WebSub (W3C): the hub the feed declares and notifies when an episode is published, changed
# or withdrawn, so that apps listening to it update within seconds. Empty: no hub.
PODCAST_WEBSUB_HUB = env_str("PODCAST_WEBSUB_HUB", "")
PODCAST_DOWNLOAD_HITS_RETENTION_DAYS = env_int("PODCAST_DOWNLOAD_HITS_RETENTION_DAYS", 395)
# Uploads above 2.5 MB go to a temporary file, never to memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Content-Security-Policy for the public site: no inline script or style anywhere. Images and
# audio may come from the S3 bucket or its CDN, whose host varies with the deployment, hence
# https: for those two (they cannot run code). The Wagtail and Django admins rely on inline
# scripts and styles, so they are left out by prefix and keep Wagtail's own protections.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "https:"],
        "media-src": ["'self'", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

# Login throttling (django-axes): 5 failures for one username from one address lock that pair
# out for 15 minutes; a success clears the count. Locking by pair, not by name alone, means a
# stranger cannot lock an editor out from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
# Members sign in with an e-mail address: count their failures under it, as editors' names.
AXES_USERNAME_CALLABLE = "members.adapter.axes_username"
# Login records hold addresses and user agents: kept 6 months, then deleted by
# `purge_login_records` (daily from cron), like the podcast's raw download hits.
AXES_LOG_RETENTION_DAYS = env_int("AXES_LOG_RETENTION_DAYS", 183)
# Proxies in front of the app that append to X-Forwarded-For (0: use the socket address): the
# one setting every use of the client address reads (config.security.client_ip).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Members' space (the Pacte Occitan platform, `members` app) through django-allauth: sign-up
# by e-mail with mandatory verification, optional TOTP (allauth.mfa). Its mail goes through
# the background queue (members.adapter). Rate limits are allauth's, per address and account.
ACCOUNT_ADAPTER = "members.adapter.MemberAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CPME Occitanie] "
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_LOGOUT_REDIRECT_URL = "/espace-membres/compte/connexion/"
ACCOUNT_RATE_LIMITS = {
    "signup": "5/h/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/h/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CPME Occitanie"
# Private attachments of needs and responses: never under MEDIA_ROOT (which is served
# publicly), only through the members' authenticated download view.
MEMBERS_PRIVATE_ROOT = Path(env_str("MEMBERS_PRIVATE_ROOT", str(BASE_DIR / "private_media")))
STORAGES["members_private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEMBERS_PRIVATE_ROOT},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["members_private"] = {
        "BACKEND": "core.storage.MediaS3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "members-private",
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
MEMBERS_ATTACHMENT_MAX_SIZE = env_int("MEMBERS_ATTACHMENT_MAX_SIZE", 10 * 1024 * 1024)
MEMBERS_LOGO_MAX_SIZE = 2 * 1024 * 1024
# Buyer ratings are shown as aggregates only, from this many ratings on.
MEMBERS_MIN_RATINGS = env_int("MEMBERS_MIN_RATINGS", 5)
# Closed and awarded needs are kept this long for the steering committee, then deleted with
# their responses and attachments by purge_closed_needs (3 years).
MEMBERS_CLOSED_NEED_RETENTION_DAYS = env_int("MEMBERS_CLOSED_NEED_RETENTION_DAYS", 3 * 365)
# Export Advisor: averages of ratings are shown from this many published ratings on.
ADVISOR_MIN_RATINGS = env_int("ADVISOR_MIN_RATINGS", 3)
