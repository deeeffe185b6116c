"""Admin upload forms shared by the whole site.

- Images: the pixel limit is checked on the file's header before any decoding.
- Images and documents: Wagtail writes an uploaded file to storage inside `form.save()`,
  after the view has decided the form is valid, so a bucket that is down, slow or answering
  errors gives the editor a 500. These forms write the file during validation instead (the
  last step of `_post_clean`, once everything else is valid): a storage failure becomes a
  French error on the file field in every view that uploads (library add and edit, multiple
  upload, choosers opened from the page editor, whose draft stays untouched).
"""

import logging
import warnings

from django import forms
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from PIL import Image as PillowImage
from wagtail.images.fields import WagtailImageField
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


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, with the pixel limit applied to the file's header first.

    Wagtail reads the dimensions through Willow, which decodes the whole image: a PNG of a few
    bytes declaring 8000 × 6000 pixels is inflated to about 150 MB before the limit refuses
    it, and a truncated file raises an error the form does not catch (a server error). Pillow
    reads the header alone when opening lazily, so the limit is checked there, and anything
    that still fails while decoding becomes the form's "not a valid image" message.
    """

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            self.check_declared_pixels(data)
        try:
            return super().to_python(data)
        except forms.ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, MemoryError) as error:
            raise forms.ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error

    def check_declared_pixels(self, data):
        data.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
                width, height = PillowImage.open(data).size
        except (PillowImage.DecompressionBombWarning, PillowImage.DecompressionBombError):
            width = height = None
        except Exception:
            return
        finally:
            data.seek(0)
        if width is None or (self.max_image_pixels and width * height > self.max_image_pixels):
            raise forms.ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {
                    "num_pixels": gettext("unknown number") if width is None else width * height,
                    "max_pixels_count": self.max_image_pixels,
                },
                code="file_too_many_pixels",
            )


class CheckedImageForm(StoredUploadMixin, BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: every image upload (library, multiple, chooser) checks
    the declared pixels before decoding and stores the file while validating."""

    file = CheckedImageField(label=gettext_lazy("File"))
