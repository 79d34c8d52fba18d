import csv
import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import validate

from commitments.models import (
    Citation,
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Practice,
    Resolution,
    ReviewState,
    Strategy,
)
from opendata.exports.tables import TABLES
from opendata.releases import create_release, list_releases
from tests.builders import (
    cite,
    make_membership,
    make_pledge,
    make_practice,
    make_resolution,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db

DRAFT = {"review_state": ReviewState.DRAFT}


@pytest.fixture(autouse=True)
def releases_dir(settings, tmp_path):
    settings.RELEASES_DIR = tmp_path / "releases"
    return settings.RELEASES_DIR


@pytest.fixture
def dataset():
    """Published facts of every kind, each with a draft beside it."""
    published = {
        "memberships": make_membership(),
        "resolutions": make_resolution(),
        "strategies": make_strategy(),
        "pledges": make_pledge(),
        "practices": make_practice(),
    }
    published["updates"] = make_update(pledge=published["pledges"])
    drafts = {
        "memberships": make_membership(**DRAFT),
        "resolutions": make_resolution(**DRAFT),
        "strategies": make_strategy(**DRAFT),
        "pledges": make_pledge(**DRAFT),
        "practices": make_practice(**DRAFT),
        "updates": make_update(pledge=published["pledges"], **DRAFT),
    }
    # An update published on its own is still hidden while its pledge is a draft.
    drafts["hidden_update"] = make_update(pledge=drafts["pledges"])
    for fact in published.values():
        cite(fact)
    draft_citation = cite(drafts["pledges"])
    return {"published": published, "drafts": drafts, "draft_citation": draft_citation}


def read_table(folder, name) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def release_folder(release):
    return release.zip_path.with_suffix("")


def test_release_has_one_csv_per_table_a_datapackage_readme_and_licence(dataset):
    release = create_release(today=date(2026, 1, 15))

    folder = release_folder(release)
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(
        [f"{table}.csv" for table in TABLES]
        + ["datapackage.json", "README.txt", "LICENSE.txt"]
    )
    assert list(TABLES) == [
        "places",
        "networks",
        "memberships",
        "resolutions",
        "strategies",
        "pledges",
        "updates",
        "practices",
        "sources",
        "citations",
    ]
    assert "CC BY 4.0" in (folder / "LICENSE.txt").read_text()
    assert "2026-01-15.1" in (folder / "README.txt").read_text()


def test_release_tables_hold_exactly_the_published_rows(dataset):
    release = create_release(today=date(2026, 1, 15))

    folder = release_folder(release)
    public = {
        "memberships": Membership.objects.public(),
        "resolutions": Resolution.objects.public(),
        "strategies": Strategy.objects.public(),
        "pledges": Pledge.objects.public(),
        "updates": PledgeUpdate.objects.public(),
        "practices": Practice.objects.public(),
        "networks": Network.objects.all(),
    }
    for table, queryset in public.items():
        ids = {int(row["id"]) for row in read_table(folder, table)}
        assert ids == set(queryset.values_list("pk", flat=True)), table
    draft_ids = {int(row["id"]) for row in read_table(folder, "updates")}
    assert dataset["drafts"]["hidden_update"].pk not in draft_ids
    citation_ids = {int(row["id"]) for row in read_table(folder, "citations")}
    assert dataset["draft_citation"].pk not in citation_ids
    assert len(citation_ids) == Citation.objects.count() - 1
    source_urls = {row["url"] for row in read_table(folder, "sources")}
    assert dataset["draft_citation"].source.url not in source_urls


def test_release_datapackage_is_valid_frictionless_and_counts_match(dataset):
    release = create_release(today=date(2026, 1, 15))

    folder = release_folder(release)
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["pledges"] == Pledge.objects.public().count()
    assert rows["updates"] == PledgeUpdate.objects.public().count()
    assert rows["resolutions"] == Resolution.objects.public().count()
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["version"] == "2026-01-15.1"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    pledge_fields = {
        field["name"]: field
        for resource in descriptor["resources"]
        if resource["name"] == "pledges"
        for field in resource["schema"]["fields"]
    }
    # Descriptions come from the models' help texts.
    assert pledge_fields["announced_on"]["description"].startswith(
        str(Pledge._meta.get_field("announced_on").help_text)
    )
    assert pledge_fields["target_min"]["type"] == "number"


def test_an_empty_dataset_still_makes_a_valid_release():
    release = create_release(today=date(2026, 1, 15))

    report = validate(release_folder(release) / "datapackage.json")
    assert report.valid
    assert read_table(release_folder(release), "pledges") == []


def test_a_second_release_the_same_day_gets_the_next_version(dataset):
    first = create_release(today=date(2026, 1, 15))
    second = create_release(today=date(2026, 1, 15))
    next_day = create_release(today=date(2026, 1, 16))

    assert (first.version, second.version) == ("2026-01-15.1", "2026-01-15.2")
    assert next_day.version == "2026-01-16.1"
    assert [r.version for r in list_releases()] == [
        "2026-01-16.1",
        "2026-01-15.2",
        "2026-01-15.1",
    ]


def test_release_zip_holds_the_folder_and_matches_its_checksum(dataset):
    release = create_release(today=date(2026, 1, 15))

    data = release.zip_path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == release.sha256
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert "solidarity-cities-2026-01-15.1/datapackage.json" in names
    assert "solidarity-cities-2026-01-15.1/pledges.csv" in names


def test_release_command_writes_a_release(dataset):
    out = io.StringIO()
    call_command("release", stdout=out)

    assert len(list_releases()) == 1
    assert list_releases()[0].version in out.getvalue()


def test_downloads_page_lists_releases_newest_marked_current(client, dataset):
    create_release(today=date(2026, 1, 15))
    newest = create_release(today=date(2026, 1, 16))

    response = client.get(reverse("opendata:downloads"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("2026-01-16.1") < html.index("2026-01-15.1")
    assert newest.sha256 in html
    assert response.context["current"].version == "2026-01-16.1"
    assert "(current)" in html


def test_downloads_page_without_releases_says_so(client):
    response = client.get(reverse("opendata:downloads"))

    assert response.status_code == 200
    assert "No release has been published yet." in response.content.decode()


def test_release_file_is_served_as_a_stream(client, dataset):
    release = create_release(today=date(2026, 1, 15))

    response = client.get(reverse("opendata:release-file", args=[release.filename]))

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == release.zip_path.read_bytes()
    checksum = client.get(
        reverse("opendata:release-file", args=[release.filename + ".sha256"])
    )
    assert release.sha256 in b"".join(checksum.streaming_content).decode()


@pytest.mark.parametrize(
    "filename",
    [
        "..%2F..%2Fsettings.py",
        "solidarity-cities-2026-01-15.1",
        "solidarity-cities-2026-01-15.9.zip",
        "README.txt",
    ],
)
def test_release_file_outside_the_listed_releases_is_404(client, dataset, filename):
    create_release(today=date(2026, 1, 15))

    response = client.get(f"/downloads/{filename}")

    assert response.status_code == 404


def test_release_if_none_writes_only_the_first_release(tmp_path, settings):
    settings.RELEASES_DIR = tmp_path
    call_command("release", "--if-none", stdout=io.StringIO())
    call_command("release", "--if-none", stdout=io.StringIO())

    assert len(list_releases()) == 1


@pytest.mark.parametrize(
    "table",
    ["places", "memberships", "resolutions", "strategies", "pledges", "updates"],
)
def test_release_table_is_byte_for_byte_the_unfiltered_list_export(
    client, settings, dataset, table
):
    settings.SITE_URL = "http://testserver"
    release = create_release(today=date(2026, 1, 15))

    response = client.get(reverse(f"opendata:{table}-export", kwargs={"fmt": "csv"}))

    exported = b"".join(response.streaming_content)
    assert (release_folder(release) / f"{table}.csv").read_bytes() == exported
