"""Ratings: one per organisation and item, history, averages from three ratings on,
reports, staff moderation with a reason sent to the author, pre-moderation, limits."""

import pytest

from advisor.models import (
    AdvisorSettings,
    ModerationDecision,
    Rating,
    RatingReport,
    RatingStatus,
    RatingVersion,
    Resource,
)
from core.formats import french_spacing
from members.models import OrganisationStatus

from .conftest import logged_in
from .factories import CountryRatingFactory, ResourceFactory, ResourceRatingFactory, member_of

pytestmark = pytest.mark.django_db

RESOURCE_SCORES = {"quality": "5", "responsiveness": "4", "value": "3"}
COUNTRY_SCORES = {
    "market_access": "4",
    "administration": "2",
    "payment_delays": "3",
    "partner_reliability": "5",
}


def rate_resource(client, resource, text="Très réactifs <b>vraiment</b>.", **scores):
    return client.post(
        f"/espace-membres/export/ressources/{resource.pk}/noter/",
        {**RESOURCE_SCORES, **scores, "text": text},
    )


def test_rating_is_signed_dated_editable_with_history(client, member):
    resource = ResourceFactory(name="Transit Atlas")
    logged_in(client, member)
    assert rate_resource(client, resource).status_code == 302
    rating = Rating.objects.get()
    assert (rating.organisation, rating.status) == (member.organisation, RatingStatus.PUBLISHED)
    page = client.get(f"/espace-membres/export/ressources/{resource.pk}/").content.decode()
    assert "Atelier Garonne" in page
    assert "Très réactifs &lt;b&gt;vraiment&lt;/b&gt;." in page
    assert "publié le" in page

    assert rate_resource(client, resource, text="Finalement moyen.", value="2").status_code == 302
    assert Rating.objects.count() == 1  # one rating per organisation and item
    rating.refresh_from_db()
    assert (rating.value, rating.text) == (2, "Finalement moyen.")
    versions = list(RatingVersion.objects.order_by("saved_at", "pk"))
    assert [v.text for v in versions] == ["Très réactifs <b>vraiment</b>.", "Finalement moyen."]
    assert versions[0].scores == {"quality": 5, "responsiveness": 4, "value": 3}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quality": "0"}, "La note « Qualité du service » va de 1 à 5."),
        ({"quality": "6"}, "La note « Qualité du service » va de 1 à 5."),
        ({"value": ""}, "Donnez une note de 1 à 5 pour « Rapport qualité-prix »."),
        ({"text": ""}, "Écrivez quelques mots pour expliquer vos notes."),
    ],
)
def test_bad_rating_is_refused_in_french(client, member, fields, message):
    resource = ResourceFactory()
    logged_in(client, member)
    response = client.post(
        f"/espace-membres/export/ressources/{resource.pk}/noter/",
        {**RESOURCE_SCORES, "text": "Bien.", **fields},
    )
    assert response.status_code == 400
    assert french_spacing(message) in response.content.decode()
    assert not Rating.objects.exists()


def test_country_rating_and_bad_country(client, member):
    logged_in(client, member)
    response = client.post(
        "/espace-membres/export/pays/MA/noter/", {**COUNTRY_SCORES, "text": "Marché ouvert."}
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.country, rating.resource, rating.partner_reliability) == ("MA", None, 5)
    bad = client.post("/espace-membres/export/pays/MA/noter/", {"text": "Sans notes."})
    assert bad.status_code == 400
    assert (
        french_spacing("Donnez une note de 1 à 5 pour « Accès au marché ».") in bad.content.decode()
    )
    assert client.post("/espace-membres/export/pays/ZZ/noter/", COUNTRY_SCORES).status_code == 404


def test_averages_only_from_three_published_ratings(client, member):
    resource = ResourceFactory()
    ResourceRatingFactory(resource=resource, quality=5)
    ResourceRatingFactory(resource=resource, quality=4)
    ResourceRatingFactory(resource=resource, quality=1, status=RatingStatus.REPORTED)
    logged_in(client, member)
    url = f"/espace-membres/export/ressources/{resource.pk}/"
    page = client.get(url).content.decode()
    assert french_spacing("2 avis publiés : la moyenne s'affiche à partir de 3 avis.") in page
    assert "Moyenne de 2" not in page
    rate_resource(client, resource, quality="3")
    page = client.get(url).content.decode()
    assert "Moyenne de 3 avis publiés." in page
    assert "4,0/5" in page  # (5 + 4 + 3) / 3, the reported rating left out

    for _ in range(2):
        CountryRatingFactory(market_access=2)
    country = client.get("/espace-membres/export/pays/MA/").content.decode()
    assert "la moyenne s'affiche à partir de 3 avis" in country
    CountryRatingFactory(market_access=5)
    country = client.get("/espace-membres/export/pays/MA/").content.decode()
    assert "Moyenne de 3 avis publiés." in country
    assert "3,0/5" in country


