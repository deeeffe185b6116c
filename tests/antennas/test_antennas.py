"""Antennas are edited as snippets: bad input gets a French message and nothing is saved."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from antennas.models import Antenna
from core import roles
from tests.antennas.factories import AntennaFactory


@pytest.fixture
def moderator_client(client, django_user_model):
    user = django_user_model.objects.create_user("moderatrice", password="x")
    user.groups.add(Group.objects.get(name=roles.MODERATORS))
    user.is_superuser = True  # snippet permissions are the workflow issue's; here we test forms
    user.save()
    client.force_login(user)
    return client


def antenna_form(**overrides):
    data = {"department_code": "31", "name": "CPME Haute-Garonne", "city": "Toulouse"}
    data.update(overrides)
    return nested_form_data(data)


def add_url():
    return reverse("wagtailsnippets_antennas_antenna:add")


def test_an_antenna_is_created_from_the_admin(moderator_client, home_page):
    response = moderator_client.post(add_url(), antenna_form())
    assert response.status_code == 302
    assert Antenna.objects.get().city == "Toulouse"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"department_code": "75"}, "Sélectionnez un choix valide"),
        ({"phone": "appelez-nous"}, "Saisissez un numéro de téléphone valide"),
        ({"email": "pas-un-email"}, "Saisissez une adresse de courriel valide"),
        ({"city": ""}, "Champ requis"),
    ],
)
def test_bad_antenna_input_is_refused_in_french(moderator_client, home_page, overrides, message):
    response = moderator_client.post(
        reverse("wagtailsnippets_antennas_antenna:add"), antenna_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Antenna.objects.exists()


def test_a_second_antenna_for_the_same_department_is_refused(moderator_client, home_page):
    AntennaFactory(department_code="31")
    response = moderator_client.post(add_url(), antenna_form())
    assert "Une antenne existe déjà pour ce département." in response.content.decode()
    assert Antenna.objects.count() == 1


def test_department_codes_keep_their_leading_zero(client, home_page):
    AntennaFactory(department_code="09", name="CPME Ariège", city="Foix")
    html = client.get("/").content.decode()
    assert '<span class="dept-code">09</span> Foix' in html
