"""The Pacte Occitan loop in a real browser: a large account and an SME sign up and confirm
their address from the e-mail the SMTP server received, staff validate both organisations in
the Wagtail admin, the buyer publishes a need, the SME gets it in the daily digest, responds,
the buyer shortlists then awards it, and the deal shows in the steering committee's view."""

import datetime
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Category, Need, NeedStatus, Organisation, Response, ResponseStatus
from tests.e2e.conftest import E2E_DATABASE, log_in
from tests.mail_server import text_and_html
from tests.members.factories import siren_for

pytestmark = E2E_DATABASE


@pytest.fixture(autouse=True)
def patient_assertions():
    """A long journey on a busy machine: assertions and pages wait up to a minute."""
    expect.set_options(timeout=60_000)
    yield
    expect.set_options(timeout=5_000)


PASSWORD = "Pacte-Occitan-2026!"
BUYER = {
    "email": "achats@aero-fictif.example",
    "full_name": "Hélène Acheteuse",
    "name": "Aéro Fictif Industries",
    "kind": "grand_compte",
    "siren": siren_for(97001),
    "size_band": "5000+",
}
SME = {
    "email": "contact@usinage-fictif.example",
    "full_name": "Karim Usineur",
    "name": "Usinage Fictif du Lauragais",
    "kind": "pme",
    "siren": siren_for(97002),
    "size_band": "10-49",
}
NEED_TITLE = "Usinage de pièces en titane pour bancs d'essai"


