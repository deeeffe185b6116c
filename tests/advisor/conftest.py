import pytest

from .factories import member_of


@pytest.fixture
def member(db):
    return member_of("Atelier Garonne")


@pytest.fixture
def other_member(db):
    return member_of("Menuiserie Tarnaise")


def logged_in(client, membership):
    client.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return client