def test_report_hides_rating_until_staff_decide(client, member, other_member):
    rating = ResourceRatingFactory(organisation=other_member.organisation, text="Arnaqueurs !")
    logged_in(client, member)
    url = f"/espace-membres/export/avis/{rating.pk}/signaler/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Propos injurieux."}).status_code == 302
    rating.refresh_from_db()
    assert rating.status == RatingStatus.REPORTED
    page = client.get(f"/espace-membres/export/ressources/{rating.resource_id}/").content.decode()
    assert "Arnaqueurs" not in page
    assert RatingReport.objects.get().reporter == member.organisation
    # A hidden rating cannot be reported again (not found).
    assert client.post(url, {"reason": "Encore."}).status_code == 404


def test_a_hidden_rating_cannot_be_reported_by_its_id(client, member):
    """A report would move it to « signalé »: hidden again once its author's organisation
    is reinstated, until staff review a report made on a rating nobody could see."""
    suspended = member_of("Négoce Suspendu", status=OrganisationStatus.SUSPENDED)
    rating = ResourceRatingFactory(organisation=suspended.organisation)
    logged_in(client, member)
    response = client.post(f"/espace-membres/export/avis/{rating.pk}/signaler/", {"reason": "x"})
    assert response.status_code == 404
    rating.refresh_from_db()
    assert rating.status == RatingStatus.PUBLISHED
    assert not RatingReport.objects.exists()


def test_an_organisation_cannot_report_its_own_rating(client, member):
    rating = ResourceRatingFactory(organisation=member.organisation)
    logged_in(client, member)
    response = client.post(f"/espace-membres/export/avis/{rating.pk}/signaler/", {"reason": "x"})
    assert response.status_code == 403
    assert not RatingReport.objects.exists()


def staff_client(client, django_user_model):
    staff = django_user_model.objects.create_superuser("moderatrice", "mod@cpme.example", "x")
    client.force_login(staff)
    return staff


def test_staff_refuse_with_logged_reason_sent_to_author(
    client, other_member, django_user_model, mailoutbox, django_capture_on_commit_callbacks
):
    rating = ResourceRatingFactory(
        organisation=other_member.organisation,
        author=other_member.user,
        status=RatingStatus.REPORTED,
    )
    RatingReport.objects.create(rating=rating, reporter=member_of("X").organisation, reason="x")
    staff = staff_client(client, django_user_model)
    url = f"/admin/conseiller-export/avis/{rating.pk}/moderer/"
    assert client.get(url).status_code == 200
    unmotivated = client.post(url, {"action": "refuser", "reason": ""})
    assert unmotivated.status_code == 400
    assert "Un refus doit être motivé" in unmotivated.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "refuser", "reason": "Propos diffamatoires."})
    rating.refresh_from_db()
    assert rating.status == RatingStatus.REFUSED
    decision = ModerationDecision.objects.get()
    assert (decision.reason, decision.decided_by) == ("Propos diffamatoires.", staff)
    assert not rating.reports.filter(resolved=False).exists()
    [message] = mailoutbox
    assert message.to == [other_member.user.email]
    assert "Propos diffamatoires." in message.body
    assert "/espace-membres/export/regles-des-avis/" in message.body


def test_staff_publish_a_reported_rating(client, django_user_model):
    rating = ResourceRatingFactory(status=RatingStatus.REPORTED)
    staff_client(client, django_user_model)
    client.post(f"/admin/conseiller-export/avis/{rating.pk}/moderer/", {"action": "publier"})
    rating.refresh_from_db()
    assert rating.status == RatingStatus.PUBLISHED


def test_members_and_editors_without_permission_cannot_moderate(client, member):
    rating = ResourceRatingFactory(status=RatingStatus.REPORTED)
    logged_in(client, member)
    url = f"/admin/conseiller-export/avis/{rating.pk}/moderer/"
    response = client.post(url, {"action": "publier"})
    assert response.status_code in (302, 403)
    rating.refresh_from_db()
    assert rating.status == RatingStatus.REPORTED


def test_premoderation_holds_new_and_edited_ratings(client, member):
    settings_row = AdvisorSettings.load()
    settings_row.premoderation = True
    settings_row.save()
    resource = ResourceFactory()
    logged_in(client, member)
    response = rate_resource(client, resource, text="En attente.")
    assert response.status_code == 302
    assert Rating.objects.get().status == RatingStatus.PENDING
    page = client.get(f"/espace-membres/export/ressources/{resource.pk}/").content.decode()
    assert "En attente." not in page.split('id="mon-avis"')[0]
    assert "En attente de modération" in page


def test_editing_a_refused_rating_sends_it_back_to_review(client, member):
    rating = ResourceRatingFactory(organisation=member.organisation, status=RatingStatus.REFUSED)
    logged_in(client, member)
    rate_resource(client, rating.resource, text="Reformulé.")
    rating.refresh_from_db()
    assert (rating.status, rating.text) == (RatingStatus.PENDING, "Reformulé.")
    # Edited again before staff looked: it still waits for them, never publishes itself.
    rate_resource(client, rating.resource, text="Reformulé encore.")
    rating.refresh_from_db()
    assert (rating.status, rating.text) == (RatingStatus.PENDING, "Reformulé encore.")
    page = client.get(f"/espace-membres/export/ressources/{rating.resource.pk}/").content.decode()
    assert "Reformulé encore." not in page.split('id="mon-avis"')[0]


