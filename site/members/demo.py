"""Demo content of the Pacte Occitan platform: fictitious organisations (never real company
names), needs in the three axes, responses in every status, a buyer and an SME account."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import (
    Alert,
    Category,
    Membership,
    Need,
    Organisation,
    OrganisationStatus,
    PartnerInvitation,
    PartnerStatus,
    Response,
    ResponseStatus,
)

# name, kind, SIREN (valid Luhn key, fictitious), department, size band, categories, directory
ORGANISATIONS = [
    (
        "Aérolia Sud Systèmes (démo)",
        "grand_compte",
        "100000009",
        "31",
        "5000+",
        ["aeronautique-spatial", "ingenierie-etudes"],
        False,
    ),
    (
        "Laboratoires Garrigue Santé (démo)",
        "grand_compte",
        "100000017",
        "81",
        "5000+",
        ["sante-cosmetique"],
        False,
    ),
    (
        "Atelier Méca du Lauragais (démo)",
        "pme",
        "100000025",
        "11",
        "10-49",
        ["industrie-mecanique", "aeronautique-spatial"],
        True,
    ),
    (
        "Numéris Occitanie Conseil (démo)",
        "pme",
        "100000033",
        "34",
        "1-9",
        ["numerique-informatique", "ingenierie-etudes"],
        True,
    ),
    ("Formations Pyrène (démo)", "pme", "100000041", "65", "10-49", ["formation-rh"], True),
    (
        "Usinage Tarnais de Précision (démo)",
        "pme",
        "100000058",
        "81",
        "50-249",
        ["industrie-mecanique"],
        True,
    ),
]

NEEDS = [
    (
        0,
        "Sous-traitance d'usinage de pièces en aluminium",
        "achats",
        ["industrie-mecanique"],
        ["31", "81", "11"],
        "100-500k",
    ),
    (
        0,
        "Jumeau numérique d'une ligne d'assemblage",
        "innovation",
        ["numerique-informatique"],
        ["31"],
        "25-100k",
    ),
    (
        1,
        "Formation de 40 opérateurs aux bonnes pratiques",
        "rh",
        ["formation-rh"],
        ["81", "65"],
        "lt25k",
    ),
    (
        1,
        "Maintenance des équipements de conditionnement",
        "achats",
        ["industrie-mecanique"],
        ["81"],
        "25-100k",
    ),
]

DEMO_ACCOUNTS = [
    ("acheteur@pacte-demo.example", 0, "Julie Acheteuse (démo)", "Responsable achats"),
    ("pme@pacte-demo.example", 2, "Marc Dirigeant (démo)", "Gérant"),
]


def seed(stdout, password):
    if Organisation.objects.filter(siren=ORGANISATIONS[0][2]).exists():
        stdout.write("Plateforme Pacte Occitan : déjà en place.")
        return
    organisations = []
    for name, kind, siren, department, size, categories, directory in ORGANISATIONS:
        organisation = Organisation.objects.create(
            name=name,
            kind=kind,
            siren=siren,
            department=department,
            size_band=size,
            in_directory=directory,
            status=OrganisationStatus.VALIDATED,
            description="Organisation fictive créée pour la démonstration.",
        )
        organisation.categories.set(Category.objects.filter(slug__in=categories))
        organisations.append(organisation)
    today = timezone.localdate()
    needs = []
    for index, (owner, title, axis, categories, departments, budget) in enumerate(NEEDS):
        need = Need.objects.create(
            organisation=organisations[owner],
            title=title,
            axis=axis,
            budget_band=budget,
            description=f"{title}. Besoin fictif de démonstration : cahier des charges sur "
            "demande, réponse attendue avec références et délais.",
            deadline=today + datetime.timedelta(days=20 + 5 * index),
            published_at=timezone.now() - datetime.timedelta(days=40 - 10 * index),
        )
        need.categories.set(Category.objects.filter(slug__in=categories))
        need.departments.set(departments)
        needs.append(need)
    statuses = [
        ResponseStatus.SUBMITTED,
        ResponseStatus.SHORTLISTED,
        ResponseStatus.DECLINED,
        ResponseStatus.WON,
    ]
    responses = []
    for index, status in enumerate(statuses):
        response = Response.objects.create(
            need=needs[index],
            organisation=organisations[2 + index % 4],
            message="Proposition de démonstration : nous pouvons répondre dans les délais.",
            contact_name="Contact démo",
            contact_email="contact@pacte-demo.example",
            status=status,
            decision_reason="Offre moins adaptée au volume." if status == "declinee" else "",
            decided_at=None if status == ResponseStatus.SUBMITTED else timezone.now(),
            paid_on_time=True if status == ResponseStatus.WON else None,
        )
        responses.append(response)
    # A joint response: the Lauragais workshop machines with the Tarn one, which accepted.
    PartnerInvitation.objects.create(
        response=responses[0],
        organisation=organisations[5],
        status=PartnerStatus.ACCEPTED,
        answered_at=timezone.now(),
    )
    lines = []
    for email, organisation_index, full_name, job_title in DEMO_ACCOUNTS:
        user = get_user_model().objects.create_user(
            username=email.split("@")[0] + "-pacte", email=email, password=password
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        membership = Membership.objects.create(
            user=user,
            organisation=organisations[organisation_index],
            full_name=full_name,
            job_title=job_title,
            is_admin=True,
        )
        Alert.objects.create(membership=membership, active=True)
        lines.append(
            f"  {email:<30} {organisations[organisation_index].name}  mot de passe : {password}"
        )
    stdout.write(
        "Comptes de démonstration de la plateforme Pacte Occitan (/espace-membres/) :\n"
        + "\n".join(lines)
    )
