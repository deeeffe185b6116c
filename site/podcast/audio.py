"""Audio probing: decide from the bytes themselves whether an upload is a podcast-ready file.

Everything here works on a seekable binary file object and plain values, so the admin forms,
the tests and the benchmarks all go through exactly the same checks. Nothing is written
anywhere: ingestion (podcast.ingest) only stores what this module accepted.

`mutagen` is imported where a file is read, not with this module, which the admin's forms
and the import jobs load at start-up: a task worker that only sends mail never pays for it.
"""

import hashlib
import os
import struct
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat

CHUNK_SIZE = 1024 * 1024

FORMATS = {
    # extension: (content label, MIME type sent to listeners, declared types browsers use)
    "mp3": ("MP3", "audio/mpeg", {"audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg-3"}),
    "m4a": ("AAC en M4A", "audio/mp4", {"audio/mp4", "audio/x-m4a", "audio/m4a", "audio/aac"}),
}
# What browsers send when they do not know: it says nothing, so it contradicts nothing.
UNDECLARED_TYPES = {"", "application/octet-stream", "binary/octet-stream"}

_MPEG1_L3_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_MPEG2_L3_KBPS = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
_MIN_MP3_FRAMES = 4
_MIN_TAIL_FRAMES = 3
_MP3_HEAD_BYTES = 64 * 1024
_MP3_TAIL_BYTES = 64 * 1024


class AudioRejected(ValueError):
    """The upload is not acceptable; the message is shown to the editor as it is."""


@dataclass(frozen=True)
class AudioInfo:
    extension: str
    mime_type: str
    duration_seconds: float
    bitrate: int
    sample_rate: int
    channels: int
    size_bytes: int
    sha256: str


def probe_audio(fileobj, filename: str, declared_type: str = "", max_size: int = 0) -> AudioInfo:
    """Validate an upload and describe it; raise AudioRejected with a French message."""
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    if extension not in FORMATS:
        raise AudioRejected(
            "Format non pris en charge : déposez un fichier MP3 (.mp3) ou AAC (.m4a)."
        )
    size = _size_of(fileobj)
    if size == 0:
        raise AudioRejected("Le fichier est vide.")
    if max_size and size > max_size:
        raise AudioRejected(
            f"Le fichier pèse {filesizeformat(size)} : la taille maximale autorisée est "
            f"{filesizeformat(max_size)}."
        )
    declared_type = (declared_type or "").split(";")[0].strip().lower()
    known_types = set().union(*(types for _, _, types in FORMATS.values()))
    if declared_type not in UNDECLARED_TYPES and declared_type not in known_types:
        raise AudioRejected(
            f"Le type déclaré du fichier ({declared_type}) n'est pas un type audio accepté : "
            "déposez un fichier MP3 ou AAC (M4A)."
        )

    content = _sniff(fileobj)
    if content == "wav":
        raise AudioRejected(
            "Ce fichier est un enregistrement WAV non compressé : exportez-le en MP3 ou en "
            "AAC (M4A) avant de le déposer."
        )
    if content is None:
        raise AudioRejected(
            "Ce fichier ne contient pas d'audio MP3 ou AAC lisible : vérifiez qu'il s'agit bien "
            "d'un épisode exporté en MP3 ou en M4A."
        )
    label = FORMATS[content][0]
    if content != extension:
        raise AudioRejected(
            f"L'extension .{extension} ne correspond pas au contenu du fichier, qui est de "
            f"l'audio {label}. Renommez-le en .{content} ou exportez-le à nouveau."
        )
    if declared_type not in UNDECLARED_TYPES and declared_type not in FORMATS[content][2]:
        raise AudioRejected(
            f"Le type déclaré ({declared_type}) ne correspond pas au contenu du fichier "
            f"(audio {label})."
        )

    probe = _mp3_info if content == "mp3" else _m4a_info
    duration, bitrate, sample_rate, channels = probe(fileobj, size)
    if not duration or duration <= 0:
        raise AudioRejected("Le fichier ne contient aucune durée d'écoute : il semble vide.")
    return AudioInfo(
        extension=content,
        mime_type=FORMATS[content][1],
        duration_seconds=round(duration, 3),
        bitrate=int(bitrate or 0),
        sample_rate=int(sample_rate or 0),
        channels=int(channels or 0),
        size_bytes=size,
        sha256=sha256_of(fileobj),
    )


