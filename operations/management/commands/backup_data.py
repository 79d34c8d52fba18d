import os
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import django
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from operations.backups import (
    DATA_NAME,
    KIND,
    SERIALIZER_FORMAT,
    VERSION,
    applied_migrations,
    dumpdata_labels,
    row_counts,
    sha256_of,
    write_archive,
)


class Command(BaseCommand):
    help = (
        "Write every row of every table (accounts, history, sessions, lockouts, "
        "the mail queue) to FILE, for `restore_data`, on any database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup to write, e.g. 2025-06-01.tar")

    def handle(self, *args, file: str, **options):
        target = Path(file)
        if target.exists():
            raise CommandError(
                f"{target} exists already; a backup never overwrites another. "
                "Give each one its own name (with the date, say)."
            )
        if not target.parent.is_dir():
            raise CommandError(f"No folder {target.parent} to write the backup into.")
        serializers.register_serializer(SERIALIZER_FORMAT, "operations.serializer")
        # Written beside the target and moved into place at the end: a backup that
        # failed half-way never lies there looking complete.
        with TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as tmp:
            data = Path(tmp) / DATA_NAME
            with one_snapshot():
                manifest = {
                    "kind": KIND,
                    "version": VERSION,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": connection.vendor,
                    "django": django.get_version(),
                    "migrations": applied_migrations(),
                    "rows": row_counts(),
                }
                call_command(
                    "dumpdata",
                    *dumpdata_labels(),
                    format=SERIALIZER_FORMAT,
                    output=str(data),
                    use_base_manager=True,
                    verbosity=options["verbosity"],
                )
            manifest["data"] = {
                "name": DATA_NAME,
                "sha256": sha256_of(data),
                "bytes": data.stat().st_size,
            }
            packed = Path(tmp) / "backup.tar"
            write_archive(packed, manifest=manifest, data=data)
            os.replace(packed, target)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backed up {sum(manifest['rows'].values())} rows of "
                    f"{len(manifest['rows'])} tables to {target} "
                    f"({target.stat().st_size} bytes)."
                )
            )


@contextmanager
def one_snapshot():
    """Read every table as of one moment, while the site goes on writing.

    Otherwise a pledge saved between the dump of places and of pledges could point
    to a place missing from the backup. On PostgreSQL that takes REPEATABLE READ,
    which never blocks writers; SQLite's read transaction is one snapshot anyway.
    """
    if connection.in_atomic_block:
        # The caller's transaction is the snapshot; its level is set already.
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield
