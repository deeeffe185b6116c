import pytest

from members.models import OrganisationKind

from .factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def sme_member(db):
    return MembershipFactory(organisation=OrganisationFactory(name="Atelier Garonne"))


@pytest.fixture
def buyer_member(db):
    return MembershipFactory(
        organisation=OrganisationFactory(
            name="Groupe Aérostar", kind=OrganisationKind.LARGE, size_band="5000+"
        )
    )


@pytest.fixture
def other_member(db):
    return MembershipFactory(organisation=OrganisationFactory(name="Menuiserie Tarnaise"))


def logged_in(client, membership):
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return client
