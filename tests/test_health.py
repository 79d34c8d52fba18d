"""/healthz and /readyz: what a load balancer asks every second."""

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.models import DBTaskResult

from solidarity import health


@pytest.fixture(autouse=True)
def migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(health, "_migrations_checked_at", None)


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_is_ok_when_database_cache_and_migrations_are(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "cache": "ok",
            "queue": "ok",
            "migrations": "ok",
        },
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reads_the_migrations_once_a_minute_at_most(
    client, monkeypatch, django_assert_num_queries
):
    client.get("/readyz")
    monkeypatch.setattr(
        MigrationExecutor,
        "migration_plan",
        lambda *args: pytest.fail("the migrations were read again"),
    )

    with django_assert_num_queries(2):  # SELECT 1, and one row of the queue
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_while_the_database_is_away(client, monkeypatch):
    def away(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_database_answers", away)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_keeps_nothing(client, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "unavailable"


@pytest.mark.django_db
def test_readyz_is_503_while_a_migration_waits(client, monkeypatch):
    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda *args: [("a migration", False)]
    )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"


def test_health_checks_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/cities/").status_code == 301


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_answer_get_and_head_only(client, path):
    assert client.post(path).status_code == 405


@pytest.mark.django_db
def test_readyz_is_503_when_the_mail_queue_cannot_be_read(client, monkeypatch):
    def away(*args, **kwargs):
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    monkeypatch.setattr(DBTaskResult.objects, "values_list", away)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "unavailable"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_has_no_queue_to_reach_when_tasks_run_at_once(
    client, settings, django_assert_num_queries
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    client.get("/readyz")  # the migrations read once

    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/readyz")

    assert response.json()["checks"]["queue"] == "ok"
