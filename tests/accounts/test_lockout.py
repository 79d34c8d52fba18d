import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.builders import make_account

pytestmark = pytest.mark.django_db

PASSWORD = "harbour-lantern-meadow-42"
LOGIN = reverse("admin:login")


def attempt(client, password, username="editor", address="192.0.2.10"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_four_failures_do_not_lock_the_account(client):
    make_account(username="editor", password=PASSWORD)
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200
    assert attempt(client, PASSWORD).status_code == 302


def test_five_failures_lock_the_account_even_with_the_right_password(client):
    make_account(username="editor", password=PASSWORD)
    for _ in range(4):
        attempt(client, "wrong")
    fifth = attempt(client, "wrong")
    assert fifth.status_code == 429
    assert "Too many failed logins" in fifth.content.decode()
    assert "30 minutes" in fifth.content.decode()
    locked = attempt(client, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_username_from_that_address_only(client):
    make_account(username="editor", password=PASSWORD)
    make_account(username="colleague", password=PASSWORD)
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD, username="colleague").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD, address="198.51.100.7").status_code == 302


def test_a_username_longer_than_an_account_can_have_is_a_form_error(client):
    # It used to reach django-axes, whose failed-login record holds 255 characters:
    # a server error on PostgreSQL.
    response = attempt(client, "wrong", username="x" * 10_000)

    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_lockout_is_configured_for_five_failures_and_a_cool_off():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
