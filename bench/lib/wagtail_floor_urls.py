"""The URLconf of `wagtail start` (Django admin, Wagtail admin, documents, pages), less the
search view of its demo app: what the smallest Wagtail project loads when a command's system
checks or a job's first `reverse()` need its URLs."""

from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(wagtail_urls)),
]
