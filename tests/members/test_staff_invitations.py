"""Staff follow invitations in the admin (colleagues' and joint responses') and revoke
them; an antenna sees and revokes only those of its department's organisations."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from core.formats import french_spacing
from members.models import Category, Invitation, PartnerInvitation, PartnerStatus
from members.organisations import INVITATION_VALIDITY

from .conftest import logged_in
from .factories import (
    MembershipFactory,
    NeedFactory,
    OrganisationFactory,
    ResponseFactory,
    UserFactory,
)
from .test_staff_scope import refused, staff_member

pytestmark = pytest.mark.django_db

READ = ("view_invitation", "view_partnerinvitation")
REVOKE = ("change_invitation", "change_partnerinvitation")


def url(model, name, *args):
    return reverse(f"wagtailsnippets_members_{model}:{name}", args=args)


def seen(text):
    return french_spacing(escape(text))


@pytest.fixture
def invitations(db):
    toulouse = MembershipFactory(organisation=OrganisationFactory(name="Atelier Toulousain"))
    aude = MembershipFactory(
        organisation=OrganisationFactory(name="Conserverie Audoise", department="11")
    )
    pending = toulouse.organisation.invitations.create(
        email="paul@toulouse.example", invited_by=toulouse.user
    )
    expired = toulouse.organisation.invitations.create(
        email="ancien@toulouse.example",
        invited_by=toulouse.user,
        created_at=pending.created_at - INVITATION_VALIDITY - datetime.timedelta(days=1),
    )
    other = aude.organisation.invitations.create(email="lea@aude.example", invited_by=aude.user)
    return pending, expired, other


def test_an_antenna_follows_and_revokes_its_departments_colleague_invitations(client, invitations):
    pending, expired, other = invitations
    client.force_login(staff_member("antenne31", "validate_department_31", *READ, *REVOKE))

    listing = client.get(url("invitation", "list")).content.decode()
    assert pending.email in listing
    assert expired.email in listing
    assert other.email not in listing
    assert "Expirée" in listing
    assert url("invitation", "revoke", pending.pk) in listing
    only_expired = client.get(url("invitation", "list"), {"state": "expiree"}).content.decode()
    assert expired.email in only_expired
    assert pending.email not in only_expired
    searched = client.get(url("invitation", "list"), {"q": "paul@"}).content.decode()
    assert pending.email in searched
    assert expired.email not in searched

    inspect = client.get(url("invitation", "inspect", pending.pk))
    assert inspect.status_code == 200
    assert pending.email in inspect.content.decode()
    assert pending.token not in inspect.content.decode()  # the link is a credential

    confirmation = client.get(url("invitation", "revoke", pending.pk))
    assert confirmation.status_code == 200
    assert "Oui, révoquer l'invitation" in confirmation.content.decode()
    answer = client.post(url("invitation", "revoke", pending.pk))
    assert answer.status_code == 302
    pending.refresh_from_db()
    assert pending.revoked_at is not None
    history = client.get(url("invitation", "history", pending.pk)).content.decode()
    assert seen("Invitation révoquée par l'équipe") in history

    paul = Client()
    paul.force_login(
        UserFactory(email=pending.email), backend="django.contrib.auth.backends.ModelBackend"
    )
    refusal = paul.post(f"/espace-membres/invitation/{pending.token}/", {"full_name": "Paul"})
    assert refusal.status_code == 400
    assert seen("Cette invitation a été annulée") in refusal.content.decode()

    # Another department's invitation, by its address: refused, and left as it was.
    for address in (url("invitation", "revoke", other.pk), url("invitation", "inspect", other.pk)):
        assert refused(client.get(address))
    assert refused(client.post(url("invitation", "revoke", other.pk)))
    other.refresh_from_db()
    assert other.revoked_at is None


def test_the_site_history_names_no_other_departments_invitation(client, invitations):
    pending, _, other = invitations
    region = Client()
    region.force_login(staff_member("region", "validate_any_department", *READ, *REVOKE))
    region.post(url("invitation", "revoke", other.pk))
    region.post(url("invitation", "revoke", pending.pk))

    client.force_login(staff_member("antenne31", "validate_department_31", *READ, *REVOKE))
    report = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert seen("Invitation révoquée par l'équipe") in report
    assert seen(f"Invitation d'un collègue n° {pending.pk}") in report
    assert other.email not in report
    assert pending.email not in report


def test_invitations_are_read_only_in_the_admin_but_for_revocation(client, invitations):
    pending, _, _ = invitations
    # Even the regional team with every Django permission on the model edits nothing.
    client.force_login(
        staff_member(
            "region",
            "validate_any_department",
            *READ,
            *REVOKE,
            "add_invitation",
            "delete_invitation",
        )
    )
    assert refused(client.get(url("invitation", "add")))
    assert refused(client.post(url("invitation", "edit", pending.pk), {"email": "x@y.example"}))
    assert refused(client.post(url("invitation", "delete", pending.pk)))
    pending.refresh_from_db()
    assert pending.email == "paul@toulouse.example"
    assert Invitation.objects.filter(pk=pending.pk).exists()


def test_staff_who_may_only_read_cannot_revoke(client, invitations):
    pending, _, _ = invitations
    client.force_login(staff_member("lecture", "validate_any_department", *READ))
    listing = client.get(url("invitation", "list")).content.decode()
    assert pending.email in listing
    assert url("invitation", "revoke", pending.pk) not in listing
    assert refused(client.post(url("invitation", "revoke", pending.pk)))
    pending.refresh_from_db()
    assert pending.revoked_at is None


@pytest.fixture
def partner_invitation(buyer_member):
    responder = MembershipFactory(
        organisation=OrganisationFactory(name="Atelier Audois", department="11")
    )
    # In the need's department, so the responder may name it; the responder is in the Aude.
    partner = OrganisationFactory(name="Forge Partenaire", department="31", in_directory=True)
    partner.categories.set([Category.objects.get(slug="industrie-mecanique")])
    need = NeedFactory(organisation=buyer_member.organisation, budget_band="gt500k")
    response = ResponseFactory(need=need, organisation=responder.organisation)
    return PartnerInvitation.objects.create(
        response=response,
        organisation=partner,
        invited_by=responder.user,
        status=PartnerStatus.ACCEPTED,
    )


def test_an_antenna_revokes_a_joint_response_invitation_of_its_department(
    client, partner_invitation
):
    partner = logged_in(Client(), MembershipFactory(organisation=partner_invitation.organisation))
    response_url = f"/espace-membres/reponses/{partner_invitation.response_id}/"
    assert partner.get(response_url).status_code == 200

    outsider = Client()
    outsider.force_login(staff_member("antenne66", "validate_department_66", *READ, *REVOKE))
    listing = outsider.get(url("partnerinvitation", "list")).content.decode()
    assert "Forge Partenaire" not in listing
    assert refused(outsider.post(url("partnerinvitation", "revoke", partner_invitation.pk)))
    partner_invitation.refresh_from_db()
    assert partner_invitation.status == PartnerStatus.ACCEPTED

    client.force_login(staff_member("antenne11", "validate_department_11", *READ, *REVOKE))
    listing = client.get(url("partnerinvitation", "list"), {"status": "acceptee"})
    assert "Forge Partenaire" in listing.content.decode()
    answer = client.post(url("partnerinvitation", "revoke", partner_invitation.pk))
    assert answer.status_code == 302
    partner_invitation.refresh_from_db()
    assert partner_invitation.status == PartnerStatus.REVOKED

    # The partner no longer reads the response and is told why in its list.
    assert partner.get(response_url).status_code == 404
    invitations = partner.get("/espace-membres/reponses-communes/").content.decode()
    assert seen("Annulée par l'équipe de la CPME Occitanie") in invitations
    again = partner.post(
        f"/espace-membres/reponses-communes/{partner_invitation.pk}/repondre/",
        {"answer": "accepter"},
    )
    assert again.status_code == 409
    assert seen("L'équipe de la CPME Occitanie a annulé cette invitation") in (
        again.content.decode()
    )
    # The responder cannot name it again for this response.
    responder = logged_in(Client(), partner_invitation.response.organisation.memberships.get())
    renamed = responder.post(
        f"/espace-membres/reponses/{partner_invitation.response_id}/",
        {
            "message": "Nouveau message",
            "contact_name": "Camille",
            "contact_email": "camille@atelier.example",
            "partners": [str(partner_invitation.organisation_id)],
        },
    )
    assert renamed.status_code == 400
    assert seen("L'équipe de la CPME Occitanie a annulé l'invitation de Forge Partenaire") in (
        renamed.content.decode()
    )
    partner_invitation.refresh_from_db()
    assert partner_invitation.status == PartnerStatus.REVOKED
    # Nothing left to revoke: said in French, nothing changed.
    twice = client.post(url("partnerinvitation", "revoke", partner_invitation.pk), follow=True)
    assert seen("Cette invitation n'est plus active") in twice.content.decode()
