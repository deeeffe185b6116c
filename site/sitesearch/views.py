"""The site search page `/recherche/`: a thin view over `search.run_search`."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Site

from core.cache import request_content_version
from positions.views import clean_query, paginate

from .log import log_search
from .search import RESULT_TYPES, materialise, promotions, run_search

# Ten, as Wagtail's own search view and most site searches show: the type filter and its
# counts narrow further, and every result shown costs its page's load, excerpt and markup
# (half the time of a search with many hits, bench/search_bench.py).
SEARCH_PER_PAGE = 10


@require_safe
def search(request):
    """Every live, public page and the public snippets, filterable by type with counts."""
    query = clean_query(request.GET.get("q", ""))
    raw_kind = request.GET.get("type", "")
    kind = raw_kind if raw_kind in RESULT_TYPES else ""
    context = {
        "query": query,
        "kind": kind,
        "kind_label": RESULT_TYPES.get(kind, ""),
        "unknown_kind": bool(raw_kind) and not kind,
        "result_types": RESULT_TYPES,
        "page_obj": None,
        "results": [],
        "promotions": [],
    }
    site = Site.find_for_request(request)
    if query and site:
        found = run_search(query, site, request_content_version(request), kind)
        page_obj = paginate(found.hits, SEARCH_PER_PAGE, request.GET.get("page", ""))
        context.update(
            page_obj=page_obj,
            results=materialise(list(page_obj.object_list), found.hosts, request, found.query),
            total=found.total,
            searched=found.query,
            corrected=found.corrected,
            type_counts=[(key, label, found.counts[key]) for key, label in RESULT_TYPES.items()],
        )
        first_view = page_obj.number == 1 and not kind and not raw_kind
        if first_view:
            context["promotions"] = promotions(query, site)
            if request.method == "GET":  # a HEAD (a link checker, a monitor) is nobody's search
                log_search(query, found.total)
    return TemplateResponse(request, "sitesearch/search.html", context)
