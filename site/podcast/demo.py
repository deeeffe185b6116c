"""Demo show and episodes for seed_demo, with real (generated) MPEG audio."""

import array
import datetime
import io
import math
import tempfile

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from .cache import invalidate_shows
from .ingest import ingest_audio
from .models import EpisodeChapter, EpisodePage, EpisodePerson, ListenLink, PodcastPage

COVER_TITLE = "Démo – pochette Cash PME"

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
        "frequency": 392.0,
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
        "guest": ("Nadia Démo", "dirigeante d'une PME de services (personnage fictif)"),
        "chapters": [("0:00", "Introduction"), ("0:04", "Les délais de paiement")],
    },
    {
        "slug": "reindustrialiser-de-9-a-13",
        "title": "Réindustrialiser : passer de 9 % à 13 % du PIB",
        "number": 2,
        "frequency": 440.0,
        "summary": (
            "Foncier, simplification, compétences, énergie, commande publique, Fabriqué en "
            "France : les six leviers du livre blanc de la CPME expliqués par des industriels."
        ),
        "notes": (
            "<p>Le livre blanc « Redynamiser l'industrie » fixe un cap : remonter la part de "
            "l'industrie de 9 % à 13 % du PIB. Nos invités détaillent ce que cela change pour "
            "une PMI.</p>"
        ),
        "guest": ("Julien Exemple", "dirigeant d'une PMI de mécanique (personnage fictif)"),
        "chapters": [("0:00", "Le cap des 13 %"), ("0:05", "Les six leviers")],
    },
    {
        "slug": "commande-publique-ouvrir-les-marches",
        "title": "Commande publique : ouvrir les marchés aux PME",
        "number": 3,
        "frequency": 494.0,
        "summary": (
            "Répondre à un appel d'offres sans service juridique : mission impossible ? Retour "
            "d'expérience et propositions pour des marchés plus accessibles."
        ),
        "notes": (
            "<p>Acheteurs publics et chefs d'entreprise se parlent trop peu. On fait le point sur "
            "l'allotissement, les avances et la Journée Achat du Pacte Occitan.</p>"
        ),
        "guest": ("Sophie Fictive", "gérante d'une entreprise du BTP (personnage fictif)"),
        "chapters": [("0:00", "Pourquoi si peu de PME ?"), ("0:06", "Le Pacte Occitan")],
    },
]


def generate_mp3(seconds: float, frequency: float = 440.0, rate: int = 22050) -> bytes:
    """A real MPEG Layer III file (a soft tone), encoded with LAME through lameenc."""
    import lameenc  # dev dependency: demo content and benchmarks only

    samples = array.array(
        "h",
        (
            int(6000 * math.sin(2 * math.pi * frequency * n / rate))
            for n in range(int(seconds * rate))
        ),
    )
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(48)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    return bytes(encoder.encode(samples.tobytes()) + encoder.flush())


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
    canvas = PillowImage.new("RGB", (1400, 1400), "#0b3d6e")
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((100, 1000, 1300, 1150), fill="#b3122a")
    draw.ellipse((450, 250, 950, 750), outline="#ffbf47", width=40)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return image_model.objects.create(title=COVER_TITLE, file=ImageFile(buffer, "cash-pme.png"))


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
        with tempfile.TemporaryFile() as handle:
            handle.write(generate_mp3(10.0, spec["frequency"]))
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
        name, title = spec["guest"]
        EpisodePerson.objects.create(episode=episode, name=name, role="guest", title=title)
        EpisodePerson.objects.create(
            episode=episode, name="Camille Micro", role="host", title="animatrice (fictive)"
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
