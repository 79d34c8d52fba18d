"""Property-based run against the OpenAPI schema: no input gives a server error.

Schemathesis generates requests from /api/v1/schema/ (valid and invalid query
parameters, ids, page numbers) for every operation, with a bounded number of examples.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from solidarity.wsgi import application
from tests.builders import cite, make_membership, make_pledge, make_update

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES_PER_OPERATION = 30


def _load_schema():
    """The schema /api/v1/schema/ serves, built without a request or the database."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(OpenApiJsonRenderer().render(generated))
    )
    loaded.app = application
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes old database connections after each request; in a
    test that would close the test transaction's connection (on PostgreSQL), so do
    what Django's test client does and leave it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def dataset(settings, _keep_the_test_connection):
    settings.ALLOWED_HOSTS = ["*"]
    # A little of everything, so the generated ids and filters can hit real rows.
    pledge = make_pledge()
    cite(pledge)
    make_update(pledge=pledge)
    make_membership(place=pledge.place)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_answers_with_a_server_error(case):
    response = case.call()

    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
