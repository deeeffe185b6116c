"""The site search: pages and the snippets people look for (antennas, representatives,
bodies, themes), ranked together, with counts per type, editors' promotions and, on
PostgreSQL, a second chance with the misspelt words corrected (sitesearch.spelling).

Ranking (`ranked`): first the share of the query's words a title holds, the same on every
backend; then the backend's relevance: on PostgreSQL `ts_rank` over weighted vectors, so the
`boost` given to titles, summaries and proposals (see each model's ``search_fields``) counts,
while SQLite's FTS5 `bm25` ignores boosts. At equal relevance (same score to three
significant digits) the most recent content comes first.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import F
from django.db.models.expressions import CombinedExpression
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import PlainText
from wagtail.search.utils import normalise_query_string

from antennas.models import Antenna, AntennaIndexPage
from core.pages import is_private, site_pages
from events.models import EventPage
from influence.models import Body, InfluenceReportPage, Representative
from podcast.models import EpisodePage
from positions.models import PositionPage, Theme
from themes.models import ThemeIndexPage

from . import spelling
from .highlight import excerpt, fold, plain_text, query_stems

RESULT_TYPES = {
    "positions": "Prises de position",
    "episodes": "Épisodes",
    "evenements": "Événements",
    "sujets": "Sujets",
    "pages": "Pages",
    "antennes": "Antennes",
    "personnes": "Mandataires",
    "instances": "Instances",
}
PAGE_TYPES = {PositionPage: "positions", EpisodePage: "episodes", EventPage: "evenements"}


@dataclass
class Hit:
    kind: str
    score: float
    date: datetime.date | None
    pk: int
    model: type | None = None  # a page's type
    obj: object = None  # the snippet, or the page once `materialise`d
    url: str = ""
    label: str = ""
    title: str = ""
    excerpt: str = ""
    match_text: str = ""  # the title, and for snippets what names them ("antenne", department)
    dated: bool = False  # positions and episodes show their date


def relevance(score) -> float:
    """Higher is better on every backend (SQLite's bm25 is lower-is-better)."""
    score = float(score or 0)
    return -score if connection.vendor == "sqlite" else score


def _rounded(value: float) -> float:
    return float(f"{value:.3g}")


def extra_words(title, query_words):
    """Words of the title the query does not hold: at equal relevance, "CPME Tarn" is a
    closer answer to "Tarn" than "CPME Tarn-et-Garonne"."""
    return len([word for word in fold(title).replace("-", " ").split() if word not in query_words])


def title_coverage(text, pattern_words) -> float:
    """Share of the query's words (as stems) found at the start of a word of the title."""
    if not pattern_words:
        return 0.0
    words = fold(text).replace("-", " ").replace("'", " ").replace("’", " ").split()
    found = sum(1 for stem in pattern_words if any(word.startswith(stem) for word in words))
    return found / len(pattern_words)


def ranked(hits, query):
    """Best first: the share of the query's words the title holds (titles weigh more than
    any text, on every backend), then the backend's relevance (3 significant digits), then
    the most recent, then the closest title."""
    words = set(fold(query).replace("-", " ").split())
    stems = query_stems(query)

    def key(hit):
        day = hit.date.toordinal() if hit.date else 0
        coverage = title_coverage(hit.match_text or hit.title, stems)
        return (-coverage, -_rounded(hit.score), -day, extra_words(hit.title, words), -hit.pk)

    return sorted(hits, key=key)


def _day(value):
    if value is None:
        return None
    return value.date() if isinstance(value, datetime.datetime) else value


def page_hits(search_query, site):
    """Live, public pages of the site matching the query, in one query. Wagtail's own
    queryset, not core.pages.site_pages(): the search backend only accepts plain field
    filters, so the view restriction (core.pages.is_private) and a position's publication date
    come as annotations read here. Rows, not Page instances: the hits shown are loaded with
    their page type by `materialise`, the others are only ranked and counted."""
    columns = ("pk", "title", "content_type_id", "first_published_at")
    rows = (
        Page.objects.live()
        .in_site(site)
        .annotate(private=is_private(), publication_date=F("positionpage__publication_date"))
        .values(*columns, "private", "publication_date")
        .search(search_query)
        .annotate_score("_score")
    )
    hits = []
    for row in rows:
        if row["private"]:
            continue
        model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
        kind = PAGE_TYPES.get(model, "pages")
        hits.append(
            Hit(
                kind=kind,
                score=relevance(row["_score"]),
                # A position's own date, not its first publication.
                date=row["publication_date"]
                if kind == "positions"
                else _day(row["first_published_at"]),
                pk=row["pk"],
                model=model,
                title=row["title"],
            )
        )
    return hits


SNIPPET_NAMES = {
    "antennes": lambda antenna: f"{antenna.name} antenne {antenna.department_label()}",
    "personnes": lambda person: f"{person.name} {person.company}",
}


def _snippet_hit(kind, obj, score):
    name = SNIPPET_NAMES.get(kind, lambda obj: obj.name)
    return Hit(
        kind=kind,
        score=relevance(score),
        date=None,
        pk=obj.pk,
        obj=obj,
        title=obj.name,
        match_text=name(obj),
    )


HOSTS_CACHE_SECONDS = 24 * 3600


def snippet_hosts(site, version):
    """The pages listing snippets, by type: snippets are shown through them (no such page,
    no result). The same for every search, so kept in the cache for the content version
    `version` (core.cache: any publish, unpublish, move or view restriction makes a new one):
    a search spares this query and, more costly, its building (about 2 ms of CPU)."""
    key = f"sitesearch-hosts:{site.pk}:{version}"
    hosts = cache.get(key)
    if hosts is None:
        hosts = _listing_pages(site)
        cache.set(key, hosts, HOSTS_CACHE_SECONDS)
    return hosts


def _listing_pages(site):
    """One query for the three listing page types (.specific() takes one per type)."""
    hosts = {}
    candidates = (
        site_pages()
        .live()
        .public()
        .in_site(site)
        .type(AntennaIndexPage, InfluenceReportPage, ThemeIndexPage)
        .annotate(report_year=F("influencereportpage__year"))
    )
    models = {
        ContentType.objects.get_for_model(model).pk: model
        for model in (AntennaIndexPage, InfluenceReportPage, ThemeIndexPage)
    }
    for page in candidates:
        model = models[page.content_type_id]
        kept = hosts.get(model)
        # Representatives and bodies are listed by the latest yearly report.
        if kept is None or (page.report_year or 0) > (kept.report_year or 0):
            hosts[model] = page
    return hosts


def snippet_querysets(hosts):
    """What the search looks through for each kind of snippet whose listing page is in
    `hosts` (see snippet_hosts)."""
    querysets = {}
    if ThemeIndexPage in hosts:
        querysets["sujets"] = Theme.objects.all()
    if AntennaIndexPage in hosts:
        querysets["antennes"] = Antenna.objects.all()
    if InfluenceReportPage in hosts:
        querysets["personnes"] = Representative.objects.filter(public_consent=True)
        querysets["instances"] = Body.objects.all()
    return querysets


def snippet_hits(search_query, hosts):
    """Snippets matching the query, of the kinds listed on the site (see snippet_hosts)."""
    querysets = snippet_querysets(hosts)
    if not querysets:
        return []
    if connection.vendor == "postgresql":
        return snippet_hits_in_one_query(search_query, querysets)
    backend = get_search_backend()
    return [
        _snippet_hit(kind, obj, obj._score)
        for kind, queryset in querysets.items()
        for obj in backend.search(search_query, queryset).annotate_score("_score")
    ]


def snippet_hits_in_one_query(search_query, querysets):
    """On PostgreSQL, the kinds of snippets searched together in the search index, with the
    tsquery and relevance the backend's own query compiler builds (the same scores as
    searching each kind): one search query instead of one per kind, whose ORM building cost
    about 3 ms of CPU each (bench/search_bench.py), then one query per kind that matched.
    tests/sitesearch/test_search.py compares both ways on every kind."""
    backend = get_search_backend()
    compiler = backend.query_compiler_class(next(iter(querysets.values())), search_query)
    config = compiler.get_config(backend)
    title_rank = compiler.build_tsrank(F("title"), search_query, config=config)
    body_rank = compiler.build_tsrank(F("body"), search_query, config=config)
    kinds = {
        ContentType.objects.get_for_model(queryset.model).pk: kind
        for kind, queryset in querysets.items()
    }
    document = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
    matches = (
        IndexEntry.objects.filter(content_type_id__in=kinds)
        .annotate(document=document)
        .filter(document=compiler.build_tsquery(search_query, config=config))
        .annotate(score=title_rank * F("title_norm") + body_rank)
        .values_list("content_type_id", "object_id", "score")
    )
    scores = {}
    for content_type_id, object_id, score in matches:
        scores.setdefault(kinds[content_type_id], {})[int(object_id)] = score
    return [
        _snippet_hit(kind, obj, scores[kind][obj.pk])
        for kind, queryset in querysets.items()  # the kinds' order, as their own searches
        if kind in scores
        for obj in queryset.filter(pk__in=scores[kind])
    ]


def promotions(query, site):
    """Editors' picks for this exact query (normalised as Wagtail stores it), live and
    public pages of the site only; external links as they are. Most queries have no pick: the first
    query reads the picks alone (selecting their pages with them doubled its cost, about 5 %
    of a search's time, for nothing in most searches); the picked pages, live and public,
    come in a second query only when a page is picked."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query)).order_by(
            "sort_order"
        )
    )
    picked = {pick.page_id for pick in picks if pick.page_id}
    if not picked:
        return picks
    shown = site_pages().live().public().in_site(site).in_bulk(picked)
    picks = [pick for pick in picks if pick.page_id is None or pick.page_id in shown]
    for pick in picks:
        if pick.page_id:
            pick.page = shown[pick.page_id]
    return picks


@dataclass
class SearchResults:
    hits: list
    counts: dict
    total: int
    hosts: dict
    # The query searched: the visitor's, or with its misspelt words corrected.
    query: str
    corrected: bool = False


def run_search(query, site, version, kind=""):
    """Every hit of the query, best first, and the count per type (before the type filter);
    `version` is the request's content version (see snippet_hosts). A query that finds
    nothing is searched again with its misspelt words corrected, where supported."""
    hosts = snippet_hosts(site, version)
    hits = _all_hits(query, site, hosts)
    corrected = False
    if not hits and spelling.supported():
        suggestion = spelling.corrected_query(query, version)
        if suggestion:
            hits = _all_hits(suggestion, site, hosts)
            if hits:
                query, corrected = suggestion, True
    hits = ranked(hits, query)
    counts = dict.fromkeys(RESULT_TYPES, 0)
    for hit in hits:
        counts[hit.kind] += 1
    if kind:
        hits = [hit for hit in hits if hit.kind == kind]
    return SearchResults(
        hits=hits,
        counts=counts,
        total=sum(counts.values()),
        hosts=hosts,
        query=query,
        corrected=corrected,
    )


def _all_hits(query, site, hosts):
    search_query = PlainText(query)
    return page_hits(search_query, site) + snippet_hits(search_query, hosts)


def specific_pages(hits):
    """The pages of these hits as their own type, in one query whatever the types: each
    type's table joined to the page's (Wagtail's `.specific()` takes a query per type)."""
    models = {hit.pk: hit.model for hit in hits}
    if not models:
        return {}
    joins = {model: model._meta.pk.related_query_name() for model in models.values()}
    joins.pop(Page, None)
    # No order: the hits keep theirs (and ordering made Django hash every selected column).
    pages = site_pages().filter(pk__in=models).select_related(*joins.values()).order_by()
    return {
        page.pk: getattr(page, joins[models[page.pk]]) if models[page.pk] in joins else page
        for page in pages
    }


def materialise(hits, hosts, request, query):
    """Title, URL, type label and marked excerpt of the hits shown (one page of results)."""
    page_kinds = {*PAGE_TYPES.values(), "pages"}
    pages = specific_pages([hit for hit in hits if hit.kind in page_kinds])
    report = hosts.get(InfluenceReportPage)
    shown = []
    for hit in hits:
        if hit.kind in page_kinds:
            page = pages.get(hit.pk)
            if page is None:  # deleted since the search
                continue
            hit.obj = page
            hit.title = page.title
            hit.url = page.get_url(request)
            hit.label = page.visitor_label or type(page)._meta.verbose_name
            hit.excerpt = excerpt(_page_texts(page), query)
            hit.dated = hit.kind in ("positions", "episodes")
        elif hit.kind == "sujets":
            index = hosts[ThemeIndexPage]
            hit.title = hit.obj.name
            hit.url = f"{index.get_url(request)}{hit.obj.slug}/"  # the index's "theme" route
            hit.label = "sujet"
            hit.excerpt = excerpt([hit.obj.description], query)
        elif hit.kind == "antennes":
            hit.title = hit.obj.name
            hit.url = f"{hosts[AntennaIndexPage].get_url(request)}#{hit.obj.anchor}"
            hit.label = "antenne départementale"
            hit.excerpt = excerpt([f"{hit.obj.department_label()} – {hit.obj.city}"], query)
        elif hit.kind == "personnes":
            hit.title = hit.obj.name
            hit.url = f"{report.get_url(request)}#mandats"
            hit.label = "mandataire"
            hit.excerpt = excerpt([hit.obj.company, hit.obj.position], query)
        elif hit.kind == "instances":
            hit.title = hit.obj.name
            hit.url = f"{report.get_url(request)}#mandats"
            hit.label = "instance"
            hit.excerpt = excerpt([hit.obj.get_kind_display()], query)
        shown.append(hit)
    return shown


def _page_texts(page):
    """The texts an excerpt may come from, the editors' own summary first, as plain text;
    a generator, so `excerpt` stops computing them at the first that holds a word."""
    names = (
        "summary",
        "intro",
        "search_description",
        "description",
        "hero_text",
        "show_notes",
        "objectives",
        "proposal_text",
    )
    for name in names:
        value = getattr(page, name, "")
        value = value() if callable(value) else value
        if not value:  # most pages lack most of these: no field lookup for them
            continue
        try:
            rich = isinstance(page._meta.get_field(name), RichTextField)
        except FieldDoesNotExist:
            rich = False
        yield plain_text(value, rich=rich)
