"""Demo bodies, fictional representatives, their mandates, the 2026 influence report and the
2026 media plan.

Every person, company and media outlet here is invented ("Démo SARL", "titre fictif"): the
seeds say where the federation sits and that a regional media plan will make its positions
visible, never who sits there nor which newspapers cover it.
"""

import datetime
import json

from podcast.models import EpisodePage
from positions.models import PositionPage, Spokesperson, Theme

from .models import (
    Body,
    InfluenceReportPage,
    Mandate,
    MediaAction,
    MediaPlanPage,
    Representative,
)

THEMES = [
    ("foncier", "Foncier"),
    ("simplification", "Simplification"),
    ("competences", "Compétences"),
    ("energie", "Énergie"),
    ("commande-publique", "Commande publique"),
    ("fabrique-en-france", "Fabriqué en France"),
    ("tresorerie", "Trésorerie"),
]

BODIES = [
    # (name, kind, level, department)
    ("CESER Occitanie", "ceser", "regional", ""),
    ("URSSAF Midi-Pyrénées", "urssaf", "regional", ""),
    ("URSSAF Languedoc-Roussillon", "urssaf", "regional", ""),
    ("CCI Occitanie", "cci", "regional", ""),
    ("OPCO des entreprises de proximité – Occitanie", "formation-opco", "regional", ""),
    ("Tribunal de commerce de Toulouse", "tribunal-commerce", "local", "31"),
    ("Tribunal de commerce de Montpellier", "tribunal-commerce", "local", "34"),
    ("Tribunal de commerce de Nîmes", "tribunal-commerce", "local", "30"),
    ("Tribunal de commerce de Perpignan", "tribunal-commerce", "local", "66"),
    ("Tribunal de commerce de Rodez", "tribunal-commerce", "local", "12"),
    ("Conseil de prud'hommes de Toulouse", "prudhommes", "local", "31"),
    ("Conseil de prud'hommes de Montpellier", "prudhommes", "local", "34"),
    ("Conseil de prud'hommes de Tarbes", "prudhommes", "local", "65"),
    ("CPAM de la Haute-Garonne", "cpam", "departemental", "31"),
    ("CPAM de l'Hérault", "cpam", "departemental", "34"),
    ("CPAM du Tarn", "cpam", "departemental", "81"),
    ("CCI du Gers", "cci", "departemental", "32"),
    ("CCI de l'Aude", "cci", "departemental", "11"),
    (
        "Commission départementale d'aménagement commercial du Lot",
        "commission-departementale",
        "departemental",
        "46",
    ),
    (
        "Commission départementale d'aménagement commercial de Tarn-et-Garonne",
        "commission-departementale",
        "departemental",
        "82",
    ),
    (
        "Commission départementale d'aménagement commercial de l'Ariège",
        "commission-departementale",
        "departemental",
        "09",
    ),
]

FIRST_NAMES = [
    "Claire",
    "Marc",
    "Inès",
    "Paul",
    "Lucie",
    "Yann",
    "Sofia",
    "Hugo",
    "Nadia",
    "Éric",
    "Julie",
    "Karim",
    "Anne",
    "Théo",
    "Léa",
    "Samir",
    "Maud",
    "Louis",
    "Nora",
    "Rémi",
    "Agnès",
    "Bruno",
    "Chloé",
    "David",
    "Emma",
    "Fabien",
    "Gaëlle",
    "Henri",
]
SURNAMES = ["Exemple", "Fictif", "Modèle", "Témoin", "Maquette", "Essai", "Prototype"]
TRADES = [
    "Démo SARL",
    "Atelier Démo SAS",
    "Démo Logistique",
    "Boulangerie Démo",
    "Démo Bâtiment",
    "Démo Conseil",
    "Imprimerie Démo",
    "Démo Transports",
    "Démo Numérique",
    "Menuiserie Démo",
]
POSITIONS = ["Gérante", "Gérant", "Présidente", "Président", "Directrice générale", "Dirigeant"]
DEPARTMENTS = ["31", "34", "30", "66", "12", "65", "81", "32", "11", "46", "82", "09"]
ROLES = ["titulaire", "titulaire", "suppleant", "juge", "president", "vice-president"]
NOT_CONSENTING = {4, 13, 22}


