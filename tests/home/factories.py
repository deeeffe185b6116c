import factory
import wagtail_factories
from wagtail.models import Page, Site

from home.models import HomePage, SiteIdentity, SiteNavigation, StandardPage


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


def make_site_home(**fields):
    """A HomePage made the default site's root, as seed_demo does, on a fresh test database."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, **fields)
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    SiteIdentity.for_site(site)  # exists on every real site (seed_demo, first admin visit)
    SiteNavigation.for_site(site)
    return home
