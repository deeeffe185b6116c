"""A journalist in a real browser: subscribes from the press room, confirms from the e-mail the
SMTP server received, gets the alert when a moderator publishes, and unsubscribes from it."""

import re
import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

from positions.models import PositionIndexPage, Theme
from press.models import Subscriber
from tests.e2e.conftest import E2E_DATABASE, log_in
from tests.mail_server import text_and_html
from tests.positions.factories import PositionPageFactory

pytestmark = E2E_DATABASE

ADDRESS = "claire.dupont@redaction.example"


def wait_for_message(smtp_server, subject_part, timeout=20):
    """The first message whose subject holds `subject_part`, once the worker handed it over."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp_server.messages:
            if subject_part in message["Subject"]:
                return message
        time.sleep(0.2)
    subjects = [message["Subject"] for message in smtp_server.messages]
    raise AssertionError(f"no message about {subject_part!r}; received: {subjects}")


def link_path(message, path_part):
    """The path of a link in the text body: mail links name the site's configured host, the
    browser talks to the test server."""
    body_text, _ = text_and_html(message)
    url = re.search(rf"https?://\S*{path_part}\S*/", body_text).group(0)
    return urlsplit(url).path


def test_subscribe_confirm_receive_and_unsubscribe(demo_site, new_page, smtp_server):
    journalist = new_page()
    journalist.goto(f"{demo_site}/presse/")
    journalist.get_by_role("link", name="Alertes presse par e-mail").click()
    journalist.get_by_label("Adresse e-mail").fill(ADDRESS)
    journalist.get_by_role("checkbox", name=re.compile("J'accepte")).check()
    journalist.get_by_role("button", name="Recevoir les alertes presse").click()
    expect(journalist.locator("h1")).to_have_text("Confirmez votre adresse")
    assert not Subscriber.objects.exists()

    confirmation = wait_for_message(smtp_server, "Confirmez votre inscription")
    assert confirmation["To"] == ADDRESS
    journalist.goto(demo_site + link_path(confirmation, "/alertes-presse/confirmer/"))
    journalist.get_by_role("button", name="Je confirme mon inscription").click()
    expect(journalist.locator("h1")).to_have_text("Inscription confirmée")

    draft = PositionPageFactory(
        parent=PositionIndexPage.objects.get(),
        title="Énergie : des contrats longs pour les PME",
        slug="energie-contrats-longs",
        kind="communique",
        summary="Nos propositions pour stabiliser le prix de l'électricité des PME.",
        themes=[Theme.objects.get(slug="energie")],
        live=False,
    )
    draft.save_revision()
    moderator = new_page()
    log_in(moderator, demo_site, "moderatrice")
    moderator.goto(f"{demo_site}/admin/pages/{draft.pk}/edit/")
    moderator.get_by_role("button", name="Plus d'actions").click()
    moderator.locator("button[name=action-publish]").click()
    expect(moderator.locator(".messages")).to_contain_text("publiée")

    alert = wait_for_message(smtp_server, "Énergie : des contrats longs pour les PME")
    assert alert["To"] == ADDRESS
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body_text, body_html = text_and_html(alert)
    assert "Nos propositions pour stabiliser le prix" in body_text
    assert "energie-contrats-longs" in body_html

    journalist.goto(demo_site + link_path(alert, "/alertes-presse/desabonnement/"))
    journalist.get_by_role("button", name="Confirmer le désabonnement").click()
    expect(journalist.locator("h1")).to_have_text("Désabonnement confirmé")
    assert Subscriber.objects.get().unsubscribed_at is not None
