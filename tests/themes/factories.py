import wagtail_factories

from themes.models import ThemeIndexPage


class ThemeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nos sujets"
    slug = "themes"
    intro = "Nos positions, sujet par sujet."

    class Meta:
        model = ThemeIndexPage


def tag(page, *themes):
    """Themes on an episode or an event (a ParentalManyToManyField is written on save)."""
    page.themes.set(themes)
    page.save()
    return page
