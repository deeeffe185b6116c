"""Renditions of a new or changed image are made by a background job, not by the request
that saved it nor by the first visitor of a page showing it.

Wagtail makes a rendition the first time a template asks for it: the visitor's request then
waits for the image to be decoded, resized and written (hundreds of milliseconds for a
photo, per size). Here every save of an image whose file or focal point is new queues one
job (`core.tasks`) that makes, in one pass over the original (``Image.get_renditions``),
every rendition the site's templates ask for (`standard_specs`). An original the storage
cannot give is tried again later (S3 down); a file that cannot be decoded is logged and the
job ends as a dead letter at once. Wagtail writes renditions only once every one of them is
made, so nothing half-made is left behind, and pages show the image as missing
(``get_rendition_or_not_found``) rather than failing.
"""

import logging

from django.db.models.signals import post_save
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError

from .images import FORMATS, PRESETS, SQUARE_SHARE_SPEC, WIDE_SHARE_SPEC
from .tasks import PermanentFailure, TemporaryFailure, background

logger = logging.getLogger(__name__)

# What templates name directly (`{% image … spec %}`), beside the presets and the share
# images of core.images; tests/core/test_renditions.py checks that every spec of
# templates/ is here.
TEMPLATE_SPECS = (
    "fill-96x96",  # episode guests, the player's embed
    "fill-160x160",  # person cards (positions, themes)
    "fill-240x240",  # the press room's people
    "max-480x320",  # press kit thumbnails
    "width-1200",  # image blocks of page bodies
    "fill-300x300",  # the oEmbed thumbnail of an episode (podcast.embed_views)
)

PRESET_SPECS = tuple(
    preset.spec(width, image_format)
    for preset in PRESETS.values()
    for image_format in FORMATS
    for width in preset.widths
)


def standard_specs(image) -> list[str]:
    """Every rendition the site's pages may ask of `image`."""
    share = SQUARE_SHARE_SPEC if image.width == image.height else WIDE_SHARE_SPEC
    return list(dict.fromkeys((*PRESET_SPECS, *TEMPLATE_SPECS, share)))


def job_key(image) -> str:
    """One job per image file and focal point: re-saving a title queues nothing, a new file
    or a moved focal point (which changes every cropped rendition) queues a new job."""
    focal = (image.focal_point_x, image.focal_point_y, image.focal_point_width,
             image.focal_point_height)  # fmt: skip
    version = image.file_hash or image.file.name
    return f"renditions:{image.pk}:{version}:{':'.join(str(value) for value in focal)}"[:255]


@background(max_attempts=3, base_delay=30, max_delay=600)
def make_standard_renditions(image_id: int) -> None:
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return  # deleted since it was saved: nothing to make
    try:
        image.get_renditions(*standard_specs(image))
    except SourceImageIOError as error:
        # The storage did not give the original (S3 unreachable, a file not there yet):
        # worth trying again later, then a dead letter staff can see.
        logger.warning("Image %s: original unreadable in storage: %s", image.pk, error)
        raise TemporaryFailure(f"Original introuvable dans le stockage : {error}") from error
    except (OSError, ValueError) as error:
        # A file Pillow cannot decode (OSError "image file is truncated",
        # UnidentifiedImageError, ValueError): trying again cannot help. Any other error is
        # logged by core.tasks.run_job.
        logger.error("Image %s (« %s »): renditions not made: %s", image.pk, image.title, error)
        raise PermanentFailure(f"Image illisible : {error}") from error


def queue_standard_renditions(sender, instance, raw=False, **kwargs):
    if raw or not instance.file:
        return
    make_standard_renditions.enqueue(instance.pk, key=job_key(instance))


def queue_renditions_of_new_images():
    post_save.connect(
        queue_standard_renditions, sender=get_image_model(), dispatch_uid="core-renditions"
    )
