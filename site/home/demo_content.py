"""Demo content written for the site from the facts of the seed documents (shared/seeds/)."""

from core import roles

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

# The header's menu: short labels, so that it holds on one line at 1280 px.
MENU_PROGRAMMES = [
    ("pacte-occitan", "Les achats des grands comptes ouverts aux PME"),
    ("pme-bootcamp-360", "Douze mois pour transformer son entreprise"),
    ("pme-xperience", "Une journée pour vivre l'entreprise autrement"),
    ("test-pme-occitanie", "L'effet des politiques régionales mesuré"),
]
MENU_LINKS = [
    ("themes", "Nos sujets"),
    ("prises-de-position", "Positions"),
    ("rapport-influence-2026", "Influence"),
    ("cash-pme", "Podcast"),
    ("agenda", "Agenda"),
    ("antennes", "Antennes"),
    ("presse", "Presse"),
]
FOOTER_LINKS = [
    ("prises-de-position", "Nos prises de position"),
    ("rapport-influence-2026", "Rapport d'influence 2026"),
    ("plan-media-2026", "Plan média 2026"),
    ("cash-pme", "Cash PME, le podcast"),
    ("agenda", "Agenda régional"),
    ("presse", "Espace presse"),
]
LEGAL_PAGES = {
    "legal_notice_page": "mentions-legales",
    "privacy_page": "donnees-personnelles",
    "accessibility_page": "accessibilite",
}
# The pages the footer links to: written for the demo (fictitious publisher details), true to
# what the site stores (retention periods from config.settings.base).
LEGAL_CONTENT = [
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "intro": "Qui publie ce site, qui l'héberge et comment nous joindre.",
        "body": [
            _heading("Éditeur"),
            _paragraph(
                "<p>CPME Occitanie, confédération régionale des petites et moyennes "
                "entreprises (association loi 1901). Adresse de démonstration, 31000 Toulouse. "
                "Directeur de la publication : le président de la CPME Occitanie.</p>"
            ),
            _heading("Hébergement"),
            _paragraph(
                "<p>Le site est hébergé en France par un prestataire dont les coordonnées "
                "figurent ici sur le site en ligne (site de démonstration).</p>"
            ),
            _heading("Contenus et réutilisation"),
            _paragraph(
                "<p>Les textes, illustrations et enregistrements du site appartiennent à la "
                "CPME Occitanie ou à leurs auteurs. Les données du rapport d'influence sont "
                "publiées en fichiers ouverts : citez la source quand vous les réutilisez.</p>"
            ),
        ],
    },
    {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "intro": (
            "Ce que le site enregistre quand vous le consultez, pourquoi, combien de temps, et "
            "comment exercer vos droits."
        ),
        "body": [
            _heading("Ce que nous enregistrons"),
            _paragraph(
                "<ul><li><b>Écoutes du podcast</b> : chaque téléchargement d'un épisode est "
                "compté sans conserver l'adresse IP en clair ; les relevés bruts sont "
                "supprimés après 13 mois.</li>"
                "<li><b>Recherches</b> : les mots cherchés sont gardés 90 jours, sans lien "
                "avec la personne, pour améliorer les résultats.</li>"
                "<li><b>Connexions à l'administration</b> : date, adresse IP et navigateur, "
                "6 mois, pour protéger les comptes.</li>"
                "<li><b>Alertes presse</b> : votre adresse et vos thèmes, jusqu'à votre "
                "désinscription ; la trace de votre consentement un an après.</li>"
                "<li><b>Formulaire « Adhérer »</b> : votre message part par e-mail à "
                "l'antenne de votre département ; le site n'en garde aucune copie.</li></ul>"
            ),
            _heading("Cookies"),
            _paragraph(
                "<p>Aucun cookie publicitaire ni de mesure d'audience. Seuls les comptes "
                "(administration, espace membres) posent un cookie de session et un cookie de "
                "sécurité des formulaires. Le lecteur du podcast retient dans votre navigateur "
                "la vitesse choisie et l'endroit où vous vous êtes arrêté : rien n'est "
                "envoyé.</p>"
            ),
            _heading("Vos droits"),
            _paragraph(
                "<p>Vous pouvez demander l'accès, la rectification ou l'effacement de vos "
                "données en écrivant à l'adresse de contact en bas de page, et saisir la CNIL "
                "si la réponse ne vous satisfait pas.</p>"
            ),
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "intro": (
            "La CPME Occitanie s'engage à rendre son site accessible, conformément à "
            "l'article 47 de la loi du 11 février 2005."
        ),
        "body": [
            _heading("État de conformité"),
            _paragraph(
                "<p>Ce site est <b>partiellement conforme</b> au référentiel général "
                "d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des "
                "non-conformités énumérées ci-dessous.</p>"
            ),
            _heading("Résultats des tests"),
            _paragraph(
                "<p>Chaque type de page est vérifié automatiquement à chaque modification "
                "(axe-core, sans erreur grave ni critique), au clavier et à 375, 768 et "
                "1 280 pixels de large. Un audit complet par un organisme indépendant reste à "
                "conduire.</p>"
            ),
            _heading("Contenus non accessibles"),
            _paragraph(
                "<ul><li>certains épisodes anciens du podcast n'ont pas encore de "
                "transcription ;</li><li>les cartes du rapport d'influence ont leur tableau "
                "de données, mais pas encore de description textuelle détaillée.</li></ul>"
            ),
            _heading("Retour d'information et contact"),
            _paragraph(
                "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous "
                "à l'adresse de contact en bas de page : nous vous répondrons et vous "
                "proposerons une autre forme d'accès. Si notre réponse ne vous satisfait pas, "
                "vous pouvez saisir le Défenseur des droits.</p>"
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
    ("moderatrice", "Camille", "Modératrice", roles.MODERATORS),
    ("redacteur", "Lucas", "Rédacteur", roles.EDITORS),
]
