"""Two app processes on different ports sharing one PostgreSQL and one Redis: a change
saved through one is visible through the other on the next request, a session made
on one is valid on the other, and the correction limit counts both."""

from urllib.parse import quote

import pytest
import redis
from django.db import connection

from commitments.models import Pledge, ReviewState
from corrections.models import Correction
from corrections.views import RATE_LIMIT
from tests.builders import make_network_editor, make_place, make_pledge
from tests.service.conftest import Browser, form_token, log_in, server_environment

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="processes share a database server, PostgreSQL as in production; "
        "CI runs this file against PostgreSQL",
    ),
]

PASSWORD = "a long service-test password"


def database_url() -> str:
    """The test database, which the servers share with this process."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    login = f"{user}:{password}@" if password else f"{user}@"
    address = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{login}{address}/{db['NAME']}"


@pytest.fixture(scope="module")
def servers(django_db_setup, shared_cache, static_root, start_servers):
    env = server_environment(
        database_url=database_url(), redis_url=shared_cache, static_root=static_root
    )
    return start_servers(env, 2)


@pytest.fixture(autouse=True)
def nothing_cached(shared_cache):
    # Emptying the database between tests tells no process: no page of the last
    # test's data may be kept.
    redis.Redis.from_url(shared_cache).flushdb()


@pytest.fixture
def editor():
    return make_network_editor(password=PASSWORD)


def test_a_record_published_through_one_process_is_public_on_the_other(servers, editor):
    a, b = servers
    pledge = make_pledge(title="Shelter for 40", review_state=ReviewState.SUBMITTED)
    reader = Browser()
    for server in (a, b, b):  # B's second answer comes from the shared cache
        page = reader.get(server, "/pledges/")
        assert page.status == 200
        assert "Shelter for 40" not in page.text
    assert "Last-Modified" in page.headers  # kept under the facts' version
    assert reader.get(b, f"/pledges/{pledge.pk}/").status == 404

    staff = Browser()
    log_in(staff, a, editor.username, PASSWORD)
    changelist = staff.get(a, "/admin/commitments/pledge/")
    published = staff.post(
        a,
        "/admin/commitments/pledge/",
        {
            "csrfmiddlewaretoken": form_token(changelist),
            "action": "publish",
            "_selected_action": [pledge.pk],
            "index": "0",
        },
    )

    assert published.status == 302
    pledge.refresh_from_db()
    assert pledge.review_state == ReviewState.PUBLISHED
    assert "Shelter for 40" in reader.get(b, "/pledges/").text
    assert reader.get(b, f"/pledges/{pledge.pk}/").status == 200


def test_a_session_made_on_one_process_is_valid_on_the_other(servers, editor):
    a, b = servers
    pledge = make_pledge(review_state=ReviewState.SUBMITTED)
    staff = Browser()
    log_in(staff, a, editor.username, PASSWORD)

    home = staff.get(b, "/admin/")
    assert home.status == 200
    assert 'id="logout-form"' in home.text
    # A write on B with the session and CSRF token made on A.
    changelist = staff.get(b, "/admin/commitments/pledge/")
    published = staff.post(
        b,
        "/admin/commitments/pledge/",
        {
            "csrfmiddlewaretoken": form_token(changelist),
            "action": "publish",
            "_selected_action": [pledge.pk],
            "index": "0",
        },
    )
    assert published.status == 302
    assert Pledge.objects.public().filter(pk=pledge.pk).exists()

    # Logging out on B ends the session on A too, even for a copy of its cookie.
    copy = Browser(staff.cookies)
    logout = {"csrfmiddlewaretoken": form_token(home)}
    assert staff.post(b, "/admin/logout/", logout).status == 200
    assert copy.get(a, "/admin/").status == 302


def test_the_correction_limit_counts_suggestions_sent_to_either_process(servers):
    a, b = servers
    place = make_place()
    path = f"/corrections/new/?record=place:{place.pk}"
    reader = Browser()
    token = form_token(reader.get(a, path))

    statuses = [
        reader.post(
            (a, b)[n % 2],
            path,
            {"csrfmiddlewaretoken": token, "message": f"Suggestion {n}", "website": ""},
        ).status
        for n in range(RATE_LIMIT + 2)
    ]

    # Counted by each process alone, the last two (B's third, A's fourth) would pass.
    assert statuses == [302] * RATE_LIMIT + [429, 429]
    assert Correction.objects.count() == RATE_LIMIT
