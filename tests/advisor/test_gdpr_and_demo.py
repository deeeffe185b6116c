"""The advisor's data in a person's export and on deletion; the demo content."""

import io
import json

import pytest
from django.core.management import call_command

from advisor import demo
from advisor.models import IntroductionRequest, Presence, Rating, Resource
from members.models import Organisation

from .conftest import logged_in
from .factories import MembershipFactory, PresenceFactory, ResourceRatingFactory, member_of
from .test_presences import confirmation_link, presence_fields

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


def advisor_export(client, membership):
    logged_in(client, membership)
    return json.loads(client.get("/espace-membres/mes-donnees/").content)["conseiller_export"]


def test_export_says_an_opt_in_ticked_by_a_colleague_awaits_the_contacts_confirmation(
    client, member, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(organisation=member.organisation, is_admin=False)
    logged_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/espace-membres/export/mes-presences/nouvelle/",
            presence_fields(contact=str(colleague.pk), contact_opt_in="on"),
        )

    [asked] = advisor_export(client.__class__(), colleague)["contact_pour_les_presences"]
    assert asked["accord_pour_etre_sollicite"] == "demandé, en attente de votre confirmation"
    assert asked["accord_confirme_le"] is None
    assert asked["accepte_les_demandes"] is False

    link = confirmation_link(mailoutbox[0])
    assert client.__class__().post(link).status_code == 200
    confirmed_at = Presence.objects.get().contact_confirmed_at
    [confirmed] = advisor_export(client.__class__(), colleague)["contact_pour_les_presences"]
    assert confirmed["accord_pour_etre_sollicite"] == "confirmé par vous"
    assert confirmed["accord_confirme_le"] == confirmed_at.isoformat()
    assert confirmed["accepte_les_demandes"] is True


def test_export_says_when_no_opt_in_was_asked(client, member):
    PresenceFactory(organisation=member.organisation, contact=member, contact_opt_in=False)
    [presence] = advisor_export(client, member)["contact_pour_les_presences"]
    assert presence["accord_pour_etre_sollicite"] == "non demandé"
    assert presence["accord_confirme_le"] is None
    assert presence["accepte_les_demandes"] is False


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
