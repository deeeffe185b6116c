"""Server errors answer in French without the database; a database outage is a 503."""

import pytest
from django.db import OperationalError, connection


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


def test_an_unreachable_database_is_a_temporary_outage(failing_client, home_page):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = failing_client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "momentanément indisponible" in response.content.decode()


def test_any_other_error_is_a_500_in_french(failing_client, home_page, monkeypatch):
    from home.models import HomePage

    def broken(self, request, *args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(HomePage, "get_context", broken)
    response = failing_client.get("/")
    assert response.status_code == 500
    assert "Le site rencontre un problème" in response.content.decode()
