"""What every page type of the site shares: its queryset, a cheaper view-restriction check,
and the related rows loaded with the page when it is served.

Wagtail's ``PageQuerySet.private_q()`` first reads every view restriction (one query) and then
builds a path condition per restriction, so each ``.public()`` list costs an extra query: six
on the home page. Here the condition is one EXISTS subquery inside the list's own query; the
pages it selects are the same (a page is private when its path starts with the path of a page
that carries a restriction).
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet


class SitePageQuerySet(PageQuerySet):
    def private_q(self):
        restricted_ancestor = PageViewRestriction.objects.filter(
            StartsWith(OuterRef("path"), F("page__path"))
        )
        return Q(Exists(restricted_ancestor))

    def for_serving(self):
        """With what the page's template reads (see SitePage.serve_select_related)."""
        model = self.model
        return self.select_related(*model.serve_select_related).prefetch_related(
            *model.serve_prefetch_related
        )


SitePageManager = PageManager.from_queryset(SitePageQuerySet)


def path_and_ancestor_paths(page) -> list[str]:
    """The tree paths of a page and of every ancestor (treebeard: one step per level)."""
    return [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]


def site_pages():
    """All pages, whatever their type, with the site's queryset (for ``Page.objects`` uses)."""
    return SitePageQuerySet(Page).order_by("path")


class SitePage(Page):
    """Base of the site's page types.

    ``serve_select_related`` and ``serve_prefetch_related`` name the relations the page's
    template reads: HomePage.route loads them with the page, instead of one query each while
    the template renders.
    """

    serve_select_related = ()
    serve_prefetch_related = ()

    objects = SitePageManager()

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors, in one query (Wagtail uses two).

        As in Wagtail, an alias page is governed by the restrictions of its source page: an
        alias on the path counts through ``alias_of``, and restrictions stored on alias pages
        themselves are ignored. The queryset is kept on the instance (a page served in one
        request): once Wagtail's serve-time check has read it, a second look (the feed asks
        before remembering a route) costs no query.
        """
        restrictions = self.__dict__.get("_view_restrictions")
        if restrictions is None:
            paths = path_and_ancestor_paths(self)
            restrictions = PageViewRestriction.objects.filter(
                Q(page__path__in=paths, page__alias_of__isnull=True)
                | Q(page__aliases__path__in=paths)
            ).distinct()
            self.__dict__["_view_restrictions"] = restrictions
        return restrictions
