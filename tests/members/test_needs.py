"""Needs and responses: the loop, bad input, and every object seen as another organisation."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Need, NeedAttachment, NeedReport, NeedStatus, Response

from .conftest import logged_in
from .factories import NeedFactory, ResponseFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def need_fields(**overrides):
    fields = {
        "title": "Usinage de pièces <b>titane</b>",
        "description": "Séries de 200 pièces.\n<script>alert(1)</script>",
        "axis": "achats",
        "categories": ["1"],
        "departments": ["31", "81"],
        "naf_codes": "25.62B",
        "budget_band": "25-100k",
        "deadline": (datetime.date.today() + datetime.timedelta(days=20)).isoformat(),
        "visibility": "toutes",
    }
    fields.update(overrides)
    return fields


def category_id():
    from members.models import Category

    return str(Category.objects.get(slug="industrie-mecanique").pk)


def test_buyer_publishes_sme_responds_buyer_decides(client, buyer_member, sme_member):
    buyer = logged_in(client, buyer_member)
    pdf = SimpleUploadedFile("cahier.pdf", pdf_bytes(), "application/pdf")
    response = buyer.post(
        "/espace-membres/besoins/nouveau/",
        {**need_fields(categories=[category_id()]), "attachment": pdf},
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.organisation == buyer_member.organisation
    assert need.attachments.count() == 1

    sme = client.__class__()
    logged_in(sme, sme_member)
    page = sme.get(f"/espace-membres/besoins/{need.pk}/").content.decode()
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    assert "Usinage de pièces &lt;b&gt;titane&lt;/b&gt;" in page
    listed = sme.get("/espace-membres/besoins/").content.decode()
    assert f"/espace-membres/besoins/{need.pk}/" in listed
    attachment = need.attachments.get()
    download = sme.get(f"/espace-membres/besoins/{need.pk}/pieces/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    answer = sme.post(
        f"/espace-membres/besoins/{need.pk}/repondre/",
        {
            "message": "Nous usinons le titane depuis 15 ans.",
            "contact_name": "Camille",
            "contact_email": "camille@atelier.example",
            "attachment": SimpleUploadedFile("offre.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert answer.status_code == 302
    reply = Response.objects.get()
    twice = sme.post(
        f"/espace-membres/besoins/{need.pk}/repondre/",
        {"message": "x", "contact_name": "C", "contact_email": "c@a.example"},
    )
    assert twice.status_code == 409

    buyer_view = buyer.get(f"/espace-membres/besoins/{need.pk}/").content.decode()
    assert "Atelier Garonne" in buyer_view
    assert (
        buyer.post(
            f"/espace-membres/reponses/{reply.pk}/decision/", {"status": "retenue"}
        ).status_code
        == 302
    )
    assert buyer.get(f"/espace-membres/reponses/{reply.pk}/piece-jointe/").status_code == 200
    buyer.post(f"/espace-membres/reponses/{reply.pk}/decision/", {"status": "gagnee"})
    reply.refresh_from_db()
    need.refresh_from_db()
    assert reply.status == "gagnee"
    assert need.status == NeedStatus.AWARDED
    mine = sme.get("/espace-membres/mon-activite/").content.decode()
    assert "Gagnée" in mine


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Donnez un titre"),
        ({"departments": []}, "Cochez au moins un département"),
        ({"departments": ["75"]}, "75"),
        ({"deadline": "2001-01-01"}, "ne peut pas être passée"),
        ({"deadline": "demain"}, "JJ/MM/AAAA"),
        ({"axis": "finance"}, "Sélectionnez un choix valide"),
        ({"naf_codes": "usinage"}, "code NAF"),
    ],
)
def test_bad_need_fields_are_explained(client, buyer_member, overrides, message):
    logged_in(client, buyer_member)
    fields = need_fields(categories=[category_id()])
    fields.update(overrides)
    response = client.post("/espace-membres/besoins/nouveau/", fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Need.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "Seuls les fichiers PDF"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Seuls les fichiers PDF"),
        ("casse.pdf", b"%PDF-1.4 rien de plus", "endommagé"),
    ],
)
def test_attachments_are_checked_from_their_content(client, buyer_member, name, content, message):
    logged_in(client, buyer_member)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post(
        "/espace-membres/besoins/nouveau/",
        {**need_fields(categories=[category_id()]), "attachment": upload},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NeedAttachment.objects.exists()


def test_attachment_size_limit(client, buyer_member, settings):
    settings.MEMBERS_ATTACHMENT_MAX_SIZE = 100
    logged_in(client, buyer_member)
    upload = SimpleUploadedFile("gros.pdf", pdf_bytes(), "application/pdf")
    response = client.post(
        "/espace-membres/besoins/nouveau/",
        {**need_fields(categories=[category_id()]), "attachment": upload},
    )
    assert response.status_code == 400
    assert "la limite est de 100" in response.content.decode()


@pytest.fixture
def scene(buyer_member, sme_member, other_member):
    """A buyer's need with one attachment and the SME's response; `other_member` is a third
    organisation that must see neither the response nor act on the need."""
    need = NeedFactory(organisation=buyer_member.organisation)
    attachment = NeedAttachment.objects.create(
        need=need, file=ContentFile(pdf_bytes(), "a.pdf"), name="a.pdf", size=10
    )
    response = ResponseFactory(need=need, organisation=sme_member.organisation)
    response.attachment.save("r.pdf", ContentFile(pdf_bytes()))
    return need, attachment, response


def test_idor_another_organisation_cannot_touch_a_need(client, scene, other_member):
    need, _attachment, _response = scene
    logged_in(client, other_member)
    assert client.get(f"/espace-membres/besoins/{need.pk}/modifier/").status_code == 404
    assert (
        client.post(f"/espace-membres/besoins/{need.pk}/modifier/", {"title": "Piraté"}).status_code
        == 404
    )
    assert client.post(f"/espace-membres/besoins/{need.pk}/clore/").status_code == 404
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    assert need.title != "Piraté"
    detail = client.get(f"/espace-membres/besoins/{need.pk}/").content.decode()
    assert "Atelier Garonne" not in detail  # the responder's name stays with the buyer


def test_idor_another_organisation_cannot_read_or_decide_a_response(client, scene, other_member):
    _need, _attachment, response = scene
    logged_in(client, other_member)
    assert client.get(f"/espace-membres/reponses/{response.pk}/").status_code == 404
    assert (
        client.post(f"/espace-membres/reponses/{response.pk}/", {"message": "modifié"}).status_code
        == 404
    )
    assert (
        client.post(
            f"/espace-membres/reponses/{response.pk}/decision/", {"status": "gagnee"}
        ).status_code
        == 404
    )
    assert client.get(f"/espace-membres/reponses/{response.pk}/piece-jointe/").status_code == 404
    response.refresh_from_db()
    assert response.status == "envoyee"
    assert response.message != "modifié"


def test_idor_the_responder_cannot_decide_its_own_response(client, scene, sme_member):
    _need, _attachment, response = scene
    logged_in(client, sme_member)
    assert client.get(f"/espace-membres/reponses/{response.pk}/").status_code == 200
    assert (
        client.post(
            f"/espace-membres/reponses/{response.pk}/decision/", {"status": "gagnee"}
        ).status_code
        == 404
    )
    response.refresh_from_db()
    assert response.status == "envoyee"


def test_idor_hidden_and_sme_only_needs_and_their_attachments(
    client, scene, other_member, buyer_member
):
    need, attachment, _response = scene
    url = f"/espace-membres/besoins/{need.pk}/pieces/{attachment.pk}/"
    logged_in(client, other_member)
    assert client.get(url).status_code == 200
    need.hidden = True
    need.save()
    assert client.get(url).status_code == 404
    assert client.get(f"/espace-membres/besoins/{need.pk}/").status_code == 404
    sme_only = NeedFactory(organisation=other_member.organisation, visibility="pme")
    large = client.__class__()
    logged_in(large, buyer_member)
    assert large.get(f"/espace-membres/besoins/{sme_only.pk}/").status_code == 404
    assert f"/besoins/{sme_only.pk}/" not in large.get("/espace-membres/besoins/").content.decode()


def test_attachments_are_not_under_the_public_media(scene, settings):
    _need, attachment, _response = scene
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))


def test_anonymous_visitors_get_the_login_page(client, scene):
    need, attachment, response = scene
    for url in (
        f"/espace-membres/besoins/{need.pk}/",
        f"/espace-membres/besoins/{need.pk}/pieces/{attachment.pk}/",
        f"/espace-membres/reponses/{response.pk}/piece-jointe/",
    ):
        answer = client.get(url)
        assert answer.status_code == 302
        assert "/espace-membres/compte/" in answer.url


def test_pending_organisation_cannot_read_needs(client, scene, other_member):
    need, attachment, _response = scene
    other_member.organisation.status = "en_attente"
    other_member.organisation.save()
    logged_in(client, other_member)
    assert (
        client.get(f"/espace-membres/besoins/{need.pk}/pieces/{attachment.pk}/").status_code == 403
    )


def test_reporting_a_need_fills_the_moderation_queue(client, scene, other_member):
    need, _attachment, _response = scene
    logged_in(client, other_member)
    assert (
        client.post(f"/espace-membres/besoins/{need.pk}/signaler/", {"reason": ""}).status_code
        == 400
    )
    assert (
        client.post(
            f"/espace-membres/besoins/{need.pk}/signaler/", {"reason": "Offre d'emploi déguisée"}
        ).status_code
        == 302
    )
    assert NeedReport.objects.get().reporter == other_member.organisation


def test_publishing_is_rate_limited(client, buyer_member, monkeypatch):
    from members import limits

    monkeypatch.setattr(limits, "NEEDS_PER_DAY_PER_ORGANISATION", 1)
    logged_in(client, buyer_member)
    fields = need_fields(categories=[category_id()])
    assert client.post("/espace-membres/besoins/nouveau/", fields).status_code == 302
    refused = client.post("/espace-membres/besoins/nouveau/", fields)
    assert refused.status_code == 429
    assert Need.objects.count() == 1


def test_bad_decision_is_refused(client, scene, buyer_member):
    _need, _attachment, response = scene
    logged_in(client, buyer_member)
    answer = client.post(f"/espace-membres/reponses/{response.pk}/decision/", {"status": "x"})
    assert answer.status_code == 400
    assert "Cette décision n&#x27;existe pas" in answer.content.decode()
