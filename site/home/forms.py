"""Admin upload forms for images and documents that survive a storage outage.

Wagtail writes an uploaded file to storage inside `form.save()`, after the view has decided
the form is valid: when the bucket is down, slow or answering errors, the editor gets a 500.
These forms write the file during validation instead (the last step of `_post_clean`, once
everything else is valid), so a storage failure becomes a French error on the file field in
every view that uploads: the library's add and edit views, the multiple upload, and the
choosers opened from the page editor (whose draft is another request, so it stays untouched).
"""

import logging

from django.db import transaction
from wagtail.images.forms import BaseImageForm

logger = logging.getLogger(__name__)

STORAGE_FAILURE_MESSAGE = (
    "Le stockage des fichiers ne répond pas : le fichier n'a pas été enregistré et aucune "
    "donnée n'a été perdue. Réessayez dans quelques minutes."
)


class StoredUploadMixin:
    """Stores the uploaded file while validating; defers deleting a replaced one to the commit.

    Wagtail's own forms delete the replaced file right after saving the row, before the
    surrounding transaction (if any) commits: a rollback would then keep a row pointing at a
    deleted object. Here the old object goes only once the new row is committed.
    """

    def _post_clean(self):
        super()._post_clean()
        self.stored_name = None
        if self.errors or "file" not in self.changed_data:
            return
        field_file = self.instance.file
        storage = field_file.storage
        name = field_file.field.generate_filename(self.instance, field_file.name)
        try:
            self.stored_name = storage.save(
                name, field_file.file, max_length=field_file.field.max_length
            )
        except Exception:
            logger.exception("Upload of %s to storage failed", name)
            self.add_error("file", STORAGE_FAILURE_MESSAGE)
            return
        # The same FieldFile keeps the uploaded bytes (so Wagtail reads size, hash and
        # dimensions locally) but is marked as stored, so saving the row uploads nothing more.
        field_file.name = self.stored_name
        field_file._committed = True

    def save(self, commit=True):
        replaced = self.original_file if "file" in self.changed_data else None
        self.original_file = None  # keeps Wagtail from deleting it before the commit
        try:
            instance = super().save(commit=commit)
        except Exception:
            if self.stored_name:
                self.instance.file.storage.delete(self.stored_name)
            raise
        if commit and replaced:
            storage, old_name = replaced.storage, replaced.name
            transaction.on_commit(lambda: storage.delete(old_name), robust=True)
            if hasattr(instance, "renditions"):
                # Renditions delete their own files on commit (Wagtail's post_delete handler).
                instance.renditions.all().delete()
        return instance


class StorageCheckedImageForm(StoredUploadMixin, BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: images uploaded with a French error on storage failure."""
