import factory
import wagtail_factories
from wagtail.models import Page, Site

from home.models import (
    Antenna,
    AntennaIndexPage,
    EventIndexPage,
    EventPage,
    HomePage,
    SiteIdentity,
    StandardPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Accueil"
    slug = "accueil"
    hero_title = "Les petites entreprises font l'Occitanie."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Programme {n}")
    intro = "Un programme pour les dirigeants de PME."

    class Meta:
        model = StandardPage


class AntennaIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nos antennes"
    slug = "antennes"

    class Meta:
        model = AntennaIndexPage


class AntennaFactory(factory.django.DjangoModelFactory):
    department_code = factory.Iterator(["09", "11", "12", "30", "31", "32", "34"])
    name = factory.LazyAttribute(lambda o: f"CPME {o.department_code}")
    city = "Toulouse"
    email = factory.LazyAttribute(lambda o: f"antenne{o.department_code}@example.org")

    class Meta:
        model = Antenna


def make_site_home(**fields):
    """A HomePage made the default site's root, as seed_demo does, on a fresh test database."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, **fields)
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    SiteIdentity.for_site(site)  # exists on every real site (seed_demo, first admin visit)
    return home


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Agenda régional"
    slug = "agenda"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Événement {n}")
    kind = "reunion-antenne"

    class Meta:
        model = EventPage
