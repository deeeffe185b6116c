import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Keeps crawlers out of the admin and points them to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


DATABASE_RETRY_SECONDS = 30


def server_error(request):
    """500, or 503 with Retry-After when the database cannot be reached (a restart, a
    failover): crawlers and monitors then read a temporary outage, not a broken site.

    Django calls this handler while the exception is being handled, hence sys.exception().
    Both templates are static: neither needs the database.
    """
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        response = HttpResponse(
            loader.get_template("503.html").render(), status=503, content_type="text/html"
        )
        response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
