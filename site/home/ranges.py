"""HTTP byte ranges (RFC 9110 §14): what lets podcast players seek without downloading all."""

import re

_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class UnsatisfiableRange(ValueError):
    """The range lies outside the file: the answer is 416 with `Content-Range: bytes */size`."""


def parse_byte_range(header: str | None, size: int):
    """Return (first, last) inclusive for a single satisfiable range, None to send everything.

    Multiple ranges and malformed headers are ignored, as RFC 9110 allows: the client then
    gets the whole file with 200, which every player handles.
    """
    if not header:
        return None
    match = _SINGLE_RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # suffix range: the last N bytes
        length = int(last)
        if length == 0:
            raise UnsatisfiableRange
        return max(size - length, 0), size - 1
    first = int(first)
    last = min(int(last), size - 1) if last else size - 1
    if first >= size or last < first:
        raise UnsatisfiableRange
    return first, last
