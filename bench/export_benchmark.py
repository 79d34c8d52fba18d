"""Benchmark: stream the full pledge CSV and JSON exports through the real view.

Fills a database with `seed_synthetic` (a temporary SQLite file, or the PostgreSQL
database named by BENCH_DATABASE_URL, which it fills and does not clean up; with
--reuse it measures what is there), then streams /pledges/export.csv and
/pledges/export.json, each from a fresh Python process that has served one small
request, as a worker would, and prints rows per second, the time to the first bytes
(the header) and to the first row, the process's peak RSS and the CPU time the
export took in it (the database server's is not counted).

    .venv/bin/python bench/export_benchmark.py [--pledges 200000]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \\
        .venv/bin/python bench/export_benchmark.py --reuse

Every row is synthetic. Timings vary from machine to machine: they are reported here,
never asserted in tests.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = ("/pledges/export.csv", "/pledges/export.json")


def environment(database_url: str) -> dict[str, str]:
    # Debug off: with debug on Django keeps every query in memory.
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "solidarity.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict, *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def measure(path: str) -> dict:
    """Stream one export in this process; runs in the child."""
    import django

    django.setup()
    from django.test import Client

    from commitments.models import Pledge

    rows = Pledge.objects.public().count()
    client = Client(HTTP_HOST="127.0.0.1")
    # A worker has served a request before: a malformed filter loads the code.
    client.get(f"{path}?year_from=x")
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    response = client.get(path)
    chunks = iter(response.streaming_content)
    size = len(next(chunks))
    first_bytes = time.perf_counter() - started
    size += len(next(chunks))
    first_row = time.perf_counter() - started
    for chunk in chunks:
        size += len(chunk)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "path": path,
        "status": response.status_code,
        "rows": rows,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "first_bytes_ms": first_bytes * 1000,
        "first_row_ms": first_row * 1000,
        "cpu_seconds": after.ru_utime
        + after.ru_stime
        - before.ru_utime
        - before.ru_stime,
        "megabytes": size / 1e6,
        "rss_before_mb": before.ru_maxrss / 1024,
        "peak_rss_mb": after.ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=200_000)
    parser.add_argument("--updates", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="measure what is there")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    with tempfile.TemporaryDirectory(prefix="solidarity-bench-") as folder:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/db.sqlite3"
        env = environment(url)
        if not args.reuse:
            manage(env, "migrate", "--noinput", "--verbosity", "0")
            manage(
                env,
                "seed_synthetic",
                f"--places={args.places}",
                f"--pledges={args.pledges}",
                f"--updates={args.updates}",
                f"--seed={args.seed}",
            )
        print(
            "| export | rows | rows/s | first bytes ms | first row ms | MB "
            "| peak RSS MB | CPU s |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for path in PATHS:
            output = subprocess.run(
                [sys.executable, __file__, "--measure", path],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            row = json.loads(output.strip().splitlines()[-1])
            print(
                f"| {path} | {row['rows']:,} | {row['rows_per_s']:,.0f} "
                f"| {row['first_bytes_ms']:.0f} | {row['first_row_ms']:.0f} "
                f"| {row['megabytes']:.1f} | {row['peak_rss_mb']:.0f} (before the "
                f"request: {row['rss_before_mb']:.0f}) | {row['cpu_seconds']:.1f} |"
            )


if __name__ == "__main__":
    main()
