"""Every response carries its request's id, which the log lines of that request carry
too, and a Permissions-Policy that switches off the browser features no page uses."""

import io
import logging
import re
import uuid

import pytest
from django_guid.log_filters import CorrelationId

pytestmark = pytest.mark.django_db

REQUEST_ID = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.parametrize("path", ["/", "/api/v1/pledges/", "/healthz"])
def test_every_response_carries_a_new_request_id(client, path):
    first, second = client.get(path), client.get(path)

    assert REQUEST_ID.match(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client):
    theirs = uuid.uuid4().hex

    kept = client.get("/healthz", HTTP_X_REQUEST_ID=theirs)
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert kept["X-Request-ID"] == theirs
    assert REQUEST_ID.match(replaced["X-Request-ID"])


def test_a_log_line_of_a_request_names_its_id(client, monkeypatch):
    from django.db import OperationalError, connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, CorrelationId) for f in handler.filters)
    )
    lines = io.StringIO()
    monkeypatch.setattr(console, "stream", lines)
    monkeypatch.setattr(connection, "ensure_connection", refuse)

    response = client.get("/cities/")

    assert response.status_code == 503
    assert f"[{response['X-Request-ID']}] solidarity.middleware:" in lines.getvalue()


@pytest.mark.parametrize("path", ["/", "/cities/", "/api/v1/pledges/"])
def test_unused_browser_features_are_switched_off(client, path):
    policy = client.get(path)["Permissions-Policy"]

    for feature in ("camera", "geolocation", "microphone", "payment"):
        assert f"{feature}=()" in policy
