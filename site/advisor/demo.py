"""Demo content of the Export Advisor, on the platform's fictitious organisations
(members.demo): presences, resources including the Région's five offices abroad, and
enough ratings for averages to show."""

from django.db import transaction
from django.utils import timezone

from members.demo import ORGANISATIONS
from members.models import Category, Membership, Organisation

from .models import Presence, Rating, RatingVersion, Resource

# organisation index in members.demo.ORGANISATIONS, country, city, kind, since, sectors,
# hosting terms ("" = cannot host), contact opt-in
PRESENCES = [
    (
        0,
        "MA",
        "Casablanca",
        "filiale",
        2012,
        ["aeronautique-spatial"],
        "Un bureau et une salle "
        "de réunion pour six personnes, gratuits pour un adhérent, sur demande une semaine avant.",
        True,
    ),
    (0, "US", "Seattle", "bureau", 2016, ["aeronautique-spatial", "ingenierie-etudes"], "", True),
    (1, "CN", "Shanghai", "distributeur", 2018, ["sante-cosmetique"], "", False),
    (2, "MA", "Tanger", "agent", 2020, ["industrie-mecanique"], "", True),
    (2, "ES", "Saragosse", "export", 2015, ["industrie-mecanique"], "", False),
    (
        3,
        "BE",
        "Bruxelles",
        "bureau",
        2019,
        ["numerique-informatique"],
        "Un poste de travail en espace partagé, deux jours par semaine au plus.",
        True,
    ),
    (3, "GB", "Londres", "export", 2021, ["numerique-informatique"], "", False),
    (5, "DE", "Stuttgart", "distributeur", 2014, ["industrie-mecanique"], "", False),
]

# name, country, city, category, description
RESOURCES = [
    (
        "Maison de la Région Occitanie à Casablanca",
        "MA",
        "Casablanca",
        "appui_public",
        "Bureau de la Région au Maroc : premiers rendez-vous, locaux et personnel sur place pour "
        "les entreprises d'Occitanie qui prospectent le marché marocain.",
    ),
    (
        "Maison de la Région Occitanie à Bruxelles",
        "BE",
        "Bruxelles",
        "appui_public",
        "Relais auprès des institutions européennes : veille sur les appels à projets et "
        "rencontres avec les interlocuteurs européens.",
    ),
    (
        "Maison de la Région Occitanie à Londres",
        "GB",
        "Londres",
        "appui_public",
        "Appui aux entreprises d'Occitanie au Royaume-Uni, utile depuis les nouvelles formalités "
        "douanières.",
    ),
    (
        "Maison de la Région Occitanie à Shanghai",
        "CN",
        "Shanghai",
        "appui_public",
        "Accompagnement des premiers pas en Chine : partenaires, salons, implantation.",
    ),
    (
        "Maison de la Région Occitanie à New York",
        "US",
        "New York",
        "appui_public",
        "Point d'appui en Amérique du Nord pour la prospection et les salons professionnels.",
    ),
    (
        "Transit Atlas Logistique (démo)",
        "MA",
        "Casablanca",
        "douane",
        "Commissionnaire en douane fictif : dédouanement au port de Casablanca et à l'aéroport.",
    ),
    (
        "Cabinet juridique Rivière-Nord (démo)",
        "BE",
        "Bruxelles",
        "avocat",
        "Cabinet d'avocats fictif : contrats de distribution et droit des sociétés belge.",
    ),
]

SCORES = [(4, 5, 3), (5, 4, 4), (3, 4, 5)]
COUNTRY_SCORES = [(4, 3, 2, 4), (5, 3, 3, 4), (4, 2, 3, 5)]


@transaction.atomic
def seed(stdout):
    if Resource.objects.exists():
        stdout.write("Conseiller export : déjà en place.")
        return
    organisations = [Organisation.objects.get(siren=siren) for _, _, siren, *_ in ORGANISATIONS]
    for index, country, city, kind, since, sectors, terms, opt_in in PRESENCES:
        organisation = organisations[index]
        contact = Membership.objects.filter(organisation=organisation).first() if opt_in else None
        presence = Presence.objects.create(
            organisation=organisation,
            country=country,
            city=city,
            kind=kind,
            since=since,
            can_host=bool(terms),
            hosting_terms=terms,
            contact=contact,
            contact_opt_in=contact is not None,
            contact_confirmed_at=timezone.now() if contact else None,
        )
        presence.sectors.set(Category.objects.filter(slug__in=sectors))
    resources = [
        Resource.objects.create(
            name=name, country=country, city=city, category=category, description=description
        )
        for name, country, city, category, description in RESOURCES
    ]
    raters = organisations[2:5]
    texts = [
        "Réponses rapides et conseils concrets pour notre premier envoi.",
        "Bon accompagnement, quelques délais au moment du dédouanement.",
        "Interlocuteurs disponibles, tarifs clairs annoncés d'avance.",
    ]
    for rater, (quality, responsiveness, value), text in zip(raters, SCORES, texts, strict=True):
        rate(
            rater,
            {"quality": quality, "responsiveness": responsiveness, "value": value},
            text,
            resource=resources[5],
        )
    country_texts = [
        "Marché proche et demandeur ; prévoir du temps pour les autorisations.",
        "Partenaires sérieux une fois la confiance établie ; paiements parfois lents.",
        "Bonne porte d'entrée vers l'Afrique de l'Ouest.",
    ]
    for rater, scores, text in zip(raters, COUNTRY_SCORES, country_texts, strict=True):
        names = ["market_access", "administration", "payment_delays", "partner_reliability"]
        rate(rater, dict(zip(names, scores, strict=True)), text, country="MA")
    stdout.write(
        f"Conseiller export (/espace-membres/export/) : {len(PRESENCES)} présences, "
        f"{len(RESOURCES)} ressources dont les cinq Maisons de la Région, 6 avis."
    )


def rate(organisation, scores, text, *, resource=None, country=""):
    rating = Rating.objects.create(
        organisation=organisation, resource=resource, country=country, text=text, **scores
    )
    RatingVersion.objects.create(rating=rating, scores=scores, text=text)
