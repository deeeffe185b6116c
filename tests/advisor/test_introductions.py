"""Asking for an introduction: delivered by e-mail through the queue, answered from a signed
link; addresses exchanged only on acceptance."""

import datetime
import re

import pytest

from advisor import introductions
from advisor.models import IntroductionRequest, IntroductionStatus
from members.models import OrganisationStatus

from .conftest import logged_in
from .factories import MembershipFactory, PresenceFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def presence(db):
    host = member_of("Aérolia Sud")
    host.user.email = "contact@aerolia.example"
    host.user.save()
    return PresenceFactory(organisation=host.organisation, contact=host, contact_opt_in=True)


def ask(client, presence, **fields):
    data = {"kind": "conseil", "message": "Nous visons le Maroc en 2027 <b>!</b>", **fields}
    return client.post(f"/espace-membres/export/presences/{presence.pk}/mise-en-relation/", data)


def answer_link(message):
    return re.search(
        r"http://testserver(/espace-membres/export/mise-en-relation/\S+/)", message.body
    ).group(1)


def test_request_accepted_puts_both_in_touch(
    client, member, presence, mailoutbox, django_capture_on_commit_callbacks
):
    logged_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, presence).status_code == 302
    [request_mail] = mailoutbox
    assert request_mail.to == ["contact@aerolia.example"]
    assert "Atelier Garonne" in request_mail.body
    assert member.user.email not in request_mail.body  # not before acceptance
    html = request_mail.alternatives[0][0]
    assert "&lt;b&gt;!&lt;/b&gt;" in html

    contact_browser = client.__class__()
    link = answer_link(request_mail)
    page = contact_browser.get(link)
    assert page.status_code == 200
    assert "Accepter la mise en relation" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = contact_browser.post(link, {"answer": "accepter"})
    assert done.status_code == 200
    assert IntroductionRequest.objects.get().status == IntroductionStatus.ACCEPTED
    to_requester, to_contact = mailoutbox[1:]
    assert to_requester.to == [member.user.email]
    assert "contact@aerolia.example" in to_requester.body
    assert to_contact.to == ["contact@aerolia.example"]
    assert member.user.email in to_contact.body

    again = contact_browser.post(link, {"answer": "decliner"})
    assert again.status_code == 409
    assert "Vous avez déjà répondu" in again.content.decode()


def test_a_suspended_contact_receives_no_request(client, member, presence, mailoutbox):
    presence.contact.suspended = True
    presence.contact.save()
    logged_in(client, member)
    response = ask(client, presence)
    assert response.status_code in (400, 404, 409)
    assert IntroductionRequest.objects.count() == 0
    assert mailoutbox == []


def test_declined_request_gives_no_address(
    client, member, presence, mailoutbox, django_capture_on_commit_callbacks
):
    logged_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, presence)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_link(mailoutbox[0]), {"answer": "decliner"})
    declined = mailoutbox[1]
    assert declined.to == [member.user.email]
    assert "contact@aerolia.example" not in declined.body
    assert len(mailoutbox) == 2
    assert IntroductionRequest.objects.get().status == IntroductionStatus.DECLINED


def test_forged_or_garbled_links_are_refused(client, member, presence):
    logged_in(client, member)
    ask(client, presence)
    token = introductions.token_for(IntroductionRequest.objects.get())
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.get(f"/espace-membres/export/mise-en-relation/{forged}/")
    assert response.status_code == 400
    assert "Ce lien n&#x27;est pas valide." in response.content.decode()
    bad_choice = client.post(
        f"/espace-membres/export/mise-en-relation/{token}/", {"answer": "peut-être"}
    )
    assert bad_choice.status_code == 400
    assert IntroductionRequest.objects.get().status == IntroductionStatus.SENT


def test_an_old_link_cannot_introduce_a_new_contact(
    client, member, presence, mailoutbox, django_capture_on_commit_callbacks
):
    logged_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, presence)
    link = answer_link(mailoutbox[0])
    colleague = MembershipFactory(organisation=presence.organisation)
    colleague.user.email = "collegue@aerolia.example"
    colleague.user.save()
    presence.contact, presence.contact_opt_in = colleague, False
    presence.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.__class__().post(link, {"answer": "accepter"})
    assert response.status_code == 400
    assert "Cette demande n&#x27;existe plus." in response.content.decode()
    assert IntroductionRequest.objects.get().status == IntroductionStatus.SENT
    assert len(mailoutbox) == 1
    assert all("collegue@aerolia.example" not in message.body for message in mailoutbox)


