"""Demo: the « Nos sujets » index, editors' introductions for a few themes, and themes on the
demo episodes and events (set once, when they have none: editors' choices are kept)."""

from core.demo import published_child
from events.models import EventPage
from podcast.models import EpisodePage
from positions.models import Spokesperson, Theme

from .models import ThemeEntry, ThemeIndexPage

INDEX = {
    "slug": "themes",
    "title": "Nos sujets",
    "intro": (
        "Foncier, énergie, trésorerie, commande publique… Sur chaque sujet : nos positions, "
        "nos propositions, les mandataires qui en débattent et nos rendez-vous."
    ),
}

# theme slug -> the editors' introduction; the order here is the order of the index.
ENTRIES = [
    (
        "fabrique-en-france",
        "Réindustrialiser l'Occitanie passe par les PMI : foncier, procédures, compétences et "
        "énergie. Nos propositions pour produire et acheter en France.",
    ),
    (
        "tresorerie",
        "Délais de paiement, accès au crédit, épargne productive : ce que nous demandons pour "
        "que les PME tiennent.",
    ),
    (
        "energie",
        "Le coût et la sécurité de l'approvisionnement en énergie, premier souci des PMI.",
    ),
    (
        "foncier",
        "Trouver un terrain ou un local pour s'installer et grandir : nos propositions sur le "
        "foncier économique.",
    ),
    (
        "commande-publique",
        "Des lots à la taille des PME, des candidatures simplifiées, des paiements rapides : "
        "ouvrir les marchés publics de la région.",
    ),
    (
        "competences",
        "Faire connaître nos métiers, former et recruter : les compétences dont les PME ont "
        "besoin, antenne par antenne.",
    ),
    (
        "simplification",
        "Moins de formulaires et des délais tenus : des démarches à la mesure des petites "
        "entreprises.",
    ),
]

# Demo pages (by slug) -> theme slugs.
EPISODE_THEMES = {
    "tresorerie-tenir-le-cap": ["tresorerie"],
    "reindustrialiser-de-9-a-13": ["fabrique-en-france", "foncier"],
    "commande-publique-ouvrir-les-marches": ["commande-publique"],
}
EVENT_THEMES = {
    "journee-achat-pacte-occitan": ["commande-publique", "fabrique-en-france"],
    "pme-xperience-toulouse": ["competences"],
    "formation-mandataires-urssaf": ["tresorerie", "simplification"],
}


def seed(home, stdout):
    index = published_child(home, ThemeIndexPage, stdout=stdout, **INDEX)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    if not index.entries.exists():
        spokesperson = Spokesperson.objects.first()
        for order, (slug, introduction) in enumerate(ENTRIES):
            if slug in themes and not ThemeEntry.objects.filter(theme=themes[slug]).exists():
                index.entries.add(
                    ThemeEntry(
                        theme=themes[slug],
                        introduction=introduction,
                        spokesperson=spokesperson,
                        sort_order=order,
                    )
                )
        index.save_revision().publish()
    _tag(EpisodePage, EPISODE_THEMES, themes)
    _tag(EventPage, EVENT_THEMES, themes)
    return index


def _tag(model, by_slug, themes):
    for page in model.objects.filter(slug__in=by_slug).prefetch_related("themes"):
        if page.themes.all():
            continue
        page.themes.set([themes[slug] for slug in by_slug[page.slug] if slug in themes])
        page.save_revision().publish()
