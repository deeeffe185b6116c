"""The site search: every live public page type and public snippets, labelled, filterable,
ranked; nothing embargoed, no consent-less person; the anonymous log."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from antennas.models import AntennaIndexPage
from core.formats import french_spacing
from influence.models import InfluenceReportPage
from sitesearch.highlight import excerpt
from sitesearch.models import SearchQueryLog
from sitesearch.search import relevance, snippet_hits, snippet_hosts, snippet_querysets
from tests.antennas.factories import AntennaFactory, AntennaIndexPageFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import StandardPageFactory
from tests.influence.factories import (
    BodyFactory,
    InfluenceReportPageFactory,
    RepresentativeFactory,
    make_episode,
)
from tests.positions.factories import PositionPageFactory, ThemeFactory
from tests.themes.factories import ThemeIndexPageFactory


@pytest.fixture
def pages(home_page, index_page):
    PositionPageFactory(
        parent=index_page,
        title="Souveraineté industrielle",
        summary="Relocaliser la production des PMI.",
    )
    StandardPageFactory(
        parent=home_page, title="Pacte Occitan", intro="La production locale des PME."
    )
    PositionPageFactory(parent=index_page, title="Production brouillon", live=False)
    private = PositionPageFactory(parent=index_page, title="Production réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")


def test_search_finds_positions_and_programmes_with_their_type(client, pages):
    html = client.get("/recherche/?q=production").content.decode()
    assert "Souveraineté industrielle" in html
    assert "Pacte Occitan" in html
    assert 'class="result-type result-type--prise-de-position">Prise de position</span>' in html
    # Visitors read a type they understand, not the admin's page type « page standard ».
    assert 'class="result-type result-type--page">Page</span>' in html
    assert "tandard" not in html
    assert "Production brouillon" not in html
    assert "Production réservée" not in html
    assert french_spacing("2 résultats pour « production »") in html


def test_index_pages_read_as_their_section_in_results(client, index_page):
    html = client.get("/recherche/?q=prises").content.decode()
    assert index_page.title in html
    assert ">Prises de position</span>" in html
    assert "ndex des prises" not in html


@pytest.mark.parametrize("query", ["", "%22", "%22%28*%29", "%00", "a" * 3000])
def test_empty_or_malformed_queries_give_a_normal_page(client, pages, query):
    response = client.get(f"/recherche/?q={query}")
    assert response.status_code == 200


def test_search_page_beyond_the_end_is_a_404(client, pages):
    assert client.get("/recherche/?q=production&page=2").status_code == 404


def test_search_refuses_post(client, pages):
    assert client.post("/recherche/", {"q": "production"}).status_code == 405


def test_search_answers_head_without_counting_a_search(client, pages):
    response = client.head("/recherche/?q=production")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not response.content
    assert not SearchQueryLog.objects.exists()


def test_search_ignores_accents_and_on_postgresql_word_endings(client, index_page):
    on_postgresql = connection.vendor == "postgresql"
    PositionPageFactory(parent=index_page, title="Délais de paiement", summary="Une entreprise.")
    plural = client.get("/prises-de-position/?q=entreprises").content.decode()
    # French stemming finds the singular from the plural; SQLite's engine matches words only.
    assert ("Délais de paiement" in plural) is on_postgresql
    assert "Délais de paiement" in client.get("/recherche/?q=entreprise").content.decode()
    # Typed without accents, as on a phone: found on both databases.
    assert "Délais de paiement" in client.get("/recherche/?q=delais").content.decode()


def test_a_misspelt_query_is_searched_again_with_the_closest_words_of_the_site(
    client, home_page, index_page
):
    PositionPageFactory(parent=index_page, title="Trésorerie des PME", summary="Tenir le cap.")
    html = client.get("/recherche/", {"q": "tresorrie pme"}).content.decode()
    if connection.vendor == "postgresql":
        assert french_spacing("Aucun résultat pour « tresorrie pme ».") in html
        assert french_spacing("1 résultat pour « tresorerie pme »") in html
        assert "Trésorerie des PME" in html
        # The type filters search the corrected words.
        assert 'href="?q=tresorerie%20pme&amp;type=positions"' in html
    else:  # no typo tolerance on SQLite (docs/operations.md, "Search")
        assert "Trésorerie des PME" not in html
        assert french_spacing("0 résultat pour « tresorrie pme »") in html


def test_corrections_come_only_from_public_text_and_follow_publication(
    client, home_page, index_page
):
    """A suggestion never reveals a word of a draft, a private page or a person who did not
    consent, even where it is the closest (each has a public look-alike found instead); a
    page just published lends its words at once."""
    on_postgresql = connection.vendor == "postgresql"
    PositionPageFactory(parent=index_page, title="Photovoltaïque brouillon", live=False)
    PositionPageFactory(parent=index_page, title="Panneaux photovoltaïques")
    private = PositionPageFactory(parent=index_page, title="Géothermie réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    PositionPageFactory(parent=index_page, title="Projets géothermiques")
    InfluenceReportPageFactory(parent=home_page, year=2026)
    RepresentativeFactory(name="Zéphyrine Quatremain", company="X", public_consent=False)
    RepresentativeFactory(name="Paul Quatremains", company="Y", public_consent=True)
    for typo, hidden, public in (
        ("photovoltaque", "photovoltaique", "photovoltaiques"),
        ("geothermei", "geothermie", "geothermiques"),
        ("quatremian", "quatremain", "quatremains"),
    ):
        html = client.get("/recherche/", {"q": typo}).content.decode()
        assert french_spacing(f"« {hidden} »") not in html
        assert (french_spacing(f"pour « {public} »") in html) is on_postgresql
    draft = PositionPageFactory(parent=index_page, title="Photovoltaïque sur les toits", live=False)
    draft.save_revision().publish()  # as an editor publishes
    found = client.get("/recherche/", {"q": "photovoltaque"}).content.decode()
    assert (french_spacing("pour « photovoltaique »") in found) is on_postgresql
    assert ("Photovoltaïque sur les toits" in found) is on_postgresql
    assert "Photovoltaïque brouillon" not in found


def test_a_query_of_many_unknown_words_costs_a_bounded_number_of_look_ups(
    client, home_page, index_page
):
    PositionPageFactory(parent=index_page, title="Trésorerie des PME")
    one, _ = search_queries(client, "zorglub")
    twenty, html = search_queries(client, " ".join(f"zorglub{x}" for x in "abcdefghijklmnopqrst"))
    assert "Aucun résultat." in html
    # At most four words looked up: three more than for one.
    assert twenty - one <= (3 if connection.vendor == "postgresql" else 0)


def test_a_cache_outage_does_not_rebuild_the_vocabulary_at_every_misspelt_search(
    client, home_page, index_page, settings
):
    """Redis down, every cache read misses: the vocabulary is still rebuilt once per content
    version (and process), not by each misspelt search, each rebuild reading the whole index."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    PositionPageFactory(parent=index_page, title="Trésorerie des PME")
    client.get("/recherche/", {"q": "tresorrie"})
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/recherche/", {"q": "tresorrie"}).content.decode()
    assert ("Trésorerie des PME" in html) is (connection.vendor == "postgresql")
    rebuilds = [q for q in captured if q["sql"].startswith('DELETE FROM "sitesearch_searchword"')]
    assert rebuilds == []


