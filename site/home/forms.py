"""Admin forms shared by the whole site: the image upload that checks pixels before decoding."""

import warnings

from django import forms
from django.utils.translation import gettext, gettext_lazy
from PIL import Image as PillowImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


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


class CheckedImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: every image upload (library, multiple, chooser)."""

    file = CheckedImageField(label=gettext_lazy("File"))
