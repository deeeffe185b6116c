"""Browsing needs and the supplier directory: filters read from the query string, and the
full-text search (PostgreSQL's French configuration in production, words in SQLite)."""

import datetime

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from core.departments import DEPARTMENT_CHOICES

from .models import Axis, Category, Need, OrganisationKind

DEADLINE_CHOICES = [("7", "Dans les 7 jours"), ("30", "Dans les 30 jours")]


class NeedFilterForm(forms.Form):
    q = forms.CharField(label="Mots-clés", max_length=100, required=False)
    axe = forms.ChoiceField(label="Axe", choices=[("", "Tous"), *Axis.choices], required=False)
    categorie = forms.ChoiceField(label="Catégorie", required=False)
    departement = forms.ChoiceField(
        label="Département", choices=[("", "Tous"), *DEPARTMENT_CHOICES], required=False
    )
    echeance = forms.ChoiceField(
        label="Date limite", choices=[("", "Toutes"), *DEADLINE_CHOICES], required=False
    )
    acheteur = forms.ChoiceField(
        label="Type d'acheteur",
        choices=[("", "Tous"), *OrganisationKind.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [("", "Toutes")] + [
            (category.slug, category.name) for category in Category.objects.all()
        ]

    def active_filters(self) -> dict:
        """Valid values only: an unknown value is dropped (and reported), never an error."""
        self.is_valid()
        return {
            name: value
            for name, value in (self.cleaned_data or {}).items()
            if value and name not in self.errors
        }


def text_search(queryset, text, fields=("title", "description"), document=None):
    """Rows matching every word. On PostgreSQL the French text-search configuration (stems:
    "usinage" finds "usiner") against `document`, a stored, GIN-indexed vector when the model
    has one (needs), else a vector of `fields` built per row (the directory, thousands of
    rows at most); ordered by the caller (newest first), because ranking would read every
    match. Elsewhere, each word in one of `fields` (LIKE)."""
    words = text.split()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="french", search_type="websearch")
        if document:
            return queryset.filter(**{document: query})
        return queryset.alias(search=SearchVector(*fields, config="french")).filter(search=query)
    for word in words:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def filter_needs(queryset, filters, today=None):
    today = today or timezone.localdate()
    if filters.get("axe"):
        queryset = queryset.filter(axis=filters["axe"])
    # Many-to-many filters as subqueries: no join, so no duplicate rows and no DISTINCT.
    if filters.get("categorie"):
        queryset = queryset.filter(
            pk__in=Need.categories.through.objects.filter(
                category__slug=filters["categorie"]
            ).values("need_id")
        )
    if filters.get("departement"):
        queryset = queryset.filter(
            pk__in=Need.departments.through.objects.filter(
                department_id=filters["departement"]
            ).values("need_id")
        )
    if filters.get("echeance"):
        days = int(filters["echeance"])
        queryset = queryset.filter(deadline__lte=today + datetime.timedelta(days=days))
    if filters.get("acheteur"):
        queryset = queryset.filter(organisation__kind=filters["acheteur"])
    if filters.get("q"):
        queryset = text_search(queryset, filters["q"], document="search_document")
    return queryset


class DirectoryFilterForm(NeedFilterForm):
    """The supplier directory reuses the needs' filters that make sense for companies."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("axe", "echeance"):
            del self.fields[name]
        self.fields["acheteur"].label = "Type d'organisation"


def filter_directory(queryset, filters):
    if filters.get("categorie"):
        queryset = queryset.filter(categories__slug=filters["categorie"])
    if filters.get("departement"):
        queryset = queryset.filter(department=filters["departement"])
    if filters.get("acheteur"):
        queryset = queryset.filter(kind=filters["acheteur"])
    if filters.get("q"):
        queryset = text_search(queryset, filters["q"], fields=("name", "description", "references"))
    return queryset
