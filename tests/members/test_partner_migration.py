"""A site migrated from before partner invitations keeps its joint responses: the partners
named then were never asked, and become accepted partners the buyer sees."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from members.models import PartnerInvitation, PartnerStatus

from .factories import NeedFactory, OrganisationFactory, ResponseFactory

BEFORE = [("members", "0009_staff_permissions_by_department")]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)


@pytest.mark.migrates_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_partners_named_before_invitations_become_accepted():
    response = ResponseFactory(need=NeedFactory())
    partner = OrganisationFactory(name="Forge Partenaire")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(BEFORE)
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        old_response = old_apps.get_model("members", "Response").objects.get(pk=response.pk)
        old_response.partners.add(partner.pk)
    finally:
        migrate(latest)
    invitation = PartnerInvitation.objects.get()
    assert (invitation.response_id, invitation.organisation, invitation.status) == (
        response.pk,
        partner,
        PartnerStatus.ACCEPTED,
    )
    assert list(response.partners.all()) == [partner]
