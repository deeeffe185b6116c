"""The report page as readers see it: figures from the data, filters, map, consent, speed."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from core.charts import bar_chart
from core.departments import DEPARTMENTS
from core.formats import french_spacing
from home.models import HomePage
from influence import geography
from influence.figures import compute_figures, department_map
from influence.geography import department_outlines
from influence.models import InfluenceReportPage, Mandate, reference_date
from tests.home.factories import make_site_home
from tests.home.test_site import outline
from tests.influence.factories import (
    BodyFactory,
    InfluenceReportPageFactory,
    MandateFactory,
    RepresentativeFactory,
    ThemeFactory,
)

DEC_2024 = datetime.date(2024, 12, 31)


def figure(html, label):
    """The number shown next to a key figure's label."""
    match = re.search(
        r'key-figure__value">([^<]+)</span><span class="key-figure__label">' + label, html
    )
    assert match, f"no key figure labelled {label!r}"
    return match.group(1).strip()


@pytest.fixture
def landscape(db):
    """End of 2024: four active public seats, plus one of each kind that must not count."""
    toulouse = BodyFactory(name="Tribunal de commerce de Toulouse", department_code="31")
    cpam = BodyFactory(
        name="CPAM de l'Hérault", kind="cpam", level="departemental", department_code="34"
    )
    ceser = BodyFactory(name="CESER Occitanie", kind="ceser", level="regional", department_code="")
    alice = RepresentativeFactory(name="Alice Exemple")
    bruno = RepresentativeFactory(name="Bruno Fictif")
    MandateFactory(
        representative=alice, body=toulouse, training_completed_on=datetime.date(2024, 3, 1)
    )
    MandateFactory(representative=alice, body=ceser)
    MandateFactory(representative=bruno, body=cpam, role="suppleant")
    MandateFactory(representative=bruno, body=ceser, start_date=datetime.date(2024, 12, 31))
    # Ended before the report's date, starting after it, and a person who refused publication.
    MandateFactory(
        body=cpam, representative__name="Claire Passée", end_date=datetime.date(2024, 6, 30)
    )
    MandateFactory(
        body=cpam, representative__name="Denis Futur", start_date=datetime.date(2025, 1, 2)
    )
    MandateFactory(
        body=toulouse, representative__name="Émile Discret", representative__public_consent=False
    )


def test_reference_date_is_year_end_for_past_years_and_today_for_this_year():
    today = datetime.date(2026, 11, 25)
    assert reference_date(2024, today) == DEC_2024
    assert reference_date(2026, today) == today
    assert reference_date(2027, today) == datetime.date(2027, 1, 1)


def test_page_figures_match_the_data(client, report_page, landscape):
    html = client.get(report_page.url).content.decode()

    assert figure(html, "sièges occupés") == "4"
    assert figure(html, "instances") == "3"
    assert figure(html, "mandataires") == "2"
    assert figure(html, "départements couverts") == "2"
    assert figure(html, "des mandataires formés") == "50 %"
    assert "Situation au 31 décembre 2024" in html


def test_figures_count_only_what_is_active_and_trained_by_the_date():
    rows = [
        {
            "representative_id": 1,
            "body_id": 1,
            "body__kind": "cpam",
            "body__level": "local",
            "body__department_code": "31",
            "training_completed_on": datetime.date(2025, 1, 1),
        },
        {
            "representative_id": 2,
            "body_id": 1,
            "body__kind": "cpam",
            "body__level": "local",
            "body__department_code": "31",
            "training_completed_on": DEC_2024,
        },
        {
            "representative_id": 2,
            "body_id": 2,
            "body__kind": "ceser",
            "body__level": "regional",
            "body__department_code": "",
            "training_completed_on": None,
        },
    ]
    figures = compute_figures(rows, DEC_2024)
    assert (figures.seats, figures.bodies, figures.representatives) == (3, 2, 2)
    assert figures.trained == 1, "a training after the report's date does not count yet"
    assert figures.by_kind == [("CPAM", 2), ("CESER", 1)]
    assert dict(figures.by_level) == {"Local": 2, "Départemental": 0, "Régional": 1, "National": 0}
    assert figures.by_department["31"] == 2
    assert figures.regional_seats == 1


def test_charts_have_titles_descriptions_and_data_tables(client, report_page, landscape):
    html = client.get(report_page.url).content.decode()
    assert html.count('role="img"') == 2  # two bar charts
    assert html.count('<svg class="map__svg" role="group"') == 1  # the map: a group of links
    assert '<title id="chart-kind-title">Sièges par type d\'instance</title>' in html
    assert french_spacing("CESER : 2 ; CPAM : 1 ; Tribunal de commerce : 1.") in html
    assert '<th scope="row">Régional</th><td class="num">2</td>' in html


