"""Backup, wipe, restore: every row of every table, history included, comes back
identical; bad backups and risky restores are refused with a message, changing nothing.

The same tests run on SQLite and on PostgreSQL, whichever DATABASE_URL names; the
pg_dump/pg_restore procedure is tested on PostgreSQL only.
"""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from cities.models import Place
from commitments.models import Pledge, Practice, ReviewState
from commitments.services import publish, submit_for_review
from corrections.models import Correction, RecordKind
from operations.backups import DATA_NAME, read_archive, write_archive
from tests.builders import (
    cite,
    make_account,
    make_city_editor,
    make_membership,
    make_network_editor,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_strategy,
    make_update,
)

# Restores flush and commit: each test gets a real, committed database.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "harbour-lantern-meadow-42"
ROOT = Path(__file__).resolve().parent.parent


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table in the database, migrations included, in one order."""
    quote_name = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            width = len(connection.introspection.get_table_description(cursor, table))
            every_column = ", ".join(str(n) for n in range(1, width + 1))
            cursor.execute(f"SELECT * FROM {quote_name(table)} ORDER BY {every_column}")
            rows[table] = cursor.fetchall()
    return rows


def differing_tables(before: dict, after: dict) -> list[str]:
    return sorted(
        t for t in before.keys() | after.keys() if before.get(t) != after.get(t)
    )


def fill_every_table(client, settings) -> None:
    """Rows in every table, written the way the site writes them where it can."""
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    settings.AXES_USE_ATTEMPT_EXPIRATION = True
    # Production's mail: a row of the task queue per message, until the worker runs.
    settings.EMAIL_BACKEND = "solidarity.mail.QueuedEmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    place = make_place()
    partner, former_partner = make_place(name='Zürich, "Stadt"\nzwei'), make_place()
    city_editor = make_city_editor(place, email="city@example.org")
    network_editor = make_network_editor(email="network@example.org")
    network_editor.user_permissions.add(Permission.objects.get(codename="view_group"))
    make_account(username="admin", password=PASSWORD, is_superuser=True)

    # A role an administrator made, holding a permission of a model long gone: its
    # content type was made after the others, so its id is out of their order.
    retired = ContentType.objects.create(app_label="retired", model="oldthing")
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(
        Permission.objects.create(
            content_type=retired, codename="audit_oldthing", name="Can audit"
        ),
        Permission.objects.get(codename="view_pledge"),
    )
    city_editor.groups.add(auditors)

    # Facts, with their history: created, changed through the workflow (which queues
    # mail), links added and removed, one deleted.
    pledge = make_pledge(place=place, review_state=ReviewState.DRAFT)
    pledge.partners.add(partner, former_partner)
    submit_for_review(record=pledge, by=city_editor)
    publish(record=pledge, by=network_editor)
    pledge.partners.remove(former_partner)
    pledge.title = "Beds for 200 people, renamed"
    pledge.save()
    cite(make_update(pledge=pledge, delivered_quantity=12))
    resolution = make_resolution(place=place)
    resolution.co_signatories.add(partner)
    cite(resolution)
    cite(make_membership(place=place))
    cite(make_strategy(place=place))
    make_practice(place=place)
    make_practice(place=place).delete()
    LogEntry.objects.log_actions(
        user_id=network_editor.pk, queryset=[pledge], action_flag=CHANGE
    )
    Correction.objects.create(
        record_kind=RecordKind.PLEDGE,
        record_id=pledge.pk,
        place=place,
        record_title=pledge.title,
        message="The target was 250.",
        email="reader@example.org",
    )
    mail.send_mail("Queued", "Waiting for the worker.", None, ["a@example.org"])

    # A failed login, then a good one: lockout rows, an access log and a session.
    login = reverse("admin:login")
    client.post(
        login, {"username": "admin", "password": "wrong"}, REMOTE_ADDR="192.0.2.1"
    )
    client.post(
        login, {"username": "admin", "password": PASSWORD}, REMOTE_ADDR="192.0.2.2"
    )
    assert AccessAttempt.objects.exists() and AccessAttemptExpiration.objects.exists()
    assert AccessFailureLog.objects.exists()


def wipe_and_write_other_rows() -> None:
    """What a restore must undo: a database emptied, then written to again."""
    call_command("flush", interactive=False, verbosity=0)
    make_pledge(title="Written after the backup")
    make_account(username="newcomer@example.org")


@pytest.fixture
def filled(client, settings) -> dict[str, list[tuple]]:
    """Every table holds rows; returns all of them."""
    fill_every_table(client, settings)
    rows = every_row()
    empty = [table for table, table_rows in rows.items() if not table_rows]
    assert empty == [], f"fill_every_table() must give these tables rows: {empty}"
    assert set(Pledge.history.values_list("history_type", flat=True)) == {"+", "~"}
    assert Practice.history.filter(history_type="-").exists()
    return rows


@pytest.fixture
def backup(filled, tmp_path) -> Path:
    path = tmp_path / "backup.tar"
    call_command("backup_data", str(path), verbosity=0)
    return path


def restore(path: Path, *options: str) -> None:
    call_command("restore_data", str(path), *options, verbosity=0)


def test_backup_wipe_restore_brings_back_every_row_identical(filled, backup):
    wipe_and_write_other_rows()
    assert differing_tables(filled, every_row()) != []
    cache.set("a-page", "rendered from the rows a restore replaces")

    restore(backup, "--yes")

    assert differing_tables(filled, every_row()) == []
    assert cache.get("a-page") is None


def test_a_restored_database_gives_new_rows_new_ids(filled, backup):
    place_ids = list(Place.objects.values_list("pk", flat=True))
    history_ids = list(Pledge.history.values_list("pk", flat=True))
    wipe_and_write_other_rows()

    restore(backup, "--yes")

    pledge = make_pledge()  # a place, a pledge and their history rows
    assert pledge.place.pk > max(place_ids)
    assert pledge.history.get().pk > max(history_ids)
    editor = make_city_editor(pledge.place)  # a link row of user and group
    link = editor.groups.through.objects.get(user=editor)
    assert link.pk > max(
        editor.groups.through.objects.exclude(pk=link.pk).values_list("pk", flat=True)
    )


def test_an_empty_database_is_restored_without_asking(filled, backup):
    # What `migrate` writes by itself (content types, permissions, editor groups)
    # is nobody's work.
    call_command("flush", interactive=False, verbosity=0)
    assert Group.objects.exists()

    restore(backup)

    assert differing_tables(filled, every_row()) == []


def test_restore_refuses_to_replace_rows_without_yes(backup):
    wipe_and_write_other_rows()
    present = every_row()

    with pytest.raises(CommandError, match="not empty.*--yes"):
        restore(backup)

    assert differing_tables(present, every_row()) == []


def test_backup_never_overwrites_another(backup):
    made = backup.read_bytes()
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup_data", str(backup), verbosity=0)
    assert backup.read_bytes() == made


def test_a_missing_file_is_refused(tmp_path):
    present = every_row()
    with pytest.raises(CommandError, match="No backup file at .*nowhere.tar"):
        restore(tmp_path / "nowhere.tar", "--yes")
    assert differing_tables(present, every_row()) == []


def test_a_truncated_backup_is_refused_and_changes_nothing(backup):
    backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    wipe_and_write_other_rows()
    present = every_row()

    with pytest.raises(CommandError, match="damaged or truncated.*Nothing was changed"):
        restore(backup, "--yes")

    assert differing_tables(present, every_row()) == []


def test_a_file_that_is_no_backup_is_refused(tmp_path):
    notes = tmp_path / "notes.tar"
    notes.write_text("Not a backup at all.\n" * 100)
    present = every_row()

    with pytest.raises(CommandError, match="not a backup made by"):
        restore(notes, "--yes")

    assert differing_tables(present, every_row()) == []


def test_a_backup_that_fails_to_load_leaves_the_database_as_it_was(backup, tmp_path):
    # A manifest that promises one place more than the data hold: everything loads,
    # then the count check fails, after the flush, inside the transaction.
    manifest, data = read_archive(backup, scratch=tmp_path)
    manifest["rows"]["cities.place"] += 1
    wrong = tmp_path / "wrong.tar"
    write_archive(wrong, manifest=manifest, data=data)
    wipe_and_write_other_rows()
    present = every_row()

    with pytest.raises(CommandError, match="differ in number.*cities.place"):
        restore(wrong, "--yes")

    assert differing_tables(present, every_row()) == []


@pytest.fixture
def future_migration():
    """A migration this code does not have, recorded as applied, and removed after."""
    recorder = MigrationRecorder(connection)
    recorder.record_applied("commitments", "9999_from_the_future")
    yield
    recorder.record_unapplied("commitments", "9999_from_the_future")


def test_a_backup_from_other_migrations_is_refused_naming_them(
    filled, tmp_path, future_migration
):
    newer = tmp_path / "newer.tar"
    call_command("backup_data", str(newer), verbosity=0)
    MigrationRecorder(connection).record_unapplied(
        "commitments", "9999_from_the_future"
    )

    with pytest.raises(
        CommandError, match=r"(?s)Only in the backup.*commitments\.9999_from_the_future"
    ):
        restore(newer, "--yes")
    assert differing_tables(filled, every_row()) == []


def test_a_database_at_newer_migrations_is_refused_naming_them(
    backup, future_migration
):
    present = every_row()
    with pytest.raises(
        CommandError,
        match=r"(?s)Only in this database.*commitments\.9999_from_the_future",
    ):
        restore(backup, "--yes")
    assert differing_tables(present, every_row()) == []


def test_the_backup_data_are_a_plain_fixture_for_loaddata(filled, backup, tmp_path):
    """Whoever has only Django at hand can still read a backup."""
    with tarfile.open(backup) as archive:
        archive.extract(DATA_NAME, tmp_path, filter="data")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)

    call_command("loaddata", str(tmp_path / DATA_NAME), verbosity=0)

    assert differing_tables(filled, every_row()) == []


# The PostgreSQL procedure: scripts/backup_postgres.sh and scripts/restore_postgres.sh.


def database_url() -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = (
        f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    )
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"


def run_script(name: str, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": database_url()}
    return subprocess.run(
        [ROOT / "scripts" / name, *arguments],
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore are PostgreSQL's; CI runs this against PostgreSQL",
)


@postgresql_only
def test_pg_dump_drop_every_table_pg_restore_brings_back_every_row(filled, tmp_path):
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), (
        "The PostgreSQL procedure needs pg_dump and pg_restore (postgresql-client)."
    )
    dump = tmp_path / "site.dump"
    made = run_script("backup_postgres.sh", str(dump))
    assert made.returncode == 0, made.stderr
    place_ids = list(Place.objects.values_list("pk", flat=True))
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TABLE "
            + ", ".join(map(connection.ops.quote_name, tables))
            + " CASCADE"
        )
    assert connection.introspection.table_names() == []

    restored = run_script("restore_postgres.sh", "--yes", str(dump))

    assert restored.returncode == 0, restored.stderr
    assert differing_tables(filled, every_row()) == []
    assert make_place().pk > max(place_ids)


@postgresql_only
def test_restore_postgres_asks_before_replacing_the_database(filled, tmp_path):
    dump = tmp_path / "site.dump"
    assert run_script("backup_postgres.sh", str(dump)).returncode == 0
    make_place(name="Written after the dump")
    present = every_row()

    refused = run_script("restore_postgres.sh", str(dump))

    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    assert differing_tables(present, every_row()) == []


def test_backup_postgres_refuses_a_database_that_is_not_postgresql(tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"}
    refused = subprocess.run(
        [ROOT / "scripts" / "backup_postgres.sh", str(tmp_path / "site.dump")],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "backup_data" in refused.stderr
    assert not (tmp_path / "site.dump").exists()