def people():
    """28 invented representatives: a name, a "Démo" company, a position, a department."""
    for index, first_name in enumerate(FIRST_NAMES):
        yield {
            "name": f"{first_name} {SURNAMES[index % len(SURNAMES)]}",
            "company": f"{TRADES[index % len(TRADES)]} {index + 1:02d}",
            "position": POSITIONS[index % len(POSITIONS)],
            "department_code": DEPARTMENTS[index % len(DEPARTMENTS)],
            "public_consent": index not in NOT_CONSENTING,
        }


def seats(bodies, representatives):
    """42 mandates: every body gets one or two holders; a few have already ended."""
    plan = []
    for index in range(42):
        body = bodies[index % len(bodies)]
        person = representatives[(index * 5) % len(representatives)]
        if body.kind in {"tribunal-commerce", "prudhommes"}:
            role = "juge" if index % 3 else "president"
        else:
            role = ROLES[index % len(ROLES)]
        if role == "juge" and body.kind not in {"tribunal-commerce", "prudhommes"}:
            role = "titulaire"
        start = datetime.date(2021 + index % 5, 1 + index % 12, 1)
        end = datetime.date(2025, 6, 30) if index % 9 == 8 else None
        training = start + datetime.timedelta(days=90) if index % 3 != 2 else None
        plan.append((person, body, role, start, end, training, index))
    return plan


def seed(home_page, stdout):
    themes = [
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0] for slug, name in THEMES
    ]
    bodies = [
        Body.objects.get_or_create(
            name=name, defaults={"kind": kind, "level": level, "department_code": department}
        )[0]
        for name, kind, level, department in BODIES
    ]
    representatives = [
        Representative.objects.get_or_create(
            name=fields["name"], company=fields["company"], defaults=fields
        )[0]
        for fields in people()
    ]
    created = 0
    for person, body, role, start, end, training, index in seats(bodies, representatives):
        mandate, is_new = Mandate.objects.get_or_create(
            representative=person,
            body=body,
            start_date=start,
            defaults={"role": role, "end_date": end, "training_completed_on": training},
        )
        if is_new:
            mandate.themes.set([themes[index % len(themes)], themes[(index + 3) % len(themes)]])
            created += 1
    if created:
        stdout.write(f"{created} mandats de démonstration créés.")
    if not InfluenceReportPage.objects.filter(year=2026).exists():
        page = home_page.add_child(
            instance=InfluenceReportPage(
                title="Rapport d'influence 2026",
                slug="rapport-influence-2026",
                year=2026,
                show_in_menus=True,
                introduction=(
                    "<p>Dans les instances où se décident les règles du quotidien des "
                    "entreprises (sécurité sociale, justice commerciale, formation, "
                    "aménagement commercial), des chefs de TPE et de PME siègent au nom de la "
                    "CPME Occitanie.</p><p>Ce rapport montre où ils siègent, sur quels sujets "
                    "ils interviennent et comment nous les formons, pour que chaque adhérent "
                    "sache qui le représente. Les personnes et entreprises présentées ici "
                    "sont fictives : ce sont des données de démonstration.</p>"
                ),
            )
        )
        page.save_revision().publish()
        stdout.write(f"Page « {page.title} » créée.")
    seed_media_plan(home_page, stdout)


MEDIA_PLAN_SLUG = "plan-media-2026"