def sha256_of(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    while chunk := fileobj.read(CHUNK_SIZE):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _size_of(fileobj) -> int:
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _sniff(fileobj):
    """Recognise the container from its first bytes, whatever the file is called."""
    fileobj.seek(0)
    head = fileobj.read(12)
    fileobj.seek(0)
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 4 and _mp3_frame_length(head[:4]):
        return "mp3"
    return None


def _mp3_frame_length(header: bytes):
    """Length in bytes of the MPEG Layer III frame this 4-byte header starts, or None."""
    if len(header) < 4:
        return None
    b1, b2, b3 = header[1], header[2], header[3]
    if header[0] != 0xFF or (b1 & 0xE0) != 0xE0:
        return None
    version = (b1 >> 3) & 0x03  # 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
    layer = (b1 >> 1) & 0x03  # 1: Layer III
    bitrate_index = (b2 >> 4) & 0x0F
    rate_index = (b2 >> 2) & 0x03
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    if (b3 & 0x03) == 2:  # reserved emphasis
        return None
    padding = (b2 >> 1) & 0x01
    sample_rate = _SAMPLE_RATES[version][rate_index]
    if version == 3:
        return 144 * _MPEG1_L3_KBPS[bitrate_index] * 1000 // sample_rate + padding
    return 72 * _MPEG2_L3_KBPS[bitrate_index] * 1000 // sample_rate + padding


def _mp3_info(fileobj, size):
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        audio = MP3(fileobj)
    except (MutagenError, struct.error, ValueError) as error:
        raise AudioRejected(
            "Le fichier MP3 est illisible ou corrompu : exportez-le à nouveau."
        ) from error
    _check_mp3_frames(fileobj, size, _id3v2_size(fileobj))
    info = audio.info
    return info.length, info.bitrate, info.sample_rate, info.channels


def _id3v2_size(fileobj) -> int:
    fileobj.seek(0)
    header = fileobj.read(10)
    if header[:3] != b"ID3" or len(header) < 10:
        return 0
    synchsafe = header[6:10]
    tag_size = (synchsafe[0] << 21) | (synchsafe[1] << 14) | (synchsafe[2] << 7) | synchsafe[3]
    footer = 10 if header[5] & 0x10 else 0
    return 10 + tag_size + footer


def _check_mp3_frames(fileobj, size, offset):
    """The audio must start and end on whole frames: a cut-off end means a truncated upload.

    Only the first frames and the last 64 KB are read, so the check costs the same for a
    three-minute trailer and for a two-hour episode, and memory stays flat.
    """
    fileobj.seek(offset)
    head = fileobj.read(_MP3_HEAD_BYTES)
    frames, position = _walk_frames(head, 0)
    if frames < _MIN_MP3_FRAMES and offset + position < size:
        raise AudioRejected("Ce fichier ne contient pas d'audio MP3 lisible.")
    audio_end = _end_of_audio(fileobj, size)
    if offset + position == audio_end:
        fileobj.seek(0)
        return
    tail_start = max(offset + position, audio_end - _MP3_TAIL_BYTES)
    fileobj.seek(tail_start)
    tail = fileobj.read(audio_end - tail_start)
    fileobj.seek(0)
    candidate = tail.find(b"\xff")
    while candidate != -1:
        frames, position = _walk_frames(tail, candidate)
        if frames >= _MIN_TAIL_FRAMES and position == len(tail):
            return
        candidate = tail.find(b"\xff", candidate + 1)
    raise AudioRejected(
        "Le fichier MP3 est tronqué ou corrompu : sa fin ne correspond pas à une trame audio "
        "complète. Déposez le fichier complet."
    )


def _walk_frames(buffer: bytes, position: int):
    """Follow frame headers from position; return (frames seen, where the chain stopped)."""
    frames = 0
    while position + 4 <= len(buffer):
        length = _mp3_frame_length(buffer[position : position + 4])
        if length is None or position + length > len(buffer):
            break
        frames += 1
        position += length
    return frames, position


def _end_of_audio(fileobj, size) -> int:
    """Where the MPEG frames stop, before an ID3v1 or APEv2 tag appended at the end."""
    end = size
    if size >= 128:
        fileobj.seek(size - 128)
        if fileobj.read(3) == b"TAG":
            end -= 128
    if end >= 32:
        fileobj.seek(end - 32)
        footer = fileobj.read(32)
        if footer[:8] == b"APETAGEX":
            tag_size = int.from_bytes(footer[12:16], "little")
            has_header = bool(int.from_bytes(footer[20:24], "little") & 0x80000000)
            end -= tag_size + (32 if has_header else 0)
    return end


def _m4a_info(fileobj, size):
    from mutagen import MutagenError
    from mutagen.mp4 import MP4

    _check_mp4_atoms(fileobj, size)
    try:
        audio = MP4(fileobj)
    except (MutagenError, struct.error, ValueError) as error:
        raise AudioRejected(
            "Le fichier M4A est illisible ou corrompu : exportez-le à nouveau."
        ) from error
    info = audio.info
    if not (getattr(info, "codec", "") or "").startswith("mp4a"):
        raise AudioRejected("Le fichier M4A ne contient pas d'audio AAC.")
    return info.length, info.bitrate, info.sample_rate, info.channels


def _check_mp4_atoms(fileobj, size):
    """Top-level atoms must tile the file exactly; otherwise it was cut or padded."""
    position, seen = 0, set()
    while position < size:
        fileobj.seek(position)
        header = fileobj.read(16)
        if len(header) < 8:
            break
        length, kind = struct.unpack(">I4s", header[:8])
        if length == 1 and len(header) == 16:
            length = struct.unpack(">Q", header[8:16])[0]
        elif length == 0:
            length = size - position
        if length < 8 or position + length > size:
            raise AudioRejected(
                "Le fichier M4A est tronqué ou corrompu : déposez le fichier complet."
            )
        seen.add(kind)
        position += length
    fileobj.seek(0)
    if position != size or not {b"moov", b"mdat"} <= seen:
        raise AudioRejected("Le fichier M4A est incomplet : il lui manque l'audio ou son index.")
