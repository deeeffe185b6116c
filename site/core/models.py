"""The shared infrastructure's own rows: the content version, background jobs (retries,
dead letters), idempotency keys and the documents marked public."""

import uuid

from django.db import models
from wagtail.documents import get_document_model_string


class ContentVersion(models.Model):
    """The single row cached fragments are keyed on (see core.cache)."""

    version = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "version du contenu"

    def __str__(self):
        return self.version.hex


class JobStatus(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    RETRYING = "retrying", "Nouvel essai prévu"
    DONE = "done", "Terminée"
    DEAD = "dead", "En échec"


class BackgroundJob(models.Model):
    """One piece of background work, from its enqueueing to its success or its last failure.

    The key is unique: enqueueing the same key again returns the existing job instead of
    queueing a second one. A job whose attempts are used up, or that failed for good, stays
    here with status « en échec » and its last error: the dead letters staff see in the admin.
    """

    key = models.CharField("Clé", max_length=255, unique=True)
    task = models.CharField("Tâche", max_length=200)
    arguments = models.JSONField("Arguments", default=dict)
    queue_name = models.CharField("File", max_length=50, default="default")
    status = models.CharField(
        "État", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("Essais", default=0)
    max_attempts = models.PositiveSmallIntegerField("Essais au plus")
    next_attempt_at = models.DateTimeField("Prochain essai", null=True, blank=True)
    last_error = models.TextField("Dernière erreur", blank=True)
    created_at = models.DateTimeField("Créée le", auto_now_add=True)
    updated_at = models.DateTimeField("Modifiée le", auto_now=True)
    finished_at = models.DateTimeField("Terminée le", null=True, blank=True)

    class Meta:
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return self.key


class KeyState(models.TextChoices):
    CLAIMED = "claimed", "En cours"
    DONE = "done", "Fait"
    FAILED = "failed", "Refusé"


class IdempotencyKey(models.Model):
    """An action done at most once (a message sent, a hub notified), whatever the retries.

    A key is claimed before the action and marked done after it. A claim left behind by a
    worker that died in between is never retried on its own: the action may have happened,
    and doing it twice is the one thing this table exists to prevent.
    """

    key = models.CharField("Clé", max_length=255, unique=True)
    state = models.CharField(
        "État", max_length=10, choices=KeyState.choices, default=KeyState.CLAIMED
    )
    detail = models.TextField("Détail", blank=True)
    created_at = models.DateTimeField("Créée le", auto_now_add=True)
    updated_at = models.DateTimeField("Modifiée le", auto_now=True)

    class Meta:
        verbose_name = "clé d'idempotence"
        verbose_name_plural = "clés d'idempotence"

    def __str__(self):
        return self.key


class PublicDocument(models.Model):
    """A moderator's decision that a document may be downloaded by anyone, whether or not a
    live page uses it (a form to print, a file linked from a newsletter). See core.file_access.
    Who marked it and when is in Wagtail's history of this row."""

    document = models.OneToOneField(
        get_document_model_string(),
        verbose_name="Document",
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(
        "Pourquoi le rendre public",
        max_length=255,
        help_text="Par exemple : « formulaire d'adhésion, lié depuis la lettre d'information ».",
    )

    class Meta:
        verbose_name = "document public"
        verbose_name_plural = "documents publics"

    def __str__(self):
        return str(self.document)
