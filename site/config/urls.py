from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.media import serve_media
from core.shared_cache import shareable
from core.views import robots_txt, site_map
from home.share import share_card_response
from members.urls import account_urlpatterns
from podcast.embed_views import oembed, share_mastodon
from sitesearch.views import search

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's reports with the site's CSV formula guard, at their own URLs (core.admin_reports).
    path("admin/reports/", include("core.admin_reports")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", shareable(sitemap), name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("recherche/", search, name="search"),
    path("alertes-presse/", include("press.urls")),
    path("plan-du-site/", shareable(site_map), name="site_map"),
    path("partage/<int:page_id>.jpg", share_card_response, name="share_card"),
    path("oembed/", oembed, name="podcast_oembed"),
    path("partage/mastodon/", share_mastodon, name="podcast_share_mastodon"),
    path("espace-membres/", include(account_urlpatterns)),
    path("espace-membres/export/", include("advisor.urls")),
    path("espace-membres/", include("members.urls")),
]

if settings.SERVE_MEDIA:
    # serve_media leaves documents out (decided on the normalised path): /documents/ serves
    # them and applies the document rule.
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve_media))

urlpatterns += [
    # Wagtail only serves paths ending in "/": let routable pages answer file-like routes
    # (agenda.ics, feed.xml…) through the same serve view, privacy checks included.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.[a-z0-9]+)$", wagtail_views.serve),
    path("", include(wagtail_urls)),
]

handler500 = "core.views.server_error"
