"""Sign-up to validated organisation, invitations, suspension, and the admin kept apart."""

import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from PIL import Image

from members.models import Membership, Organisation, OrganisationStatus

from .conftest import logged_in
from .factories import MembershipFactory, OrganisationFactory, UserFactory, siren_for

DASHBOARD = "/espace-membres/"
CREATE = "/espace-membres/organisation/nouvelle/"


def org_fields(**overrides):
    fields = {
        "full_name": "Claire Fictive",
        "job_title": "Gérante",
        "name": "Atelier Fictif du Lauragais",
        "kind": "pme",
        "siren": "552 100 554",
        "naf_codes": "25.62b, 33.12Z",
        "department": "11",
        "size_band": "10-49",
        "description": "Usinage de précision.",
        "website": "",
    }
    fields.update(overrides)
    return fields


@pytest.mark.django_db
def test_signup_verification_organisation_and_validation(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    signup_url = reverse("account_signup")
    page = client.get(signup_url)
    assert page.status_code == 200
    assert "page-account" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            signup_url,
            {
                "email": "claire@atelier.example",
                "password1": "Lauragais-2026!",
                "password2": "Lauragais-2026!",
            },
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1  # sent by the background job
    link = re.search(
        r"http://testserver(/espace-membres/compte/confirmer-e-mail/\S+/)", mailoutbox[0].body
    )
    assert link, mailoutbox[0].body
    confirm_url = link.group(1)
    assert client.post(confirm_url).status_code == 302
    client.force_login(
        get_user_model().objects.get(email="claire@atelier.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert client.get(DASHBOARD).url == CREATE

    response = client.post(CREATE, org_fields())
    assert response.status_code == 302, re.findall(r"errorlist.*", response.content.decode())
    organisation = Organisation.objects.get()
    assert organisation.siren == "552100554"
    assert organisation.naf_codes == "25.62B, 33.12Z"
    assert organisation.status == OrganisationStatus.PENDING
    membership = Membership.objects.get()
    assert membership.is_admin

    waiting = client.get(DASHBOARD)
    assert waiting.status_code == 403
    assert "en cours de validation" in waiting.content.decode()

    staff = get_user_model().objects.create_superuser("equipe", "equipe@cpme.example", "x")
    admin = client.__class__()
    admin.force_login(staff)
    edit_url = reverse("wagtailsnippets_members_organisation:edit", args=[organisation.pk])
    form = admin.get(edit_url)
    assert form.status_code == 200
    response = admin.post(
        edit_url,
        {
            "status": "validee",
            "status_note": "Adhérent 2026 vérifié",
            "name": organisation.name,
            "kind": "pme",
            "siren": "552100554",
            "naf_codes": organisation.naf_codes,
            "department": "11",
            "size_band": "10-49",
            "description": "",
            "references": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation.refresh_from_db()
    assert organisation.status == OrganisationStatus.VALIDATED
    assert organisation.validated_at
    assert client.get(DASHBOARD).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"siren": "552100555"}, "clé de contrôle"),
        ({"siren": "abc"}, "9 chiffres"),
        ({"naf_codes": "informatique"}, "n&#x27;est pas un code NAF"),
        ({"name": ""}, "Indiquez la raison sociale"),
        ({"department": "75"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_organisation_fields_are_explained(client, overrides, message):
    logged_in(client, MembershipFactory.build(user=UserFactory()))
    response = client.post(CREATE, org_fields(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_an_existing_siren_points_to_an_invitation(client):
    OrganisationFactory(siren="552100554")
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(CREATE, org_fields())
    assert response.status_code == 400
    assert "demandez à son administrateur de vous inviter" in response.content.decode()


@pytest.mark.django_db
def test_honeypot_refuses_the_organisation_form(client):
    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(CREATE, org_fields(website="http://spam.example"))
    assert response.status_code == 400
    assert not Organisation.objects.exists()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_logo_must_be_a_raster_image(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    svg = SimpleUploadedFile("logo.png", b"<svg onload='alert(1)'></svg>", "image/png")
    response = client.post(CREATE, {**org_fields(), "logo": svg})
    assert response.status_code == 400
    assert "image valide" in response.content.decode()
    good = SimpleUploadedFile("logo.png", png_bytes(), "image/png")
    assert client.post(CREATE, {**org_fields(), "logo": good}).status_code == 302
    assert Organisation.objects.get().logo


@pytest.mark.django_db
def test_suspending_an_organisation_ends_open_sessions(client, sme_member):
    logged_in(client, sme_member)
    assert client.get(DASHBOARD).status_code == 200
    sme_member.organisation.status = OrganisationStatus.SUSPENDED
    sme_member.organisation.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 403
    assert "Accès suspendu" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_suspending_a_person_ends_their_session(client, sme_member):
    logged_in(client, sme_member)
    assert client.get(DASHBOARD).status_code == 200
    sme_member.suspended = True
    sme_member.save()
    response = client.get(DASHBOARD)
    assert response.status_code == 302  # no longer authenticated: back to the login page
    assert reverse("account_login") in response.url


@pytest.mark.django_db
def test_members_never_reach_the_wagtail_admin(client, sme_member):
    logged_in(client, sme_member)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get("/admin/pages/").status_code in (302, 403)


@pytest.mark.django_db
def test_invitation_lets_a_colleague_join(
    client, sme_member, mailoutbox, django_capture_on_commit_callbacks
):
    logged_in(client, sme_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/espace-membres/organisation/", {"invite": "1", "email": "Paul@Atelier.example"}
        )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["paul@atelier.example"]
    token = sme_member.organisation.invitations.get().token
    assert token in mailoutbox[0].body

    stranger = client.__class__()
    stranger.force_login(
        UserFactory(email="autre@ailleurs.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    refused = stranger.post(f"/espace-membres/invitation/{token}/", {"full_name": "Intrus"})
    assert refused.status_code == 400
    assert "envoyée à une autre adresse" in refused.content.decode()

    colleague = client.__class__()
    colleague.force_login(
        UserFactory(email="paul@atelier.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert (
        colleague.post(
            f"/espace-membres/invitation/{token}/", {"full_name": "Paul Fictif"}
        ).status_code
        == 302
    )
    assert colleague.get(DASHBOARD).status_code == 200
    joined = Membership.objects.get(full_name="Paul Fictif")
    assert joined.organisation == sme_member.organisation
    assert not joined.is_admin
    again = colleague.get(f"/espace-membres/invitation/{token}/")
    assert again.status_code == 400


@pytest.mark.django_db
def test_only_the_organisation_admin_invites(client, sme_member):
    colleague = MembershipFactory(organisation=sme_member.organisation, is_admin=False)
    logged_in(client, colleague)
    response = client.post(
        "/espace-membres/organisation/", {"invite": "1", "email": "x@atelier.example"}
    )
    assert response.status_code == 403
    assert not sme_member.organisation.invitations.exists()


@pytest.mark.django_db
def test_bad_invitation_token_is_explained(client, sme_member):
    logged_in(client, sme_member)
    response = client.get("/espace-membres/invitation/nimporte-quoi/")
    assert response.status_code == 400
    assert "n&#x27;est plus valable" in response.content.decode()


@pytest.mark.django_db
def test_login_page_is_french_and_in_the_site_layout(client):
    response = client.get(reverse("account_login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in body
    assert "Mot de passe" in body


def test_siren_factory_is_valid():
    from members.validators import validate_siren

    validate_siren(siren_for(12345))


def invited_browser(client, email):
    browser = client.__class__()
    browser.force_login(
        UserFactory(email=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    return browser


@pytest.mark.django_db
def test_an_expired_invitation_is_refused_and_can_be_sent_again(client, sme_member, mailoutbox):
    from members.organisations import INVITATION_VALIDITY

    logged_in(client, sme_member)
    client.post("/espace-membres/organisation/", {"invite": "1", "email": "paul@atelier.example"})
    invitation = sme_member.organisation.invitations.get()
    old_token = invitation.token
    invitation.created_at -= INVITATION_VALIDITY + datetime.timedelta(minutes=1)
    invitation.save()
    colleague = invited_browser(client, "paul@atelier.example")
    url = f"/espace-membres/invitation/{old_token}/"
    expired = colleague.post(url, {"full_name": "Paul Fictif"})
    assert expired.status_code == 400
    assert "Cette invitation a expiré" in expired.content.decode()
    assert not Membership.objects.filter(full_name="Paul Fictif").exists()

    again = client.post(
        "/espace-membres/organisation/", {"invite": "1", "email": "paul@atelier.example"}
    )
    assert again.status_code == 302
    invitation.refresh_from_db()
    assert invitation.token != old_token
    assert colleague.post(url, {"full_name": "Paul Fictif"}).status_code == 400
    fresh = f"/espace-membres/invitation/{invitation.token}/"
    assert colleague.post(fresh, {"full_name": "Paul Fictif"}).status_code == 302


@pytest.mark.django_db
def test_an_invitation_of_a_suspended_organisation_cannot_be_used(client, sme_member):
    invitation = sme_member.organisation.invitations.create(
        email="paul@atelier.example", invited_by=sme_member.user
    )
    sme_member.organisation.status = OrganisationStatus.SUSPENDED
    sme_member.organisation.save()
    colleague = invited_browser(client, "paul@atelier.example")
    response = colleague.post(
        f"/espace-membres/invitation/{invitation.token}/", {"full_name": "Paul Fictif"}
    )
    assert response.status_code == 400
    assert "suspendu" in response.content.decode()
    assert not Membership.objects.filter(full_name="Paul Fictif").exists()


@pytest.mark.django_db
def test_an_invitation_needs_the_invited_address_verified(client, sme_member):
    invitation = sme_member.organisation.invitations.create(
        email="paul@atelier.example", invited_by=sme_member.user
    )
    colleague = invited_browser(client, "paul@atelier.example")
    EmailAddress.objects.filter(email="paul@atelier.example").update(verified=False)
    response = colleague.post(
        f"/espace-membres/invitation/{invitation.token}/", {"full_name": "Paul Fictif"}
    )
    assert response.status_code == 400
    assert "envoyée à une autre adresse" in response.content.decode()
    assert not Membership.objects.filter(full_name="Paul Fictif").exists()
