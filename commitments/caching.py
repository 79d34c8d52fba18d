"""The facts' version, and the cache of public pages keyed by it.

Any change to a fact (a save or delete of a place, network, membership, resolution,
strategy, pledge, update, practice, source or citation, by the admin, an import, a
revert or a command) moves the version forward once its transaction commits. Cached
pages are kept with the version they were rendered at and served only at that
version, so the first request after a commit renders anew, on every process that
shares the cache: with REDIS_URL set, every process of every server. Local memory is
each process's own, so page caching is off by default without Redis
(PAGE_CACHE_SECONDS).

After a change, one process renders each page (and computes each figure kept with
`once_per_version`); readers asking for it meanwhile wait for that result rather than
each doing the same work at once.

Whatever the cache does, a reader gets the page: a cache that fails (Redis down) is
logged and passed by, never shown.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "facts-version"
# Seconds a reader waits for another process rendering the same page before
# rendering it too.
PAGE_RENDER_WAIT = 5.0


def facts_version() -> int:
    """The facts' version: the time of the last committed change, in nanoseconds."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # First use since the cache was emptied: any new value invalidates all pages.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_facts_version() -> None:
    try:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage must not undo an editor's work
        logger.exception("Could not move the facts' version forward")


def facts_changed(**kwargs) -> None:
    """Signal receiver: the facts change when the current transaction commits."""
    transaction.on_commit(bump_facts_version)


def once_per_version(name: str, compute, *, wait: float = 30.0):
    """`compute()`'s result, computed once per facts' version by all processes.

    For figures over whole tables that no reader should wait for twice: the first
    request after a change computes them, and readers arriving meanwhile wait for
    that result instead of running the same queries beside it (a stampede that would
    slow the database for everyone). Kept SUMMARY_CACHE_SECONDS; with that at 0 (no
    shared cache), or the cache failing, it is simply computed.
    """
    seconds = settings.SUMMARY_CACHE_SECONDS
    if not seconds:
        return compute()
    try:
        version = facts_version()
        key = f"computed:{name}:{version}"
    except Exception:  # noqa: BLE001 - readers get the figures without a cache
        logger.exception("Cache unavailable for %s", name)
        return compute()
    if not settled(version):
        return compute()
    return _computed_once(
        key, compute, lambda value: _remember(key, value, seconds), wait=wait
    )


def _computed_once(key: str, compute, keep, *, wait: float, lookup=None):
    """The value kept under `key`, else `compute()`, run by one process at a time.

    The process that computes it hands it to `keep`; processes asking meanwhile
    wait up to `wait` seconds for it to appear, then compute it themselves. A cache
    that fails is passed by: the value is computed. `lookup` finds the kept value
    where `keep` does not keep it under `key` itself.
    """
    lock = f"{key}:computing"
    try:
        value, locked = _kept_or_locked(lookup or (lambda: cache.get(key)), lock, wait)
    except Exception:  # noqa: BLE001 - readers get the value without a cache
        logger.exception("Cache unavailable for %s", key)
        return compute()
    if value is not None:
        return value
    if not locked:
        return compute()
    try:
        value = compute()
        keep(value)
        return value
    finally:
        _forget(lock)


def _kept_or_locked(lookup, lock: str, wait: float):
    """(the kept value, False), or (None, whether this process may compute it)."""
    value = lookup()
    if value is not None:
        return value, False
    deadline = time.monotonic() + wait
    # Another process computes it: wait for its result, up to `wait` seconds.
    while not cache.add(lock, True, timeout=max(1, round(wait))):
        if time.monotonic() > deadline:
            return None, False
        time.sleep(0.05)
        value = lookup()
        if value is not None:
            return value, False
    return None, True


def settled(version: int) -> bool:
    """Whether a read replica has surely caught up with the change that made this
    version: until then what was read may be older than the version, and is not
    kept under it (DATABASE_REPLICA_LAG_SECONDS; 0 without a replica)."""
    lag_ns = settings.DATABASE_REPLICA_LAG_SECONDS * 1_000_000_000
    return time.time_ns() - version >= lag_ns


def _remember(key: str, value, seconds: int) -> None:
    try:
        cache.set(key, value, seconds)
    except Exception:  # noqa: BLE001 - computed; serve it uncached
        logger.exception("Could not keep %s in the cache", key)


def _forget(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:  # noqa: BLE001 - the lock expires on its own
        logger.exception("Could not release %s", key)


def _page_key(request, vary_on_accept: bool) -> str:
    # The whole address, scheme and host included: pages carry absolute links.
    parts = [request.build_absolute_uri(), get_language() or ""]
    if vary_on_accept:
        parts.append(request.headers.get("Accept", ""))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _cacheable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


def public_page(view=None, *, vary_on_accept: bool = False):
    """A page that is the same for every reader: any cache may keep it.

    It says so (Cache-Control: public, max-age), carries validators (ETag,
    Last-Modified: the facts' version) so a conditional GET gets a 304 from
    ConditionalGetMiddleware, and is kept in the server's cache for
    PAGE_CACHE_SECONDS under the facts' version. `vary_on_accept` for views that
    answer in several formats (the API's JSON and browsable HTML).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = settings.PAGE_CACHE_SECONDS
            if request.method not in ("GET", "HEAD") or not seconds:
                return _mark_public(view(request, *args, **kwargs), None)
            key = _page_key(request, vary_on_accept)
            try:
                version, kept = _version_and_page(key)
            except Exception:  # noqa: BLE001 - readers get the page without a cache
                logger.exception("Page cache unavailable")
                return _mark_public(view(request, *args, **kwargs), None)
            if kept is not None:
                return kept

            def render():
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                return response

            if not settled(version):
                # Read from a replica that may not have the change yet: not kept,
                # and not dated with the version a browser would then keep it at.
                return _mark_public(render(), None)

            def keep(response):
                if _cacheable(response):
                    _mark_public(response, version)
                    _store(key, version, response, seconds)

            # After a change, the first reader renders the page; readers of the same
            # page meanwhile get that rendering instead of each making their own.
            response = _computed_once(
                f"{key}:{version}",
                render,
                keep,
                wait=PAGE_RENDER_WAIT,
                lookup=lambda: _page_of_version(cache.get(key), version),
            )
            return _mark_public(response, version)

        return wrapper

    return decorator(view) if view is not None else decorator


def _mark_public(response, version: int | None):
    if not _cacheable(response):
        return response
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
    if version is not None and not response.has_header("Last-Modified"):
        response.headers["Last-Modified"] = http_date(version / 1e9)
    if not response.has_header("ETag"):
        if hasattr(response, "render") and not response.is_rendered:
            response.add_post_render_callback(set_response_etag)
        else:
            set_response_etag(response)
    return response


def _version_and_page(key: str):
    """The facts' version, and the page kept under `key` if it is of that version.

    One round trip to the cache for both: a page served from the cache costs little
    more than that trip, so a second one would make it a third slower.
    """
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return facts_version(), None
    return version, _page_of_version(found.get(key), version)


def _page_of_version(kept, version: int):
    """The page of a (version, page) pair kept in the cache, if of that version."""
    if kept is None or kept[0] != version:
        return None
    return kept[1]


def _store(key: str, version: int, response, seconds: int) -> None:
    # Only what goes over the wire: a DRF or template response would pickle its data
    # and context too, and unpickling them on every hit costs more than the page.
    kept = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        kept[header] = value
    try:
        cache.set(key, (version, kept), seconds)
    except Exception:  # noqa: BLE001 - the page was rendered; serve it uncached
        logger.exception("Could not keep a page in the cache")
