from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.media import serve_media
from home.views import robots_txt
from podcast.feed_views import serve_file_like_path

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media))

urlpatterns += [
    # Page routes that look like files (the podcast feed, audio, transcripts, chapters).
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:xml|mp3|m4a|vtt|json))$", serve_file_like_path),
    path("", include(wagtail_urls)),
]
