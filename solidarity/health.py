"""Health checks for a load balancer or an orchestrator, called every second or so.

`/healthz`: the process answers (liveness); it touches nothing else, so a database
outage never gets a healthy process restarted. `/readyz`: the process can serve
(readiness): the database and the read replica, if there is one, answer, the cache
keeps a value, the mail queue can be read, and no migration waits. Both answer JSON,
200 or 503, never cached by anyone.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from solidarity.db_router import REPLICA

logger = logging.getLogger(__name__)

# Reading the migrations from disk takes some 100 ms: once a process has found
# none waiting, it asks again only this often.
MIGRATIONS_RECHECK_SECONDS = 60.0

_migrations_checked_at: float | None = None


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    checks = {
        "database": _check(_database_answers),
        **({"replica": _check(_replica_answers)} if REPLICA in connections else {}),
        "cache": _check(_cache_keeps_values),
        "queue": _check(_queue_answers),
        "migrations": _check(_no_migration_waits),
    }
    ready = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _check(probe) -> str:
    """ "ok", or what went wrong, in a word a monitoring tool can show."""
    try:
        return probe() or "ok"
    except Exception:  # noqa: BLE001 - any failure makes the process not ready
        logger.exception("Readiness check %s failed", probe.__name__)
        return "unavailable"


def _database_answers() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _replica_answers() -> None:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_keeps_values() -> str | None:
    # A key of its own per call, which expires: processes checking at once cannot
    # read each other's values, and nothing piles up.
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    return None if cache.get(key) == "ok" else "unavailable"


def _queue_answers() -> None:
    # The database backend keeps the queue in a table of its own; a backend that runs
    # tasks at once (development) has no queue to reach.
    if isinstance(task_backends["default"], DatabaseBackend):
        list(DBTaskResult.objects.values_list("pk")[:1])


def _no_migration_waits() -> str | None:
    global _migrations_checked_at
    now = time.monotonic()
    if (
        _migrations_checked_at is not None
        and now - _migrations_checked_at < MIGRATIONS_RECHECK_SECONDS
    ):
        return None
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return "pending"
    _migrations_checked_at = now
    return None
