"""Declaring presences abroad, finding them, the map; each object tried as another
organisation."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advisor.models import Presence
from members.models import Category, OrganisationStatus

from .conftest import logged_in
from .factories import MembershipFactory, PresenceFactory, member_of

pytestmark = pytest.mark.django_db


def presence_fields(**overrides):
    fields = {
        "country": "MA",
        "city": "Casablanca <script>",
        "kind": "filiale",
        "since": "2014",
        "sectors": [str(Category.objects.get(slug="industrie-mecanique").pk)],
        "can_host": "on",
        "hosting_terms": "Une salle de réunion, sur demande.",
        "contact_opt_in": "",
    }
    fields.update(overrides)
    return fields


def test_member_declares_edits_and_deletes_a_presence(client, member):
    logged_in(client, member)
    response = client.post(
        "/espace-membres/export/mes-presences/nouvelle/",
        presence_fields(contact=str(member.pk), contact_opt_in="on"),
    )
    assert response.status_code == 302
    presence = Presence.objects.get()
    assert presence.organisation == member.organisation
    assert presence.accepts_requests
    assert [s.slug for s in presence.sectors.all()] == ["industrie-mecanique"]

    page = client.get("/espace-membres/export/pays/ma/").content.decode()
    assert "Atelier Garonne" in page
    assert "Casablanca &lt;script&gt;" in page
    assert "<script>" not in page.split("<main")[1].split("</main>")[0]
    assert member.user.email not in page

    edit = client.post(
        f"/espace-membres/export/mes-presences/{presence.pk}/modifier/",
        presence_fields(city="Rabat", kind="bureau"),
    )
    assert edit.status_code == 302
    presence.refresh_from_db()
    assert (presence.city, presence.kind) == ("Rabat", "bureau")

    client.post(f"/espace-membres/export/mes-presences/{presence.pk}/supprimer/")
    assert not Presence.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"country": ""}, "Choisissez le pays."),
        ({"country": "XX"}, "Pays inconnu."),
        ({"since": "l'an dernier"}, "Indiquez une année, par exemple 2019."),
        ({"since": "1850"}, "supérieure ou égale à 1900"),
        ({"hosting_terms": ""}, "Précisez ce que vous proposez"),
        ({"contact_opt_in": "on"}, "Choisissez la personne qui accepte"),
    ],
)
def test_bad_presence_is_refused_in_french_and_nothing_saved(client, member, overrides, message):
    logged_in(client, member)
    response = client.post(
        "/espace-membres/export/mes-presences/nouvelle/", presence_fields(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Presence.objects.exists()


def test_contact_must_belong_to_the_organisation(client, member, other_member):
    logged_in(client, member)
    response = client.post(
        "/espace-membres/export/mes-presences/nouvelle/",
        presence_fields(contact=str(other_member.pk), contact_opt_in="on"),
    )
    assert response.status_code == 400
    assert "Choisissez une personne de votre organisation." in response.content.decode()
    assert not Presence.objects.exists()


def test_another_organisation_cannot_edit_or_delete_a_presence(client, member, other_member):
    presence = PresenceFactory(organisation=other_member.organisation, city="Tanger")
    logged_in(client, member)
    url = f"/espace-membres/export/mes-presences/{presence.pk}/"
    assert client.get(url + "modifier/").status_code == 404
    assert client.post(url + "modifier/", presence_fields(city="Volée")).status_code == 404
    assert client.post(url + "supprimer/").status_code == 404
    presence.refresh_from_db()
    assert presence.city == "Tanger"


def test_pending_and_anonymous_visitors_see_nothing(client, member):
    PresenceFactory(organisation=member.organisation)
    assert client.get("/espace-membres/export/").status_code == 302
    assert client.get("/espace-membres/export/pays/MA/").status_code == 302
    pending = member_of("Nouvelle PME", status=OrganisationStatus.PENDING)
    logged_in(client, pending)
    assert client.get("/espace-membres/export/").status_code == 403
    assert client.get("/espace-membres/export/pays/MA/").status_code == 403


def test_presences_of_unvalidated_organisations_are_not_listed(client, member):
    suspended = member_of("Suspendue SARL", status=OrganisationStatus.SUSPENDED)
    PresenceFactory(organisation=suspended.organisation)
    logged_in(client, member)
    assert "Suspendue SARL" not in client.get("/espace-membres/export/").content.decode()
    assert "Suspendue SARL" not in client.get("/espace-membres/export/pays/MA/").content.decode()


def test_search_filters_by_country_region_sector_kind_and_words(client, member):
    mechanics = Category.objects.get(slug="industrie-mecanique")
    morocco = PresenceFactory(
        organisation=member_of("Forges du Lauragais").organisation, country="MA", kind="filiale"
    )
    morocco.sectors.set([mechanics])
    PresenceFactory(
        organisation=member_of("Logiciels Cévennes").organisation,
        country="CN",
        city="Shanghai",
        kind="distributeur",
    )
    PresenceFactory(
        organisation=member_of("Vins du Minervois").organisation,
        country="BE",
        city="Bruxelles",
        kind="agent",
    )
    logged_in(client, member)

    def names(query):
        page = client.get("/espace-membres/export/" + query).content.decode()
        found = {"Forges du Lauragais", "Logiciels Cévennes", "Vins du Minervois"}
        return {name for name in found if name in page}

    assert names("") == {"Forges du Lauragais", "Logiciels Cévennes", "Vins du Minervois"}
    assert names("?pays=CN") == {"Logiciels Cévennes"}
    assert names("?region=europe") == {"Vins du Minervois"}
    assert names("?region=afrique") == {"Forges du Lauragais"}
    assert names("?secteur=industrie-mecanique") == {"Forges du Lauragais"}
    assert names("?forme=agent") == {"Vins du Minervois"}
    assert names("?q=shanghai") == {"Logiciels Cévennes"}
    assert names("?q=minervois&region=europe") == {"Vins du Minervois"}
    unknown = client.get("/espace-membres/export/?pays=ZZ")
    assert unknown.status_code == 200
    assert "Filtre ignoré" in unknown.content.decode()


def test_map_counts_organisations_per_country_and_links_each_country(client, member):
    for name in ("Forges du Lauragais", "Logiciels Cévennes"):
        PresenceFactory(organisation=member_of(name).organisation, country="MA")
    PresenceFactory(organisation=member.organisation, country="US", city="Boston")
    PresenceFactory(organisation=member.organisation, country="US", city="Miami")
    logged_in(client, member)
    page = client.get("/espace-membres/export/").content.decode()
    assert 'aria-label="Maroc : 2 organisations"' in page
    assert 'aria-label="États-Unis : 1 organisation"' in page  # one organisation, two cities
    assert 'href="/espace-membres/export/pays/MA/"' in page
    assert 'aria-label="Chine : 0 organisation"' in page
    assert page.count("<path") > 150  # every country of Natural Earth's 1:110m set


def test_map_follows_a_declared_presence_and_a_suspended_organisation(client, member):
    forges = member_of("Forges du Lauragais").organisation
    PresenceFactory(organisation=forges, country="MA")
    logged_in(client, member)
    assert (
        'aria-label="Maroc : 1 organisation"'
        in client.get("/espace-membres/export/").content.decode()
    )

    PresenceFactory(organisation=member.organisation, country="MA")
    page = client.get("/espace-membres/export/").content.decode()
    assert 'aria-label="Maroc : 2 organisations"' in page

    forges.status = "suspendue"
    forges.save()
    page = client.get("/espace-membres/export/").content.decode()
    assert 'aria-label="Maroc : 1 organisation"' in page


def test_unknown_country_is_not_found(client, member):
    logged_in(client, member)
    assert client.get("/espace-membres/export/pays/ZZ/").status_code == 404


URLS = [
    "/espace-membres/export/",
    "/espace-membres/export/?region=afrique&secteur=industrie-mecanique&forme=filiale",
    "/espace-membres/export/pays/MA/",
]


def query_count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_search_and_country_page_queries_do_not_grow_with_data(client, member):
    mechanics = Category.objects.get(slug="industrie-mecanique")

    def add(count):
        for _ in range(count):
            presence = PresenceFactory(organisation=member_of("PME").organisation)
            presence.sectors.set([mechanics])

    logged_in(client, member)
    add(2)
    for url in URLS:  # per-process caches (site, settings, content types) filled once
        client.get(url)
    add(1)  # a new presence: the map's numbers are counted again, as after any change
    small = [query_count(client, url) for url in URLS]
    add(25)
    large = [query_count(client, url) for url in URLS]
    assert small == large
    assert max(large) <= 15


def test_only_the_organisations_admins_declare_edit_and_delete_presences(client, member):
    presence = PresenceFactory(organisation=member.organisation, city="Tanger")
    colleague = MembershipFactory(organisation=member.organisation, is_admin=False)
    logged_in(client, colleague)
    url = f"/espace-membres/export/mes-presences/{presence.pk}/"
    refused = [
        client.get("/espace-membres/export/mes-presences/nouvelle/"),
        client.post("/espace-membres/export/mes-presences/nouvelle/", presence_fields()),
        client.get(url + "modifier/"),
        client.post(url + "modifier/", presence_fields(city="Changée")),
        client.post(url + "supprimer/"),
    ]
    for response in refused:
        assert response.status_code == 403
        assert "Seuls les administrateurs de votre organisation" in response.content.decode()
    presence.refresh_from_db()
    assert presence.city == "Tanger"
    assert Presence.objects.count() == 1

    listing = client.get("/espace-membres/export/mes-presences/").content.decode()
    assert "Tanger" in listing
    assert url + "modifier/" not in listing
    assert url + "supprimer/" not in listing
    assert "/mes-presences/nouvelle/" not in listing
    assert "/mes-presences/nouvelle/" not in client.get("/espace-membres/export/").content.decode()

    logged_in(client, member)
    listing = client.get("/espace-membres/export/mes-presences/").content.decode()
    assert url + "modifier/" in listing
    assert "/mes-presences/nouvelle/" in listing


def confirmation_link(message):
    return re.search(
        r"http://testserver(/espace-membres/export/confirmer-contact/\S+/)", message.body
    ).group(1)


def test_a_named_colleague_confirms_the_opt_in_themselves(
    client, member, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(organisation=member.organisation, is_admin=False)
    logged_in(client, member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/espace-membres/export/mes-presences/nouvelle/",
            presence_fields(contact=str(colleague.pk), contact_opt_in="on"),
        )
    presence = Presence.objects.get()
    assert not presence.accepts_requests
    [mail] = mailoutbox
    assert mail.to == [colleague.user.email]
    link = confirmation_link(mail)
    asker = logged_in(client.__class__(), other_member)
    country = asker.get("/espace-membres/export/pays/MA/").content.decode()
    assert "Contact en attente de confirmation" in country
    assert f"/presences/{presence.pk}/mise-en-relation/" not in country
    ask_url = f"/espace-membres/export/presences/{presence.pk}/mise-en-relation/"
    assert asker.post(ask_url, {"kind": "conseil", "message": "Bonjour"}).status_code == 409

    contact_browser = client.__class__()
    assert "J'accepte d'être sollicité" in contact_browser.get(link).content.decode()
    assert contact_browser.post(link).status_code == 200
    presence.refresh_from_db()
    assert presence.accepts_requests
    assert asker.post(ask_url, {"kind": "conseil", "message": "Bonjour"}).status_code == 302

    # Naming someone else asks them afresh; the first link no longer confirms anything.
    other_colleague = MembershipFactory(organisation=member.organisation, is_admin=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/espace-membres/export/mes-presences/{presence.pk}/modifier/",
            presence_fields(contact=str(other_colleague.pk), contact_opt_in="on"),
        )
    presence.refresh_from_db()
    assert not presence.accepts_requests
    assert mailoutbox[-1].to == [other_colleague.user.email]
    stale = client.__class__().post(link)
    assert stale.status_code == 400
    assert "n&#x27;est plus valable" in stale.content.decode()
    presence.refresh_from_db()
    assert not presence.accepts_requests
    garbled = client.__class__().get("/espace-membres/export/confirmer-contact/faux/")
    assert garbled.status_code == 400


def test_naming_oneself_confirms_at_once(client, member, mailoutbox):
    logged_in(client, member)
    client.post(
        "/espace-membres/export/mes-presences/nouvelle/",
        presence_fields(contact=str(member.pk), contact_opt_in="on"),
    )
    assert Presence.objects.get().accepts_requests
    assert mailoutbox == []
