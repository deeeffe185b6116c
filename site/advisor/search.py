"""Finding presences: filters by country, world region, sector and kind, and words matched
in the organisation's name or the city. A page of results costs the same few queries
whatever the number of rows (organisations joined, sectors prefetched in one query)."""

from django import forms
from django.core.cache import cache
from django.db.models import Count, Q

from members.models import Category

from .countries import COUNTRY_CHOICES, REGIONS, countries_in
from .models import Presence, PresenceKind

SECTOR_CHOICES_SECONDS = 300


class PresenceFilterForm(forms.Form):
    q = forms.CharField(label="Organisation ou ville", max_length=100, required=False)
    pays = forms.ChoiceField(label="Pays", choices=[("", "Tous"), *COUNTRY_CHOICES], required=False)
    region = forms.ChoiceField(
        label="Région du monde", choices=[("", "Toutes"), *REGIONS], required=False
    )
    secteur = forms.ChoiceField(label="Secteur", required=False)
    forme = forms.ChoiceField(
        label="Forme de présence", choices=[("", "Toutes"), *PresenceKind.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secteur"].choices = [("", "Tous"), *sector_choices()]

    def active_filters(self) -> dict:
        """Valid values only: an unknown value is dropped (and reported), never an error."""
        self.is_valid()
        return {
            name: value
            for name, value in (self.cleaned_data or {}).items()
            if value and name not in self.errors
        }


def sector_choices() -> list[tuple[str, str]]:
    """The sectors (the platform's categories), kept a few minutes in the cache: staff add
    one rarely, and every search page would otherwise read them all."""
    return cache.get_or_set(
        "advisor-sector-choices",
        lambda: list(Category.objects.values_list("slug", "name")),
        SECTOR_CHOICES_SECONDS,
    )


def visible_presences():
    """Presences of validated organisations only: a pending or suspended one shows nowhere."""
    return Presence.objects.filter(organisation__status="validee")


def filter_presences(queryset, filters: dict):
    if filters.get("pays"):
        queryset = queryset.filter(country=filters["pays"])
    if filters.get("region"):
        queryset = queryset.filter(country__in=countries_in(filters["region"]))
    if filters.get("secteur"):
        queryset = queryset.filter(sectors__slug=filters["secteur"])
    if filters.get("forme"):
        queryset = queryset.filter(kind=filters["forme"])
    for word in filters.get("q", "").split():
        queryset = queryset.filter(Q(organisation__name__icontains=word) | Q(city__icontains=word))
    return queryset


def listing(queryset):
    return (
        queryset.select_related("organisation")
        .prefetch_related("sectors")
        .order_by("country", "organisation__name", "pk")
    )


# The map's numbers are kept a few minutes: at 20,000 presences the grouped count costs about
# 30 ms of a search page whose p95 must stay under 100 ms (bench/advisor_bench.py). Declaring,
# changing or removing a presence, or a change of an organisation (its status), forgets them
# (advisor.apps); the timeout bounds what a bulk update, which sends no signal, leaves.
MAP_COUNTS_KEY = "advisor-map-counts"
MAP_COUNTS_SECONDS = 300


def counts_by_country() -> dict[str, int]:
    """Number of organisations present per country, for the map (one grouped query)."""
    return cache.get_or_set(
        MAP_COUNTS_KEY,
        lambda: dict(
            visible_presences()
            .values_list("country")
            .annotate(organisations=Count("organisation", distinct=True))
            .values_list("country", "organisations")
        ),
        MAP_COUNTS_SECONDS,
    )


def forget_map_counts(**kwargs):
    cache.delete(MAP_COUNTS_KEY)
