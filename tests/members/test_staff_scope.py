"""Staff of a departmental antenna validate and suspend only their department's
organisations and people, by every address; the regional team handles all of them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from members.models import Membership, Organisation, OrganisationStatus

from .factories import MembershipFactory, OrganisationFactory

SNIPPET_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("members", "view_organisation"),
    ("members", "change_organisation"),
    ("members", "view_membership"),
    ("members", "change_membership"),
]


def staff_member(username, *scopes):
    group = Group.objects.create(name=f"Pacte {username}")
    codenames = SNIPPET_PERMISSIONS + [("members", scope) for scope in scopes]
    for app_label, codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = get_user_model().objects.create_user(username, f"{username}@cpme.example", "x")
    user.groups.add(group)
    return user


def organisation_fields(organisation, status):
    return {
        "status": status,
        "status_note": "Vérifié",
        "name": organisation.name,
        "kind": organisation.kind,
        "siren": organisation.siren,
        "naf_codes": organisation.naf_codes,
        "department": organisation.department,
        "size_band": organisation.size_band,
        "description": "",
        "references": "",
    }


def refused(response):
    """Wagtail answers a PermissionDenied in its admin by a redirect to the dashboard with
    « Désolé, vous n'avez pas la permission… »."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def edit_url(model_name, pk):
    return reverse(f"wagtailsnippets_members_{model_name}:edit", args=[pk])


@pytest.fixture
def pending(db):
    return {
        "31": OrganisationFactory(
            name="Atelier Toulousain", department="31", status=OrganisationStatus.PENDING
        ),
        "11": OrganisationFactory(
            name="Conserverie Audoise", department="11", status=OrganisationStatus.PENDING
        ),
    }


def test_an_antenna_validates_its_department_only(client, pending):
    client.force_login(staff_member("antenne31", "validate_department_31"))
    own, other = pending["31"], pending["11"]

    listing = client.get(reverse("wagtailsnippets_members_organisation:list")).content.decode()
    assert own.name in listing
    assert other.name not in listing

    assert client.get(edit_url("organisation", own.pk)).status_code == 200
    moved = organisation_fields(own, "validee") | {"department": "11"}
    answer = client.post(edit_url("organisation", own.pk), moved)
    assert "n&#x27;est pas celui de votre antenne" in answer.content.decode()
    own.refresh_from_db()
    assert own.department == "31"
    assert own.status == OrganisationStatus.PENDING
    answer = client.post(edit_url("organisation", own.pk), organisation_fields(own, "validee"))
    assert answer.status_code == 302
    own.refresh_from_db()
    assert own.status == OrganisationStatus.VALIDATED

    assert refused(client.get(edit_url("organisation", other.pk)))
    answer = client.post(edit_url("organisation", other.pk), organisation_fields(other, "validee"))
    assert refused(answer)
    other.refresh_from_db()
    assert other.status == OrganisationStatus.PENDING
    delete = reverse("wagtailsnippets_members_organisation:delete", args=[other.pk])
    assert refused(client.post(delete))
    assert Organisation.objects.filter(pk=other.pk).exists()


def test_an_antenna_deletes_no_other_departments_organisation_in_bulk(client, pending):
    """Wagtail's « Supprimer » for selected snippets checks the model permission only: the
    department is checked there too, as in the delete view."""
    antenna = staff_member("antenne31", "validate_department_31")
    antenna.user_permissions.add(Permission.objects.get(codename="delete_organisation"))
    client.force_login(antenna)
    own, other = pending["31"], pending["11"]
    bulk = "/admin/bulk/members/organisation/delete/?id={}"
    assert client.get(bulk.format(other.pk)).status_code == 404
    assert client.post(bulk.format(other.pk)).status_code == 404
    assert Organisation.objects.filter(pk=other.pk).exists()
    assert client.post(bulk.format(own.pk)).status_code == 302
    assert not Organisation.objects.filter(pk=own.pk).exists()


def test_an_antenna_suspends_people_of_its_department_only(client, pending):
    client.force_login(staff_member("antenne31", "validate_department_31"))
    own = MembershipFactory(organisation=OrganisationFactory(department="31"))
    other = MembershipFactory(organisation=OrganisationFactory(department="11"))
    fields = {"suspended": "on", "full_name": "Personne", "job_title": ""}

    assert client.post(edit_url("membership", own.pk), fields).status_code == 302
    own.user.refresh_from_db()
    assert not own.user.is_active

    assert refused(client.post(edit_url("membership", other.pk), fields))
    assert not Membership.objects.get(pk=other.pk).suspended
    other.user.refresh_from_db()
    assert other.user.is_active


def test_the_regional_team_handles_every_department(client, pending):
    client.force_login(staff_member("region", "validate_any_department"))
    for organisation in pending.values():
        answer = client.post(
            edit_url("organisation", organisation.pk),
            organisation_fields(organisation, "suspendue"),
        )
        assert answer.status_code == 302
        organisation.refresh_from_db()
        assert organisation.status == OrganisationStatus.SUSPENDED


def test_snippet_permissions_alone_reach_no_organisation(client, pending):
    client.force_login(staff_member("sans-perimetre"))
    listing = client.get(reverse("wagtailsnippets_members_organisation:list")).content.decode()
    assert pending["31"].name not in listing
    assert refused(client.get(edit_url("organisation", pending["31"].pk)))
