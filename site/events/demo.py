"""Demo calendar: a few events of the network around today's date."""

import datetime

from django.utils import timezone

from antennas.models import Antenna
from core.demo import published_child

from .models import EventIndexPage, EventPage

EVENT_INDEX = {
    "title": "Agenda régional",
    "slug": "agenda",
    "intro": (
        "Le calendrier commun des antennes : journées PME Xperience, Journée Achat du Pacte "
        "Occitan, formations des mandataires et rencontres départementales."
    ),
}

EVENTS = [
    # (slug, title, days from today, hours, kind, department, place, address, cancelled)
    ("pme-xperience-toulouse", "PME Xperience à Toulouse", 21, (9, 22), "pme-xperience", "31",
     "Centre de congrès (démo)", "Toulouse", False),
    ("journee-achat-pacte-occitan", "Journée Achat du Pacte Occitan", 45, (9, 17),
     "journee-achat", "", "Lieu à confirmer (démo)", "Montpellier", False),
    ("formation-mandataires-urssaf", "Formation des mandataires : siéger à l'URSSAF", 10,
     (14, 17), "formation-mandataires", "34", "Antenne de l'Hérault", "Montpellier", False),
    ("reunion-antenne-tarn", "Réunion de l'antenne du Tarn", 5, (18, 20), "reunion-antenne",
     "81", "Salle de démonstration", "Albi", True),
    ("restitution-bootcamp-360", "Restitution publique du PME Bootcamp 360", -30, (17, 20),
     "bootcamp", "", "Lieu de démonstration", "Toulouse", False),
]  # fmt: skip

EVENT_DESCRIPTIONS = {
    "pme-xperience": (
        "<p>Une journée pour vivre l'entreprise autrement : le Choc des idées le matin, le "
        "Confessionnal PME l'après-midi, PME No Limit en soirée.</p>"
    ),
    "journee-achat": (
        "<p>Des rendez-vous préparés entre acheteurs de grands comptes et dirigeants de PME, "
        "premier pilier du Pacte Occitan.</p>"
    ),
    "formation-mandataires": (
        "<p>Une demi-journée pour préparer les représentants de la CPME à leurs mandats : rôle, "
        "positions communes, retours d'expérience.</p>"
    ),
    "reunion-antenne": "<p>La rencontre trimestrielle des adhérents de l'antenne.</p>",
    "bootcamp": (
        "<p>Les dix entreprises de la promotion présentent une année de transformation devant "
        "l'écosystème économique régional.</p>"
    ),
}


def seed(home, stdout):
    calendar = published_child(home, EventIndexPage, stdout=stdout, **EVENT_INDEX)
    today = timezone.localdate()
    for slug, title, days, hours, kind, department, place, address, cancelled in EVENTS:
        if calendar.get_children().filter(slug=slug).exists():
            continue
        day = today + datetime.timedelta(days=days)
        start, end = (
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
            for hour in hours
        )
        event = calendar.add_child(
            instance=EventPage(
                slug=slug,
                title=title,
                start=start,
                end=end,
                kind=kind,
                department_code=department,
                antenna=Antenna.objects.filter(department_code=department).first(),
                place=place,
                address=address,
                description=EVENT_DESCRIPTIONS[kind],
                registration_url="https://www.cpme-occitanie.example/inscription/",
                cancelled=cancelled,
            )
        )
        event.save_revision().publish()
    return calendar
