"""Antennas and the calendar moved out of `home` into their own apps: a site migrated from
before the move keeps its antennas, its calendar pages, their URLs and their permissions."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from antennas.models import Antenna
from core import roles
from events.models import EventPage
from tests.antennas.factories import AntennaFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import make_site_home

BEFORE_THE_MOVE = [("home", "0006_content_version"), ("antennas", None), ("events", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def models_before_the_move():
    return MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE[0]).apps


def latest_migrations():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.migrates_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_site_from_before_the_move_keeps_antennas_and_calendar(client):
    home = make_site_home()
    AntennaFactory(department_code="81", name="CPME Tarn", city="Albi")
    calendar = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=calendar,
        title="Réunion de l'antenne du Tarn",
        slug="reunion-tarn",
        start="2027-03-01T18:00:00+01:00",
        end="2027-03-01T20:00:00+01:00",
    )
    latest = latest_migrations()
    try:
        migrate(BEFORE_THE_MOVE)
        old_apps = models_before_the_move()
        old_antenna = old_apps.get_model("home", "Antenna")
        assert old_antenna.objects.get().name == "CPME Tarn"
        content_types = old_apps.get_model("contenttypes", "ContentType").objects
        assert content_types.filter(app_label="home", model="eventpage").exists()
    finally:
        migrate(latest)

    assert Antenna.objects.get().city == "Albi"
    event = EventPage.objects.get(slug="reunion-tarn")
    assert event.specific_class is EventPage
    response = client.get("/agenda/reunion-tarn/")
    assert response.status_code == 200
    assert "Réunion de l'antenne du Tarn" in response.content.decode()
    assert client.get("/agenda/agenda.ics").status_code == 200
    editors = Group.objects.get(name=roles.EDITORS)
    assert editors.permissions.filter(
        content_type__app_label="antennas", codename="change_antenna"
    ).exists()
