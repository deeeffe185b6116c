"""Joint responses: named partners are invited, answer in their members' space, and only
those that accept are shown to the buyer."""

import datetime
import io
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from core.formats import french_spacing
from members import consortium, demo
from members.models import (
    Category,
    OrganisationStatus,
    PartnerInvitation,
    PartnerStatus,
    Response,
    ResponseStatus,
)

from .conftest import logged_in
from .factories import MembershipFactory, NeedFactory, OrganisationFactory, ResponseFactory

pytestmark = pytest.mark.django_db

ANSWER = "/espace-membres/reponses-communes/{}/repondre/"


def seen(text):
    """`text` as the page shows it: escaped, with French spacing."""
    return french_spacing(escape(text))


@pytest.fixture
def big_need(buyer_member):
    return NeedFactory(organisation=buyer_member.organisation, budget_band="gt500k")


def suggested_sme(name):
    organisation = OrganisationFactory(name=name, in_directory=True, department="31")
    organisation.categories.set([Category.objects.get(slug="industrie-mecanique")])
    return organisation


def respond_with(client, need, partners):
    return client.post(
        f"/espace-membres/besoins/{need.pk}/repondre/",
        {
            "message": "Ensemble, nous couvrons les trois sites.",
            "contact_name": "Camille",
            "contact_email": "camille@atelier.example",
            "partners": [str(p.pk) for p in partners],
        },
    )


def test_partner_is_invited_by_mail_and_shown_to_the_buyer_once_it_accepts(
    client, buyer_member, sme_member, big_need, mailoutbox, django_capture_on_commit_callbacks
):
    forge = suggested_sme("Forge Partenaire")
    forge_admin = MembershipFactory(organisation=forge, is_admin=True)
    forge_colleague = MembershipFactory(organisation=forge, is_admin=False)
    logged_in(client, sme_member)
    with django_capture_on_commit_callbacks(execute=True):
        assert respond_with(client, big_need, [forge]).status_code == 302
    response = big_need.responses.get()
    invitation = PartnerInvitation.objects.get(response=response)
    assert invitation.status == PartnerStatus.INVITED
    # Only the partner's admins are written to, in French, with the link to answer.
    assert [m.to for m in mailoutbox] == [[forge_admin.user.email]]
    assert "Atelier Garonne vous invite à une réponse commune" in mailoutbox[0].subject
    assert "/espace-membres/reponses-communes/" in mailoutbox[0].body

    buyer = logged_in(Client(), buyer_member)
    buyer_page = buyer.get(f"/espace-membres/besoins/{big_need.pk}/").content.decode()
    assert "Réponse conjointe avec" not in buyer_page
    responder_page = client.get(f"/espace-membres/reponses/{response.pk}/").content.decode()
    assert "Forge Partenaire" in responder_page
    assert "En attente de réponse" in responder_page

    # Any of the partner's people answers; the dashboard points them there.
    partner = logged_in(Client(), forge_colleague)
    assert "1 invitation à une réponse commune" in partner.get("/espace-membres/").content.decode()
    listing = partner.get("/espace-membres/reponses-communes/").content.decode()
    assert seen(big_need.title) in listing
    assert "Atelier Garonne" in listing
    assert partner.post(ANSWER.format(invitation.pk), {"answer": "accepter"}).status_code == 302

    need_page = buyer.get(f"/espace-membres/besoins/{big_need.pk}/").content.decode()
    assert "Réponse conjointe avec Forge Partenaire" in need_page
    assert "Réponse conjointe avec Forge Partenaire" in (
        buyer.get(f"/espace-membres/reponses/{response.pk}/").content.decode()
    )
    assert "Acceptée" in client.get(f"/espace-membres/reponses/{response.pk}/").content.decode()

    # Accepting twice, or declining after accepting, is refused and changes nothing.
    twice = partner.post(ANSWER.format(invitation.pk), {"answer": "decliner"})
    assert twice.status_code == 409
    assert "Votre organisation a déjà répondu à cette invitation" in twice.content.decode()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.answered_by) == (
        PartnerStatus.ACCEPTED,
        forge_colleague.user,
    )
    # The partner reads the response but cannot edit it.
    assert partner.get(f"/espace-membres/reponses/{response.pk}/").status_code == 200
    edit = partner.post(f"/espace-membres/reponses/{response.pk}/", {"message": "modifié"})
    assert edit.status_code == 403
    response.refresh_from_db()
    assert response.message == "Ensemble, nous couvrons les trois sites."


