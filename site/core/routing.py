from wagtail.contrib.routable_page.models import RoutablePageMixin


class FileRoutesMixin(RoutablePageMixin):
    """Routable pages whose sub-URLs name files (agenda.ics, feed.xml) without a final slash.

    Wagtail serves only paths ending in "/" and RoutablePageMixin appends one before matching,
    so such routes are declared as "agenda.ics/". config.urls sends slash-less dotted paths to
    the same serve view, and reversing strips the slash again: links read /agenda/agenda.ics.
    """

    def reverse_subpage(self, name, args=None, kwargs=None):
        url = super().reverse_subpage(name, args, kwargs)
        last_segment = url.rstrip("/").rsplit("/", 1)[-1]
        return url.rstrip("/") if "." in last_segment else url