@pytest.fixture
def snippets(home_page):

    AntennaIndexPageFactory(parent=home_page)
    InfluenceReportPageFactory(parent=home_page, year=2026)
    ThemeIndexPageFactory(parent=home_page)
    AntennaFactory(department_code="81", name="CPME Tarn", city="Albi")
    AntennaFactory(department_code="82", name="CPME Tarn-et-Garonne", city="Montauban")
    RepresentativeFactory(name="Alice Rivière", company="Démo SARL", public_consent=True)
    RepresentativeFactory(name="Bob Rivière", company="Secret SARL", public_consent=False)
    BodyFactory(name="CESER Occitanie", level="regional", department_code="")
    ThemeFactory(name="Énergie", slug="energie", description="Le coût de l'énergie.")


def test_antennas_are_found_by_department_name_and_number(client, snippets):
    for query in ("Tarn", "81"):
        html = client.get(f"/recherche/?q={query}").content.decode()
        assert '<a href="/antennes/#antenne-81">CPME Tarn</a>' in html
        assert "Antenne départementale" in html
    html = client.get("/recherche/?q=Tarn").content.decode()
    assert html.index("antenne-81") < html.index("antenne-82")  # the closer name first


def test_people_bodies_and_themes_have_their_own_type(client, snippets):
    html = client.get("/recherche/?q=Rivière").content.decode()
    assert "Alice Rivière" in html
    assert ">Mandataire</span>" in html
    assert "Bob Rivière" not in html  # no consent: never public
    html = client.get("/recherche/?q=CESER").content.decode()
    assert ">Instance</span>" in html
    assert '<a href="/rapport-2026/#mandats">CESER Occitanie</a>' in html
    html = client.get("/recherche/?q=énergie").content.decode()
    assert '<a href="/themes/energie/">Énergie</a>' in html
    assert ">Sujet</span>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Tarn", {("antennes", "CPME Tarn"), ("antennes", "CPME Tarn-et-Garonne")}),
        ("Rivière", {("personnes", "Alice Rivière")}),  # Bob did not consent
        ("Occitanie", {("instances", "CESER Occitanie")}),
        ("coût énergie", {("sujets", "Énergie")}),
        ("introuvable", set()),
    ],
)
def test_snippets_are_found_with_the_scores_of_a_search_of_their_own_kind(
    snippets, query, expected
):
    """On PostgreSQL all kinds are searched in one query (search.snippet_hits_in_one_query):
    the same snippets, with the scores the backend gives searching each kind alone."""
    hosts = snippet_hosts(Site.objects.get(is_default_site=True), version=0)
    hits = snippet_hits(PlainText(query), hosts)
    assert {(hit.kind, hit.title) for hit in hits} == expected
    backend = get_search_backend()
    alone = {
        (kind, obj.pk): round(relevance(obj._score), 6)
        for kind, queryset in snippet_querysets(hosts).items()
        for obj in backend.search(PlainText(query), queryset).annotate_score("_score")
    }
    assert {(hit.kind, hit.pk): round(hit.score, 6) for hit in hits} == alone


