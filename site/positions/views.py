"""The positions listing: a thin view over plain parsing functions (also used by the site
search, `sitesearch.views`)."""

import re

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, prefetch_related_objects
from django.db.models.functions import ExtractYear
from django.http import Http404

from .models import PositionKind, PositionPage, Theme

MAX_QUERY_LENGTH = 200


# Quotes, brackets and operators are syntax to SQLite's full-text engine: a stray one is an error.
_QUERY_SYNTAX = re.compile(r"[^\w\s'’-]")


def clean_query(raw: str) -> str:
    """Words only, bounded in length: any text a visitor types becomes a query backends accept.

    The raw text is cut first, so a 50,000-character query costs no more than a short one.
    """
    raw = raw[: MAX_QUERY_LENGTH * 2]
    return " ".join(_QUERY_SYNTAX.sub(" ", raw).split())[:MAX_QUERY_LENGTH]


def parse_filters(params, *, theme_slugs, kinds, years):
    """Keep the filters that match something real; unknown values are dropped and reported."""
    filters = {"theme": "", "kind": "", "year": None, "q": clean_query(params.get("q", ""))}
    ignored = []
    theme = params.get("theme", "")
    if theme in theme_slugs:
        filters["theme"] = theme
    elif theme:
        ignored.append("thème")
    kind = params.get("kind", "")
    if kind in kinds:
        filters["kind"] = kind
    elif kind:
        ignored.append("type")
    year = params.get("year", "")
    if year.isascii() and year.isdigit() and len(year) == 4 and int(year) in years:
        filters["year"] = int(year)
    elif year:
        ignored.append("année")
    filters["ignored"] = ignored
    return filters


def page_number(raw: str) -> int:
    """Page 1 for anything that is not a number; out-of-range numbers are the caller's 404."""
    if not (raw.isascii() and raw.isdigit()):
        return 1
    return int(raw[:12])  # a dozen digits is beyond any end, and int() of huge strings is slow


def paginate(items, per_page, raw_number, count=None):
    """One page of `items`; `count`, when the caller knows it, spares the COUNT query."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(page_number(raw_number))
    except EmptyPage as error:
        raise Http404("Cette page de résultats n'existe pas.") from error


def position_listing(positions, params, per_page):
    """Context for a list of positions (the index, the press room): filter choices, the current
    filters and one page of results, with their themes and PDF."""
    themes = Theme.in_french_order()
    # The years with their number of positions, in one query: the year filter's choices, and
    # the result count when no other filter narrows the list.
    per_year = dict(
        positions.order_by().values_list(ExtractYear("publication_date")).annotate(Count("pk"))
    )
    years = sorted(per_year, reverse=True)
    filters = parse_filters(
        params,
        theme_slugs={theme.slug for theme in themes},
        kinds=set(PositionKind.values),
        years=set(years),
    )
    positions = positions.select_related("pdf", "social_image")
    if filters["theme"]:
        positions = positions.filter(themes__slug=filters["theme"])
    if filters["kind"]:
        positions = positions.filter(kind=filters["kind"])
    if filters["year"]:
        positions = positions.filter(publication_date__year=filters["year"])
    if filters["q"]:
        # Search backends cannot filter on many-to-many fields: filter in SQL, then search.
        positions = (
            PositionPage.objects.filter(pk__in=positions.values("pk"))
            .select_related("pdf", "social_image")
            .search(filters["q"])
        )
    count = None
    if not (filters["theme"] or filters["kind"] or filters["q"]):
        count = per_year.get(filters["year"], 0) if filters["year"] else sum(per_year.values())
    page_obj = paginate(positions, per_page, params.get("page", ""), count)
    results = list(page_obj.object_list)
    # The joins above load the PDF and the picture with each result (the prefetch is then
    # free); a search backend that drops them still gets one query for each relation.
    prefetch_related_objects(results, "themes", "pdf", "social_image")
    return {
        "themes": themes,
        "kinds": PositionKind.choices,
        "years": years,
        "filters": filters,
        "is_filtered": any(filters[key] for key in ("theme", "kind", "year", "q")),
        "page_obj": page_obj,
        "results": results,
    }
