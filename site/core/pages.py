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
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from core.images import prefetch_renditions


def is_private():
    """Whether a view restriction sits on the outer page or one of its ancestors, as an
    expression: ``SitePageQuerySet.private_q``'s condition, also read as an annotation where a
    queryset cannot filter on it (the site search: backends only accept plain field filters)."""
    return Exists(PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path"))))


class SitePageQuerySet(PageQuerySet):
    def private_q(self):
        return Q(is_private())

    def for_serving(self):
        """With what the page's template reads (see SitePage.serve_select_related), and
        whether a view restriction may apply (see SitePage.get_view_restrictions)."""
        model = self.model
        return (
            self.select_related(*model.serve_select_related)
            .prefetch_related(*model.serve_prefetch_related)
            .annotate(may_be_restricted=may_be_restricted())
        )


def may_be_restricted():
    """Whether any view restriction sits on the outer page's path or above it, directly or
    through an alias: a superset of what SitePage.get_view_restrictions reads, so False
    means that query would find nothing."""
    return Exists(
        PageViewRestriction.objects.filter(
            StartsWith(OuterRef("path"), F("page__path"))
            | StartsWith(OuterRef("path"), F("page__aliases__path"))
        )
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
    the template renders, and whether a view restriction can reach the page
    (``may_be_restricted``), which spares Wagtail's serve-time check its query.
    """

    serve_select_related = ()
    serve_prefetch_related = ()

    #: The field holding the page's picture (header, cards, share card); None: no image slot.
    image_field_name = None
    #: Open Graph type of the page when shared.
    og_type = "website"
    #: What a visitor reads as the page's type in search results, where the admin's name
    #: (« page standard », « index des thèmes ») is editors' vocabulary; None: that name.
    visitor_label = None

    objects = SitePageManager()

    # Wagtail's "Promote" tab, explained for the team with the site's own addresses. The
    # "show in menus" box is left out: the menus are chosen in « Navigation du site ».
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel(
                    "slug",
                    heading="Fin de l'adresse (URL)",
                    help_text="La partie de l'adresse propre à cette page, en minuscules, sans "
                    "accents ni espaces : « pacte-occitan » donne "
                    "https://www.cpme-occitanie.fr/pacte-occitan/. La changer après publication "
                    "casse les liens déjà partagés.",
                ),
                FieldPanel(
                    "seo_title",
                    heading="Titre dans Google",
                    help_text="Le titre cliquable affiché par les moteurs de recherche et dans "
                    "l'onglet du navigateur. Laissez vide pour reprendre le titre de la page.",
                ),
                FieldPanel(
                    "search_description",
                    heading="Description dans Google",
                    help_text="Deux phrases affichées sous le titre dans les résultats de "
                    "recherche et lors d'un partage.",
                ),
            ],
            heading="Pour les moteurs de recherche",
        ),
    ]

    class Meta:
        abstract = True

    @property
    def page_image(self):
        """The page's picture, or None: what its header, its cards and its shares show."""
        return getattr(self, self.image_field_name) if self.image_field_name else None

    def get_context(self, request, *args, **kwargs):
        """The page's own picture comes with its renditions (its header and its share
        image), read in one query; page types showing more images prefetch theirs too."""
        prefetch_renditions(self.page_image)
        return super().get_context(request, *args, **kwargs)

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors, in one query (Wagtail uses two).

        As in Wagtail, an alias page is governed by the restrictions of its source page: an
        alias on the path counts through ``alias_of``, and restrictions stored on alias pages
        themselves are ignored. The queryset is kept on the instance (a page served in one
        request): once Wagtail's serve-time check has read it, a second look (the feed asks
        before remembering a route) costs no query. A page served through HomePage.route
        knows whether any restriction can reach it (``may_be_restricted``): when none can,
        the answer is an empty queryset, read without a query.
        """
        restrictions = self.__dict__.get("_view_restrictions")
        if restrictions is None and not self.__dict__.get("may_be_restricted", True):
            restrictions = self.__dict__["_view_restrictions"] = PageViewRestriction.objects.none()
        if restrictions is None:
            paths = path_and_ancestor_paths(self)
            restrictions = PageViewRestriction.objects.filter(
                Q(page__path__in=paths, page__alias_of__isnull=True)
                | Q(page__aliases__path__in=paths)
            ).distinct()
            self.__dict__["_view_restrictions"] = restrictions
        return restrictions
