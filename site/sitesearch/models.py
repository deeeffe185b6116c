"""The anonymous log of site searches: what people look for, and what they do not find."""

from django.db import models
from django.utils import timezone


class SearchQueryLog(models.Model):
    """One row per normalised query and day: no IP, no session, no user, only the words and
    counts; rows older than SEARCH_LOG_RETENTION_DAYS are deleted by `purge_search_log`."""

    day = models.DateField("Jour", default=timezone.localdate)
    query = models.CharField("Recherche", max_length=200)
    hits = models.PositiveIntegerField("Nombre de recherches", default=0)
    results = models.PositiveIntegerField("Nombre de résultats", default=0)

    class Meta:
        verbose_name = "recherche effectuée"
        verbose_name_plural = "recherches effectuées"
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="sitesearch_one_row_per_day")
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return self.query


class SearchWord(models.Model):
    """A word of the site's public text, folded (lower case, no accents): the vocabulary
    misspelt queries are corrected against (sitesearch.spelling, PostgreSQL only; a trigram
    index on `word` is created by migration 0003 there)."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        verbose_name = "mot du site"
        verbose_name_plural = "mots du site"

    def __str__(self):
        return self.word
