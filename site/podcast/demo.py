"""Demo show and episodes for seed_demo, with real (generated) MPEG audio."""

import datetime
import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from wagtail.images import get_image_model

from core import artwork

from .cache import invalidate_shows
from .ingest import ingest_audio
from .models import EpisodeChapter, EpisodePage, EpisodePerson, ListenLink, PodcastPage

COVER_TITLE = "Démo – pochette Cash PME"

# Ten-second tones standing in for episodes, made once by tests/podcast/tones.generate_mp3 (the
# encoder, lameenc, is a development dependency: production code never imports it).
DEMO_AUDIO = Path(__file__).parent / "demo_audio"

SHOW = {
    "title": "Cash PME",
    "slug": "cash-pme",
    "description": (
        "Le podcast mensuel de la CPME Occitanie : des dirigeants de TPE et PME parlent sans "
        "filtre de trésorerie, d'industrie, de marchés publics et de tout ce qui fait (ou défait) "
        "une petite entreprise."
    ),
    "author": "CPME Occitanie",
    "owner_name": "Service communication CPME Occitanie",
    "owner_email": "podcast@cpme-occitanie.example",
    "apple_category": "Business",
    "apple_subcategory": "Entrepreneurship",
    "copyright": "© CPME Occitanie",
    "funding_url": "https://www.cpme-occitanie.example/adherer/",
    "funding_label": "Adhérer à la CPME Occitanie",
}

EPISODES = [
    {
        "slug": "tresorerie-tenir-le-cap",
        "title": "Trésorerie : tenir quand les paiements tardent",
        "number": 1,
        "summary": (
            "Un retard de paiement suffit parfois à mettre une petite entreprise en difficulté. "
            "Deux dirigeants racontent comment ils pilotent leur trésorerie au jour le jour."
        ),
        "notes": (
            "<p>Dans ce premier épisode, on parle de ce qui empêche les patrons de TPE de dormir : "
            "la trésorerie.</p><ul><li>les délais de paiement des grands comptes ;</li>"
            "<li>les réflexes à prendre avant d'appeler sa banque ;</li>"
            "<li>ce que la CPME défend pour raccourcir les délais.</li></ul>"
        ),
        "guest": ("Nadia Démo", "dirigeante d'une PME de services (personnage fictif)", "f"),
        "chapters": [("0:00", "Introduction"), ("0:04", "Les délais de paiement")],
    },
    {
        "slug": "reindustrialiser-de-9-a-13",
        "title": "Réindustrialiser : passer de 9 % à 13 % du PIB",
        "number": 2,
        "summary": (
            "Foncier, simplification, compétences, énergie, commande publique, Fabriqué en "
            "France : les six leviers du livre blanc de la CPME expliqués par des industriels."
        ),
        "notes": (
            "<p>Le livre blanc « Redynamiser l'industrie » fixe un cap : remonter la part de "
            "l'industrie de 9 % à 13 % du PIB. Nos invités détaillent ce que cela change pour "
            "une PMI.</p>"
        ),
        "guest": ("Julien Exemple", "dirigeant d'une PMI de mécanique (personnage fictif)", "m"),
        "chapters": [("0:00", "Le cap des 13 %"), ("0:05", "Les six leviers")],
    },
    {
        "slug": "commande-publique-ouvrir-les-marches",
        "title": "Commande publique : ouvrir les marchés aux PME",
        "number": 3,
        "summary": (
            "Répondre à un appel d'offres sans service juridique : mission impossible ? Retour "
            "d'expérience et propositions pour des marchés plus accessibles."
        ),
        "notes": (
            "<p>Acheteurs publics et chefs d'entreprise se parlent trop peu. On fait le point sur "
            "l'allotissement, les avances et la Journée Achat du Pacte Occitan.</p>"
        ),
        "guest": ("Sophie Fictive", "gérante d'une entreprise du BTP (personnage fictif)", "f"),
        "chapters": [("0:00", "Pourquoi si peu de PME ?"), ("0:06", "Le Pacte Occitan")],
    },
]


def _transcript(title):
    return (
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nBienvenue dans Cash PME, le podcast de la CPME "
        f"Occitanie.\n\n00:00:04.000 --> 00:00:09.000\nAujourd'hui : {title.lower()}.\n"
    )


def _cover():
    image_model = get_image_model()
    cover = image_model.objects.filter(title=COVER_TITLE).first()
    if cover:
        return cover
    # Apple's rules: square, 1400 to 3000 px, RGB, JPEG or PNG; the show's name readable.
    canvas = artwork.podcast_cover(SHOW["title"], "Le podcast de la CPME Occitanie")
    buffer = io.BytesIO(artwork.encode(canvas, quality=88))
    return image_model.objects.create(title=COVER_TITLE, file=ImageFile(buffer, "cash-pme.jpg"))


def seed(home, stdout):
    show = PodcastPage.objects.child_of(home).first()
    if show is None:
        show = home.add_child(
            instance=PodcastPage(show_in_menus=True, **SHOW, cover_image=_cover())
        )
        for order, (platform, url) in enumerate(
            [
                ("apple", "https://podcasts.apple.com/fr/podcast/cash-pme/id0000000000"),
                ("spotify", "https://open.spotify.com/show/demo-cash-pme"),
                ("deezer", "https://www.deezer.com/fr/show/0000000"),
            ]
        ):
            ListenLink.objects.create(show=show, platform=platform, url=url, sort_order=order)
        show.save_revision().publish()
        stdout.write("Podcast « Cash PME » créé.")

    first_release = timezone.now() - datetime.timedelta(days=30 * len(EPISODES))
    for index, spec in enumerate(EPISODES):
        if show.get_children().filter(slug=spec["slug"]).exists():
            continue
        with (DEMO_AUDIO / f"{spec['slug']}.mp3").open("rb") as handle:
            upload = UploadedFile(handle, name=f"{spec['slug']}.mp3", content_type="audio/mpeg")
            asset = ingest_audio(upload, spec["title"])
        episode = show.add_child(
            instance=EpisodePage(
                slug=spec["slug"],
                title=spec["title"],
                number=spec["number"],
                season=1,
                summary=spec["summary"],
                show_notes=spec["notes"],
                audio=asset,
                transcript=_transcript(spec["title"]),
            )
        )
        name, title, gender = spec["guest"]
        EpisodePerson.objects.create(
            episode=episode, name=name, role="guest", title=title, gender=gender
        )
        EpisodePerson.objects.create(
            episode=episode,
            name="Camille Micro",
            role="host",
            title="animatrice (fictive)",
            gender="f",
        )
        for order, (start, chapter_title) in enumerate(spec["chapters"]):
            EpisodeChapter.objects.create(
                episode=episode, start=start, title=chapter_title, sort_order=order
            )
        episode.save_revision().publish()
        released = first_release + datetime.timedelta(days=30 * index)
        EpisodePage.objects.filter(pk=episode.pk).update(
            first_published_at=released, last_published_at=released
        )
        invalidate_shows([show.pk])  # .update() sends no signal; the feed must see the dates
        stdout.write(f"Épisode « {episode.title} » créé.")
