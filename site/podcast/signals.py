from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache
from .models import AudioAsset, EpisodePage, PodcastPage


@receiver(post_delete, sender=AudioAsset)
def delete_audio_object(sender, instance, **kwargs):
    """Remove the stored file only once the deletion is committed: a rollback keeps both."""
    name, storage = instance.file.name, instance.file.storage
    transaction.on_commit(lambda: storage.delete(name))


# Feed invalidation (see podcast.cache).
for page_model in (PodcastPage, EpisodePage):
    page_published.connect(cache.page_changed, sender=page_model)
    page_unpublished.connect(cache.page_changed, sender=page_model)
post_delete.connect(cache.episode_deleted, sender=EpisodePage)
post_page_move.connect(cache.structure_changed)
for model in (PageViewRestriction, Site):
    post_save.connect(cache.structure_changed, sender=model)
    post_delete.connect(cache.structure_changed, sender=model)
post_save.connect(cache.audio_changed, sender=AudioAsset)
post_save.connect(cache.image_changed, sender=get_image_model())
pre_delete.connect(cache.image_changed, sender=get_image_model())
