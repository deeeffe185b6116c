"""Buyer ratings shown only as aggregates above the minimum; consortium suggestions."""

import pytest

from core.formats import french_spacing
from members.models import BuyerRating, Category, PartnerStatus

from .conftest import logged_in
from .factories import NeedFactory, OrganisationFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def test_ratings_appear_only_from_the_minimum_count(client, buyer_member, sme_member, settings):
    settings.MEMBERS_MIN_RATINGS = 3
    closed = NeedFactory(organisation=buyer_member.organisation, status="clos")
    responses = [ResponseFactory(need=closed) for _ in range(3)]
    mine = ResponseFactory(need=closed, organisation=sme_member.organisation)
    open_need = NeedFactory(organisation=buyer_member.organisation)
    logged_in(client, sme_member)
    url = f"/espace-membres/reponses/{mine.pk}/evaluer/"
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"answered": "oui", "reason_given": "non"}).status_code == 302
    assert client.post(url, {"answered": "oui"}).status_code == 409
    early = ResponseFactory(need=open_need, organisation=sme_member.organisation)
    assert (
        client.post(
            f"/espace-membres/reponses/{early.pk}/evaluer/", {"answered": "oui"}
        ).status_code
        == 409
    )
    page = client.get(f"/espace-membres/besoins/{open_need.pk}/").content.decode()
    assert "Évaluation de l'acheteur" not in page  # one rating: below the minimum
    for response in responses[:2]:
        BuyerRating.objects.create(response=response, answered=False)
    page = client.get(f"/espace-membres/besoins/{open_need.pk}/").content.decode()
    assert french_spacing("Évaluation de l'acheteur par 3 PME : 33 % ont reçu une réponse") in page


def test_only_the_responder_rates(client, buyer_member, other_member):
    closed = NeedFactory(organisation=buyer_member.organisation, status="clos")
    response = ResponseFactory(need=closed)
    logged_in(client, other_member)
    assert (
        client.post(
            f"/espace-membres/reponses/{response.pk}/evaluer/", {"answered": "non"}
        ).status_code
        == 404
    )
    assert not BuyerRating.objects.exists()


def test_consortium_suggestions_and_joint_response(client, buyer_member, sme_member):
    category = Category.objects.get(slug="industrie-mecanique")
    partner = OrganisationFactory(name="Forge Partenaire", in_directory=True, department="31")
    partner.categories.set([category])
    elsewhere = OrganisationFactory(name="Forge Lointaine", in_directory=True, department="66")
    elsewhere.categories.set([category])
    big = NeedFactory(organisation=buyer_member.organisation, budget_band="gt500k")
    small = NeedFactory(organisation=buyer_member.organisation, budget_band="lt25k")
    logged_in(client, sme_member)
    page = client.get(f"/espace-membres/besoins/{big.pk}/").content.decode()
    assert "Forge Partenaire" in page
    assert "Forge Lointaine" not in page
    assert (
        "Forge Partenaire"
        not in client.get(f"/espace-membres/besoins/{small.pk}/").content.decode()
    )
    refused = client.post(
        f"/espace-membres/besoins/{big.pk}/repondre/",
        {
            "message": "Ensemble",
            "contact_name": "C",
            "contact_email": "c@a.example",
            "partners": [str(elsewhere.pk)],
        },
    )
    assert refused.status_code == 400
    assert (
        client.post(
            f"/espace-membres/besoins/{big.pk}/repondre/",
            {
                "message": "Ensemble",
                "contact_name": "C",
                "contact_email": "c@a.example",
                "partners": [str(partner.pk)],
            },
        ).status_code
        == 302
    )
    response = big.responses.get()
    assert list(response.partners.all()) == [partner]  # invited, not yet accepted
    from .factories import MembershipFactory

    partner_client = client.__class__()
    logged_in(partner_client, MembershipFactory(organisation=partner))
    assert partner_client.get(f"/espace-membres/reponses/{response.pk}/").status_code == 200
    assert (
        partner_client.post(
            f"/espace-membres/reponses/{response.pk}/", {"message": "modifié"}
        ).status_code
        == 403
    )
    stranger = client.__class__()
    logged_in(stranger, MembershipFactory(organisation=elsewhere))
    assert stranger.get(f"/espace-membres/reponses/{response.pk}/").status_code == 404

    # The responder edits the response and drops the partner: its invitation is withdrawn
    # and it no longer reads the response.
    edited = client.post(
        f"/espace-membres/reponses/{response.pk}/",
        {"message": "Seuls finalement", "contact_name": "C", "contact_email": "c@a.example"},
    )
    assert edited.status_code == 302
    response.refresh_from_db()
    assert response.message == "Seuls finalement"
    assert response.partner_invitations.get().status == PartnerStatus.WITHDRAWN
    assert partner_client.get(f"/espace-membres/reponses/{response.pk}/").status_code == 404
