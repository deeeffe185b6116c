"""Demo content written for the site from the facts of the seed documents (shared/seeds/)."""

ANTENNAS = [
    # (code, name, city)
    ("09", "CPME Ariège", "Foix"),
    ("11", "CPME Aude", "Carcassonne"),
    ("12", "CPME Aveyron", "Rodez"),
    ("30", "CPME Gard", "Nîmes"),
    ("31", "CPME Haute-Garonne", "Toulouse"),
    ("32", "CPME Gers", "Auch"),
    ("34", "CPME Hérault", "Montpellier"),
    ("46", "CPME Lot", "Cahors"),
    ("48", "CPME Lozère", "Mende"),
    ("65", "CPME Hautes-Pyrénées", "Tarbes"),
    ("66", "CPME Pyrénées-Orientales", "Perpignan"),
    ("81", "CPME Tarn", "Albi"),
    ("82", "CPME Tarn-et-Garonne", "Montauban"),
]

IDENTITY = {
    "organisation_name": "CPME Occitanie",
    "tagline": "La voix des TPE et PME d'Occitanie, de la Méditerranée aux Pyrénées.",
    "contact_email": "contact@cpme-occitanie.example",
    "contact_phone": "05 00 00 00 00",
    "postal_address": "Adresse de démonstration\n31000 Toulouse",
    "members_count": 3000,
    "members_goal": 6000,
    "employees_represented": 41000,
}

HOME = {
    "title": "Accueil",
    "hero_title": "Les petites entreprises font l'Occitanie. Nous portons leur voix.",
    "hero_text": (
        "Plus de 400 000 entreprises en Occitanie, dont 95 % de TPE et PME. La CPME Occitanie "
        "les rassemble, les accompagne et défend leurs intérêts auprès des institutions, avec "
        "un cap : doubler le nombre d'adhérents d'ici 2028."
    ),
    "hero_cta_label": "Rejoindre la CPME",
}

ANTENNA_INDEX = {
    "title": "Nos antennes",
    "slug": "antennes",
    "intro": (
        "Treize antennes départementales font vivre le réseau au plus près des dirigeants. "
        "Trouvez celle de votre département et prenez contact avec son équipe."
    ),
}


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _figures(title, figures):
    return {
        "type": "key_figures",
        "value": {
            "title": title,
            "figures": [{"value": v, "label": label, "source": ""} for v, label in figures],
        },
    }


def _quote(text, author, role):
    return {"type": "quote", "value": {"text": text, "author": author, "role": role}}


