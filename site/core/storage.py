"""The S3 backend for media, with failures reported the way Django's storages report them.

Wagtail turns an OSError while opening an original image into a "missing image" placeholder
(`SourceImageIOError`) instead of a server error. django-storages only maps a 404 to
FileNotFoundError and lets every other botocore error through, so a bucket that is down while
a page needs a rendition not made yet answered 500. Here any S3 failure to open is an OSError:
the page renders with the image missing (and is not shared: core.shared_cache) and the rendition
is made on a later visit.
"""

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from .shared_cache import mark_render_degraded


class MediaS3Storage(S3Storage):
    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except (BotoCoreError, ClientError) as error:
            mark_render_degraded()
            raise OSError(f"S3 could not open {name}: {error}") from error
