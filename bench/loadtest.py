"""make loadtest: readers and an editor at once, and not one error.

64 connections for 30 s (wrk, bench/loadtest.lua) cycle through a mix of public
pages, the API and a filtered CSV export, while a writer logs in to the admin and
publishes a submitted pledge every second (at once after one that took longer),
through HTTP with its CSRF token, as an editor does: each publication makes every
page kept in the cache stale at once.
gunicorn with production settings (debug off, 2 sync workers), PostgreSQL and Redis,
on the synthetic data set of `make bench`.

Exits non-zero on any socket error or timeout, any answer that is not 2xx/3xx, any
failed publication, or a published record that is not public afterwards; prints
requests/s, latency percentiles, errors and publications.

    .venv/bin/python -m bench.loadtest                   # 10,000 / 200,000 / 1,000,000
    .venv/bin/python -m bench.loadtest --reuse           # the database as it is
    .venv/bin/python -m bench.loadtest --places 1000 --pledges 20000 --updates 100000
    .venv/bin/python -m bench.loadtest --reuse --no-writer   # readers only, to compare

The database is LOADTEST_DATABASE_URL (default: `solidarity_loadtest` on the local
PostgreSQL server), dropped and built anew unless --reuse is given; the publications
use up its submitted pledges, some 2% of them. The cache is LOADTEST_REDIS_URL
(default: database 2 of the local Redis), emptied first. Mail stays in the queue
(no worker runs), delivered to memory if it ran.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http import client as http_client
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import redis

from bench.pages import (
    HOST,
    build_database,
    describe_machine,
    environment,
    fetch,
    gunicorn,
    inprocess,
    manage,
)

LUA_SCRIPT = Path(__file__).with_name("loadtest.lua")
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/solidarity_loadtest"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/2"
WRITER = "loadtest-writer"
WRITER_PASSWORD = "loadtest-only-not-a-secret"
CHANGELIST = "/admin/commitments/pledge/"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=200_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="keep the database as is")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's workers")
    parser.add_argument(
        "--publish-every", type=float, default=1.0, help="seconds between publications"
    )
    parser.add_argument(
        "--no-writer", action="store_true", help="readers only, for comparison"
    )
    # build_database (bench/pages.py) also loads the demo data on request; not here.
    parser.set_defaults(demo=False)
    return parser.parse_args()


def mix(facts: dict) -> list[str]:
    """What readers ask for: pages, lists with filters, profiles, the API, an export."""
    return [
        "/",
        "/cities/",
        "/cities/?country=DE&sort=-population",
        "/pledges/?country=DE&status=in_progress",
        "/pledges/?category=relocation_offer&sort=-announced",
        "/resolutions/?country=IT",
        f"/cities/{facts['busiest_place']}/",
        f"/cities/synthetic-place-{max(1, facts['places'] // 2)}/",
        "/de/pledges/?status=fulfilled",
        "/api/v1/pledges/",
        "/api/v1/places/?country=FR",
        "/pledges/export.csv?country=DE&status=in_progress&category=relocation_offer",
    ]


class Writer(threading.Thread):
    """An editor in the admin: logs in, then publishes one submitted pledge after
    another through the changelist's "Publish" action, until told to stop."""

    def __init__(self, port: int, every: float):
        super().__init__(daemon=True)
        self.port = port
        self.every = every
        self.cookies: dict[str, str] = {}
        self.published: list[int] = []
        self.seconds: list[float] = []
        self.failure: str | None = None
        self.stopping = threading.Event()

    def run(self) -> None:
        next_at = time.monotonic() + self.every
        try:
            while not self.stopping.wait(max(0, next_at - time.monotonic())):
                next_at += self.every
                self.publish_one()
        except Exception as error:  # noqa: BLE001 - reported as the run's failure
            self.failure = f"{type(error).__name__}: {error}"

    def log_in(self) -> None:
        form = self.request("GET", "/admin/login/")
        status, _ = self.request_status(
            "POST",
            "/admin/login/",
            {
                "csrfmiddlewaretoken": form_token(form),
                "username": WRITER,
                "password": WRITER_PASSWORD,
                "next": "/admin/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"the admin refused the writer's login ({status})")

    def publish_one(self) -> None:
        started = time.perf_counter()
        page = self.request("GET", f"{CHANGELIST}?review_state__exact=submitted")
        submitted = re.findall(r'name="_selected_action" value="(\d+)"', page)
        if not submitted:
            raise RuntimeError("no submitted pledge left: run without --reuse")
        pledge = int(submitted[0])
        status, _ = self.request_status(
            "POST",
            CHANGELIST,
            {
                "csrfmiddlewaretoken": form_token(page),
                "action": "publish",
                "_selected_action": pledge,
                "index": "0",
            },
        )
        if status != 302:
            raise RuntimeError(f"publishing pledge {pledge} answered {status}")
        self.seconds.append(time.perf_counter() - started)
        self.published.append(pledge)

    def request(self, method: str, path: str, fields: dict | None = None) -> str:
        status, text = self.request_status(method, path, fields)
        if status != 200:
            raise RuntimeError(f"{method} {path} answered {status}")
        return text

    def request_status(self, method, path, fields=None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http_client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie", []):
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text


def form_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        raise RuntimeError("no CSRF token in the form")
    return found[1]


def create_writer(env: dict) -> None:
    """An administrator account for the writer, its password set anew."""
    code = (
        "from django.contrib.auth import get_user_model; "
        f"user, _ = get_user_model().objects.get_or_create(username={WRITER!r}); "
        "user.is_staff = user.is_superuser = True; "
        f"user.set_password({WRITER_PASSWORD!r}); user.save()"
    )
    manage(env, "shell", "--no-imports", "-c", code)


def run_wrk(port: int, paths: list[str], args) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout=30s",
        "-s",
        str(LUA_SCRIPT),
        f"http://{HOST}:{port}",
        "--",
        *paths,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def not_public(port: int, pledges: list[int]) -> list[int]:
    """The published pledges the API does not show (it should show every one)."""
    return [pk for pk in pledges if fetch(port, f"/api/v1/pledges/{pk}/")[0] != 200]


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("make loadtest needs wrk: apt-get install wrk")
    database_url = os.environ.get("LOADTEST_DATABASE_URL", DEFAULT_DATABASE_URL)
    cache_url = os.environ.get("LOADTEST_REDIS_URL", DEFAULT_REDIS_URL)
    seeding = build_database(args, database_url)
    redis.Redis.from_url(cache_url).flushdb()
    with tempfile.TemporaryDirectory(prefix="loadtest-static-") as static_root:
        env = environment(
            database_url,
            REDIS_URL=cache_url,
            DJANGO_STATIC_ROOT=static_root,
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        create_writer(env)
        facts = inprocess(env, "facts")
        paths = mix(facts)
        with gunicorn(env, args.workers) as (port, _master):
            for path in paths:  # every address answers before the load starts
                status = fetch(port, path)[0]
                if status != 200:
                    raise SystemExit(f"{path} answered {status} before the load")
            writer = Writer(port, args.publish_every)
            if not args.no_writer:
                writer.log_in()
                writer.start()
            try:
                load = run_wrk(port, paths, args)
            finally:
                writer.stopping.set()
                if writer.is_alive():
                    writer.join(timeout=120)
            hidden = not_public(port, writer.published)

    errors = {k: load[k] for k in ("connect", "read", "write", "timeout", "status")}
    print(f"\nMachine: {describe_machine()}")
    print(
        f"Data: {facts['places']:,} places, {facts['pledges']:,} pledges "
        f"({facts['public_pledges']:,} public), {facts['updates']:,} updates"
        + (f"; seeding {seeding:.0f} s" if seeding is not None else "")
    )
    print(
        f"wrk -t2 -c{args.connections} -d{args.duration}s over {len(paths)} addresses, "
        f"gunicorn {args.workers} sync workers, "
        + (
            "no writer\n"
            if args.no_writer
            else f"a publication every {args.publish_every:g} s\n"
        )
    )
    print("| requests | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {load['requests']:,} | {load['requests'] / load['seconds']:,.1f} "
        f"| {load['p50_ms']:.1f} | {load['p90_ms']:.1f} | {load['p99_ms']:.1f} "
        f"| {load['max_ms']:.0f} | {sum(errors.values())} |"
    )
    publish_ms = [s * 1000 for s in writer.seconds]
    print(
        f"\nPublications: {len(writer.published)}"
        + (
            f" (changelist and action, p50 {statistics.median(publish_ms):.0f} ms, "
            f"max {max(publish_ms):.0f} ms); not public afterwards: {len(hidden)}"
            if publish_ms
            else ""
        )
    )

    problems = [f"{name} errors: {count}" for name, count in errors.items() if count]
    if writer.failure:
        problems.append(f"writer: {writer.failure}")
    if not writer.published and not args.no_writer:
        problems.append("writer: no publication")
    if hidden:
        problems.append(f"published but not public: {hidden}")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
