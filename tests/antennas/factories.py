import factory
import wagtail_factories

from antennas.models import Antenna, AntennaIndexPage, MembershipPage


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


class MembershipPageFactory(wagtail_factories.PageFactory):
    title = "Adhérer à la CPME Occitanie"
    slug = "adherer"
    intro = "Rejoindre un réseau de 3 000 entreprises."

    class Meta:
        model = MembershipPage
