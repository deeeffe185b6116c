"""The seeded demo site as a visitor and the demo accounts see it: seeded once for the
module (tests/conftest.py's `demo`), read by every test."""

from django.contrib.auth import get_user_model

from antennas.models import Antenna
from core import roles


def test_seed_demo_puts_each_demo_account_in_its_role_group(demo, db):
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert list(users.get(username="redacteur").groups.values_list("name", flat=True)) == [
        roles.EDITORS
    ]
    assert list(users.get(username="moderatrice").groups.values_list("name", flat=True)) == [
        roles.MODERATORS
    ]


def test_seeded_home_shows_the_13_antennas_and_key_figures(demo, client, db):
    response = client.get("/", HTTP_HOST="127.0.0.1:8000")
    html = response.content.decode()
    assert response.status_code == 200
    for code, city in Antenna.objects.values_list("department_code", "city"):
        assert f'href="/antennes/#antenne-{code}"' in html  # "près de chez vous" links
        assert f'<span class="dept-code">{code}</span> {city}</a>' in html  # footer directory
    assert "3\u202f000" in html  # members
    assert "6\u202f000" in html  # members goal
    assert "41\u202f000" in html  # employees represented
    assert '13</span>\n            <span class="key-figure__label">antennes' in html


def test_the_footer_leads_to_the_legal_pages_which_are_not_programmes(demo, client, db):
    html = client.get("/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert '<a href="/mentions-legales/">Mentions légales</a>' in html
    assert '<a href="/donnees-personnelles/">Données personnelles</a>' in html
    assert '<a href="/accessibilite/">Accessibilité\u00a0: partiellement conforme</a>' in html
    programmes = html[html.index("Nos programmes</h2>") :]
    programmes = programmes[: programmes.index("</section>")]
    assert "Pacte Occitan" in programmes
    assert "Mentions légales" not in programmes
    assert "Déclaration d" not in programmes

    statement = client.get("/accessibilite/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert "<b>partiellement conforme</b>" in statement
    assert "RGAA), version 4.1" in statement
    privacy = client.get("/donnees-personnelles/", HTTP_HOST="127.0.0.1:8000").content.decode()
    for stored in ("Écoutes du podcast", "Connexions à l", "Cookies"):
        assert stored in privacy