# (date, channel, outlet, topic, position slug, episode slug, status, coverage URL, audience)
MEDIA_ACTIONS = [
    (
        (2, 10),
        "presse-ecrite",
        "La Gazette d'Occitanie (titre fictif)",
        "Présentation du livre blanc « Redynamiser l'industrie » : cap sur 13 % du PIB",
        "redynamiser-l-industrie",
        "",
        "realise",
        "https://gazette-occitanie.example/2026/02/livre-blanc-industrie",
        42000,
    ),
    (
        (2, 12),
        "reseaux-sociaux",
        "Page LinkedIn de la CPME Occitanie",
        "Les six leviers du livre blanc en six courtes vidéos",
        "redynamiser-l-industrie",
        "",
        "realise",
        "https://reseau-social.example/cpme-occitanie/six-leviers",
        12800,
    ),
    (
        (3, 5),
        "radio",
        "Radio Pays d'Oc (station fictive)",
        "Délais de paiement : quand la trésorerie des TPE ne tient qu'à un fil",
        "",
        "tresorerie-tenir-le-cap",
        "realise",
        "https://radio-pays-doc.example/podcasts/tresorerie-tpe",
        28000,
    ),
    (
        (4, 14),
        "podcast",
        "Cash PME",
        "Réindustrialiser : les industriels de la région répondent au livre blanc",
        "",
        "reindustrialiser-de-9-a-13",
        "realise",
        "",
        2300,
    ),
    (
        (5, 19),
        "tv",
        "Occitanie Télé Démo (chaîne fictive)",
        "Foncier économique : ce que révèle le Test PME Occitanie",
        "test-pme-occitanie-foncier",
        "",
        "realise",
        "https://occitanie-tele.example/replay/foncier-pme",
        75000,
    ),
    (
        (6, 9),
        "web",
        "Éco Midi (site d'information fictif)",
        "Tribune : ouvrir les marchés publics aux PME de la région",
        "",
        "commande-publique-ouvrir-les-marches",
        "realise",
        "https://eco-midi.example/tribunes/commande-publique-pme",
        9400,
    ),
    (
        (6, 25),
        "evenement",
        "Journée Achat du Pacte Occitan",
        "Prise de parole sur l'accès des PME aux achats des grands comptes",
        "",
        "",
        "annule",
        "",
        None,
    ),
    (
        (9, 22),
        "presse-ecrite",
        "Le Journal des Entreprises du Sud (titre fictif)",
        "L'Alliance du Fabriqué en France vue depuis l'Occitanie",
        "alliance-du-fabrique-en-france",
        "",
        "realise",
        "https://journal-entreprises-sud.example/fabrique-en-france",
        18500,
    ),
    (
        (12, 3),
        "radio",
        "Radio Pays d'Oc (station fictive)",
        "Bilan de l'année des TPE et PME d'Occitanie",
        "",
        "",
        "prevu",
        "",
        None,
    ),
    (
        (12, 10),
        "evenement",
        "PME Xperience",
        "Restitution publique du PME Bootcamp 360 devant l'écosystème régional",
        "",
        "",
        "prevu",
        "",
        None,
    ),
    (
        (12, 15),
        "reseaux-sociaux",
        "Page LinkedIn de la CPME Occitanie",
        "Ce que les positions de 2026 ont changé pour les PME",
        "redynamiser-l-industrie",
        "",
        "prevu",
        "",
        None,
    ),
]


def seed_media_plan(home_page, stdout):
    """The 2026 plan, tied to the demo positions and episodes when they exist; left alone if
    the page is already there."""
    if home_page.get_children().filter(slug=MEDIA_PLAN_SLUG).exists():
        return
    positions = {page.slug: page for page in PositionPage.objects.all()}
    episodes = {page.slug: page for page in EpisodePage.objects.all()}
    spokesperson = Spokesperson.objects.order_by("pk").first()
    actions = []
    for spec in MEDIA_ACTIONS:
        (month, day), channel, outlet, topic, position, episode, status, url, audience = spec
        actions.append(
            MediaAction(
                date=datetime.date(2026, month, day),
                channel=channel,
                outlet=outlet,
                topic=topic,
                linked_position=positions.get(position),
                linked_episode=episodes.get(episode),
                spokesperson=spokesperson if channel != "podcast" else None,
                status=status,
                coverage_url=url,
                audience=audience,
            )
        )
    page = home_page.add_child(
        instance=MediaPlanPage(
            title="Plan média 2026",
            slug=MEDIA_PLAN_SLUG,
            period_label="2026",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            show_in_menus=True,
            objectives=(
                "<p>Faire entendre la voix des TPE et PME d'Occitanie dans le débat public : "
                "chaque prise de position de la CPME Occitanie doit trouver un relais dans la "
                "presse régionale, à la radio, à la télévision et sur les réseaux.</p>"
                "<ul><li>porter le livre blanc « Redynamiser l'industrie » dans les 13 "
                "départements ;</li><li>faire connaître le podcast mensuel Cash PME ;</li>"
                "<li>installer la CPME comme interlocutrice de référence sur la trésorerie, le "
                "foncier et la commande publique.</li></ul>"
                "<p>Les médias cités sont fictifs : ce sont des données de démonstration.</p>"
            ),
            key_messages=json.dumps(
                [
                    {"type": "message", "value": message}
                    for message in (
                        "Les petites entreprises n'ont aucune marge de sécurité : elles ont "
                        "besoin de réponses immédiates.",
                        "L'industrie doit repasser de 9 % à 13 % du PIB, avec les PMI des "
                        "territoires.",
                        "La commande publique doit s'ouvrir davantage aux PME de la région.",
                    )
                ]
            ),
            media_actions=actions,
        )
    )
    page.save_revision().publish()
    stdout.write(f"Page « {page.title} » créée avec {len(actions)} actions média.")