def test_map_colours_departments_by_seats_and_has_a_table(client, report_page, landscape):
    html = client.get(report_page.url).content.decode()
    assert 'aria-label="Haute-Garonne (31) : 1 siège, voir ses mandats"' in html
    assert 'aria-label="Lozère (48) : 0 siège, voir ses mandats"' in html
    label = department_outlines()["departments"]["31"]
    assert f'x="{label["x"]}" y="{label["y"]}"' in html, "SVG coordinates are never localised"
    assert 'href="?department=34#mandats"' in html
    tiles = {tile["code"]: tile for tile in department_map({"31": 5, "34": 1})["tiles"]}
    assert len(tiles) == 13
    assert tiles["31"]["fill"] == "#0b3d6e"
    assert tiles["31"]["text"] == "#ffffff"
    assert tiles["48"]["fill"] == "#f4f1ea"
    assert tiles["48"]["text"] == "#1a1a1a"
    assert tiles["34"]["fill"] not in {tiles["31"]["fill"], tiles["48"]["fill"]}


def test_people_who_refused_publication_never_appear(client, report_page, landscape):
    html = client.get(report_page.url).content.decode()
    assert "Alice Exemple" in html
    assert "Émile Discret" not in html
    assert "Claire Passée" not in html, "ended mandates are not listed"
    assert "Denis Futur" not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("department=34", ["CPAM de l&#x27;Hérault"], ["Tribunal de commerce de Toulouse"]),
        ("kind=ceser", ["CESER Occitanie"], ["CPAM de l&#x27;Hérault"]),
        ("theme=energie", ["Alice Exemple"], ["Bruno Fictif"]),
        ("q=bruno", ["Bruno Fictif"], ["Alice Exemple"]),
        ("q=toulouse&department=31", ["Alice Exemple"], ["Bruno Fictif"]),
    ],
)
def test_filters_narrow_the_table_and_stay_in_the_export_links(
    client, report_page, landscape, query, shown, hidden
):
    ThemeFactory(slug="energie", name="Énergie")
    Mandate.objects.get(
        body__name__startswith="Tribunal", representative__name="Alice Exemple"
    ).themes.set([ThemeFactory(slug="energie")])
    html = client.get(f"{report_page.url}?{query}").content.decode()
    table = html[html.index('id="mandats"') : html.index('id="report-data"')]
    for text in shown:
        assert text in table
    for text in hidden:
        assert text not in table
    csv_link = re.search(r'href="([^"]*donnees/csv/[^"]*)"', html).group(1).replace("&amp;", "&")
    for pair in query.split("&"):
        assert pair in csv_link


@pytest.mark.parametrize(
    "query",
    [
        "department=75",
        "department=9",
        "kind=banque",
        "theme=inconnu",
        "q=" + "x" * 500,
        "department=31&department=<script>",
        "page=abc&sep=zzz",
        "q=%00%ff",
    ],
)
def test_bad_filter_values_are_ignored_never_an_error(client, report_page, landscape, query):
    response = client.get(f"{report_page.url}?{query}")
    assert response.status_code == 200
    assert "4 mandats</p>" in response.content.decode()
    for export in ("donnees/csv/", "donnees/json/"):
        assert client.get(f"{report_page.url}{export}?{query}").status_code == 200


def test_an_unknown_filter_is_dropped_and_the_others_kept(client, report_page, landscape):
    html = client.get(f"{report_page.url}?department=34&kind=banque").content.decode()
    assert "1 mandat correspondant aux filtres" in html
    assert "donnees/csv/?department=34" in html
    assert "kind=banque" not in html


def test_the_page_is_accessible_in_outline(client, report_page, landscape):
    page = outline(client.get(report_page.url).content.decode())
    assert page.headings.count(1) == 1
    jumps = [b - a for a, b in zip(page.headings, page.headings[1:], strict=False)]
    assert max(jumps) <= 1


