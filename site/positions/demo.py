"""Demo positions written from the facts of the seed documents (shared/seeds/002_*.txt).

The people are fictional; the white paper's goal, levers and the Alliance du Fabriqué en France
come from the seed. Pages that already exist are never touched.
"""

import datetime
import json

from django.core.files.base import ContentFile
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .documents import document_page_count
from .models import (
    PositionIndexPage,
    PositionKind,
    PositionPage,
    PositionRelatedPage,
    PressContact,
    PressRoomPage,
    Spokesperson,
    Theme,
)

THEMES = [
    ("foncier", "Foncier", "Accès des entreprises au foncier économique."),
    ("simplification", "Simplification", "Des procédures plus simples et plus rapides."),
    ("competences", "Compétences", "Attractivité des métiers, formation et recrutement."),
    ("energie", "Énergie", "Souveraineté énergétique et coût de l'énergie pour les PME."),
    ("commande-publique", "Commande publique", "Ouvrir davantage les marchés publics aux PME."),
    ("fabrique-en-france", "Fabriqué en France", "Produire et acheter en France."),
    ("tresorerie", "Trésorerie", "Financement, délais de paiement et épargne productive."),
]

BOILERPLATE = (
    "La CPME Occitanie (Confédération des petites et moyennes entreprises) représente et "
    "défend les TPE et PME de l'industrie, du commerce, des services et de l'artisanat dans "
    "les treize départements de la région. Par ses antennes départementales et ses mandataires "
    "dans les instances économiques et sociales, elle porte la voix des entrepreneurs auprès "
    "des pouvoirs publics et les accompagne au quotidien. (Texte de démonstration.)"
)

PRESS_KEY_FIGURES = [
    {
        "type": "figures",
        "value": {
            "title": "",
            "figures": [
                {"value": "13", "label": "antennes départementales", "source": ""},
                {"value": "7", "label": "thèmes de propositions", "source": ""},
                {"value": "2026", "label": "année du livre blanc sur l'industrie", "source": ""},
            ],
        },
    }
]

PDF_TITLE = "Livre blanc « Redynamiser l'industrie » (démonstration)"

PROPOSALS = [
    (
        "Libérer du foncier pour les usines",
        "Recenser les friches et terrains mobilisables dans chaque département et réserver une "
        "part des zones d'activité aux PMI qui veulent s'agrandir.",
    ),
    (
        "Simplifier et accélérer les procédures",
        "Fixer des délais maximums d'instruction pour les projets industriels et désigner un "
        "interlocuteur unique pour le chef d'entreprise.",
    ),
    (
        "Rendre les métiers industriels attractifs",
        "Faire découvrir les ateliers aux collégiens, développer l'apprentissage et bâtir les "
        "formations avec les entreprises du territoire.",
    ),
    (
        "Garantir une énergie compétitive et souveraine",
        "Donner aux PMI une visibilité sur le prix de l'énergie et les accompagner dans "
        "leurs investissements d'efficacité énergétique.",
    ),
    (
        "Faire de la commande publique un levier pour les PME",
        "Alléger les dossiers de candidature et allotir davantage les marchés pour que les "
        "PMI locales puissent y répondre.",
    ),
    (
        "Valoriser le Fabriqué en France",
        "Mieux informer acheteurs et consommateurs sur l'origine des produits et soutenir "
        "l'Alliance du Fabriqué en France.",
    ),
]


