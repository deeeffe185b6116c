"""Settings shared by every environment. Everything that varies comes from the environment."""

import datetime
from pathlib import Path

import dj_database_url
from boto3.s3.transfer import TransferConfig
from botocore.config import Config as BotoConfig

from config.env import env_bool, env_int, env_list, env_str

SITE_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SITE_DIR.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "podcast",
    "positions",
    "influence",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "podcast.middleware.FeedCacheMiddleware",  # warm podcast feeds, served like static files
    "home.middleware.PageCacheMiddleware",  # whole pages for anonymous visitors
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
                "home.context_processors.site_cache",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
            "BACKEND": "home.cache_backend.CircuitBreakingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cpme",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# django-axes first: it refuses a locked-out login before any password is checked. AxesBackend
# is its standalone backend plus ModelBackend's user loading, so tools that log in with the
# first backend (Wagtail's page test helpers) still find users; ModelBackend then authenticates.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
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
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# Multipart in 8 MB parts, at most 4 in flight and 4 buffered: memory stays bounded (about
# 32 MB) whatever the file size. boto3 does not take the buffer bound as an argument.
AWS_S3_TRANSFER_CONFIG = TransferConfig(
    multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024, max_concurrency=4
)
AWS_S3_TRANSFER_CONFIG.max_in_memory_upload_chunks = 4
# Fail fast and retry the standard way rather than hanging an editor's request: at most
# 3 attempts in all (botocore's "max_attempts" would count retries only), each bounded by the
# connect and read timeouts. tests/reliability checks the bound against a silent endpoint.
AWS_S3_CLIENT_CONFIG = BotoConfig(
    retries={"mode": "standard", "total_max_attempts": 3},
    connect_timeout=env_int("AWS_S3_CONNECT_TIMEOUT", 5),
    read_timeout=env_int("AWS_S3_READ_TIMEOUT", 30),
)
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "home.storage.MediaS3Storage",
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

WAGTAIL_SITE_NAME = "CPME Occitanie"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # French stemming: "industriel" finds "industrie".
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"
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
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.forms.CheckedImageForm"
# Private pages are for logged-in members only: no shared password to leak or guess.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILFRONTENDCACHE = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# Media on disk are served by the app itself in the embedded default (no web server in front).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

# Podcast audio: content-addressed keys, cached forever, public without signed URLs.
STORAGES["podcast_audio"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["podcast_audio"] = {
        "BACKEND": "home.storage.MediaS3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "querystring_auth": False,
            "default_acl": env_str("AWS_AUDIO_ACL", "public-read") or None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
PODCAST_AUDIO_MAX_UPLOAD_SIZE = env_int("PODCAST_AUDIO_MAX_UPLOAD_SIZE", 500 * 1024 * 1024)
# Download counting: reverse proxies in front of the app (to find the listener's address in
# X-Forwarded-For), and how long raw hits are kept (13 months, CNIL audience measurement).
PODCAST_PROXY_COUNT = env_int("PODCAST_PROXY_COUNT", 0)
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
# Proxies in front of the app that append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
