"""Pictures for the demo site's image slots, drawn by ``core.artwork`` (see docs/brand.md).

Each page that has an empty slot gets its own picture once: an image whose title is already
in the library means the slot was filled before, and an editor who removed it since is not
overruled on the next ``seed_demo``.
"""

from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Page

from core import artwork
from core.images import WIDE_SHARE_SPEC, picture

# The motif of each page type with an image slot (programmes and positions vary it).
MOTIFS = {
    "homepage": "network",
    "antennaindexpage": "map",
    "membershippage": "network",
    "pressroompage": "document",
    "positionpage": "document",
    "eventpage": "calendar",
}
PROGRAMME_MOTIFS = {
    "pacte-occitan": "network",
    "pme-bootcamp-360": "steps",
    "pme-xperience": "map",
    "test-pme-occitanie": "bars",
    "adherer": "network",
}
POSITION_KIND_MOTIFS = {"test-pme": "bars", "communique": "waves"}
# The presets each page type's templates show: made at seed time, so that the first visit
# of the demo site does not wait for a dozen renditions per page.
PRESETS = {
    "homepage": ("hero",),
    "standardpage": ("banner", "card"),
    "positionpage": ("banner", "card"),
    "eventpage": ("banner", "card"),
}
ALT_TEXTS = {
    "network": "Illustration : des points reliés, le réseau des treize antennes",
    "map": "Illustration : les antennes, points reliés sur une carte",
    "document": "Illustration : une pile de documents",
    "calendar": "Illustration : un calendrier, une date mise en avant",
    "steps": "Illustration : des marches qui montent",
    "bars": "Illustration : un graphique en barres qui progresse",
    "waves": "Illustration : une onde sonore",
}


def _image(title, motif, seed, alt):
    drawing = artwork.artwork(motif, seed)
    x, y, width, height = artwork.focal_box(drawing.size)
    return _stored(
        title,
        drawing,
        alt,
        focal_point_x=x + width // 2,
        focal_point_y=y + height // 2,
        focal_point_width=width,
        focal_point_height=height,
    )


def _stored(title, drawing, alt, **fields):
    return get_image_model().objects.create(
        title=title,
        description=alt,
        file=ImageFile(_bytes(drawing), name=f"{slugify(title)[:60]}.jpg"),
        **fields,
    )


def _already_made(title):
    """An image of this title was put in the library by an earlier run: the slot was filled
    once, and an editor who emptied it since is not overruled."""
    return get_image_model().objects.filter(title=title).exists()


def _bytes(picture):
    from io import BytesIO

    return BytesIO(artwork.encode(picture, quality=84))


def seed(home, stdout):
    for page in Page.objects.descendant_of(home, inclusive=True).live().specific():
        model = type(page)._meta.model_name
        if model == "podcastpage" and page.cover_image:
            picture(page.cover_image, "cover")  # drawn by podcast.demo; its renditions here
            continue
        if model == "standardpage":
            motif = PROGRAMME_MOTIFS.get(page.slug)  # legal pages keep no picture
        elif model == "positionpage":
            motif = POSITION_KIND_MOTIFS.get(page.kind, MOTIFS[model])
        else:
            motif = MOTIFS.get(model)
        if motif is None or page.page_image is not None:
            continue
        title = f"Démo – {page.title}"[:255]
        if _already_made(title):
            continue
        image = _image(title, motif, page.pk, ALT_TEXTS[motif])
        for preset in PRESETS.get(model, ("banner",)):
            picture(image, preset)
        image.get_rendition(WIDE_SHARE_SPEC)  # the share image
        setattr(page, page.image_field_name, image)
        page.save_revision().publish()
        stdout.write(f"Image de démonstration ajoutée à « {page.title} ».")


# Theme slug -> motif of the lead image of its presentation on « Nos sujets ».
THEME_MOTIFS = {
    "fabrique-en-france": "steps",
    "tresorerie": "bars",
    "energie": "waves",
    "foncier": "map",
    "commande-publique": "document",
    "competences": "network",
    "simplification": "calendar",
}


def seed_themes_and_people(stdout):
    """Lead images for the themes the demo presents, and a portrait slot for the press
    room's people, under the same rule as pages: a slot is filled once."""
    _seed_theme_images(stdout)
    _seed_portraits(stdout)


def _seed_theme_images(stdout):
    from themes.models import ThemeIndexPage

    for index in ThemeIndexPage.objects.live():
        # The entries are part of the page: changed in its latest revision, then published,
        # so that no later publish of that revision takes the images away.
        page = index.get_latest_revision_as_object()
        entries, added = list(page.entries.all()), []
        for entry in entries:
            motif = THEME_MOTIFS.get(entry.theme.slug)
            title = f"Démo – thème {entry.theme.name}"
            if entry.lead_image_id or motif is None or _already_made(title):
                continue
            entry.lead_image = _image(title, motif, entry.theme.pk, ALT_TEXTS[motif])
            for preset in ("banner", "card"):
                picture(entry.lead_image, preset)
            added.append(entry.theme.name)
        if added:
            page.entries = entries  # the page's own copy, which the revision serialises
            page.save_revision().publish()
            for name in added:
                stdout.write(f"Image de démonstration ajoutée au thème « {name} ».")


def _seed_portraits(stdout):
    from positions.models import PressContact, Spokesperson

    for model in (Spokesperson, PressContact):
        for person in model.objects.filter(photo=None):
            title = f"Démo – portrait de {person.name}"
            if _already_made(title):
                continue
            person.photo = _stored(
                title,
                artwork.portrait_placeholder(person.name),
                f"Initiales de {person.name}, en attendant son portrait",
            )
            changed = ["photo"]
            if model is Spokesperson:  # journalists may reprint a spokesperson's portrait
                person.photo_credit = "CPME Occitanie, illustration de démonstration"
                changed.append("photo_credit")
            person.save(update_fields=changed)
            stdout.write(f"Portrait de démonstration ajouté pour {person.name}.")