def wait_for_message(smtp_server, to, subject_part="", timeout=20):
    """The first message to `to` whose subject holds `subject_part`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_server.messages:
            if message["To"] == to and subject_part in message["Subject"]:
                return message
        time.sleep(0.2)
    received = [(message["To"], message["Subject"]) for message in smtp_server.messages]
    raise AssertionError(f"no message to {to} about {subject_part!r}; received: {received}")


def link_path(message, path_part):
    """The path of a link in the text body (links name the site's configured host)."""
    body_text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(rf"https?://\S*{path_part}\S*", body_text)
    assert found, body_text
    return urlsplit(found.group(0)).path


def sign_up_and_ask_for_validation(page, site, smtp_server, person):
    page.goto(f"{site}/espace-membres/compte/inscription/")
    page.fill("#id_email", person["email"])
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/espace-membres/compte/confirmer-e-mail/$"))

    confirmation = wait_for_message(smtp_server, person["email"])
    page.goto(site + link_path(confirmation, "/espace-membres/compte/confirmer-e-mail/"))
    page.locator("main button[type=submit]").click()
    page.goto(f"{site}/espace-membres/")
    if "/compte/connexion/" in page.url:
        page.fill("#id_login", person["email"])
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/espace-membres/organisation/nouvelle/$"))

    page.fill("#id_full_name", person["full_name"])
    page.fill("#id_name", person["name"])
    page.select_option("#id_kind", person["kind"])
    page.fill("#id_siren", person["siren"])
    page.fill("#id_naf_codes", "25.62B")
    page.select_option("#id_department", "31")
    page.select_option("#id_size_band", person["size_band"])
    page.get_by_role("button", name="Envoyer pour validation").click()
    expect(page.locator("main")).to_contain_text("en cours de validation")


def validate(staff, site, name):
    organisation = Organisation.objects.get(name=name)
    staff.goto(f"{site}/admin/snippets/members/organisation/edit/{organisation.pk}/")
    staff.select_option("#id_status", "validee")
    staff.fill("#id_status_note", "Adhésion vérifiée par l'antenne de Haute-Garonne")
    staff.locator("button.action-save").click()
    expect(staff.locator(".messages")).to_contain_text(name)


def test_buyer_and_sme_do_the_whole_loop(site_server, new_page, smtp_server):
    site = site_server
    category = Category.objects.order_by("name").first()
    buyer, sme, staff = new_page(), new_page(), new_page()
    for page in (buyer, sme, staff):
        page.set_default_timeout(60_000)
    sign_up_and_ask_for_validation(buyer, site, smtp_server, BUYER)
    sign_up_and_ask_for_validation(sme, site, smtp_server, SME)

    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("equipe", "equipe@cpme.example", "cpme-demo-2026")
    log_in(staff, site, "equipe")
    validate(staff, site, BUYER["name"])
    validate(staff, site, SME["name"])

    sme.goto(f"{site}/espace-membres/alertes/")
    sme.get_by_label("Recevoir le résumé quotidien").check()
    sme.locator("input[name=departments][value='31']").check()
    sme.get_by_role("button", name="Enregistrer mes alertes").click()
    expect(sme.locator("main")).to_contain_text("Vos alertes sont enregistrées")

    buyer.goto(f"{site}/espace-membres/besoins/nouveau/")
    buyer.fill("#id_title", NEED_TITLE)
    buyer.fill("#id_description", "Vingt pièces usinées en titane, tolérance au centième.")
    buyer.select_option("#id_axis", "achats")
    buyer.locator(f"input[name=categories][value='{category.pk}']").check()
    buyer.locator("input[name=departments][value='31']").check()
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    buyer.fill("#id_deadline", deadline.isoformat())
    buyer.get_by_role("button", name="Publier le besoin").click()
    expect(buyer.locator("main")).to_contain_text("Votre besoin est publié")
    need = Need.objects.get(title=NEED_TITLE)

    call_command("send_members_digest", day=timezone.localdate().isoformat())
    digest = wait_for_message(smtp_server, SME["email"], "sur la plateforme du Pacte Occitan")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body_text, body_html = text_and_html(digest)
    assert f"/espace-membres/besoins/{need.pk}/" in body_html
    assert NEED_TITLE in body_text
    assert BUYER["name"] in body_text

    sme.goto(site + link_path(digest, f"/espace-membres/besoins/{need.pk}/"))
    expect(sme.locator("h1")).to_have_text(NEED_TITLE)
    sme.get_by_label("Message").fill("Nous usinons le titane depuis 1998 ; délai : trois semaines.")
    sme.get_by_role("button", name="Envoyer ma réponse").click()
    expect(sme.locator("main")).to_contain_text("Votre réponse est envoyée")
    response = Response.objects.get(need=need)

    buyer.goto(f"{site}/espace-membres/besoins/{need.pk}/")
    expect(buyer.locator("main")).to_contain_text(SME["name"])
    buyer.get_by_label("Décision").select_option("retenue")
    buyer.get_by_role("button", name="Enregistrer la décision").click()
    expect(buyer.locator("main")).to_contain_text("Votre décision est enregistrée")
    response.refresh_from_db()
    assert response.status == ResponseStatus.SHORTLISTED

    sme.goto(f"{site}/espace-membres/reponses/{response.pk}/")
    expect(sme.locator("main")).to_contain_text("Présélectionnée")

    buyer.get_by_label("Décision").select_option("gagnee")
    buyer.get_by_label("Motif communiqué à l'entreprise").fill("Meilleur délai.")
    buyer.get_by_role("button", name="Enregistrer la décision").click()
    expect(buyer.locator("main")).to_contain_text("Votre décision est enregistrée")
    response.refresh_from_db()
    need.refresh_from_db()
    assert response.status == ResponseStatus.WON
    assert need.status == NeedStatus.AWARDED

    sme.reload()
    expect(sme.locator("main")).to_contain_text("Gagnée")

    staff.goto(f"{site}/admin/pacte/comite/")
    scorecard = staff.locator("tr", has=staff.locator("th", has_text=BUYER["name"])).first
    # Needs 1, awarded 1, …, share awarded to SMEs 100 %.
    expect(scorecard.locator("td").nth(0)).to_have_text("1")
    expect(scorecard.locator("td").nth(1)).to_have_text("1")
    expect(scorecard.locator("td").nth(3)).to_have_text("100 %")
    month = staff.locator("tr", has=staff.locator("th", has_text=BUYER["name"])).last
    expect(month.locator("td").last).to_have_text("1")  # won this month
