"""Backups of the whole database in Django's own serialization, for any database.

A backup is a tar archive of two files:

- `manifest.json`: when it was made, the migrations its database had, how many rows
  each table held, and the SHA-256 of the data; a restore checks all of them, so it
  refuses a damaged file, or a database at other migrations, before it changes a row;
- `data.jsonl.gz`: every row of every table, one JSON object a line, as `dumpdata`
  writes them (with operations/serializer.py); `manage.py loaddata` reads it as it is.

Which tables: every model of every installed app, many-to-many link tables included,
read from the app registry, so a new app's tables are in the next backup by themselves.
"""

import hashlib
import io
import json
import shutil
import tarfile
import time
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, models, router
from django.db.migrations.recorder import MigrationRecorder

MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.jsonl.gz"
KIND = "solidarity-backup"
VERSION = 1
# The `dumpdata` format of operations/serializer.py (registered by backup_data).
SERIALIZER_FORMAT = "jsonl-rows"
MANIFEST_KEYS = {"kind", "version", "created_at", "migrations", "rows", "data"}

# What `migrate` writes into an empty database by itself, on every run (post_migrate):
# content types and permissions (Django), the editor groups with their permissions
# (accounts/roles.py). A database holding nothing else holds nobody's work.
MADE_BY_MIGRATE = {ContentType, Permission, Group, Group.permissions.through}


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own, many-to-many link tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def dumpdata_labels() -> list[str]:
    return [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for model in backed_up_models()
    ]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in backed_up_models()
    }


def applied_migrations() -> list[str]:
    """The migrations recorded in this database, as "app.name", sorted."""
    recorded = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in recorded)


def rows_of_someones_work() -> dict[str, int]:
    """Rows a restore would destroy: any row `migrate` does not write by itself."""
    made_by_migrate = {model._meta.label_lower for model in MADE_BY_MIGRATE}
    return {
        label: count
        for label, count in row_counts().items()
        if count and label not in made_by_migrate
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_archive(target: Path, *, manifest: dict, data: Path) -> None:
    # The manifest comes first, so a restore reads it before the long data.
    described = json.dumps(manifest, indent=2, sort_keys=True).encode()
    entry = tarfile.TarInfo(MANIFEST_NAME)
    entry.size = len(described)
    entry.mtime = int(time.time())
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        archive.addfile(entry, io.BytesIO(described))
        archive.add(data, arcname=DATA_NAME)


def read_archive(source: Path, *, scratch: Path) -> tuple[dict, Path]:
    """The manifest of the backup at `source`, and its data, checked, in `scratch`.

    Raises CommandError, saying what is wrong, for anything but an intact backup.
    """
    if not source.is_file():
        raise CommandError(f"No backup file at {source}.")
    try:
        with tarfile.open(source, "r:") as archive:
            manifest = _read_manifest(archive, source)
            data = _extract_data(archive, source, scratch)
    except tarfile.TarError as error:
        raise _not_a_backup(source) from error
    except OSError as error:
        raise CommandError(f"{source} cannot be read: {error}") from error
    if sha256_of(data) != manifest["data"]["sha256"]:
        raise _damaged(
            source, "its data differ from the checksum taken when it was made"
        )
    return manifest, data


# Both read the members in the order written, never by name: looking a name up reads
# every header first, and a cut-off file would fail before saying what it is.


def _read_manifest(archive: tarfile.TarFile, source: Path) -> dict:
    try:
        entry = archive.next()
        if entry is None or entry.name != MANIFEST_NAME or not entry.isfile():
            raise _not_a_backup(source)
        manifest = json.load(archive.extractfile(entry))
    except (tarfile.TarError, ValueError) as error:
        raise _not_a_backup(source) from error
    if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
        raise _not_a_backup(source)
    if manifest.get("version") != VERSION:
        raise CommandError(
            f"{source} is a backup of format version {manifest.get('version')}; "
            f"this code reads version {VERSION}. Nothing was changed."
        )
    if not manifest.keys() >= MANIFEST_KEYS:
        raise _not_a_backup(source)
    return manifest


def _extract_data(archive: tarfile.TarFile, source: Path, scratch: Path) -> Path:
    data = scratch / DATA_NAME
    try:
        entry = archive.next()
        if entry is None or entry.name != DATA_NAME or not entry.isfile():
            raise _damaged(source, "its data are missing")
        with archive.extractfile(entry) as packed, data.open("wb") as out:
            shutil.copyfileobj(packed, out, 1 << 20)
    except tarfile.TarError as error:
        raise _damaged(source, f"its data end early ({error})") from error
    return data


def _not_a_backup(source: Path) -> CommandError:
    return CommandError(
        f"{source} is not a backup made by `manage.py backup_data`, or it is damaged "
        "at its start. Nothing was changed."
    )


def _damaged(source: Path, why: str) -> CommandError:
    return CommandError(
        f"{source} is damaged or truncated: {why}. Nothing was changed; "
        "restore another backup."
    )


def migrations_mismatch(manifest: dict) -> str | None:
    """What differs between the backup's migrations and this database's, if anything.

    Rows fit only the schema they were written in: a restore into other migrations
    would fail half-way, or worse, load into columns that mean something else.
    """
    backed_up = set(manifest["migrations"])
    here = set(applied_migrations())
    if backed_up == here:
        return None
    if not here:
        return (
            "This database has no tables yet: run `manage.py migrate` first, "
            "then restore."
        )
    lines = ["The backup was made at other migrations than this database's."]
    if missing := sorted(backed_up - here):
        lines.append(
            "Only in the backup (run `manage.py migrate` with the code that made "
            "the backup): " + ", ".join(missing)
        )
    if extra := sorted(here - backed_up):
        lines.append(
            "Only in this database (migrate it back to the backup's state with "
            "`manage.py migrate APP MIGRATION`, restore, then migrate forward): "
            + ", ".join(extra)
        )
    lines.append("Nothing was changed.")
    return "\n".join(lines)
