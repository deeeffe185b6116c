"""Browsing and searching needs, the supplier directory, the daily digest."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.digest import queue_digest
from members.models import Alert, Category, Department

from .conftest import logged_in
from .factories import MembershipFactory, NeedFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LIST = "/espace-membres/besoins/"


def test_search_and_filters(client, buyer_member, sme_member):
    NeedFactory(organisation=buyer_member.organisation, title="Maintenance de robots industriels")
    NeedFactory(
        organisation=buyer_member.organisation,
        title="Formation au soudage",
        axis="rh",
        places=[Department.objects.get(code="34")],
    )
    logged_in(client, sme_member)
    page = client.get(LIST, {"q": "robot"}).content.decode()
    assert "Maintenance de robots" in page
    assert "Formation au soudage" not in page
    page = client.get(LIST, {"axe": "rh"}).content.decode()
    assert "Formation au soudage" in page
    assert "Maintenance de robots" not in page
    page = client.get(LIST, {"departement": "34"}).content.decode()
    assert "Formation au soudage" in page
    assert "Maintenance de robots" not in page
    page = client.get(LIST, {"acheteur": "pme"}).content.decode()
    assert "Aucun besoin ouvert ne correspond" in page


def test_unknown_filter_values_are_ignored_and_reported(client, buyer_member, sme_member):
    NeedFactory(organisation=buyer_member.organisation, title="Maintenance de robots")
    logged_in(client, sme_member)
    response = client.get(LIST, {"axe": "finance", "departement": "75", "echeance": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Filtre ignoré" in body
    assert "Maintenance de robots" in body


def test_pages(client, buyer_member, sme_member):
    logged_in(client, sme_member)
    assert client.get(LIST, {"page": "abc"}).status_code == 200
    assert client.get(LIST, {"page": "9"}).status_code == 404


def test_list_queries_do_not_grow_with_needs(client, buyer_member, sme_member):
    logged_in(client, sme_member)
    NeedFactory.create_batch(3, organisation=buyer_member.organisation)
    client.get(LIST)  # the site's settings and menus, cached after the first page
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"q": "usinage", "departement": "31"})
    NeedFactory.create_batch(25, organisation=OrganisationFactory(kind="grand_compte"))
    with CaptureQueriesContext(connection) as many:
        client.get(LIST, {"q": "usinage", "departement": "31"})
    assert len(many) <= len(few) <= 15


def test_directory_lists_opted_in_organisations_only(client, sme_member):
    OrganisationFactory(name="Chaudronnerie Visible", in_directory=True, description="Inox")
    OrganisationFactory(name="Discrète SARL", in_directory=False)
    OrganisationFactory(name="Pas Encore Validée", in_directory=True, status="en_attente")
    logged_in(client, sme_member)
    body = client.get("/espace-membres/annuaire/").content.decode()
    assert "Chaudronnerie Visible" in body
    assert "Discrète SARL" not in body
    assert "Pas Encore Validée" not in body
    assert (
        "Chaudronnerie" in client.get("/espace-membres/annuaire/", {"q": "inox"}).content.decode()
    )


def test_alert_settings_and_daily_digest_with_one_click_unsubscribe(
    client, buyer_member, sme_member, mailoutbox, django_capture_on_commit_callbacks
):
    logged_in(client, sme_member)
    response = client.post(
        "/espace-membres/alertes/", {"active": "on", "axes": ["achats"], "departments": ["31"]}
    )
    assert response.status_code == 302
    # Someone following another department gets nothing.
    other = MembershipFactory()
    Alert.objects.create(membership=other, active=True).departments.set(["66"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    published = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(10)))
    NeedFactory(
        organisation=buyer_member.organisation, title="Usinage <titane>", published_at=published
    )
    NeedFactory(
        organisation=buyer_member.organisation,
        title="Recrutement",
        axis="rh",
        published_at=published,
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_digest(yesterday)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [sme_member.user.email]
    assert "Usinage <titane>" in message.body
    assert "Recrutement" not in message.body
    assert "Usinage &lt;titane&gt;" in message.alternatives[0][0]
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe.replace("http://localhost", "").replace("http://testserver", "")
    anonymous = client.__class__()
    assert anonymous.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Alert.objects.get(membership=sme_member).active
    assert anonymous.get("/espace-membres/alertes/desabonnement/faux/").status_code == 400


def test_the_digest_follows_each_persons_categories_and_departments(
    buyer_member, mailoutbox, django_capture_on_commit_callbacks
):
    mechanics = Category.objects.get(slug="industrie-mecanique")
    other_category = Category.objects.exclude(pk=mechanics.pk).first()
    followers = {
        "mécanique": (MembershipFactory(), [mechanics], []),
        "autre catégorie": (MembershipFactory(), [other_category], []),
        "Haute-Garonne": (MembershipFactory(), [], ["31"]),
        "tout": (MembershipFactory(), [], []),
    }
    for membership, categories, departments in followers.values():
        alert = Alert.objects.create(membership=membership, active=True)
        alert.categories.set(categories)
        alert.departments.set(departments)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    published = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(10)))
    NeedFactory(  # industrie mécanique, in the Tarn
        organisation=buyer_member.organisation,
        title="Rectification de pièces",
        published_at=published,
        places=[Department.objects.get(code="81")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_digest(yesterday)
    received = {message.to[0] for message in mailoutbox}
    assert received == {
        followers["mécanique"][0].user.email,
        followers["tout"][0].user.email,
    }