PROGRAMMES = [
    {
        "slug": "pacte-occitan",
        "title": "Pacte Occitan",
        "intro": (
            "Ouvrir aux PME les portes des achats des grands groupes de la région : une journée "
            "de rencontres, une plateforme dédiée et des visites d'entreprises réservées."
        ),
        "body": [
            _heading("Pourquoi un pacte"),
            _paragraph(
                "<p>Décrocher un premier contrat auprès d'un grand compte reste un parcours "
                "d'obstacles pour une petite entreprise. Le Pacte Occitan organise la rencontre "
                "entre les acheteurs des grands groupes et ETI de la région et les dirigeants de "
                "PME qui ont une offre à leur proposer.</p>"
            ),
            _figures(
                "Le pacte en chiffres",
                [
                    ("3", "piliers pour ouvrir les achats des grands comptes"),
                    ("5", "grands groupes régionaux parmi les partenaires envisagés"),
                ],
            ),
            _heading("Trois piliers"),
            _paragraph(
                "<ol><li><b>La Journée Achat</b> réunit acheteurs et entrepreneurs pour des "
                "rendez-vous préparés.</li><li><b>Une plateforme numérique réservée</b> met en "
                "relation les PME et les grands comptes toute l'année.</li><li><b>Des visites "
                "confidentielles</b> font découvrir de l'intérieur les besoins des grandes "
                "entreprises.</li></ol>"
            ),
            _heading("Qui s'engage"),
            _paragraph(
                "<p>Des groupes comme Airbus, Pierre Fabre, Thales, Royal Canin ou Perrier font "
                "partie des partenaires envisagés, aux côtés d'autres ETI régionales. Un comité "
                "de pilotage suit les engagements pris par chacun.</p>"
                "<p>Le financement associe les cotisations des grands groupes, des aides "
                "publiques (Région, Bpifrance, DREETS, fonds européens) et le soutien du Club "
                "ETI.</p>"
            ),
            "cta",
        ],
    },
    {
        "slug": "pme-bootcamp-360",
        "title": "PME Bootcamp 360",
        "intro": (
            "Douze mois pour transformer son entreprise : dix dirigeants sélectionnés, un "
            "accompagnement sur mesure, une grande école et des mentors chevronnés."
        ),
        "body": [
            _figures(
                "Le programme en bref",
                [("12", "mois d'accompagnement"), ("10", "entreprises sélectionnées")],
            ),
            _heading("Un parcours complet"),
            _paragraph(
                "<ul><li>un accompagnement individuel adapté à chaque entreprise ;</li>"
                "<li>des formations collectives assurées par une grande école ;</li>"
                "<li>le mentorat de dirigeants expérimentés ;</li>"
                "<li>chaque trimestre, une immersion auprès d'investisseurs et de "
                "décideurs.</li></ul>"
            ),
            _heading("Une restitution publique"),
            _paragraph(
                "<p>Le parcours s'achève par une présentation devant l'écosystème économique "
                "régional : l'occasion de montrer le chemin parcouru et de gagner en "
                "visibilité.</p>"
            ),
            "cta",
        ],
    },
    {
        "slug": "pme-xperience",
        "title": "PME Xperience",
        "intro": (
            "Une journée pour vivre l'entreprise autrement : débattre, se confier, se laisser "
            "inspirer. Un format participatif soutenu par la Région Occitanie et Bpifrance."
        ),
        "body": [
            _heading("Trois temps forts"),
            _paragraph(
                "<ol><li><b>Le Choc des idées</b>, le matin : des débats francs sur les sujets "
                "qui fâchent.</li><li><b>Le Confessionnal PME</b>, l'après-midi : la parole "
                "libre des dirigeants.</li><li><b>PME No Limit</b>, en soirée : le témoignage "
                "d'une personnalité inspirante.</li></ol>"
            ),
            _quote(
                "Nous voulons une CPME utile, réactive et force de solutions concrètes pour les "
                "chefs d'entreprise.",
                "Vincent Aguilera",
                "président de la CPME Occitanie (propos résumés)",
            ),
            "cta",
        ],
    },
    {
        "slug": "test-pme-occitanie",
        "title": "Test PME Occitanie",
        "intro": (
            "Mesurer, avant qu'elles ne s'appliquent, l'effet des politiques publiques "
            "régionales sur les petites entreprises, sur le modèle du Test PME national."
        ),
        "body": [
            _heading("Le principe"),
            _paragraph(
                "<p>Une mesure pensée pour les grandes organisations peut peser lourd sur une "
                "entreprise de dix salariés. Le Test PME Occitanie interroge un panel de "
                "dirigeants sur les projets de politiques régionales et publie les résultats, "
                "pour que les décideurs en tiennent compte.</p>"
            ),
            _paragraph(
                "<p>Les résultats de chaque test sont publiés avec nos prises de position.</p>"
            ),
            "cta",
        ],
    },
    {
        "slug": "adherer",
        "title": "Adhérer à la CPME Occitanie",
        "intro": (
            "Rejoindre un réseau de 3 000 entreprises et 13 antennes : être représenté, être "
            "informé, être accompagné."
        ),
        "body": [
            _figures(
                "Un réseau qui grandit",
                [
                    ("3 000", "adhérents aujourd'hui"),
                    ("6 000", "adhérents visés d'ici 2028"),
                    ("41 000", "salariés représentés"),
                ],
            ),
            _heading("Ce que vous y gagnez"),
            _paragraph(
                "<ul><li>une représentation dans les instances qui comptent : CESER, URSSAF, "
                "tribunaux de commerce, organismes de formation ;</li>"
                "<li>des réponses concrètes de votre antenne départementale ;</li>"
                "<li>un accès prioritaire au Pacte Occitan, au PME Bootcamp 360 et à PME "
                "Xperience ;</li><li>des rencontres avec d'autres dirigeants tout au long de "
                "l'année.</li></ul>"
            ),
            _paragraph(
                "<p>Pour adhérer, contactez l'antenne de votre département : elle vous "
                "présentera les conditions et les services.</p>"
            ),
        ],
    },
]

CTA = {
    "title": "Envie d'en être ?",
    "text": "Votre antenne départementale vous présente le programme et ses prochaines dates.",
    "button_label": "Trouver mon antenne",
}

DEMO_USERS = [
    # (username, first name, last name, group or None for superuser)
    ("admin", "Admin", "Démo", None),
    ("moderatrice", "Camille", "Modératrice", "Moderators"),
    ("redacteur", "Lucas", "Rédacteur", "Editors"),
]

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
