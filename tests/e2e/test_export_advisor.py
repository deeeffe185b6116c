"""The Export Advisor in a real browser: a member declares a presence, another finds it on
the map and by search, rates a resource and sees the average of three ratings, reports a
rating that staff then refuse, and asks for an introduction that the contact accepts from
the e-mail the SMTP server received."""

import re
import time

from playwright.sync_api import expect

from advisor.models import IntroductionRequest, IntroductionStatus, Rating, RatingStatus
from tests.advisor.factories import ResourceFactory, ResourceRatingFactory, member_of
from tests.e2e.conftest import DEMO_PASSWORD, E2E_DATABASE
from tests.e2e.test_press_alerts import link_path, wait_for_message
from tests.mail_server import text_and_html

pytestmark = E2E_DATABASE


def member(name, email):
    membership = member_of(name)
    user = membership.user
    user.email = email
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.emailaddress_set.update(email=email)
    return membership


def log_in_member(page, base_url, email):
    page.goto(f"{base_url}/espace-membres/compte/connexion/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base_url}/espace-membres/**")


def test_declare_find_rate_moderate_and_get_introduced(
    site_server, home_page, new_page, smtp_server, django_user_model
):
    member("Forges du Lauragais", "host@forges.example")
    member("Logiciels Cévennes", "asker@logiciels.example")
    transit = ResourceFactory(name="Transit Atlas", country="MA")
    ResourceRatingFactory(resource=transit, quality=5, text="Parfait pour notre premier envoi.")
    critic = member("Vins du Minervois", "critic@vins.example")
    ResourceRatingFactory(
        resource=transit,
        organisation=critic.organisation,
        author=critic.user,
        quality=1,
        text="Des escrocs, tous.",
    )
    django_user_model.objects.create_superuser("moderatrice", "mod@cpme.example", DEMO_PASSWORD)

    host = new_page()
    log_in_member(host, site_server, "host@forges.example")
    host.goto(f"{site_server}/espace-membres/export/")
    host.get_by_role("link", name="Déclarer une présence à l'étranger").click()
    host.get_by_label("Pays").select_option(label="Maroc")
    host.get_by_label("Ville").fill("Casablanca")
    host.get_by_label("Forme de présence").select_option(label="Filiale")
    host.get_by_label("Depuis (année)").fill("2015")
    host.get_by_label("Personne à solliciter").select_option(index=1)
    host.get_by_label("Cette personne accepte d'être sollicitée").check()
    host.get_by_role("button", name="Enregistrer").click()
    expect(host.locator(".notice--success")).to_contain_text("Votre présence est enregistrée.")

    asker = new_page()
    log_in_member(asker, site_server, "asker@logiciels.example")
    asker.goto(f"{site_server}/espace-membres/export/")
    asker.locator('a[aria-label="Maroc : 1 organisation"]').click()
    expect(asker.locator("h1")).to_have_text("Maroc")
    expect(asker.locator(".card-grid").first).to_contain_text("Forges du Lauragais")

    asker.goto(f"{site_server}/espace-membres/export/")
    asker.get_by_label("Organisation ou ville").fill("lauragais")
    asker.get_by_label("Région du monde").select_option(label="Afrique")
    asker.get_by_role("button", name="Filtrer").click()
    expect(asker.locator(".count").last).to_have_text("1 présence")
    expect(asker.locator(".card-grid")).to_contain_text("Forges du Lauragais")

    asker.goto(f"{site_server}/espace-membres/export/pays/MA/")
    asker.get_by_role("link", name="Transit Atlas").click()
    expect(asker.locator("main")).to_contain_text("2 avis publiés")
    for criterion, score in (("Qualité du service", "3"), ("Réactivité", "4"), ("Rapport", "5")):
        asker.locator("fieldset", has_text=criterion).get_by_label(score, exact=True).check()
    asker.get_by_label("Votre avis").fill("Dédouanement rapide, bon suivi.")
    asker.get_by_role("button", name="Enregistrer l'avis").click()
    expect(asker.locator("main")).to_contain_text("Moyenne de 3 avis publiés.")
    expect(asker.locator("main")).to_contain_text("3,0/5")  # (5 + 1 + 3) / 3

    critique = asker.locator("article.rating", has_text="Des escrocs")
    critique.get_by_text("Signaler cet avis").click()
    critique.get_by_label("Pourquoi signalez-vous cet avis ?").fill("Propos injurieux.")
    critique.get_by_role("button", name="Signaler").click()
    expect(asker.locator(".notice--success")).to_contain_text("masqué")
    expect(asker.locator("main")).not_to_contain_text("Des escrocs")

    moderator = new_page()
    moderator.goto(f"{site_server}/admin/login/")
    moderator.fill("#id_username", "moderatrice")
    moderator.fill("#id_password", DEMO_PASSWORD)
    moderator.click("button[type=submit]")
    moderator.wait_for_url(f"{site_server}/admin/")
    reported = Rating.objects.get(status=RatingStatus.REPORTED)
    moderator.goto(f"{site_server}/admin/conseiller-export/avis/{reported.pk}/moderer/")
    moderator.get_by_label("Refuser ou masquer l'avis").check()
    moderator.get_by_label(re.compile("Motif")).fill("Propos injurieux envers le prestataire.")
    moderator.get_by_role("button", name="Enregistrer la décision").click()
    expect(moderator.locator(".messages")).to_contain_text("La décision est enregistrée.")
    refusal = wait_for_message(smtp_server, "n'est pas publié")
    assert refusal["To"] == "critic@vins.example"
    assert "Propos injurieux envers le prestataire." in text_and_html(refusal)[0]

    asker.goto(f"{site_server}/espace-membres/export/pays/MA/")
    asker.get_by_role("link", name=re.compile("Demander une mise en relation")).click()
    asker.get_by_label("Un conseil sur le pays").check()
    asker.get_by_label("Votre message").fill("Nous visons Casablanca en 2027 : vos conseils ?")
    asker.get_by_role("button", name="Envoyer la demande").click()
    expect(asker.locator(".notice--success")).to_contain_text("Votre demande est envoyée.")

    request = wait_for_message(smtp_server, "demande une mise en relation")
    assert request["To"] == "host@forges.example"
    assert "asker@logiciels.example" not in text_and_html(request)[0]
    contact = new_page()  # the contact answers from the e-mail, without logging in
    contact.goto(site_server + link_path(request, "/mise-en-relation/"))
    contact.get_by_role("button", name="Accepter la mise en relation").click()
    expect(contact.locator("h1")).to_have_text("Réponse enregistrée")

    accepted = wait_for_messages(smtp_server, "Mise en relation acceptée", 2)
    bodies = {message["To"]: text_and_html(message)[0] for message in accepted}
    assert "host@forges.example" in bodies["asker@logiciels.example"]
    assert "asker@logiciels.example" in bodies["host@forges.example"]
    assert IntroductionRequest.objects.get().status == IntroductionStatus.ACCEPTED


def wait_for_messages(smtp_server, subject_part, count, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in smtp_server.messages if subject_part in m["Subject"]]
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} messages about {subject_part!r}")
