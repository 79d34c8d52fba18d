"""Dated, versioned bundles of the whole published dataset, for citing and archiving.

A release is a folder `solidarity-cities-<version>/` in RELEASES_DIR holding one CSV per
table, a Frictionless Data `datapackage.json`, a README and the licence, plus a zip of
the folder and its SHA-256. The version is the date and a serial number:
"2026-11-26.1", then "2026-11-26.2" for a second release the same day.
"""

import hashlib
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commitments.caching import bump_facts_version
from opendata.exports.tables import TABLES
from opendata.exports.writers import write_csv

NAME_PREFIX = "solidarity-cities-"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC-BY-4.0"
TITLE = "Solidarity Cities Tracker dataset"
# "solidarity-cities-2026-11-26.1.zip"
_ZIP_NAME = re.compile(
    r"^solidarity-cities-(?P<date>\d{4}-\d{2}-\d{2})\.(?P<serial>[1-9]\d{0,3})\.zip$"
)

LICENCE_TEXT = """\
The Solidarity Cities Tracker dataset is licensed under the Creative Commons
Attribution 4.0 International licence (CC BY 4.0).

You are free to share (copy and redistribute the material in any medium or format) and
adapt (remix, transform, and build upon the material) for any purpose, even
commercially, under the following term: Attribution. You must give appropriate credit,
provide a link to the licence, and indicate if changes were made.

The full legal code: https://creativecommons.org/licenses/by/4.0/legalcode
"""


@dataclass(frozen=True)
class Release:
    version: str
    created: date
    serial: int
    zip_path: Path
    sha256: str

    @property
    def filename(self) -> str:
        return self.zip_path.name

    @property
    def size(self) -> int:
        return self.zip_path.stat().st_size


def releases_dir() -> Path:
    return Path(settings.RELEASES_DIR)


def list_releases() -> list[Release]:
    """Every complete release in RELEASES_DIR, newest first."""
    directory = releases_dir()
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        match = _ZIP_NAME.match(path.name)
        checksum = path.with_name(path.name + ".sha256")
        if not match or not path.is_file() or not checksum.is_file():
            continue
        found.append(
            Release(
                version=f"{match['date']}.{match['serial']}",
                created=date.fromisoformat(match["date"]),
                serial=int(match["serial"]),
                zip_path=path,
                sha256=checksum.read_text().split()[0],
            )
        )
    return sorted(found, key=lambda r: (r.created, r.serial), reverse=True)


def current_release() -> Release | None:
    releases = list_releases()
    return releases[0] if releases else None


def release_file(filename: str) -> Path | None:
    """The file of a listed release by its exact name, or None: never a path from
    the request, so nothing outside RELEASES_DIR can be reached."""
    for release in list_releases():
        if filename == release.filename:
            return release.zip_path
        if filename == release.filename + ".sha256":
            return release.zip_path.with_name(filename)
    return None


def next_version(today: date) -> str:
    serials = [r.serial for r in list_releases() if r.created == today]
    # A folder left by an interrupted run also takes its number.
    directory = releases_dir()
    if directory.is_dir():
        prefix = f"{NAME_PREFIX}{today.isoformat()}."
        for path in directory.glob(prefix + "*"):
            tail = path.name.removeprefix(prefix).split(".")[0]
            if tail.isdigit():
                serials.append(int(tail))
    return f"{today.isoformat()}.{max(serials, default=0) + 1}"


def citation_text(version: str | None, created: date) -> str:
    """How to cite a release, or (version None) the live dataset as read on a day."""
    if version is None:
        return (
            f"Solidarity Cities Tracker ({created.year}). {TITLE} [data set]. "
            f"{settings.SITE_URL}/. Accessed {created.isoformat()}. "
            "Licensed under CC BY 4.0."
        )
    return (
        f"Solidarity Cities Tracker ({created.year}). {TITLE}, release {version} "
        f"[data set]. {settings.SITE_URL}/downloads/. Licensed under CC BY 4.0."
    )