def test_snippets_without_a_public_page_listing_them_are_not_results(client, home_page):
    AntennaFactory(department_code="81", name="CPME Tarn", city="Albi")
    html = client.get("/recherche/?q=Tarn").content.decode()
    assert "CPME Tarn" not in html


def test_snippets_leave_the_results_as_soon_as_their_listing_page_does(client, snippets):
    assert "CPME Tarn" in client.get("/recherche/?q=Tarn").content.decode()
    assert "CESER Occitanie" in client.get("/recherche/?q=CESER").content.decode()
    AntennaIndexPage.objects.get().unpublish()
    report = InfluenceReportPage.objects.get()
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    assert "CPME Tarn" not in client.get("/recherche/?q=Tarn").content.decode()
    assert "CESER Occitanie" not in client.get("/recherche/?q=CESER").content.decode()


def test_filter_by_type_with_counts(client, pages, snippets):
    html = client.get("/recherche/?q=production").content.decode()
    assert (
        'href="?q=production&amp;type=positions">Prises de position <span class="count">1</span>'
        in html
    )
    assert 'href="?q=production&amp;type=pages">Pages <span class="count">1</span>' in html
    html = client.get("/recherche/?q=production&type=positions").content.decode()
    assert "Souveraineté industrielle" in html
    assert "Pacte Occitan" not in html
    assert french_spacing("1 résultat pour « production » (Prises de position).") in html


