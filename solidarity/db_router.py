"""Public reads from a read replica, everything else from the primary.

With DATABASE_REPLICA_URL set, the pages, exports, API and feeds a reader asks for
(GET or HEAD of the `public`, `opendata` and `api` URL namespaces) read from the
replica, which a busy primary need not serve. Every write, the admin, the editors'
and readers' forms, commands, the mail worker, and any read inside a transaction go to
the primary, so whoever writes reads their own writes. A replica lags its primary by
a moment: the page cache keeps no page rendered within DATABASE_REPLICA_LAG_SECONDS of
a change (commitments/caching.py), so a stale page is never kept.
"""

from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PUBLIC_NAMESPACES = frozenset({"public", "opendata", "api"})

_public_read = ContextVar("public_read", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # One database, copied: rows of either alias may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica gets its tables by replication, never by migrate.
        return db == DEFAULT_DB_ALIAS


class ReadReplicaMiddleware:
    """Marks a request's reads for the replica once its view is known to be a
    public read; the mark ends with the response (a streamed export's after its last
    row)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming:
            response._resource_closers.append(lambda: _public_read.set(False))
        else:
            _public_read.set(False)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        namespaces = request.resolver_match.namespaces
        _public_read.set(
            request.method in ("GET", "HEAD")
            and bool(PUBLIC_NAMESPACES.intersection(namespaces))
        )
