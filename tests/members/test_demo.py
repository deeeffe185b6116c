import io

import pytest
from django.urls import reverse

from members import demo
from members.models import Need, Organisation, Response, ResponseStatus

pytestmark = pytest.mark.django_db


def test_demo_platform_is_plausible_and_idempotent(client):
    out = io.StringIO()
    demo.seed(out, "mot-de-passe-demo")
    assert "acheteur@pacte-demo.example" in out.getvalue()
    assert "pme@pacte-demo.example" in out.getvalue()
    assert all("(démo)" in name for name in Organisation.objects.values_list("name", flat=True))
    assert set(Need.objects.values_list("axis", flat=True)) == {"achats", "innovation", "rh"}
    assert set(Response.objects.values_list("status", flat=True)) == set(ResponseStatus.values)
    demo.seed(io.StringIO(), "autre")
    assert Organisation.objects.count() == len(demo.ORGANISATIONS)
    response = client.post(
        reverse("account_login"),
        {"login": "pme@pacte-demo.example", "password": "mot-de-passe-demo"},
    )
    assert response.status_code == 302
    assert client.get("/espace-membres/besoins/").status_code == 200
