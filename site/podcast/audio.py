"""Audio probing: decide from the bytes themselves whether an upload is a podcast-ready file.

Everything here works on a seekable binary file object and plain values, so the admin forms,
the tests and the benchmarks all go through exactly the same checks. Nothing is written
anywhere: ingestion (podcast.ingest) only stores what this module accepted.
"""

import hashlib
import os
import struct
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

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
_MP3_TRAILERS = (b"TAG", b"APETAGEX", b"LYRICSBEGIN")
_MIN_MP3_FRAMES = 4


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
    """Walk every frame header: a cut-off last frame means the upload was truncated.

    Reads four bytes per frame through the buffered file, so memory stays flat however
    long the episode is.
    """
    frames = 0
    position = offset
    while position < size:
        fileobj.seek(position)
        header = fileobj.read(4)
        length = _mp3_frame_length(header)
        if length is None:
            break
        if position + length > size:
            raise AudioRejected(
                "Le fichier MP3 est tronqué : sa fin manque. Déposez le fichier complet."
            )
        frames += 1
        position += length
    fileobj.seek(position)
    trailer = fileobj.read(16)
    fileobj.seek(0)
    if frames < _MIN_MP3_FRAMES:
        raise AudioRejected("Ce fichier ne contient pas d'audio MP3 lisible.")
    if position < size and not trailer.startswith(_MP3_TRAILERS):
        raise AudioRejected(
            "Le fichier MP3 est corrompu ou tronqué après "
            f"{frames} trames audio : exportez-le à nouveau."
        )


def _m4a_info(fileobj, size):
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
