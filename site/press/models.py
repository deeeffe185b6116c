"""Journalists subscribed to press alerts, and the record of their consent (GDPR).

Nothing is stored before the address is confirmed: the sign-up travels in a signed, expiring
link (see `subscriptions.py`). Once confirmed, a subscriber is the address, the themes
followed and the dates of consent; unsubscribing removes the themes at once and the rest
after `PRESS_UNSUBSCRIBED_RETENTION_DAYS` (docs/operations.md, « Alertes presse »).
"""

from django.db import models


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(unsubscribed_at__isnull=True)

    def following(self, theme_ids):
        """Active subscribers of every theme, or of one of these."""
        return (
            self.active()
            .filter(models.Q(all_themes=True) | models.Q(themes__in=theme_ids))
            .distinct()
        )


class Subscriber(models.Model):
    email = models.EmailField("Adresse e-mail", max_length=254, unique=True)
    all_themes = models.BooleanField("Tous les thèmes", default=True)
    themes = models.ManyToManyField(
        "positions.Theme", verbose_name="Thèmes suivis", blank=True, related_name="+"
    )
    consented_at = models.DateTimeField(
        "Consentement donné le",
        help_text="Date à laquelle la personne a cliqué sur le lien de confirmation reçu par "
        "e-mail.",
    )
    consent_text = models.TextField(
        "Texte accepté", help_text="Ce que la personne a lu et accepté en s'inscrivant."
    )
    themes_changed_at = models.DateTimeField("Thèmes modifiés le", null=True, blank=True)
    unsubscribed_at = models.DateTimeField("Désabonné le", null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = "abonné aux alertes presse"
        verbose_name_plural = "abonnés aux alertes presse"
        ordering = ["-consented_at"]

    def __str__(self):
        return self.email
