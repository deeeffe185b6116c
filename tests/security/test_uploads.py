"""Uploaded files: never served as a page of the site, never a bomb, never a crash on a name."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from podcast.models import AudioAsset
from positions.demo import simple_pdf
from tests.security.conftest import content

AUDIO_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "audio"
Document = get_document_model()
Image = get_image_model()

LONG_STEM = "compte-rendu-" + "tres-long-" * 30  # 313 characters before the extension
FILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "dossier/sous-dossier/fichier",
    "Synthèse été 2026 — Occitanie ﷽ \u202eexe.gpj",
    LONG_STEM,
]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def png_bytes(width=4, height=4):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "#0b3d6e").save(buffer, format="PNG")
    return buffer.getvalue()


def png_declaring(width, height):
    """A few dozen bytes of PNG whose header claims width × height pixels."""

    def chunk(kind, data):
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def stored_files(root):
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


def assert_inside_media(name, settings):
    media = Path(settings.MEDIA_ROOT).resolve()
    path = (media / name).resolve()
    assert path.is_relative_to(media), name
    assert path.exists(), name
    assert len(path.name.encode()) <= 255


# Documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body", "mime"),
    [
        ("page.html", b"<script>alert(document.cookie)</script>", "text/html"),
        ("page.htm", b"<script>alert(1)</script>", "text/html"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="f()"/>', "image/svg+xml"),
        ("page.xhtml", b"<html><script>alert(1)</script></html>", "application/xhtml+xml"),
        ("notes.txt", b"<script>alert(1)</script>", "text/plain"),
    ],
)
def test_documents_that_a_browser_would_run_are_refused(editor_client, settings, name, body, mime):
    response = editor_client.post(
        "/admin/documents/add/",
        {"title": "Piège", "file": SimpleUploadedFile(name, body, mime)},
    )
    assert response.status_code == 200
    assert "n’est pas autorisée" in content(response)
    assert not Document.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def upload_document(client, name, body, mime="application/octet-stream"):
    response = client.post(
        "/admin/documents/add/", {"title": "Document", "file": SimpleUploadedFile(name, body, mime)}
    )
    assert response.status_code in {200, 302}
    return response


def test_only_pdfs_open_in_the_browser_everything_else_downloads(editor_client, client, db):
    upload_document(editor_client, "chiffres.csv", b'=HYPERLINK("x")\n<script>alert(1)</script>')
    upload_document(editor_client, "rapport.pdf", simple_pdf([["Rapport"]]), "application/pdf")
    csv_document = Document.objects.get(file__endswith=".csv")
    pdf_document = Document.objects.get(file__endswith=".pdf")

    response = client.get(csv_document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert not response["Content-Type"].startswith("text/html")

    response = client.get(pdf_document.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_pdf_that_is_not_a_pdf_is_refused_in_french(editor_client, settings):
    response = upload_document(editor_client, "faux.pdf", b"<html>pas un pdf</html>")
    assert response.status_code == 200
    assert "PDF" in content(response)
    assert not Document.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize("stem", FILE_NAMES)
def test_document_file_names_are_stored_safely_or_refused(editor_client, settings, stem):
    response = upload_document(editor_client, f"{stem}.pdf", simple_pdf([["Nom"]]))
    document = Document.objects.first()
    if response.status_code == 200:  # refused: the form says why, nothing stored
        assert "caractères" in content(response)
        assert document is None
        assert stored_files(settings.MEDIA_ROOT) == []
        return
    assert_inside_media(document.file.name, settings)
    assert document.file.name.startswith("documents/")
    assert "/" not in document.file.name.removeprefix("documents/")


# Images -------------------------------------------------------------------------------------


def upload_image(client, name, body, mime="image/png"):
    return client.post(
        "/admin/images/add/", {"title": "Image", "file": SimpleUploadedFile(name, body, mime)}
    )


@pytest.mark.parametrize(("width", "height"), [(8000, 6000), (100_000, 100_000)])
def test_decompression_bombs_are_refused_before_decoding(editor_client, settings, width, height):
    bomb = png_declaring(width, height)
    assert len(bomb) < 200
    response = upload_image(editor_client, "bombe.png", bomb)
    assert response.status_code == 200
    page = content(response)
    assert "Ce fichier a un trop grand nombre de pixels" in page
    assert "Nombre maximum de pixels 40000000." in page
    assert not Image.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("wagtailimages:add_multiple", "files[]"),
        ("wagtailimages_chooser:create", "image-chooser-upload-file"),
    ],
)
def test_every_image_upload_path_refuses_the_bomb(editor_client, settings, url_name, field):
    response = editor_client.post(
        reverse(url_name),
        {
            "title": "Bombe",
            "image-chooser-upload-title": "Bombe",
            field: SimpleUploadedFile("bombe.png", png_declaring(8000, 6000), "image/png"),
        },
    )
    assert response.status_code == 200
    assert "Nombre maximum de pixels 40000000." in content(response)
    assert not Image.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_truncated_image_is_refused_in_french_not_a_server_error(editor_client, settings):
    response = upload_image(editor_client, "coupee.png", png_declaring(400, 300))
    assert response.status_code == 200
    assert "Téléversez une image valide." in content(response)
    assert not Image.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_the_upload_form_keeps_its_french_label(editor_client):
    assert "Fichier" in content(editor_client.get("/admin/images/add/"))


def test_svg_is_not_accepted_as_an_image(editor_client, settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload_image(editor_client, "logo.svg", svg, "image/svg+xml")
    assert response.status_code == 200
    assert "Format d&#x27;image non supporté" in content(response)
    assert not Image.objects.exists()
    # Named .png, still not an image: Wagtail reads the bytes, not the name.
    response = upload_image(editor_client, "logo.png", svg)
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


@pytest.mark.parametrize("stem", FILE_NAMES)
def test_image_file_names_are_stored_safely(editor_client, settings, stem):
    response = upload_image(editor_client, f"{stem}.png", png_bytes())
    assert response.status_code == 302, content(response)[:2000]
    image = Image.objects.get()
    assert_inside_media(image.file.name, settings)
    assert image.file.name.startswith("original_images/")


# Audio --------------------------------------------------------------------------------------


@pytest.mark.parametrize("stem", FILE_NAMES)
def test_audio_file_names_are_stored_safely(editor_client, settings, stem):
    upload = SimpleUploadedFile(
        f"{stem}.mp3", (AUDIO_FIXTURES / "tone.mp3").read_bytes(), "audio/mpeg"
    )
    response = editor_client.post(reverse("audio:add"), {"title": "", "file": upload})
    assert response.status_code == 302, content(response)[:2000]
    asset = AudioAsset.objects.get()
    assert_inside_media(asset.file.name, settings)
    assert asset.file.name.startswith("podcast/audio/")
    assert 0 < len(asset.title) <= 255


def test_an_mp3_with_huge_id3_tags_and_cover_art_is_read_correctly(editor_client, settings):
    from mutagen.id3 import APIC, ID3, TIT2

    tags = ID3()
    tags.add(TIT2(encoding=3, text="Titre " * 20_000))
    tags.add(APIC(encoding=3, mime="image/png", type=3, desc="pochette", data=b"\x89" * 3_000_000))
    tagged = io.BytesIO()
    tags.save(tagged)
    audio = tagged.getvalue() + (AUDIO_FIXTURES / "tone.mp3").read_bytes()
    upload = SimpleUploadedFile("pochette.mp3", audio, "audio/mpeg")
    response = editor_client.post(reverse("audio:add"), {"title": "Pochette", "file": upload})
    assert response.status_code == 302, content(response)[:2000]
    asset = AudioAsset.objects.get()
    assert 2.9 < asset.duration_seconds < 3.2  # the tag is skipped, not taken for audio
    assert asset.size_bytes == len(audio)


@pytest.mark.parametrize(
    ("name", "mime"),
    [("episode.wav", "audio/wav"), ("episode.flac", "audio/flac"), ("episode.ogg", "audio/ogg")],
)
def test_other_audio_formats_are_refused_in_french(editor_client, settings, name, mime):
    upload = SimpleUploadedFile(name, (AUDIO_FIXTURES / "tone.mp3").read_bytes(), mime)
    response = editor_client.post(reverse("audio:add"), {"title": "Autre", "file": upload})
    assert response.status_code == 200
    assert "Format non pris en charge" in content(response)
    assert not AudioAsset.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []
