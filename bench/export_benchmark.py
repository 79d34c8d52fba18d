"""Benchmark: stream the pledge CSV export of 200,000 synthetic pledges.

Builds the rows in a throwaway database (a temporary SQLite file, or the PostgreSQL
database named by BENCH_DATABASE_URL, which it fills and does not clean up), streams
/pledges/export.csv through the real view and prints rows per second and the peak
memory Python allocated while streaming (tracemalloc).

    .venv/bin/python bench/export_benchmark.py [--rows 200000]

Every row is synthetic: places "Synthetic place N", pledges "Synthetic pledge N".
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # Debug off: with debug on Django keeps every query in memory.
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
    import django

    django.setup()


def build(rows: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from cities.models import Place
    from commitments.models import Citation, Pledge, ReviewState, Source

    call_command("migrate", verbosity=0, interactive=False)
    places_count = max(1, rows // 200)
    with transaction.atomic():
        places = Place.objects.bulk_create(
            Place(
                name=f"Synthetic place {n}",
                slug=f"synthetic-place-{n}",
                country=("DE", "IT", "FR", "ES", "PL")[n % 5],
            )
            for n in range(places_count)
        )
        sources = Source.objects.bulk_create(
            Source(url=f"https://example.org/synthetic/{n}")
            for n in range(places_count)
        )
        pledges = Pledge.objects.bulk_create(
            (
                Pledge(
                    place=places[n % places_count],
                    title=f"Synthetic pledge {n}",
                    category="additional_reception",
                    target_min=n % 500,
                    unit="persons",
                    status="adopted",
                    announced_on=f"20{10 + n % 15}-03-01",
                    announced_on_precision="month",
                    review_state=ReviewState.PUBLISHED,
                )
                for n in range(rows)
            ),
            batch_size=5000,
        )
        Citation.objects.bulk_create(
            (
                Citation(source=sources[n % places_count], pledge=pledge, quote="q")
                for n, pledge in enumerate(pledges)
            ),
            batch_size=5000,
        )


def stream(*, trace: bool) -> tuple[int, int, float, int]:
    """Stream the export once; with `trace`, under tracemalloc (which slows Python
    down several times, so the speed is measured on an untraced run)."""
    from django.test import RequestFactory

    from opendata.views import export

    request = RequestFactory().get("/pledges/export.csv")
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = export(request, table="pledges", fmt="csv")
    lines = size = 0
    for chunk in response.streaming_content:
        lines += chunk.count(b"\n")
        size += len(chunk)
    elapsed = time.perf_counter() - started
    peak = 0
    if trace:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return lines - 1, size, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="solidarity-bench-") as folder:
        url = (
            os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        )
        configure(url)
        from django.db import connection

        print(
            f"database: {connection.vendor}; building {args.rows:,} synthetic pledges"
        )
        started = time.perf_counter()
        build(args.rows)
        print(
            f"built in {time.perf_counter() - started:.1f} s; streaming the CSV export"
        )
        rows, size, elapsed, _peak = stream(trace=False)
        print(f"rows exported:   {rows:,} ({size / 1e6:.1f} MB)")
        print(f"time:            {elapsed:.1f} s")
        print(f"rows per second: {rows / elapsed:,.0f}")
        print("streaming again under tracemalloc for the peak memory")
        rows, size, elapsed, peak = stream(trace=True)
        print(f"peak memory:     {peak / 1e6:.1f} MB (tracemalloc, while streaming)")


if __name__ == "__main__":
    main()