def test_rating_limit_per_organisation(client, member, settings):
    from advisor import limits

    resources = ResourceFactory.create_batch(2)
    logged_in(client, member)
    original = limits.RATINGS_PER_DAY_PER_ORGANISATION
    limits.RATINGS_PER_DAY_PER_ORGANISATION = 1
    try:
        assert rate_resource(client, resources[0]).status_code == 302
        response = rate_resource(client, resources[1])
    finally:
        limits.RATINGS_PER_DAY_PER_ORGANISATION = original
    assert response.status_code == 429
    assert "réessayez demain" in response.content.decode()
    assert Rating.objects.count() == 1


def test_pending_organisation_cannot_rate(client):
    pending = member_of("En attente SARL", status=OrganisationStatus.PENDING)
    resource = ResourceFactory()
    logged_in(client, pending)
    assert rate_resource(client, resource).status_code == 403
    assert not Rating.objects.exists()


def test_rules_page_is_public_and_states_the_rules(client):
    page = client.get("/espace-membres/export/regles-des-avis/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "L111-7-2" in text
    assert "l'auteur de l'avis est informé par e-mail du motif" in text
    assert "à partir de 3 avis publiés" in text


def test_ratings_of_suspended_organisations_are_neither_counted_nor_shown(client, member):
    resource = ResourceFactory()
    for quality in (5, 4, 3):
        ResourceRatingFactory(resource=resource, quality=quality)
    suspended = member_of("Négoce Suspendu", status=OrganisationStatus.SUSPENDED)
    ResourceRatingFactory(
        resource=resource, organisation=suspended.organisation, quality=1, text="Avis suspendu."
    )
    for _ in range(2):
        CountryRatingFactory(market_access=4)
    CountryRatingFactory(
        organisation=suspended.organisation, market_access=1, text="Pays vu par un suspendu."
    )
    logged_in(client, member)

    page = client.get(f"/espace-membres/export/ressources/{resource.pk}/").content.decode()
    assert "Moyenne de 3 avis publiés." in page
    assert "4,0/5" in page  # (5 + 4 + 3) / 3, the suspended organisation's 1 left out
    assert "Avis suspendu." not in page
    assert "Négoce Suspendu" not in page

    country = client.get("/espace-membres/export/pays/MA/").content.decode()
    assert french_spacing("2 avis publiés : la moyenne") in country
    assert "Pays vu par un suspendu." not in country
    assert "Moyenne de 3 avis publiés." in country  # the resource's, on the country page


RECOMMENDATION = {
    "name": "Cabinet <b>Atlas</b>",
    "country": "MA",
    "city": "Tanger",
    "category": "avocat",
    "description": "Droit des sociétés <script>alert(1)</script>",
    "web_address": "https://atlas.example",
}
RECOMMEND_URL = "/espace-membres/export/ressources/recommander/"


def test_a_recommended_resource_waits_for_staff_before_it_shows(client, member, other_member):
    logged_in(client, member)
    assert client.post(RECOMMEND_URL, RECOMMENDATION).status_code == 302
    resource = Resource.objects.get()
    assert (resource.published, resource.recommended_by) == (False, member.organisation)
    assert resource.website == "https://atlas.example"

    other = logged_in(client.__class__(), other_member)
    assert "Cabinet" not in other.get("/espace-membres/export/pays/MA/").content.decode()
    assert other.get(f"/espace-membres/export/ressources/{resource.pk}/").status_code == 404
    assert rate_resource(other, resource).status_code == 404

    resource.published = True
    resource.save()
    page = other.get(f"/espace-membres/export/ressources/{resource.pk}/").content.decode()
    assert "Cabinet &lt;b&gt;Atlas&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Indiquez le nom de la ressource."),
        ({"country": "XX"}, "Pays inconnu."),
        ({"category": "espion"}, "Catégorie inconnue."),
        ({"description": ""}, "Dites en quelques mots ce qu&#x27;elle propose."),
        ({"web_address": "pas une adresse"}, "Indiquez une adresse web complète"),
    ],
)
def test_bad_recommendation_is_refused_in_french(client, member, fields, message):
    logged_in(client, member)
    response = client.post(RECOMMEND_URL, {**RECOMMENDATION, **fields})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_recommendations_are_limited_per_organisation(client, member, monkeypatch):
    from advisor import limits

    monkeypatch.setattr(limits, "RECOMMENDATIONS_PER_DAY_PER_ORGANISATION", 1)
    logged_in(client, member)
    assert client.post(RECOMMEND_URL, RECOMMENDATION).status_code == 302
    refused = client.post(RECOMMEND_URL, RECOMMENDATION)
    assert refused.status_code == 429
    assert "réessayez demain" in refused.content.decode()
    assert Resource.objects.count() == 1