def test_bad_requests_are_refused_in_french(client, member, presence):
    logged_in(client, member)
    empty = ask(client, presence, message="", kind="")
    assert empty.status_code == 400
    text = empty.content.decode()
    assert "Présentez votre demande en quelques lignes." in text
    assert "Dites si vous demandez un conseil ou un accueil." in text
    assert ask(client, presence).status_code == 302
    twice = ask(client, presence)
    assert twice.status_code == 409
    assert "déjà une demande en attente" in twice.content.decode()
    assert IntroductionRequest.objects.count() == 1


def test_no_request_to_own_organisation_or_without_opt_in(client, member):
    own = PresenceFactory(organisation=member.organisation, contact=member, contact_opt_in=True)
    logged_in(client, member)
    assert ask(client, own).status_code == 409
    other = member_of("Sans contact")
    closed = PresenceFactory(organisation=other.organisation, contact=other, contact_opt_in=False)
    response = ask(client, closed)
    assert response.status_code == 409
    assert "ne reçoit pas de demandes" in response.content.decode()
    assert not IntroductionRequest.objects.exists()


def test_introduction_limit_per_organisation(client, member):
    from advisor import limits

    presences = []
    for name in ("Un", "Deux"):
        host = member_of(name)
        presences.append(
            PresenceFactory(organisation=host.organisation, contact=host, contact_opt_in=True)
        )
    logged_in(client, member)
    original = limits.INTRODUCTIONS_PER_DAY_PER_ORGANISATION
    limits.INTRODUCTIONS_PER_DAY_PER_ORGANISATION = 1
    try:
        assert ask(client, presences[0]).status_code == 302
        response = ask(client, presences[1])
    finally:
        limits.INTRODUCTIONS_PER_DAY_PER_ORGANISATION = original
    assert response.status_code == 429
    assert IntroductionRequest.objects.count() == 1


def test_a_declined_request_waits_the_cooldown_before_asking_again(
    client, member, presence, mailoutbox, django_capture_on_commit_callbacks
):
    logged_in(client, member)
    assert (
        "30 jours après son refus"
        in client.get(
            f"/espace-membres/export/presences/{presence.pk}/mise-en-relation/"
        ).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, presence)
    client.__class__().post(answer_link(mailoutbox[0]), {"answer": "decliner"})

    again = ask(client, presence)
    assert again.status_code == 409
    assert "vous pourrez le solliciter à nouveau à partir du" in again.content.decode()
    assert IntroductionRequest.objects.count() == 1

    declined = IntroductionRequest.objects.get()
    declined.answered_at -= introductions.DECLINED_COOLDOWN + datetime.timedelta(minutes=1)
    declined.save()
    assert ask(client, presence).status_code == 302
    assert IntroductionRequest.objects.count() == 2


@pytest.mark.parametrize("suspended_side", ["requester", "contact", "asking member"])
def test_a_link_stops_working_once_either_organisation_is_suspended(
    client, member, presence, mailoutbox, django_capture_on_commit_callbacks, suspended_side
):
    logged_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, presence)
    link = answer_link(mailoutbox[0])
    if suspended_side == "asking member":
        # Only the person is suspended, their organisation stays validated: accepting would
        # still send the contact's address to a member who lost access.
        member.suspended = True
        member.save()
    else:
        organisation = (
            member.organisation if suspended_side == "requester" else presence.organisation
        )
        organisation.status = OrganisationStatus.SUSPENDED
        organisation.save()

    contact_browser = client.__class__()
    page = contact_browser.get(link)
    assert page.status_code == 400
    assert "Cette demande ne peut plus aboutir" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        refused = contact_browser.post(link, {"answer": "accepter"})
    assert refused.status_code == 400
    assert IntroductionRequest.objects.get().status == IntroductionStatus.SENT
    assert len(mailoutbox) == 1
