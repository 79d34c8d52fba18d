import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.builders import make_account

pytestmark = pytest.mark.django_db


def settings_value(name: str, **env: str) -> str:
    """A setting as a fresh process reads it from these environment variables."""
    code = f"from solidarity import settings; print(settings.{name})"
    environment = {**os.environ, "DJANGO_SECRET_KEY": "tests-only", **env}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return (result.stdout or result.stderr).strip()


def test_sessions_last_eight_hours_and_end_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_the_session_age_comes_from_the_environment():
    assert settings_value("SESSION_COOKIE_AGE", DJANGO_SESSION_AGE_SECONDS="3600") == (
        "3600"
    )
    assert "ImproperlyConfigured" in settings_value(
        "SESSION_COOKIE_AGE", DJANGO_SESSION_AGE_SECONDS="eight hours"
    )


def test_the_lockout_cool_off_comes_from_the_environment():
    assert settings_value("AXES_COOLOFF_TIME", DJANGO_LOCKOUT_MINUTES="5") == "0:05:00"


def test_the_login_cookie_is_a_browser_session_cookie(client):
    make_account(username="editor", password="harbour-lantern-meadow-42")
    client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "harbour-lantern-meadow-42"},
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert client.session.get_expiry_age() == 8 * 60 * 60
