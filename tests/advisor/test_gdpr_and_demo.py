"""The advisor's data in a person's export and on deletion; the demo content."""

import io
import json

import pytest
from django.core.management import call_command

from advisor import demo
from advisor.models import IntroductionRequest, Presence, Rating, Resource
from members.models import Organisation

from .conftest import logged_in
from .factories import PresenceFactory, ResourceRatingFactory, member_of

pytestmark = pytest.mark.django_db


def test_export_contains_the_persons_advisor_data(client, member, other_member):
    PresenceFactory(organisation=member.organisation, contact=member, contact_opt_in=True)
    ResourceRatingFactory(organisation=member.organisation, author=member.user, text="Bon.")
    target = PresenceFactory(
        organisation=other_member.organisation, contact=other_member, contact_opt_in=True
    )
    IntroductionRequest.objects.create(
        presence=target,
        requester=member.organisation,
        requested_by=member.user,
        kind="conseil",
        message="Bonjour.",
    )
    logged_in(client, member)
    data = json.loads(client.get("/espace-membres/mes-donnees/").content)["conseiller_export"]
    assert data["contact_pour_les_presences"][0]["pays"] == "Maroc"
    assert data["avis_rediges"][0]["avis"] == "Bon."
    assert data["demandes_de_mise_en_relation"][0]["organisation_sollicitee"] == (
        "Menuiserie Tarnaise"
    )


def test_leaving_keeps_ratings_with_the_organisation_and_stops_requests(client, member):
    colleague = member_of("autre")
    colleague.organisation = member.organisation
    colleague.save()
    presence = PresenceFactory(
        organisation=member.organisation, contact=member, contact_opt_in=True
    )
    rating = ResourceRatingFactory(organisation=member.organisation, author=member.user)
    logged_in(client, member)
    client.post("/espace-membres/supprimer-mon-compte/", {"confirm": "SUPPRIMER"})
    rating.refresh_from_db()
    presence.refresh_from_db()
    assert rating.author is None
    assert rating.organisation == member.organisation
    assert presence.contact is None
    assert not presence.accepts_requests


def test_last_person_leaving_deletes_the_organisations_advisor_data(client, member):
    PresenceFactory(organisation=member.organisation)
    ResourceRatingFactory(organisation=member.organisation)
    logged_in(client, member)
    client.post("/espace-membres/supprimer-mon-compte/", {"confirm": "SUPPRIMER"})
    assert not Organisation.objects.filter(pk=member.organisation.pk).exists()
    assert not Presence.objects.exists()
    assert not Rating.objects.exists()


def test_demo_content(db):
    from members import demo as members_demo

    members_demo.seed(io.StringIO(), "motdepasse-demo")
    out = io.StringIO()
    demo.seed(out)
    assert "cinq Maisons de la Région" in out.getvalue()
    cities = set(Resource.objects.filter(category="appui_public").values_list("city", flat=True))
    assert cities == {"Casablanca", "Bruxelles", "Londres", "Shanghai", "New York"}
    assert Presence.objects.filter(contact_opt_in=True).exists()
    assert Rating.objects.filter(resource__isnull=False).count() == 3
    assert not any("(démo)" not in o.name for o in Organisation.objects.all())
    demo.seed(out)  # a second run adds nothing
    assert Resource.objects.count() == len(demo.RESOURCES)


def test_seed_demo_command_runs_the_advisor_demo(home_page):
    out = io.StringIO()
    call_command("seed_demo", password="motdepasse-demo", stdout=out)
    assert "Conseiller export" in out.getvalue()
