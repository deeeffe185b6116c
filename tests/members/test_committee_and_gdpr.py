"""Steering committee view, commitment ledger, GDPR export and deletion."""

import json

import pytest
from django.contrib.auth import get_user_model

from members.models import Need, Organisation, Response

from .conftest import logged_in
from .factories import MembershipFactory, NeedFactory, ResponseFactory

pytestmark = pytest.mark.django_db
COMMITTEE = "/admin/pacte/comite/"


@pytest.fixture
def won_deal(buyer_member, sme_member):
    buyer_member.organisation.name = "=HYPERLINK(1)"
    buyer_member.organisation.save()
    need = NeedFactory(organisation=buyer_member.organisation, author=buyer_member.user)
    return ResponseFactory(need=need, organisation=sme_member.organisation, author=sme_member.user)


def test_sme_reports_payment_and_committee_sees_it(client, won_deal, buyer_member, sme_member):
    buyer = logged_in(client, buyer_member)
    buyer.post(
        f"/espace-membres/reponses/{won_deal.pk}/decision/",
        {"status": "declinee", "reason": "Prix"},
    )
    buyer.post(f"/espace-membres/reponses/{won_deal.pk}/decision/", {"status": "gagnee"})
    sme = client.__class__()
    logged_in(sme, sme_member)
    assert (
        sme.post(
            f"/espace-membres/reponses/{won_deal.pk}/paiement/", {"paid_on_time": "peut-être"}
        ).status_code
        == 400
    )
    assert (
        buyer.post(
            f"/espace-membres/reponses/{won_deal.pk}/paiement/", {"paid_on_time": "oui"}
        ).status_code
        == 404
    )
    assert (
        sme.post(
            f"/espace-membres/reponses/{won_deal.pk}/paiement/", {"paid_on_time": "non"}
        ).status_code
        == 302
    )
    won_deal.refresh_from_db()
    assert won_deal.paid_on_time is False

    staff = client.__class__()
    staff.force_login(get_user_model().objects.create_superuser("equipe", "e@c.example", "x"))
    page = staff.get(COMMITTEE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body
    assert "100 %" in body  # the one awarded need went to an SME
    assert "0 / 1" in body  # paid on time / late
    export = staff.get(COMMITTEE, {"format": "csv"})
    text = export.content.decode()
    assert text.startswith("\ufeffGrand compte;Mois;")
    assert "'=HYPERLINK(1);" in text
    assert ";1;1;1;1" in text


def test_members_cannot_open_the_committee_view(client, sme_member):
    logged_in(client, sme_member)
    assert client.get(COMMITTEE).status_code in (302, 403)
    assert client.get(COMMITTEE, {"format": "csv"}).status_code in (302, 403)


def test_data_export_holds_the_person_data(client, won_deal, sme_member):
    logged_in(client, sme_member)
    response = client.get("/espace-membres/mes-donnees/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["compte"]["email"] == sme_member.user.email
    assert data["reponses_envoyees"][0]["message"] == won_deal.message


def test_deleting_an_account_keeps_the_organisation_content_when_others_remain(
    client, won_deal, sme_member
):
    colleague = MembershipFactory(organisation=sme_member.organisation, is_admin=False)
    logged_in(client, sme_member)
    assert (
        client.post("/espace-membres/supprimer-mon-compte/", {"confirm": "non"}).status_code == 400
    )
    assert (
        client.post("/espace-membres/supprimer-mon-compte/", {"confirm": "SUPPRIMER"}).status_code
        == 200
    )
    assert not get_user_model().objects.filter(pk=sme_member.user_id).exists()
    kept = Response.objects.get(pk=won_deal.pk)
    assert kept.author is None
    assert kept.organisation_id == sme_member.organisation_id
    colleague.refresh_from_db()
    assert colleague.is_admin


def test_the_last_person_leaving_deletes_the_organisation(client, won_deal, buyer_member):
    logged_in(client, buyer_member)
    client.post("/espace-membres/supprimer-mon-compte/", {"confirm": "SUPPRIMER"})
    assert not Organisation.objects.filter(pk=buyer_member.organisation_id).exists()
    assert not Need.objects.exists()


def test_personal_data_notice_is_public(client):
    body = client.get("/espace-membres/donnees-personnelles/").content.decode()
    assert "trois ans après sa clôture" in body
    assert "à partir de 5 évaluations" in body


def test_closed_needs_are_purged_after_retention(buyer_member):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    old = NeedFactory(
        organisation=buyer_member.organisation,
        status="clos",
        closed_at=timezone.now() - datetime.timedelta(days=3 * 365 + 1),
    )
    recent = NeedFactory(
        organisation=buyer_member.organisation,
        status="clos",
        closed_at=timezone.now() - datetime.timedelta(days=10),
    )
    ResponseFactory(need=old)
    call_command("purge_closed_needs", stdout=__import__("io").StringIO())
    assert list(Need.objects.all()) == [recent]
