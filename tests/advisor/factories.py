import factory
from django.utils import timezone

from advisor.models import Presence, Rating, Resource
from tests.members.factories import MembershipFactory, OrganisationFactory


class PresenceFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    country = "MA"
    city = "Casablanca"
    kind = "filiale"
    since = 2015
    # Presences built directly stand for a contact who has already confirmed (when there is
    # one); the confirmation flow itself is tested through the views.
    contact_confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Presence


class ResourceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Transitaire fictif {n}")
    country = "MA"
    city = "Casablanca"
    category = "douane"
    description = "Dédouanement au port et à l'aéroport."

    class Meta:
        model = Resource


class ResourceRatingFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    resource = factory.SubFactory(ResourceFactory)
    quality = 4
    responsiveness = 4
    value = 4
    text = "Service sérieux."

    class Meta:
        model = Rating


class CountryRatingFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    country = "MA"
    market_access = 4
    administration = 3
    payment_delays = 2
    partner_reliability = 5
    text = "Marché accessible."

    class Meta:
        model = Rating


def member_of(name, **organisation_fields):
    return MembershipFactory(organisation=OrganisationFactory(name=name, **organisation_fields))
