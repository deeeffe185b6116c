import datetime

import factory
import wagtail_factories

from influence.models import Body, InfluenceReportPage, Mandate, Representative
from positions.models import Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)


class BodyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Tribunal de commerce n° {n}")
    kind = "tribunal-commerce"
    level = "local"
    department_code = "31"

    class Meta:
        model = Body


class RepresentativeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Mandataire Exemple {n}")
    company = factory.Sequence(lambda n: f"Démo SARL {n}")
    position = "Gérante"
    department_code = "31"
    public_consent = True

    class Meta:
        model = Representative


class MandateFactory(factory.django.DjangoModelFactory):
    representative = factory.SubFactory(RepresentativeFactory)
    body = factory.SubFactory(BodyFactory)
    role = "titulaire"
    start_date = datetime.date(2023, 1, 1)
    end_date = None

    class Meta:
        model = Mandate
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class InfluenceReportPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda o: f"Rapport d'influence {o.year}")
    slug = factory.LazyAttribute(lambda o: f"rapport-{o.year}")
    year = 2024
    introduction = "<p>Où siègent nos mandataires.</p>"

    class Meta:
        model = InfluenceReportPage
