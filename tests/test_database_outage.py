"""While the database is away, readers get a short 503 page in their language, the
API a JSON 503, and the site serves again by itself once the database is back."""

import pytest
from django.db import OperationalError, connection

from tests.builders import make_place

pytestmark = pytest.mark.django_db


def refuse(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")


@pytest.fixture
def database_away(monkeypatch):
    """Every new query fails as it does when the server is down."""
    monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/cities/", "cannot reach its database"),
        ("/de/cities/", "kann seine Datenbank"),
    ],
)
def test_a_reader_gets_a_friendly_503_in_their_language(
    client, database_away, path, text
):
    response = client.get(path)

    assert response.status_code == 503
    assert text in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_the_api_answers_a_json_503(client, database_away):
    response = client.get("/api/v1/pledges/")

    assert response.status_code == 503
    assert "unavailable" in response.json()["detail"]


def test_the_site_serves_again_once_the_database_is_back(client, monkeypatch):
    make_place(name="Back again")
    with monkeypatch.context() as outage:
        outage.setattr(connection, "ensure_connection", refuse)
        assert client.get("/cities/").status_code == 503

    response = client.get("/cities/")
    assert response.status_code == 200
    assert "Back again" in response.content.decode()


def test_other_errors_stay_server_errors(client, monkeypatch):
    from public.views import places

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(places, "filtered_list", broken)
    client.raise_request_exception = False

    assert client.get("/cities/").status_code == 500