def test_unknown_type_is_reported_and_ignored(client, pages):
    response = client.get("/recherche/?q=production&type=%3Cscript%3E")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Type de résultat non reconnu, ignoré" in html
    assert french_spacing("2 résultats pour « production »") in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_excerpts_mark_the_words_and_escape_the_text(client, index_page):
    PositionPageFactory(
        parent=index_page,
        title="Délais",
        summary="Les <b>entreprises</b> attendent & paient : l'Entreprise d'abord.",
    )
    html = client.get("/recherche/?q=entreprise").content.decode()
    assert (
        "Les &lt;b&gt;<mark>entreprises</mark>&lt;/b&gt; attendent &amp; paient\u00a0: "
        "l&#x27;<mark>Entreprise</mark> d&#x27;abord." in html
    )


def test_excerpts_of_rich_text_keep_paragraphs_apart_and_decode_entities(client, home_page):
    calendar = EventIndexPageFactory(parent=home_page)
    EventPageFactory(
        parent=calendar,
        title="Atelier",
        start=timezone.now(),
        end=timezone.now(),
        description="<p>Recherche &amp; développement.</p><ul><li>Innovation</li></ul>",
    )
    html = client.get("/recherche/?q=innovation").content.decode()
    assert "Recherche &amp; développement. <mark>Innovation</mark>" in html


def test_a_cut_excerpt_starts_on_a_word_never_on_punctuation():
    text = (
        "Faire entendre la voix des TPE et PME d'Occitanie, à la radio et sur les réseaux. "
        "Porter le livre blanc dans les 13 départements ; faire connaître le podcast mensuel ; "
        "installer la CPME, la voix du foncier et de la commande publique."
    )
    starts = set()
    for length in range(40, 120):
        cut = excerpt([text], "foncier", length=length)
        assert cut.startswith("… ")
        starts.add(cut[2])
        assert "<mark>foncier</mark>" in cut
    assert starts
    assert not starts & set(";:,.!?» ")


def test_editors_promotions_come_first(client, pages, home_page):
    programme = StandardPageFactory(parent=home_page, title="Adhérer", intro="Rejoignez-nous.")
    query = Query.get("production")
    SearchPromotion.objects.create(query=query, page=programme, description="Notre offre.")
    html = client.get("/recherche/?q=Production").content.decode()
    assert ">Recommandé</span>" in html
    assert html.index("Adhérer") < html.index("Souveraineté industrielle")


def test_promotions_of_another_sites_pages_are_not_shown(client, pages, home_page, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "autre.example"]
    other_home = StandardPageFactory(parent=home_page.get_parent(), title="Autre site")
    Site.objects.create(hostname="autre.example", root_page=other_home)
    elsewhere = StandardPageFactory(parent=other_home, title="Offre d'ailleurs")
    SearchPromotion.objects.create(query=Query.get("production"), page=elsewhere)
    assert "Offre d&#x27;ailleurs" not in client.get("/recherche/?q=production").content.decode()
    html = client.get("/recherche/?q=production", HTTP_HOST="autre.example").content.decode()
    assert "Offre d&#x27;ailleurs" in html


def test_promotions_of_unpublished_pages_are_not_shown(client, pages, home_page):
    draft = StandardPageFactory(parent=home_page, title="Offre brouillon", live=False)
    SearchPromotion.objects.create(query=Query.get("production"), page=draft)
    assert "Offre brouillon" not in client.get("/recherche/?q=production").content.decode()


def test_searches_are_logged_anonymously_with_their_result_count(client, pages):
    client.get("/recherche/?q=production", REMOTE_ADDR="203.0.113.9")
    client.get("/recherche/?q=Production")
    client.get("/recherche/?q=introuvable")
    client.get("/recherche/?q=production&type=pages")  # a filter click is not a new search
    rows = {row.query: row for row in SearchQueryLog.objects.all()}
    assert set(rows) == {"production", "introuvable"}
    assert (rows["production"].hits, rows["production"].results) == (2, 2)
    assert (rows["introuvable"].hits, rows["introuvable"].results) == (1, 0)
    stored = [str(value) for row in rows.values() for value in vars(row).values()]
    assert not any("203.0.113.9" in value for value in stored)


