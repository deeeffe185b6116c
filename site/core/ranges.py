"""HTTP byte ranges (RFC 9110 §14): what lets podcast players seek without downloading all."""

import re

_SINGLE_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")


class UnsatisfiableRange(ValueError):
    """The range lies outside the file: the answer is 416 with `Content-Range: bytes */size`."""


def _at_most(digits: str, ceiling: int) -> int:
    """The number, or the ceiling if it is larger. Only compared with the file's size, so a
    number of any length is read without `int()`, which refuses more than 4,300 digits."""
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(ceiling)):
        return ceiling
    return min(int(digits), ceiling)


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
    if first == "":  # suffix range: the last N bytes, none of which an empty file has
        length = _at_most(last, size)
        if length == 0:
            raise UnsatisfiableRange
        return size - length, size - 1
    first = _at_most(first, size)
    last = min(_at_most(last, size), size - 1) if last else size - 1
    if first >= size or last < first:
        raise UnsatisfiableRange
    return first, last