def test_naming_a_withdrawn_partner_again_mails_it_at_most_once_a_day(
    client, sme_member, big_need, mailoutbox, django_capture_on_commit_callbacks
):
    forge = suggested_sme("Forge Partenaire")
    MembershipFactory(organisation=forge, is_admin=True)
    logged_in(client, sme_member)
    with django_capture_on_commit_callbacks(execute=True):
        respond_with(client, big_need, [forge])
    response = big_need.responses.get()
    fields = {
        "message": "Ensemble, nous couvrons les trois sites.",
        "contact_name": "Camille",
        "contact_email": "camille@atelier.example",
    }
    start = timezone.now()
    for minutes, partners in enumerate(([], [forge], [], [forge]), start=1):
        # Minutes apart, as a person ticks and unticks the box.
        with (
            time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            edited = client.post(
                f"/espace-membres/reponses/{response.pk}/",
                {**fields, "partners": [str(p.pk) for p in partners]},
            )
        assert edited.status_code == 302
    assert PartnerInvitation.objects.get(response=response).status == PartnerStatus.INVITED
    assert len(mailoutbox) == 1  # the first invitation only

    # A day later, naming it again is a new invitation, mailed again.
    with time_machine.travel(start + datetime.timedelta(days=1, minutes=10), tick=False):
        for partners in ([], [forge]):
            with django_capture_on_commit_callbacks(execute=True):
                client.post(
                    f"/espace-membres/reponses/{response.pk}/",
                    {**fields, "partners": [str(p.pk) for p in partners]},
                )
    assert len(mailoutbox) == 2


def test_a_partner_that_declined_stays_declined_when_named_again(
    sme_member, big_need, django_capture_on_commit_callbacks
):
    forge = suggested_sme("Forge Partenaire")
    response = ResponseFactory(need=big_need, organisation=sme_member.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        consortium.set_partners(response, [forge], sme_member.user)
    PartnerInvitation.objects.filter(response=response).update(status=PartnerStatus.DECLINED)
    # The responder's form was built before the partner declined.
    with django_capture_on_commit_callbacks(execute=True):
        consortium.set_partners(response, [forge], sme_member.user)
    assert PartnerInvitation.objects.get(response=response).status == PartnerStatus.DECLINED


def test_the_buyers_reason_is_not_shown_to_an_organisation_only_invited(
    sme_member, big_need, django_capture_on_commit_callbacks
):
    forge = suggested_sme("Forge Partenaire")
    forge_member = MembershipFactory(organisation=forge)
    response = ResponseFactory(need=big_need, organisation=sme_member.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        consortium.set_partners(response, [forge], sme_member.user)
    Response.objects.filter(pk=response.pk).update(
        status=ResponseStatus.DECLINED, decision_reason="Prix trop élevé pour notre budget."
    )
    url = f"/espace-membres/reponses/{response.pk}/"
    invited = logged_in(Client(), forge_member).get(url).content.decode()
    assert "Prix trop élevé" not in invited
    responder = logged_in(Client(), sme_member).get(url).content.decode()
    assert "Prix trop élevé" in responder
    PartnerInvitation.objects.filter(response=response).update(status=PartnerStatus.ACCEPTED)
    accepted = logged_in(Client(), forge_member).get(url).content.decode()
    assert "Prix trop élevé" in accepted


def test_declined_and_pending_partners_stay_hidden_from_the_buyer(
    client, buyer_member, sme_member, big_need
):
    forge, fonderie = suggested_sme("Forge Partenaire"), suggested_sme("Fonderie Voisine")
    logged_in(client, sme_member)
    assert respond_with(client, big_need, [forge, fonderie]).status_code == 302
    response = big_need.responses.get()
    declined = PartnerInvitation.objects.get(organisation=forge)
    partner = logged_in(Client(), MembershipFactory(organisation=forge))
    assert partner.post(ANSWER.format(declined.pk), {"answer": "decliner"}).status_code == 302
    buyer_page = (
        logged_in(Client(), buyer_member).get(f"/espace-membres/besoins/{big_need.pk}/")
    ).content.decode()
    assert "Forge Partenaire" not in buyer_page
    assert "Fonderie Voisine" not in buyer_page
    page = client.get(f"/espace-membres/reponses/{response.pk}/").content.decode()
    assert "Déclinée" in page
    assert "En attente de réponse" in page
    # Once declined, not asked again: a clear message, nothing changed.
    again = client.post(
        f"/espace-membres/reponses/{response.pk}/",
        {
            "message": "Autre message",
            "contact_name": "C",
            "contact_email": "c@a.example",
            "partners": [str(forge.pk), str(fonderie.pk)],
        },
    )
    assert again.status_code == 400
    assert "Forge Partenaire a déjà décliné votre invitation" in again.content.decode()
    response.refresh_from_db()
    declined.refresh_from_db()
    assert (response.message, declined.status) == (
        "Ensemble, nous couvrons les trois sites.",
        PartnerStatus.DECLINED,
    )


def test_a_partner_that_is_not_a_suggestion_is_refused_and_nothing_is_written(
    client, sme_member, big_need
):
    far = OrganisationFactory(name="Forge Lointaine", in_directory=True, department="66")
    logged_in(client, sme_member)
    refused = respond_with(client, big_need, [far])
    assert refused.status_code == 400
    assert "ne fait pas partie des partenaires suggérés" in refused.content.decode()
    assert not Response.objects.exists()
    assert not PartnerInvitation.objects.exists()


def test_only_the_invited_organisation_answers(client, sme_member, other_member, big_need):
    forge = suggested_sme("Forge Partenaire")
    response = ResponseFactory(need=big_need, organisation=sme_member.organisation)
    invitation = PartnerInvitation.objects.create(response=response, organisation=forge)
    for intruder in (other_member, sme_member):  # another SME, and the responder itself
        stranger = logged_in(Client(), intruder)
        answer = stranger.post(ANSWER.format(invitation.pk), {"answer": "accepter"})
        assert answer.status_code == 404
        assert "Forge" not in stranger.get("/espace-membres/reponses-communes/").content.decode()
    # Someone of the invited organisation, with an answer that is neither choice.
    partner = logged_in(Client(), MembershipFactory(organisation=forge))
    bad = partner.post(ANSWER.format(invitation.pk), {"answer": "peut-etre"})
    assert bad.status_code == 400
    assert seen("Choisissez « Accepter » ou « Décliner »") in bad.content.decode()
    # A suspended organisation cannot accept: its people are turned away at once.
    forge.status = OrganisationStatus.SUSPENDED
    forge.save()
    assert partner.post(ANSWER.format(invitation.pk), {"answer": "accepter"}).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == PartnerStatus.INVITED


def test_closing_the_need_ends_waiting_invitations(client, buyer_member, sme_member, big_need):
    forge = suggested_sme("Forge Partenaire")
    accepted_org = suggested_sme("Fonderie Voisine")
    response = ResponseFactory(need=big_need, organisation=sme_member.organisation)
    waiting = PartnerInvitation.objects.create(response=response, organisation=forge)
    accepted = PartnerInvitation.objects.create(
        response=response, organisation=accepted_org, status=PartnerStatus.ACCEPTED
    )
    buyer = logged_in(Client(), buyer_member)
    assert buyer.post(f"/espace-membres/besoins/{big_need.pk}/clore/").status_code == 302
    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert (waiting.status, accepted.status) == (PartnerStatus.ENDED, PartnerStatus.ACCEPTED)
    partner = logged_in(Client(), MembershipFactory(organisation=forge))
    late = partner.post(ANSWER.format(waiting.pk), {"answer": "accepter"})
    assert late.status_code == 409
    assert seen("Ce besoin est clos : l'invitation ne peut plus être acceptée.") in (
        late.content.decode()
    )


def test_an_invitation_for_a_need_past_its_deadline_cannot_be_accepted(sme_member, big_need):
    forge = suggested_sme("Forge Partenaire")
    response = ResponseFactory(need=big_need, organisation=sme_member.organisation)
    invitation = PartnerInvitation.objects.create(response=response, organisation=forge)
    big_need.deadline = big_need.published_at.date().replace(year=2000)
    big_need.save()
    partner = logged_in(Client(), MembershipFactory(organisation=forge))
    listing = partner.get("/espace-membres/reponses-communes/").content.decode()
    assert "Le besoin n'accepte plus de réponses" in listing
    assert 'value="accepter"' not in listing
    late = partner.post(ANSWER.format(invitation.pk), {"answer": "accepter"})
    assert late.status_code == 409
    closed = seen("Ce besoin est clos : l'invitation ne peut plus être acceptée.")
    assert closed in late.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == PartnerStatus.INVITED


def test_data_export_lists_the_invitations_sent_and_answered(client, sme_member, big_need):
    forge = suggested_sme("Forge Partenaire")
    response = ResponseFactory(need=big_need, organisation=sme_member.organisation)
    PartnerInvitation.objects.create(
        response=response, organisation=forge, invited_by=sme_member.user
    )
    logged_in(client, sme_member)
    data = json.loads(client.get("/espace-membres/mes-donnees/").content)
    [sent] = data["invitations_reponses_communes"]
    assert (sent["entreprise_invitee"], sent["statut"], sent["envoyee_par_vous"]) == (
        "Forge Partenaire",
        "En attente de réponse",
        True,
    )


def test_demo_shows_a_joint_response_with_an_accepted_partner(client):
    demo.seed(io.StringIO(), "mot-de-passe-demo")
    joint = PartnerInvitation.objects.get()
    assert joint.status == PartnerStatus.ACCEPTED
    client.post(
        "/espace-membres/compte/connexion/",
        {"login": "acheteur@pacte-demo.example", "password": "mot-de-passe-demo"},
    )
    page = client.get(f"/espace-membres/besoins/{joint.response.need_id}/").content.decode()
    assert f"Réponse conjointe avec {joint.organisation.name}" in page
