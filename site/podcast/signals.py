from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from core.cache import content_changed

from . import cache, websub
from .models import AudioAsset


@receiver(post_delete, sender=AudioAsset)
def delete_audio_object(sender, instance, **kwargs):
    """Remove the stored file only once the deletion is committed: a rollback keeps both."""
    name, storage = instance.file.name, instance.file.storage
    transaction.on_commit(lambda: storage.delete(name))


@receiver(content_changed, dispatch_uid="podcast-feeds-follow-content")
def renew_feeds(sender, **kwargs):
    """Feeds show more than their show and episodes (pages and documents linked from show
    notes, images, audio, the tree and view restrictions): any change of what the site
    shows renews every feed (and tells the WebSub hub), after the change's last write, like
    pages (see core.cache)."""
    cache.invalidate_all_shows()
    websub.feeds_changed()
