import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries
from tqdm import tqdm

from commitments import synthetic


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic places, networks, resolutions, "
        "strategies, pledges, progress updates, sources and citations for benchmarks "
        "and scale tests. Every row is marked synthetic; the same arguments give the "
        "same rows. Refuses a database holding real data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--places", type=int, default=1_000, help="Default: %(default)s."
        )
        parser.add_argument(
            "--pledges", type=int, default=20_000, help="Default: %(default)s."
        )
        parser.add_argument(
            "--updates",
            type=int,
            default=100_000,
            help="Progress updates of the pledges. Default: %(default)s.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same rows (default: 1)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Add the synthetic rows beside real data, which stays untouched. A "
                "database already holding synthetic rows is refused all the same."
            ),
        )

    def handle(self, *args, places, pledges, updates, seed, force, **options):
        try:
            planned = synthetic.planned_counts(
                places=places, pledges=pledges, updates=updates
            )
        except synthetic.SeedRefused as error:
            raise CommandError(str(error)) from None
        # A bar only for a person watching: none in logs, cron mails or pipes. It
        # goes to the raw stderr: self.stderr would end each of its redraws with a
        # newline.
        interactive = self.stdout.isatty() and sys.stderr.isatty()
        started = time.perf_counter()
        with tqdm(
            total=sum(planned.values()),
            unit=" rows",
            unit_scale=True,
            file=sys.stderr,
            disable=not interactive,
        ) as bar:

            def advance(table: str, rows: int) -> None:
                bar.set_description(table, refresh=False)
                bar.update(rows)
                # With DEBUG on, Django keeps the SQL of every query: at full size
                # the batches' SQL alone would take hundreds of megabytes.
                if settings.DEBUG:
                    reset_queries()

            try:
                counts = synthetic.seed(
                    places=places,
                    pledges=pledges,
                    updates=updates,
                    seed=seed,
                    force=force,
                    progress=advance,
                )
            except synthetic.SeedRefused as error:
                raise CommandError(f"Nothing was written. {error}") from None
        # Fresh statistics, or the planner judges millions of new rows by an empty
        # table's (PostgreSQL's autovacuum may be off or not yet round; SQLite keeps
        # none until told): without them SQLite's planner ignores the indexes that
        # fit and filtered lists take twice as long. PostgreSQL's VACUUM also marks
        # the pages all-visible, as autovacuum would in time, so that counts read
        # the indexes alone; it cannot run inside a transaction (a test's).
        if connection.vendor in ("postgresql", "sqlite"):
            in_transaction = connection.in_atomic_block
            vacuum = connection.vendor == "postgresql" and not in_transaction
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        seconds = time.perf_counter() - started
        for table, count in counts.items():
            self.stdout.write(f"{table:<12} {count:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {sum(counts.values()):,} synthetic rows in {seconds:.1f} s "
                f"(seed {seed})."
            )
        )
