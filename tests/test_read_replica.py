"""A read replica (DATABASE_REPLICA_URL): the settings it makes, the routing (in
tests/replica/, run here in a session of its own with the replica set), and a page
cache that keeps nothing a lagging replica may have served stale."""

import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.caching import bump_facts_version
from tests.builders import make_pledge
from tests.test_settings import STRONG_KEY, run_python


def test_the_routing_tests_pass_with_the_replica_mirroring_the_test_database():
    database = os.environ.get("DATABASE_URL", "sqlite:///replica-mirror.sqlite3")
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/replica", "-q", "-W", "ignore"]
        + ["-p", "no:cacheprovider"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_REPLICA_URL": database},
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert finished.returncode == 0, finished.stdout[-3000:]
    passed = re.search(r"(\d+) passed", finished.stdout)
    assert passed and int(passed.group(1)) >= 12, finished.stdout[-3000:]


def test_a_replica_url_adds_the_alias_its_router_and_middleware():
    shown = run_python(
        "import solidarity.settings as s; "
        "print(s.DATABASES['replica']['NAME'], s.DATABASES['replica']['TEST'], "
        "s.DATABASE_ROUTERS, 'solidarity.db_router.ReadReplicaMiddleware' in "
        "s.MIDDLEWARE, s.DATABASE_REPLICA_LAG_SECONDS)",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DATABASE_URL="postgres://app@primary.example/tracker",
        DATABASE_REPLICA_URL="postgres://app@replica.example/tracker",
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split(" ", 1)[0] == "tracker"
    assert "{'MIRROR': 'default'}" in shown.stdout
    assert "['solidarity.db_router.PrimaryReplicaRouter'] True 10" in shown.stdout


def test_without_a_replica_url_there_is_one_database_and_no_router():
    shown = run_python(
        "import solidarity.settings as s; "
        "print(list(s.DATABASES), hasattr(s, 'DATABASE_ROUTERS'), "
        "s.DATABASE_REPLICA_LAG_SECONDS)",
        DJANGO_SECRET_KEY=STRONG_KEY,
    )

    assert shown.stdout.strip() == "['default'] False 0"


@pytest.mark.django_db
def test_a_page_read_just_after_a_change_is_not_kept_until_the_replica_caught_up(
    client, settings, monkeypatch, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    settings.DATABASE_REPLICA_LAG_SECONDS = 10
    cache.clear()
    address = make_pledge().get_absolute_url()
    bump_facts_version()
    first = client.get(address)
    with CaptureQueriesContext(connection) as rendered:
        second = client.get(address)

    assert first.status_code == second.status_code == 200
    assert len(rendered) > 0  # rendered again: nothing was kept
    assert not first.has_header("Last-Modified")

    later = time.time_ns() + 11 * 1_000_000_000
    monkeypatch.setattr(time, "time_ns", lambda: later)
    kept = client.get(address)
    with django_assert_num_queries(0):
        again = client.get(address)

    assert again.content == kept.content
    assert again.has_header("Last-Modified")
