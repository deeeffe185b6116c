"""Wagtail's snippet choosers of the platform, and its « Supprimer » for selected snippets,
list only what their admin listings show: an editor who merely reaches the admin reads no
colleague's address, no joint-response invitation and no need's title there, and an antenna
sees only its departments' rows."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from .test_staff_invitations import (  # noqa: F401
    READ,
    REVOKE,
    invitations,
    partner_invitation,
)
from .test_staff_scope import staff_member

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/snippets/choose/members/{}/"
BULK_DELETE = "/admin/bulk/members/{}/delete/?id={}"


def test_an_editor_without_platform_rights_chooses_nothing_of_the_platform(
    client,
    invitations,  # noqa: F811
    partner_invitation,  # noqa: F811
):
    pending, _, other = invitations
    editor = get_user_model().objects.create_user("redaction", "redac@cpme.example", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    need_title = partner_invitation.response.need.title
    for model in ("invitation", "partnerinvitation", "need", "organisation", "membership"):
        for address in (CHOOSE.format(model), CHOOSE.format(model) + "results/"):
            page = client.get(address).content.decode()
            assert pending.email not in page
            assert other.email not in page
            assert "Forge Partenaire" not in page
            assert need_title not in page
    chosen = client.get(CHOOSE.format("partnerinvitation") + f"chosen/{partner_invitation.pk}/")
    assert chosen.status_code == 404
    chosen = client.get(CHOOSE.format("need") + f"chosen/{partner_invitation.response.need_id}/")
    assert chosen.status_code == 404


def test_an_antenna_chooses_only_its_departments_invitations(
    client,
    invitations,  # noqa: F811
):
    pending, _, other = invitations
    client.force_login(staff_member("antenne31", "validate_department_31", *READ, *REVOKE))
    page = client.get(CHOOSE.format("invitation")).content.decode()
    assert pending.email in page
    assert other.email not in page
    assert client.get(CHOOSE.format("invitation") + f"chosen/{other.pk}/").status_code == 404
    assert client.get(CHOOSE.format("invitation") + f"chosen/{pending.pk}/").status_code == 200


def test_deleting_selected_snippets_names_only_the_listings_rows(
    client,
    invitations,  # noqa: F811
    partner_invitation,  # noqa: F811
):
    pending, _, other = invitations
    need = partner_invitation.response.need
    editor = get_user_model().objects.create_user("redaction", "redac@cpme.example", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for model, pk in (
        ("invitation", "all"),
        ("invitation", other.pk),
        ("partnerinvitation", "all"),
        ("need", need.pk),
    ):
        response = client.get(BULK_DELETE.format(model, pk))
        assert response.status_code == 404, (model, pk)
        assert other.email not in response.content.decode()
        assert need.title not in response.content.decode()

    client.force_login(staff_member("antenne31", "validate_department_31", *READ, *REVOKE))
    page = client.get(BULK_DELETE.format("invitation", "all")).content.decode()
    assert pending.email in page  # theirs, which they may not delete either
    assert other.email not in page
