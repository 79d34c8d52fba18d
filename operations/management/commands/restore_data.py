import sys
from pathlib import Path
from tempfile import TemporaryDirectory

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from operations.backups import (
    migrations_mismatch,
    read_archive,
    row_counts,
    rows_of_someones_work,
)

# Tables named when a restore asks before replacing what is there.
TABLES_SHOWN = 8


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a backup written by `backup_data`: "
        "after it the database holds exactly the backup's rows, or, if anything "
        "fails, exactly what it held before."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup written by `manage.py backup_data`")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the rows the database holds without asking.",
        )

    def handle(self, *args, file: str, yes: bool = False, **options):
        source = Path(file)
        with TemporaryDirectory(prefix="restore-data-") as scratch:
            manifest, data = read_archive(source, scratch=Path(scratch))
            if mismatch := migrations_mismatch(manifest):
                raise CommandError(mismatch)
            if not yes:
                self.confirm_replacing(rows_of_someones_work())
            try:
                replace_everything(data, expected_rows=manifest["rows"])
            except (DatabaseError, DeserializationError, OSError, EOFError) as error:
                raise CommandError(
                    f"The backup could not be loaded, so nothing was changed: {error}"
                ) from error
        # Whatever was kept in caches came from the rows just replaced: content types
        # by id, pages and figures (in Redis, for every process).
        ContentType.objects.clear_cache()
        cache.clear()
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {sum(manifest['rows'].values())} rows of "
                    f"{len(manifest['rows'])} tables from {source}, a backup made "
                    f"{manifest['created_at']}."
                )
            )

    def confirm_replacing(self, rows: dict[str, int]) -> None:
        if not rows:
            return
        shown = ", ".join(
            f"{label} {count}" for label, count in list(rows.items())[:TABLES_SHOWN]
        )
        more = (
            f" and {len(rows) - TABLES_SHOWN} tables more"
            if len(rows) > TABLES_SHOWN
            else ""
        )
        warning = (
            f"The database is not empty: it holds {sum(rows.values())} rows "
            f"({shown}{more}). The restore deletes all of them and puts the backup's "
            "rows in their place."
        )
        if not sys.stdin.isatty():
            raise CommandError(f"{warning} Run again with --yes to go ahead.")
        answer = input(f"{warning}\nType 'yes' to go ahead: ")
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")


def replace_everything(data: Path, *, expected_rows: dict[str, int]) -> None:
    """Empty every table and load the backup, in one transaction."""
    with transaction.atomic():
        # Without post_migrate: no content types, permissions or groups re-created
        # to collide with the backup's own.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        # loaddata also moves every id sequence past the loaded rows.
        call_command("loaddata", str(data), verbosity=0)
        loaded = row_counts()
        if loaded != expected_rows:
            differing = sorted(
                label
                for label in loaded.keys() | expected_rows.keys()
                if loaded.get(label) != expected_rows.get(label)
            )
            raise CommandError(
                "The rows loaded differ in number from the backup's manifest in "
                f"{', '.join(differing)}; nothing was changed."
            )
