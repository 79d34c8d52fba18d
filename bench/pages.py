"""make bench: the key pages and exports under load, against Django's own floor.

Builds the synthetic data set (`seed_synthetic`) in a database of its own, starts the
app under gunicorn with production settings on 127.0.0.1, and in the same run serves
a bare HttpResponse("ok") view (/bench-floor/) through the same settings, middleware
and gunicorn configuration: the floor. wrk hits each page; the table gives requests/s,
p50 and p99 under load, the ratio to the floor's requests/s, p50 at one client with
the page cache off and with nothing cached, and queries per request. Then the full
pledge exports (rows/s, first bytes, peak RSS of the worker) and the seeding time.

    .venv/bin/python bench/pages.py                      # 10,000 / 200,000 / 1,000,000
    .venv/bin/python bench/pages.py --places 1000 --pledges 20000 --updates 100000
    .venv/bin/python bench/pages.py --sqlite             # a throwaway SQLite file
    .venv/bin/python bench/pages.py --demo               # the real demo data instead

The database is BENCH_DATABASE_URL (default: `solidarity_bench` on the local
PostgreSQL server), dropped and built anew unless --reuse is given. The cache is
BENCH_REDIS_URL (default: database 1 of the local Redis, emptied first); --no-redis
runs with each process's own memory and no page cache, as a site without Redis
does. Timings vary from run to run and machine to machine: they are reported here,
never asserted in tests.
"""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/solidarity_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
HOST = "127.0.0.1"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=200_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--demo", action="store_true", help="load the demo data")
    parser.add_argument("--sqlite", action="store_true", help="a throwaway SQLite file")
    parser.add_argument("--reuse", action="store_true", help="keep the database as is")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-exports", action="store_true")
    parser.add_argument("--no-redis", action="store_true", help="no shared cache")
    return parser.parse_args()


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings: debug off, a secret, the bench's floor address."""
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def redis_url(args) -> str:
    """The benchmark's Redis database, emptied; "" to run without Redis."""
    if args.no_redis:
        return ""
    import redis

    url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    redis.Redis.from_url(url).flushdb()
    return url


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def recreate_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def build_database(args, database_url: str) -> float | None:
    """Migrate and fill the database; returns the seconds seeding took."""
    env = environment(database_url)
    if not args.reuse and database_url.startswith("postgres"):
        recreate_postgres_database(database_url)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    if args.reuse:
        return None
    if args.demo:
        manage(env, "load_demo", "--verbosity", "0")
        return None
    started = time.perf_counter()
    manage(
        env,
        "seed_synthetic",
        f"--places={args.places}",
        f"--pledges={args.pledges}",
        f"--updates={args.updates}",
        f"--seed={args.seed}",
    )
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict, workers: int):
    """A gunicorn serving the site and the floor; yields (port, master process)."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "solidarity.wsgi",
            # Not gunicorn.conf.py: no access log, no worker replaced mid-run.
            "--config=/dev/null",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--log-level=warning",
            # Long enough to measure a slow page rather than have it killed.
            "--timeout=300",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _body, _ = fetch(port, "/bench-floor/")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer within 30 seconds")
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(port: int, path: str, headers: dict | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.getheaders()
    finally:
        connection.close()


_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(port: int, path: str, duration: int, connections: int) -> dict:
    """Requests/s and latency percentiles (ms) under load, after a warm-up."""
    url = f"http://{HOST}:{port}{path}"
    base = ["wrk", "-t2", f"-c{connections}", "--latency", "--timeout=60s"]
    subprocess.run([*base, "-d2s", url], capture_output=True, check=True)
    output = subprocess.run(
        [*base, f"-d{duration}s", url], capture_output=True, text=True, check=True
    ).stdout
    latencies = {m[0]: float(m[1]) * _UNIT[m[2]] for m in _LATENCY.findall(output)}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "timeouts": int(timeouts[1]) if timeouts else 0,
        "p50": latencies.get("50"),
        "p99": latencies.get("99"),
        "errors": int(bad[1]) if bad else 0,
    }


def wait_until_idle(port: int, limit: float = 900) -> None:
    """Wait until the floor answers at once: sync workers go on with the requests a
    load left queued, which would otherwise eat into the next page's measurement."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.perf_counter()
        fetch(port, "/bench-floor/")
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(1)


def one_client_p50(
    port: int, path: str, requests: int = 30, budget: float = 30
) -> float | None:
    """Median milliseconds of one request at a time, after one to warm up; no more
    requests once `budget` seconds have passed (a page that takes seconds is
    measured, not waited for)."""
    deadline = time.monotonic() + budget
    times = []
    try:
        fetch(port, path)
        while len(times) < requests and (not times or time.monotonic() < deadline):
            started = time.perf_counter()
            fetch(port, path)
            times.append((time.perf_counter() - started) * 1000)
    except OSError:  # http.client's errors are OSErrors: the page did not answer
        return None
    return statistics.median(times)


