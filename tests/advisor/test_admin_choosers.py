"""The Export Advisor's snippet choosers list only what their admin listings show: an editor
who merely reaches the admin reads no member's presence, unpublished resource or rating
there (Wagtail's chooser otherwise names every row to anyone in the admin)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from advisor.models import RatingReport

from .factories import PresenceFactory, ResourceFactory, ResourceRatingFactory, member_of

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/snippets/choose/advisor/{}/"


@pytest.fixture
def advisor_rows():
    organisation = member_of("Atelier Confidentiel").organisation
    presence = PresenceFactory(organisation=organisation, city="Tanger")
    resource = ResourceFactory(name="Transitaire Secret", published=False)
    rating = ResourceRatingFactory(organisation=organisation, resource=resource)
    RatingReport.objects.create(rating=rating, reporter=organisation, reason="Propos déplacés")
    return presence, resource, rating


def admin_user(*codenames):
    user = get_user_model().objects.create_user("personne", "personne@cpme.example", "x")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def test_an_editor_without_advisor_rights_chooses_nothing_of_the_advisor(client, advisor_rows):
    presence, resource, rating = advisor_rows
    client.force_login(admin_user())
    for model in ("presence", "resource", "rating", "ratingreport", "moderationdecision"):
        for address in (CHOOSE.format(model), CHOOSE.format(model) + "results/"):
            response = client.get(address)
            assert response.status_code == 200, address
            page = response.content.decode()
            assert "Atelier Confidentiel" not in page, address
            assert "Transitaire Secret" not in page, address
            assert "Tanger" not in page, address
    for model, row in (("presence", presence), ("resource", resource), ("rating", rating)):
        assert client.get(CHOOSE.format(model) + f"chosen/{row.pk}/").status_code == 404


def test_staff_who_moderate_ratings_choose_them(client, advisor_rows):
    _, _, rating = advisor_rows
    client.force_login(admin_user("view_rating"))
    page = client.get(CHOOSE.format("rating")).content.decode()
    assert "Atelier Confidentiel" in page
    assert client.get(CHOOSE.format("rating") + f"chosen/{rating.pk}/").status_code == 200
