"""Invitations as their users meet them: a colleague's invitation speaks for an admin and
stops working when they no longer are one, can be revoked, and says when it expired; a list
of invitations never names a need its reader can no longer open."""

import datetime
import json

import pytest
from django.test import Client
from django.utils.html import escape

from core.formats import french_spacing
from members import consortium
from members.models import (
    Category,
    Invitation,
    Membership,
    OrganisationKind,
    OrganisationStatus,
    PartnerInvitation,
    PartnerStatus,
    Visibility,
)
from members.organisations import INVITATION_VALIDITY

from .conftest import logged_in
from .factories import (
    MembershipFactory,
    NeedFactory,
    OrganisationFactory,
    ResponseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ORGANISATION = "/espace-membres/organisation/"
PAUL = "paul@atelier.example"


def seen(text):
    """`text` as the page shows it: escaped, with French spacing."""
    return french_spacing(escape(text))


def invite(client, admin, email=PAUL):
    logged_in(client, admin)
    assert client.post(ORGANISATION, {"invite": "1", "email": email}).status_code == 302
    return admin.organisation.invitations.get(email=email)


def invitee(email=PAUL):
    browser = Client()
    browser.force_login(
        UserFactory(email=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    return browser


def join(browser, invitation):
    return browser.post(f"/espace-membres/invitation/{invitation.token}/", {"full_name": "Paul"})


def no_longer_admin(membership):
    membership.is_admin = False
    membership.save()


def suspended(membership):
    membership.suspended = True
    membership.save()


def left(membership):
    """The sender deleted their account; a colleague stays (and becomes admin)."""
    browser = logged_in(Client(), membership)
    browser.post("/espace-membres/supprimer-mon-compte/", {"confirm": "SUPPRIMER"})


@pytest.mark.parametrize("sender_change", [no_longer_admin, suspended, left])
def test_an_invitation_stops_working_when_its_sender_is_no_longer_an_admin(
    client, sme_member, sender_change
):
    other_admin = MembershipFactory(organisation=sme_member.organisation, is_admin=True)
    invitation = invite(client, sme_member)
    sender_change(sme_member)

    paul = invitee()
    page = paul.get(f"/espace-membres/invitation/{invitation.token}/")
    assert page.status_code == 400
    refused = join(paul, invitation)
    assert refused.status_code == 400
    assert seen("la personne qui l'a envoyée n'est plus administratrice") in (
        refused.content.decode()
    )
    assert not Membership.objects.filter(user__email=PAUL).exists()

    # The remaining admin sees why, and can invite the address again with a fresh link.
    admin_browser = logged_in(Client(), other_admin)
    listing = admin_browser.get(ORGANISATION).content.decode()
    assert PAUL in listing
    assert "Caduque" in listing
    assert "En attente" not in listing
    again = admin_browser.post(ORGANISATION, {"invite": "1", "email": PAUL})
    assert again.status_code == 302
    fresh = Invitation.objects.get(email=PAUL)
    assert fresh.token != invitation.token
    assert join(paul, fresh).status_code == 302
    assert Membership.objects.get(user__email=PAUL).organisation == sme_member.organisation


def test_an_admin_revokes_a_pending_invitation(client, sme_member, other_member):
    invitation = invite(client, sme_member)
    listing = client.get(ORGANISATION).content.decode()
    assert "En attente" in listing
    revoke_url = f"/espace-membres/organisation/invitations/{invitation.pk}/annuler/"
    assert revoke_url in listing

    # Neither a colleague who is not admin nor another organisation's admin can revoke it.
    colleague = MembershipFactory(organisation=sme_member.organisation, is_admin=False)
    colleague_browser = logged_in(Client(), colleague)
    assert revoke_url not in colleague_browser.get(ORGANISATION).content.decode()
    assert colleague_browser.post(revoke_url).status_code == 403
    assert logged_in(Client(), other_member).post(revoke_url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    answer = client.post(revoke_url, follow=True)
    assert seen(f"L'invitation envoyée à {PAUL} est annulée") in answer.content.decode()
    listing = answer.content.decode()
    assert "Annulée" in listing
    assert revoke_url not in listing

    paul = invitee()
    refused = join(paul, invitation)
    assert refused.status_code == 400
    assert seen("Cette invitation a été annulée") in refused.content.decode()
    assert not Membership.objects.filter(user__email=PAUL).exists()
    assert client.post(revoke_url).status_code == 409  # twice: nothing left to revoke


def test_an_accepted_invitation_cannot_be_revoked(client, sme_member):
    invitation = invite(client, sme_member)
    assert join(invitee(), invitation).status_code == 302
    refused = client.post(f"/espace-membres/organisation/invitations/{invitation.pk}/annuler/")
    assert refused.status_code == 409
    assert "déjà été acceptée" in refused.content.decode()
    assert Membership.objects.filter(user__email=PAUL).exists()


def test_an_expired_invitation_is_listed_as_expired_and_refused_in_french(client, sme_member):
    invitation = invite(client, sme_member)
    invitation.created_at -= INVITATION_VALIDITY + datetime.timedelta(minutes=1)
    invitation.save()

    listing = client.get(ORGANISATION).content.decode()
    assert "Expirée" in listing
    assert "En attente" not in listing
    refused = join(invitee(), invitation)
    assert refused.status_code == 400
    assert seen("Cette invitation a expiré (elle était valable 14 jours)") in (
        refused.content.decode()
    )


# Invitations to joint responses name a need: only while the reader may open it.


@pytest.fixture
def joint(buyer_member, sme_member):
    """An SME responds to a large account's need and invites a partner SME."""
    need = NeedFactory(
        organisation=buyer_member.organisation,
        budget_band="gt500k",
        title="Usinage de carters confidentiels",
    )
    partner = OrganisationFactory(name="Forge Partenaire", in_directory=True, department="31")
    partner.categories.set([Category.objects.get(slug="industrie-mecanique")])
    response = ResponseFactory(need=need, organisation=sme_member.organisation)
    invitation = PartnerInvitation.objects.create(
        response=response, organisation=partner, invited_by=sme_member.user
    )
    return need, invitation, MembershipFactory(organisation=partner, is_admin=True)


def hide(need):
    need.hidden = True
    need.save()


def suspend_buyer(need):
    need.organisation.status = OrganisationStatus.SUSPENDED
    need.organisation.save()


@pytest.mark.parametrize("change", [hide, suspend_buyer])
def test_a_partner_invitation_no_longer_names_a_need_the_partner_cannot_open(joint, change):
    need, invitation, partner_admin = joint
    partner = logged_in(Client(), partner_admin)
    assert need.title in partner.get("/espace-membres/reponses-communes/").content.decode()
    change(need)

    assert partner.get(f"/espace-membres/besoins/{need.pk}/").status_code == 404
    listing = partner.get("/espace-membres/reponses-communes/").content.decode()
    assert need.title not in listing
    assert "Besoin qui n'est plus accessible" in listing
    assert 'value="accepter"' not in listing
    dashboard = partner.get("/espace-membres/").content.decode()
    assert "attend votre réponse" not in dashboard
    response_page = partner.get(f"/espace-membres/reponses/{invitation.response_id}/")
    assert need.title not in response_page.content.decode()
    refused = partner.post(
        f"/espace-membres/reponses-communes/{invitation.pk}/repondre/", {"answer": "accepter"}
    )
    assert refused.status_code == 409
    assert seen("Ce besoin n'est plus accessible à votre organisation") in (
        refused.content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.status == PartnerStatus.INVITED


def test_the_invitation_mail_is_not_sent_for_a_need_the_partner_cannot_open(joint, mailoutbox):
    need, invitation, _ = joint
    hide(need)
    consortium.send_partner_invitation(invitation.pk)
    assert mailoutbox == []
    need.hidden = False
    need.save()
    consortium.send_partner_invitation(invitation.pk)
    assert need.title in mailoutbox[0].subject


def test_my_activity_and_export_no_longer_name_a_need_restricted_to_smes_since(client, sme_member):
    large_responder = MembershipFactory(
        organisation=OrganisationFactory(name="Autre Grand Compte", kind=OrganisationKind.LARGE)
    )
    need = NeedFactory(organisation=sme_member.organisation, title="Sous-traitance réservée")
    response = ResponseFactory(
        need=need, organisation=large_responder.organisation, author=large_responder.user
    )
    responder = logged_in(client, large_responder)
    assert need.title in responder.get("/espace-membres/mon-activite/").content.decode()

    need.visibility = Visibility.SME_ONLY
    need.save()
    activity = responder.get("/espace-membres/mon-activite/").content.decode()
    assert need.title not in activity
    assert f"/espace-membres/reponses/{response.pk}/" in activity  # its own response stays
    assert (
        need.title not in responder.get(f"/espace-membres/reponses/{response.pk}/").content.decode()
    )
    export = json.loads(responder.get("/espace-membres/mes-donnees/").content)
    assert export["reponses_envoyees"][0]["besoin"] != need.title
    assert export["reponses_envoyees"][0]["message"] == response.message

    # The buyer, an SME, still sees its own need named everywhere.
    owner = logged_in(Client(), sme_member)
    assert need.title in owner.get("/espace-membres/mon-activite/").content.decode()
