import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from members.models import Membership, Organisation, OrganisationKind, OrganisationStatus
from members.validators import luhn_valid


def siren_for(n: int) -> str:
    """A SIREN with a valid Luhn key, different for each n."""
    stem = f"{n:08d}"
    for key in range(10):
        if luhn_valid(stem + str(key)):
            return stem + str(key)
    raise AssertionError


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"membre{n}")
    email = factory.Sequence(lambda n: f"membre{n}@entreprise.example")
    password = factory.django.Password("mot-de-passe-solide-2026")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Entreprise fictive {n}")
    kind = OrganisationKind.SME
    siren = factory.Sequence(lambda n: siren_for(n + 100))
    department = "31"
    size_band = "10-49"
    status = OrganisationStatus.VALIDATED

    class Meta:
        model = Organisation


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Camille Exemple {n}")
    is_admin = True

    class Meta:
        model = Membership


def pdf_bytes() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class NeedFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.LARGE)
    title = factory.Sequence(lambda n: f"Maintenance de lignes d'usinage {n}")
    description = "Contrat de maintenance préventive sur trois sites."
    axis = "achats"
    deadline = factory.LazyFunction(
        lambda: __import__("datetime").date.today() + __import__("datetime").timedelta(days=30)
    )

    class Meta:
        model = "members.Need"
        skip_postgeneration_save = True

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        from members.models import Category, Department

        if create:
            self.departments.set(extracted or [Department.objects.get(code="31")])
            self.categories.set([Category.objects.get(slug="industrie-mecanique")])


class ResponseFactory(factory.django.DjangoModelFactory):
    need = factory.SubFactory(NeedFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    message = "Nous assurons déjà la maintenance de lignes similaires."
    contact_name = "Camille Exemple"
    contact_email = "camille@atelier.example"

    class Meta:
        model = "members.Response"
