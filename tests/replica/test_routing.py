"""With a read replica, readers' pages, exports, API and feeds read from it; writes,
the admin and the forms read and write the primary. Here the replica mirrors the test
database, as Django's test runner allows; the tests count each alias's queries."""

from contextlib import ExitStack, contextmanager

import pytest
from django.db import connections, transaction
from django.urls import reverse

from cities.models import Place
from commitments.models import Pledge
from solidarity.db_router import REPLICA, PrimaryReplicaRouter, _public_read
from tests.builders import make_pledge

# Transactional: the replica is another connection, which sees committed rows only.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@contextmanager
def queries_by_alias():
    counted = {"default": [], REPLICA: []}

    def counter(alias):
        def count(execute, sql, params, many, context):
            counted[alias].append(sql)
            return execute(sql, params, many, context)

        return count

    with ExitStack() as stack:
        for alias in counted:
            stack.enter_context(connections[alias].execute_wrapper(counter(alias)))
        yield counted


@pytest.mark.parametrize(
    "address",
    [
        lambda pledge: pledge.get_absolute_url(),
        lambda pledge: reverse("public:pledge-list") + "?status=announced",
        lambda pledge: pledge.place.get_absolute_url(),
        lambda pledge: reverse("api:pledge-list"),
        lambda pledge: reverse("opendata:feed"),
        lambda pledge: "/de" + pledge.get_absolute_url(),
    ],
    ids=["pledge", "pledge list", "profile", "api", "feed", "german"],
)
def test_a_readers_page_reads_the_replica_only(client, address):
    path = address(make_pledge())

    with queries_by_alias() as queries:
        response = client.get(path)

    assert response.status_code == 200
    assert queries[REPLICA]
    assert queries["default"] == []


def test_an_export_streams_from_the_replica_and_then_lets_go(client):
    make_pledge(title="Forty beds")

    with queries_by_alias() as queries:
        response = client.get(reverse("opendata:pledges-export", args=["csv"]))
        body = b"".join(response.streaming_content).decode()

    assert "Forty beds" in body
    assert queries[REPLICA]
    assert queries["default"] == []
    assert _public_read.get() is False


def test_the_admin_reads_the_primary(admin_client):
    pledge = make_pledge()

    with queries_by_alias() as queries:
        admin_client.get(reverse("admin:commitments_pledge_changelist"))
        admin_client.get(reverse("admin:commitments_pledge_change", args=[pledge.pk]))

    assert queries["default"]
    assert queries[REPLICA] == []


def test_a_form_sent_reads_and_writes_the_primary(client):
    pledge = make_pledge()
    path = f"{reverse('corrections:correction-create')}?record=pledge:{pledge.pk}"

    with queries_by_alias() as queries:
        response = client.post(path, {"message": "The council voted in March."})

    assert response.status_code == 302
    assert queries[REPLICA] == []


def test_after_a_public_page_the_next_reads_are_the_primarys_again(client):
    pledge = make_pledge()
    client.get(pledge.get_absolute_url())

    with queries_by_alias() as queries:
        Pledge.objects.get(pk=pledge.pk)

    assert len(queries["default"]) == 1
    assert queries[REPLICA] == []


def test_inside_a_transaction_reads_stay_on_the_primary():
    router = PrimaryReplicaRouter()
    token = _public_read.set(True)
    try:
        assert router.db_for_read(Place) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Place) == "default"
        assert router.db_for_write(Place) == "default"
    finally:
        _public_read.reset(token)


def test_migrations_are_never_run_on_the_replica():
    router = PrimaryReplicaRouter()

    assert router.allow_migrate("default", "cities") is True
    assert router.allow_migrate(REPLICA, "cities") is False


def test_readiness_asks_the_replica_too(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"]["replica"] == "ok"