def test_user_supplied_text_is_escaped(client, report_page):
    MandateFactory(representative__name="<script>alert(1)</script>")
    html = client.get(report_page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def query_count(client, url):
    cache.clear()  # a full render each time: cached pages and fragments would hide the growth
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("suffix", ["", "donnees/csv/", "donnees/json/", "donnees/schema/"])
def test_query_count_does_not_grow_with_mandates(client, report_page, suffix):
    themes = ThemeFactory.create_batch(3)
    url = f"{report_page.url}{suffix}"

    def add(count):
        for _ in range(count):
            MandateFactory(themes=themes[:2])

    add(20)
    query_count(client, url)  # warm Wagtail's site and page caches
    small = query_count(client, url)
    add(180)
    large = query_count(client, url)
    assert Mandate.objects.count() == 200
    assert small == large, f"{small} queries for 20 mandates, {large} for 200"


def test_private_and_draft_reports_do_not_leak_data(client, home_page, landscape):
    private = InfluenceReportPageFactory(parent=home_page, year=2023)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = InfluenceReportPageFactory(parent=home_page, year=2022, live=False)
    for page in (private, draft):
        for suffix in ("", "donnees/csv/", "donnees/json/"):
            response = client.get(f"/{page.slug}/{suffix}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert b"Alice Exemple" not in body
            assert response.status_code in {302, 404}  # to the login form, or absent


class ReportPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()

    def test_report_sits_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, InfluenceReportPage)
        self.assertCanNotCreateAt(Page, InfluenceReportPage)
        self.assertAllowedSubpageTypes(InfluenceReportPage, set())

    def test_editor_creates_edits_and_previews_a_report(self):
        self.client.force_login(self.create_test_user())  # client.login() has no request for axes
        data = {
            "title": "Rapport d'influence 2025",
            "slug": "rapport-2025",
            "year": 2025,
            "introduction": rich_text("<p>Nos mandats.</p>"),
        }
        self.assertCanCreate(self.home, InfluenceReportPage, nested_form_data(data))
        page = InfluenceReportPage.objects.get(year=2025)
        self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(page, "donnees/csv/")
        self.assertPageIsEditable(page, post_data=nested_form_data(data))
        self.assertPageIsPreviewable(page, post_data=nested_form_data(data))

    def test_a_second_report_for_the_same_year_is_refused_in_french(self):
        InfluenceReportPageFactory(parent=self.home, year=2025)
        self.client.force_login(self.create_test_user())  # client.login() has no request for axes
        response = self.client.post(
            f"/admin/pages/add/influence/influencereportpage/{self.home.pk}/",
            nested_form_data(
                {"title": "Doublon", "slug": "doublon", "year": 2025, "introduction": rich_text("")}
            ),
        )
        assert "Un rapport d&#x27;influence existe déjà pour cette année." in (
            response.content.decode()
        )
        assert InfluenceReportPage.objects.count() == 1


def test_home_page_counts_public_representatives_with_a_seat_today(client, home_page):
    seated = RepresentativeFactory()
    MandateFactory(representative=seated)
    MandateFactory(representative=seated)
    MandateFactory(representative__public_consent=False)
    MandateFactory(end_date=datetime.date(2024, 1, 1))
    html = client.get("/").content.decode()
    assert re.search(
        r'key-figure__value">1</span>\s*<span class="key-figure__label">mandataires', html
    )


def test_the_map_draws_the_13_departments_each_a_link_to_its_mandates(client, report_page):
    html = client.get(f"{report_page.url}?department=31").content.decode()
    svg = html[html.index('<svg class="map__svg"') : html.index("</svg>", html.index("map__svg"))]
    links = re.findall(r'<a href="\?department=(\d\d)#mandats"', svg)
    assert sorted(links) == sorted(DEPARTMENTS)
    assert svg.count('<path d="M') == 13
    assert 'aria-label="Haute-Garonne (31) : 0 siège, voir ses mandats" aria-current="true"' in svg
    assert "IGN – Admin Express, INSEE – COG" in html  # the open data's attribution


def test_the_committed_outlines_are_small_and_cover_every_department():
    outlines = department_outlines()
    assert set(outlines["departments"]) == set(DEPARTMENTS)
    assert geography.OUTLINES_FILE.stat().st_size < 16_000
    assert outlines["width"] == 400
    for department in outlines["departments"].values():
        assert 0 < department["x"] < outlines["width"]
        assert 0 < department["y"] < outlines["height"]


def test_simplification_keeps_corners_and_drops_points_on_a_line():
    line = [(0, 0), (1, 0.01), (2, 0), (3, 0.02), (4, 0), (4, 4), (0, 4), (0, 0)]
    assert geography.simplify(line, 0.5) == [(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)]


def test_long_chart_labels_have_their_own_line_and_are_never_clipped():
    chart = bar_chart([("Organisme de formation / OPCO", 1), ("CCI", 4)])
    opco, cci = chart["bars"]
    assert opco["label_y"] < opco["y"]  # above its bar, from the left edge
    assert cci["width"] == chart["width"] - 44
    assert opco["value_x"] < chart["width"]
