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
from positions.views import search

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("recherche/", search, name="search"),
]

if settings.SERVE_MEDIA:
    # Documents are left out: /documents/ serves them and enforces embargoes.
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>(?!documents/).*)$", serve_media)
    )

urlpatterns += [
    # Wagtail only serves paths ending in "/": let routable pages answer file-like routes
    # (agenda.ics, feed.xml…) through the same serve view, privacy checks included.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.[a-z0-9]+)$", wagtail_views.serve),
    path("", include(wagtail_urls)),
]

handler500 = "home.views.server_error"
