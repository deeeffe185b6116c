"""Transcripts as editors paste them (WebVTT or SRT), turned into cues and back into WebVTT."""

import re
from dataclasses import dataclass

_TIMESTAMP = r"(?:(\d{1,2}):)?(\d{2}):(\d{2})[.,](\d{3})"
_CUE_TIMING = re.compile(rf"^{_TIMESTAMP}\s+-->\s+{_TIMESTAMP}")


class TranscriptError(ValueError):
    """The message says, in French, which line is wrong."""


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str

    @property
    def start_label(self):
        """Where the line starts, as players show a position (« 0:04 », « 1:02:03 »)."""
        hours, rest = divmod(int(self.start), 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_transcript(text: str) -> list[Cue]:
    """Read WebVTT or SRT; raise TranscriptError on the first malformed cue."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    if lines and lines[0].startswith("WEBVTT"):
        lines = lines[1:]
    cues, index = [], 0
    while index < len(lines):
        line = lines[index].strip()
        match = _CUE_TIMING.match(line)
        if not line or (not match and index + 1 < len(lines) and "-->" in lines[index + 1]):
            index += 1  # blank line or a cue identifier (SRT numbers, VTT ids)
            continue
        if not match:
            raise TranscriptError(
                f"Ligne {index + 1} : horodatage attendu, par exemple "
                "« 00:00:05.000 --> 00:00:09.500 »."
            )
        start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
        if end <= start:
            raise TranscriptError(f"Ligne {index + 1} : la fin du passage précède son début.")
        body = []
        index += 1
        while index < len(lines) and lines[index].strip():
            body.append(lines[index].strip())
            index += 1
        cues.append(Cue(start, end, " ".join(body)))
    if not cues:
        raise TranscriptError("La transcription ne contient aucun passage horodaté.")
    return cues


def format_timestamp(seconds: float, with_millis: bool = False) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    label = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if with_millis:
        label += f".{round((seconds - whole) * 1000):03d}"
    return label


def to_webvtt(cues: list[Cue]) -> str:
    blocks = ["WEBVTT"]
    for cue in cues:
        timing = f"{format_timestamp(cue.start, True)} --> {format_timestamp(cue.end, True)}"
        blocks.append(f"{timing}\n{cue.text}")
    return "\n\n".join(blocks) + "\n"