def _pdf_text(text: str) -> str:
    encoded = text.encode("cp1252", "replace").decode("latin-1")
    return encoded.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one Helvetica text line per string, one page per list.

    Small enough to write by hand, so demo content and tests need no PDF library to make one.
    """
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, None]
    objects[2] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = []
    for lines in pages:
        stream = "BT /F1 12 Tf 16 TL 56 780 Td " + " ".join(
            f"({_pdf_text(line)}) Tj T*" for line in lines
        )
        stream += " ET"
        objects.append(
            f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream"
        )
        content_ref = len(objects)
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_ref} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def seed(home_page, stdout):
    themes = {slug: _theme(slug, name, description) for slug, name, description in THEMES}
    spokesperson, created = Spokesperson.objects.get_or_create(
        name="Hélène Exemple",
        defaults={
            "role": "Vice-présidente chargée de l'industrie (personne fictive)",
            "email": "industrie@cpme-occitanie.example",
            "bio": (
                "Dirige une PME de mécanique de précision dans le Tarn. Porte les propositions "
                "de la CPME Occitanie sur l'industrie, l'énergie et le foncier économique."
            ),
        },
    )
    if created:
        spokesperson.themes.set(
            [themes["energie"], themes["foncier"], themes["fabrique-en-france"]]
        )
    press_contact, _ = PressContact.objects.get_or_create(
        name="Julien Exemple",
        defaults={
            "role": "Attaché de presse (personne fictive)",
            "email": "presse@cpme-occitanie.example",
            "phone": "05 00 00 00 99",
        },
    )
    index = _child(
        home_page,
        PositionIndexPage,
        slug="prises-de-position",
        title="Nos prises de position",
        intro=(
            "Livres blancs, communiqués et résultats du Test PME Occitanie : ce que la CPME "
            "Occitanie propose pour les petites et moyennes entreprises de la région."
        ),
        show_in_menus=True,
    )
    people = {"spokesperson": spokesperson, "press_contact": press_contact}
    pdf = _white_paper_pdf()
    white_paper = _child(
        index,
        PositionPage,
        **_white_paper(themes),
        **people,
        pdf=pdf,
        pdf_page_count=document_page_count(pdf),
    )
    _child(index, PositionPage, **_test_pme(themes), **people)
    _child(
        index,
        PositionPage,
        **_press_release(themes),
        **people,
        related_links=[PositionRelatedPage(related_page=white_paper)],
    )
    _child(
        home_page,
        PressRoomPage,
        slug="presse",
        title="Espace presse",
        intro=(
            "Journalistes : retrouvez nos contacts, nos dernières prises de position et des "
            "visuels à reprendre avec leur crédit."
        ),
        kit=json.dumps(_press_kit()),
        key_figures=json.dumps(PRESS_KEY_FIGURES),
        boilerplate=BOILERPLATE,
        press_office_phone="05 00 00 00 99",
        press_office_email="presse@cpme-occitanie.example",
        show_in_menus=True,
    )
    stdout.write("Prises de position de démonstration prêtes.")


def _theme(slug, name, description):
    # The influence app seeds themes too: match on either natural key to avoid duplicates.
    theme = Theme.objects.filter(Q(slug=slug) | Q(name=name)).first()
    return theme or Theme.objects.create(slug=slug, name=name, description=description)


def _child(parent, model, slug, themes=(), **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    if themes:
        page.themes = themes
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _white_paper(themes):
    body = [
        {"type": "heading", "value": {"text": "Un cap : 13 % du PIB", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>L'industrie ne pèse plus que 9 % de la richesse produite en France. Le "
                "livre blanc de la CPME fixe un objectif chiffré : la porter à 13 % du PIB, en "
                "s'appuyant sur les PMI qui font vivre nos territoires.</p>"
                "<p>Ce plan est né d'une enquête menée à l'été 2025 auprès des adhérents, puis "
                "d'un groupe de travail réunissant experts, fédérations professionnelles et CPME "
                "territoriales.</p>"
            ),
        },
        {
            "type": "key_figures",
            "value": {
                "title": "Le plan en chiffres",
                "figures": [
                    {
                        "value": "9 %",
                        "label": "part actuelle de l'industrie dans le PIB",
                        "source": "",
                    },
                    {"value": "13 %", "label": "part visée par le livre blanc", "source": ""},
                    {"value": "6", "label": "leviers d'action concrets", "source": ""},
                ],
            },
        },
        {
            "type": "proposals",
            "value": {
                "title": "Nos six propositions",
                "proposals": [
                    {"title": title, "detail": f"<p>{detail}</p>"} for title, detail in PROPOSALS
                ],
            },
        },
        {"type": "heading", "value": {"text": "L'Alliance du Fabriqué en France", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>Pour prolonger ce travail, la CPME a pris l'initiative de l'Alliance du "
                "Fabriqué en France, fondée avec six autres organisations économiques et "
                "syndicales. Elle s'est donné trois chantiers : une commande publique plus "
                "favorable aux PME, une formation mieux adaptée aux besoins de l'industrie et "
                "une épargne davantage orientée vers l'investissement productif.</p>"
            ),
        },
        {
            "type": "quote",
            "value": {
                "text": "Produire ici n'est pas de la nostalgie : c'est une stratégie pour "
                "créer de la valeur et des emplois dans nos territoires.",
                "author": "Hélène Exemple",
                "role": "vice-présidente chargée de l'industrie (personne fictive)",
            },
        },
    ]
    return {
        "slug": "redynamiser-l-industrie",
        "title": "Redynamiser l'industrie",
        "kind": PositionKind.WHITE_PAPER,
        "themes": [
            themes[slug]
            for slug in (
                "foncier",
                "simplification",
                "competences",
                "energie",
                "commande-publique",
                "fabrique-en-france",
            )
        ],
        "publication_date": datetime.date(2025, 11, 4),
        "updated_date": datetime.date(2026, 2, 2),
        "summary": (
            "Le livre blanc de la CPME pour réindustrialiser la France avec ses PMI : faire "
            "passer l'industrie de 9 % à 13 % du PIB grâce à six leviers, du foncier au "
            "Fabriqué en France."
        ),
        "body": json.dumps(body),
    }


def _white_paper_pdf():
    document_model = get_document_model()
    document = document_model.objects.filter(title=PDF_TITLE).first()
    if document:
        return document
    pages = [
        [
            "Redynamiser l'industrie",
            "Livre blanc - document de démonstration",
            "",
            "Objectif : passer de 9 % à 13 % du PIB.",
        ],
        [f"{number}. {title}" for number, (title, _) in enumerate(PROPOSALS, start=1)],
    ]
    document = document_model(title=PDF_TITLE)
    document.file.save("redynamiser-l-industrie.pdf", ContentFile(simple_pdf(pages)), save=False)
    document.save()
    document.get_file_size()  # Wagtail's public getters fill in and save what its form would
    document.get_file_hash()
    return document


def _test_pme(themes):
    return {
        "slug": "test-pme-occitanie-foncier",
        "title": "Test PME Occitanie : le foncier économique vu par les dirigeants",
        "kind": PositionKind.TEST_PME,
        "themes": [themes["foncier"], themes["simplification"]],
        "publication_date": datetime.date(2026, 3, 10),
        "summary": (
            "Exemple de publication des résultats d'un Test PME Occitanie : avant qu'une "
            "politique régionale ne s'applique, un panel de dirigeants dit ce qu'elle changera "
            "pour leur entreprise. Contenu de démonstration."
        ),
        "body": json.dumps(
            [
                {"type": "heading", "value": {"text": "La méthode", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Le Test PME Occitanie soumet un projet de mesure régionale à un "
                        "panel de chefs de petites entreprises, puis publie leurs réponses "
                        "pour que les décideurs en tiennent compte.</p>"
                    ),
                },
                {
                    "type": "proposals",
                    "value": {
                        "title": "Ce que nous demandons",
                        "proposals": [
                            {
                                "title": "Associer les PME dès la conception des mesures",
                                "detail": "",
                            },
                            {
                                "title": "Publier l'effet attendu sur les petites entreprises",
                                "detail": "",
                            },
                        ],
                    },
                },
            ]
        ),
    }


def _press_release(themes):
    return {
        "slug": "alliance-du-fabrique-en-france",
        "title": "Alliance du Fabriqué en France : trois chantiers pour produire ici",
        "kind": PositionKind.PRESS_RELEASE,
        "themes": [
            themes["fabrique-en-france"],
            themes["commande-publique"],
            themes["competences"],
            themes["tresorerie"],
        ],
        "publication_date": datetime.date(2026, 1, 28),
        "summary": (
            "La CPME Occitanie relaie l'Alliance du Fabriqué en France, lancée à l'initiative "
            "de la CPME : commande publique, formation et épargne productive au service des "
            "entreprises qui produisent en France."
        ),
        "body": json.dumps(
            [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Fondée par la CPME avec six partenaires économiques et sociaux, "
                        "l'Alliance veut redonner de la valeur à la production française. Ses "
                        "priorités : des marchés publics plus accessibles aux PME, des "
                        "formations qui répondent aux difficultés de recrutement de "
                        "l'industrie, et une épargne mieux dirigée vers l'investissement "
                        "productif.</p>"
                    ),
                }
            ]
        ),
    }


def _press_kit():
    image = get_image_model().objects.order_by("pk").first()
    if image is None:
        return []
    return [
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "caption": "Le réseau des treize antennes de la CPME Occitanie",
                "credit": "CPME Occitanie (illustration de démonstration)",
            },
        }
    ]
