"""Serves `media/` in the embedded default, with HEAD and Range like S3 or a CDN would."""

import mimetypes
import os
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .ranges import UnsatisfiableRange, parse_byte_range

# Media prefixes never served by this route: documents go through /documents/, whose view
# applies the document rule (docs/operations.md, "Who can read a file"); Wagtail keeps uploads
# that failed validation under wagtail_uploads/.
PRIVATE_PREFIXES = frozenset({"documents", "wagtail_uploads"})


def public_media_path(path):
    """The path relative to MEDIA_ROOT if the URL may serve it, else None.

    The decision is taken on the path the file system would see, not on the URL: any empty,
    "." or ".." segment (double slashes, %2e) and any backslash or NUL is refused outright
    rather than normalised, so that no spelling of a private prefix slips past the check,
    whatever the case (file systems may ignore it) or the number of percent-encodings.
    """
    decoded = path
    while True:  # the same checks on every decoding a proxy or file server might apply
        if "\\" in decoded or "\x00" in decoded:
            return None
        segments = decoded.split("/")
        if any(segment in {"", ".", ".."} for segment in segments):
            return None
        if segments[0].casefold() in PRIVATE_PREFIXES:
            return None
        if unquote(decoded) == decoded:
            return path
        decoded = unquote(decoded)


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
    path = public_media_path(path)
    if path is None:
        raise Http404
    try:
        full_path = FileSystemStorage(location=settings.MEDIA_ROOT).path(path)
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
