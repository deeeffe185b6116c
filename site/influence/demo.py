"""Demo bodies, fictional representatives, their mandates and the 2026 influence report.

Every person and company here is invented ("Démo SARL"): the seeds say where the federation
sits (CESER, URSSAF, commercial courts, training bodies), never who sits there.
"""

import datetime

from positions.models import Theme

from .models import Body, InfluenceReportPage, Mandate, Representative

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
