from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import AudioAsset


@receiver(post_delete, sender=AudioAsset)
def delete_audio_object(sender, instance, **kwargs):
    """Remove the stored file only once the deletion is committed: a rollback keeps both."""
    name, storage = instance.file.name, instance.file.storage
    transaction.on_commit(lambda: storage.delete(name))