def inprocess(env: dict, *args: str) -> dict:
    output = subprocess.run(
        [PYTHON, "-m", "bench.inprocess", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    return [int(pid) for pid in children.split()]


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024


def measure_export(env: dict, path: str, rows: int) -> dict:
    """Stream one full export from a fresh single worker: rows/s, first bytes, RSS."""
    with gunicorn(env, workers=1) as (port, master):
        connection = http.client.HTTPConnection(HOST, port, timeout=3600)
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        first = response.read(1)
        first_bytes = time.perf_counter() - started
        size = len(first)
        while chunk := response.read(1 << 16):
            size += len(chunk)
        seconds = time.perf_counter() - started
        connection.close()
        peak = max(peak_rss_mb(pid) for pid in worker_pids(master.pid))
    return {
        "status": response.status,
        "rows_per_s": rows / seconds,
        "seconds": seconds,
        "first_bytes_ms": first_bytes * 1000,
        "megabytes": size / 1e6,
        "peak_rss_mb": peak,
    }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def describe_machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return f"{os.cpu_count()} cores, {cpu}, {int(memory) // 1024**2} GiB"


def main() -> None:
    args = parse_args()
    scratch = None
    if args.sqlite:
        scratch = tempfile.TemporaryDirectory(prefix="bench-")
        database_url = f"sqlite:///{scratch.name}/bench.sqlite3"
    else:
        database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    seeding = build_database(args, database_url)
    cache_url = redis_url(args)
    env = environment(database_url, REDIS_URL=cache_url)
    # The same site with its page cache off: what a reader meets after every change
    # (the totals and list counts still kept once per change in the shared cache)...
    page_cache_off = environment(
        database_url, REDIS_URL=cache_url, DJANGO_PAGE_CACHE_SECONDS="0"
    )
    # ...and with nothing cached at all: what the first reader after a change meets.
    uncached = environment(
        database_url,
        REDIS_URL="",
        DJANGO_PAGE_CACHE_SECONDS="0",
        DJANGO_SUMMARY_CACHE_SECONDS="0",
    )
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    facts = inprocess(env, "facts")
    pages = {
        "floor": "/bench-floor/",
        "home": "/",
        "places": "/cities/",
        "pledges DE in progress": "/pledges/?country=DE&status=in_progress",
        f"most active place ({facts['busiest_place_pledges']} pledges)": (
            f"/cities/{facts['busiest_place']}/"
        ),
        "API pledges": "/api/v1/pledges/",
    }
    queries = inprocess(uncached, "queries", *pages.values())

    results = {}
    with gunicorn(env, args.workers) as (port, _master):
        for name, path in pages.items():
            wait_until_idle(port)
            fetch(port, path)  # warm: the page in the cache before the load starts
            results[name] = wrk(port, path, args.duration, args.connections)
    one_client = {"page_cache_off": page_cache_off, "uncached": uncached}
    for column, settings in one_client.items():
        with gunicorn(settings, args.workers) as (port, _master):
            for name, path in pages.items():
                results[name][column] = one_client_p50(port, path)

    database = "SQLite" if args.sqlite else urlsplit(database_url).scheme
    cache_name = "Redis" if cache_url else "each process's memory, no page cache"
    print(f"\nMachine: {describe_machine()}; database: {database}; cache: {cache_name}")
    print(
        f"Data: {facts['places']:,} places, {facts['pledges']:,} pledges "
        f"({facts['public_pledges']:,} public), {facts['updates']:,} updates"
    )
    if seeding is not None:
        print(f"Seeding: {seeding:.0f} s")
    print(
        f"\nwrk -t2 -c{args.connections} -d{args.duration}s, "
        f"gunicorn {args.workers} sync workers\n"
    )
    print(
        "| page | requests/s | p50 ms | p99 ms | ratio to floor "
        "| one client p50 ms, page cache off | one client p50 ms, nothing cached "
        "| queries, nothing cached |"
    )
    print("|---|---|---|---|---|---|---|---|")
    floor = results["floor"]["rps"]
    for name, path in pages.items():
        row = results[name]
        if not row["rps"]:
            row["p50"] = row["p99"] = None  # wrk's percentiles of no request
        warning = f" ({row['errors']} errors)" if row["errors"] else ""
        if row["timeouts"]:
            warning += f" ({row['timeouts']} over 60 s)"
        print(
            f"| {name} `{path}` | {row['rps']:.1f}{warning} | {_ms(row['p50'])} "
            f"| {_ms(row['p99'])} | {row['rps'] / floor:.3f} "
            f"| {_ms(row['page_cache_off'])} | {_ms(row['uncached'])} "
            f"| {queries[path]['queries']} |"
        )

    if not args.no_exports:
        print("\n| export | rows | rows/s | first bytes ms | MB | peak RSS MB |")
        print("|---|---|---|---|---|---|")
        for path in ("/pledges/export.csv", "/pledges/export.json"):
            row = measure_export(env, path, facts["public_pledges"])
            print(
                f"| `{path}` | {facts['public_pledges']:,} | {row['rows_per_s']:,.0f} "
                f"| {row['first_bytes_ms']:.0f} | {row['megabytes']:.1f} "
                f"| {row['peak_rss_mb']:.0f} |"
            )
    if scratch:
        scratch.cleanup()


if __name__ == "__main__":
    main()