def test_search_log_is_purged_after_the_retention_period(db, settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 90
    today = datetime.date.today()
    SearchQueryLog.objects.create(day=today - datetime.timedelta(days=91), query="ancienne", hits=3)
    SearchQueryLog.objects.create(day=today - datetime.timedelta(days=89), query="récente", hits=1)
    call_command("purge_search_log", stdout=None)
    assert list(SearchQueryLog.objects.values_list("query", flat=True)) == ["récente"]


def test_admin_report_lists_top_and_unanswered_queries(client, db, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("editrice", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    today = datetime.date.today()
    SearchQueryLog.objects.create(day=today, query="foncier", hits=7, results=4)
    SearchQueryLog.objects.create(day=today, query="<b>zzz</b>", hits=2, results=0)
    client.force_login(editor)
    html = client.get("/admin/recherches/").content.decode()
    assert "foncier" in html
    assert "&lt;b&gt;zzz&lt;/b&gt;" in html
    client.logout()
    assert client.get("/admin/recherches/").status_code == 302


def test_header_search_box_never_shows_another_forms_text(client, pages, index_page):
    for url in ("/prises-de-position/?q=production", "/recherche/?q=production"):
        html = client.get(url).content.decode()
        header = re.search(r'<input id="menu-search-q"[^>]*>', html).group(0)
        assert 'value=""' in header
        assert "production" not in header


def test_reports_menu_offers_the_site_search_report_not_wagtails_empty_one(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    assert "/admin/recherches/" in html
    assert reverse("wagtailsearchpromotions:search_terms") not in html


def search_queries(client, query):
    """Statements of a search result page, once Wagtail's site caches are warm (as on a
    running server) and the query already logged today (the usual case: one update)."""
    client.get("/recherche/", {"q": query})
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/recherche/", {"q": query}).content.decode()
    return len(captured), html


def test_a_result_page_costs_the_same_queries_however_many_hits_and_types(
    client, home_page, index_page, snippets, monkeypatch
):
    # Every hit on one page, so that the page types shown grow with the content too.
    monkeypatch.setattr("sitesearch.views.SEARCH_PER_PAGE", 100)
    PositionPageFactory(parent=index_page, title="Production 0")
    AntennaFactory(department_code="10", name="Antenne production 0")
    few, html = search_queries(client, "production")
    assert french_spacing("2 résultats pour « production »") in html
    calendar = EventIndexPageFactory(parent=home_page)
    day = timezone.now() + datetime.timedelta(days=3)
    show = None
    for number in range(1, 13):
        PositionPageFactory(parent=index_page, title=f"Production {number}")
        StandardPageFactory(parent=home_page, title=f"Page production {number}")
        EventPageFactory(parent=calendar, title=f"Salon production {number}", start=day, end=day)
        show = make_episode(home_page, show, title=f"Production, épisode {number}").get_parent()
        AntennaFactory(department_code=f"{number + 10}", name=f"Antenne production {number}")
    many, html = search_queries(client, "production")
    assert french_spacing("62 résultats pour « production »") in html
    for label in ("Prise de position", "Page", "Événement", "Épisode", "Antenne départementale"):
        assert html.count(f">{label}</span>") == 12 + (
            label in ("Prise de position", "Antenne départementale")
        )
    # The site's (1) and the layout's (2) queries, then the search's: the pages, the
    # snippets (on SQLite one search per snippet type, 4; on PostgreSQL one search for all,
    # then one load per type found, here 1), the shown pages as their own types, the
    # promotions, the log; on PostgreSQL the log's transaction (begin, SET LOCAL, commit;
    # here the test's savepoints stand for begin and commit). None per hit or per page type,
    # and none for the pages listing snippets (cached for the content version).
    assert many == few <= (12 if connection.vendor == "postgresql" else 11)
