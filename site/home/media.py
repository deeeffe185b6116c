"""Serves `media/` in the embedded default, with HEAD and Range like S3 or a CDN would."""

import mimetypes
import os

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .ranges import UnsatisfiableRange, parse_byte_range


class _FileSlice:
    """Reads [first, last] of a file in chunks, so a range never loads the file in memory."""

    chunk_size = 64 * 1024

    def __init__(self, path, first, last):
        self.file = open(path, "rb")  # noqa: SIM115 - closed by FileResponse via close()
        self.file.seek(first)
        self.remaining = last - first + 1

    def __iter__(self):
        while self.remaining > 0:
            chunk = self.file.read(min(self.chunk_size, self.remaining))
            if not chunk:
                break
            self.remaining -= len(chunk)
            yield chunk

    def close(self):
        self.file.close()


@require_safe
def serve_media(request, path):
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except SuspiciousFileOperation as error:  # a path escaping MEDIA_ROOT
        raise Http404 from error
    if not os.path.isfile(full_path):
        raise Http404
    stat = os.stat(full_path)
    size = stat.st_size
    content_type = mimetypes.guess_type(full_path)[0] or "application/octet-stream"
    try:
        byte_range = parse_byte_range(request.headers.get("Range"), size)
    except UnsatisfiableRange:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response

    if byte_range is None:
        response = FileResponse(open(full_path, "rb"), content_type=content_type)  # noqa: SIM115
        response["Content-Length"] = str(size)
    else:
        first, last = byte_range
        response = FileResponse(_FileSlice(full_path, first, last), content_type=content_type)
        response.status_code = 206
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(stat.st_mtime)
    return response