def bibtex(version: str | None, created: date) -> str:
    if version is None:
        key = f"solidaritycities{created.year}"
        extra = f"  urldate = {{{created.isoformat()}}},\n"
        url = f"{settings.SITE_URL}/"
    else:
        key = f"solidaritycities{version.replace('-', '').replace('.', '_')}"
        extra = f"  version = {{{version}}},\n"
        url = f"{settings.SITE_URL}/downloads/"
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{Solidarity Cities Tracker}}}},\n"
        f"  title = {{{TITLE}}},\n"
        f"  year = {{{created.year}}},\n"
        f"{extra}"
        f"  howpublished = {{\\url{{{url}}}}},\n"
        f"  note = {{Data set, licensed under CC BY 4.0}}\n"
        f"}}\n"
    )


def _readme(version: str, created: date, counts: dict[str, int]) -> str:
    lines = [
        f"{TITLE}, release {version} ({created.isoformat()})",
        "",
        "What European cities promise and deliver for refugees: the networks they",
        "join, council resolutions, integration strategies, pledges with progress",
        "updates and practices, every fact with the sources that back it. Only",
        "published (editor-verified) records are included.",
        "",
        "Files (one CSV per table, UTF-8, comma-separated, header row):",
    ]
    lines += [f"  {name}.csv  {counts[name]} rows" for name in TABLES]
    lines += [
        "",
        "datapackage.json describes every column (Frictionless Data Package).",
        "Dates known only to the month or year are written YYYY-MM or YYYY, and",
        '"by 2022" means true by then, the real date earlier; each date column has a',
        "<name>_precision column beside it.",
        "",
        f"Methodology and data dictionary: {settings.SITE_URL}/methodology/",
        "",
        "How to cite:",
        "  " + citation_text(version, created),
        "",
        "BibTeX:",
        bibtex(version, created),
        "Licence: CC BY 4.0 (see LICENSE).",
        "",
    ]
    return "\n".join(lines)


def _descriptor(version: str, created: datetime, counts: dict[str, int]) -> dict:
    resources = []
    for name, table in TABLES.items():
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "title": str(table.title),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {
                            "name": column.name,
                            "type": column.type,
                            "description": column.description,
                        }
                        for column in table.column_list(settings.SITE_URL)
                    ],
                    "primaryKey": ["id"],
                },
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "solidarity-cities-tracker",
        "title": TITLE,
        "description": "What European cities promise and deliver for refugees, "
        "with the sources for every fact. Published records only.",
        "version": version,
        "created": created.isoformat(),
        "homepage": settings.SITE_URL + "/",
        "licenses": [{"name": LICENCE_NAME, "path": LICENCE_URL, "title": "CC BY 4.0"}],
        "resources": resources,
    }


def create_release(*, today: date | None = None) -> Release:
    """Write the next release of today's published data; return it."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    directory = releases_dir()
    directory.mkdir(parents=True, exist_ok=True)
    version = next_version(today)
    folder = directory / f"{NAME_PREFIX}{version}"
    folder.mkdir()
    counts = {}
    try:
        # One snapshot: every table read in the same transaction, so ids agree.
        with transaction.atomic():
            for name, table in TABLES.items():
                counts[name] = _write_table(folder / f"{name}.csv", table)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    descriptor = _descriptor(version, now, counts)
    (folder / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (folder / "README.txt").write_text(
        _readme(version, today, counts), encoding="utf-8"
    )
    (folder / "LICENSE.txt").write_text(LICENCE_TEXT, encoding="utf-8")
    zip_path = directory / f"{folder.name}.zip"
    partial = zip_path.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{folder.name}/{path.name}")
    digest = _sha256(partial)
    partial.rename(zip_path)
    # The checksum file last: a release is listed only once it exists.
    zip_path.with_name(zip_path.name + ".sha256").write_text(
        f"{digest}  {zip_path.name}\n"
    )
    # The downloads and methodology pages name the current release.
    bump_facts_version()
    return Release(version, today, int(version.rsplit(".", 1)[1]), zip_path, digest)


def _write_table(path: Path, table) -> int:
    return write_csv(path, table.queryset(), table.column_list(settings.SITE_URL))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
