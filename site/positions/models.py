"""Position papers and what they are filed under."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Theme(index.Indexed, models.Model):
    """A policy theme (foncier, énergie…) shared by positions and by representatives' mandates."""

    name = models.CharField("Nom", max_length=80, unique=True)
    slug = models.SlugField(
        "Identifiant d'adresse",
        max_length=80,
        unique=True,
        help_text="Utilisé dans les adresses filtrées, par exemple ?theme=energie.",
    )
    description = models.TextField("Description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "thème"
        verbose_name_plural = "thèmes"

    def __str__(self):
        return self.name
