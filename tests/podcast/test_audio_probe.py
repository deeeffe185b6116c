"""The probe decides from the bytes: real fixtures, real mutagen, the editor's French message."""

import io

import pytest

from podcast.audio import AudioRejected, probe_audio
from tests.podcast.factories import AUDIO_FIXTURES


def probe(name, upload_name=None, declared="", max_size=0):
    with open(AUDIO_FIXTURES / name, "rb") as handle:
        return probe_audio(handle, upload_name or name, declared, max_size)


def test_a_real_mp3_is_described_by_its_content():
    info = probe("tone.mp3", declared="audio/mpeg")
    assert info.mime_type == "audio/mpeg"
    assert info.extension == "mp3"
    assert 2.9 < info.duration_seconds < 3.2
    assert info.bitrate == 64000
    assert info.sample_rate == 44100
    assert info.channels == 1
    assert info.size_bytes == (AUDIO_FIXTURES / "tone.mp3").stat().st_size
    assert len(info.sha256) == 64


def test_a_real_aac_m4a_is_accepted():
    info = probe("tone.m4a", declared="audio/x-m4a")
    assert info.mime_type == "audio/mp4"
    assert 2.9 < info.duration_seconds < 3.2
    assert info.bitrate > 0


@pytest.mark.parametrize(
    ("name", "upload_name", "declared", "message"),
    [
        ("empty.mp3", None, "audio/mpeg", "Le fichier est vide."),
        ("random.mp3", None, "audio/mpeg", "ne contient pas d'audio MP3 ou AAC lisible"),
        ("wav_renamed.mp3", None, "audio/mpeg", "enregistrement WAV non compressé"),
        ("truncated.mp3", None, "audio/mpeg", "Le fichier MP3 est tronqué ou corrompu"),
        ("truncated.m4a", None, "audio/mp4", "Le fichier M4A est tronqué"),
        ("tone.mp3", "episode.m4a", "", "L'extension .m4a ne correspond pas au contenu"),
        ("tone.m4a", "episode.mp3", "", "L'extension .mp3 ne correspond pas au contenu"),
        ("tone.mp3", None, "audio/mp4", "Le type déclaré (audio/mp4) ne correspond pas"),
        ("tone.mp3", None, "text/plain", "n'est pas un type audio accepté"),
        ("tone.mp3", "episode.ogg", "audio/ogg", "Format non pris en charge"),
    ],
)
def test_bad_files_are_refused_with_a_french_reason(name, upload_name, declared, message):
    with pytest.raises(AudioRejected, match=message.replace("(", r"\(").replace(")", r"\)")):
        probe(name, upload_name, declared)


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(AudioRejected, match="la taille maximale autorisée est 1,0\xa0Kio"):
        probe("tone.mp3", max_size=1024)


def long_mp3(repeats=20):
    """Several hundred KB of valid frames: long enough that only its ends are inspected."""
    return (AUDIO_FIXTURES / "tone.mp3").read_bytes() * repeats


def test_a_long_mp3_with_an_id3v1_tag_at_the_end_is_accepted():
    data = long_mp3() + b"TAG" + b"\0" * 125
    info = probe_audio(io.BytesIO(data), "long.mp3", "audio/mpeg")
    assert info.size_bytes == len(data)


def test_a_long_mp3_cut_in_the_middle_of_a_frame_is_refused():
    data = long_mp3()
    with pytest.raises(AudioRejected, match="tronqué"):
        probe_audio(io.BytesIO(data[: len(data) - 100]), "long.mp3", "audio/mpeg")
