from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.media import serve_media
from home.views import robots_txt

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
    # Wagtail only serves paths of [\w-] segments ending in "/": this lets page routes that
    # look like files (the podcast feed, audio, transcripts, chapters) reach their page.
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.(?:xml|mp3|m4a|vtt|json))$", wagtail_views.serve),
    path("", include(wagtail_urls)),
]
