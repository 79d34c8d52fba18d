"""Bulk import of pledges in the columns of pledges.csv: a preview with errors per
row, then a confirm step; nothing is written if any row is invalid; a city editor
imports only rows of their own places, as drafts.
"""

import csv
import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.admin.imports import PLEDGE_COLUMNS
from commitments.models import Citation, Pledge, ReviewState, Source
from tests.builders import (
    cite,
    make_city_editor,
    make_network_editor,
    make_place,
    make_pledge,
)

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:commitments_pledge_import")
CONFIRM = reverse("admin:commitments_pledge_process_import")
EXPORT = reverse("admin:commitments_pledge_export")


def csv_format() -> str:
    formats = admin.site._registry[Pledge].get_import_formats()
    return str([fmt.__name__ for fmt in formats].index("CSV"))


def row(place, **overrides) -> dict:
    values = {
        "city": place.name,
        "country_iso2": place.country.code,
        "title": "Reception of 25 persons",
        "category": "additional_reception",
        "target_quantity": "25",
        "unit": "persons per year",
        "announced_on": "2020-03",
        "status": "declared",
        "summary": "Synthetic test row.",
        "source_url": "https://example.org/minutes/1",
        "snippet": "The council offers to take 25 people a year.",
    }
    return values | overrides


def upload(rows, columns=PLEDGE_COLUMNS) -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("pledges.csv", text.getvalue().encode(), "text/csv")


def preview(client, rows, **fields):
    data = {"format": csv_format(), "import_file": upload(rows), **fields}
    return client.post(IMPORT, data)


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(CONFIRM, {k: ("" if v is None else v) for k, v in data.items()})


@pytest.fixture
def place():
    return make_place()


def test_preview_then_confirm_creates_pledges_with_their_sources(client, place):
    client.force_login(make_network_editor())
    rows = [
        row(place),
        row(
            place,
            title="Two hundred to three hundred places",
            target_quantity="200-300",
            unit="persons",
            announced_on="by 2022",
        ),
    ]

    response = preview(client, rows)

    assert response.status_code == 200
    assert not Pledge.objects.exists()
    assert response.context["confirm_form"]

    confirmed = confirm(client, response)

    assert confirmed.status_code == 302
    first = Pledge.objects.get(title="Reception of 25 persons")
    assert (first.place, first.target_min, first.period) == (place, 25, "per_year")
    assert first.unit_wording == "persons per year"
    assert first.announced.display() == "Mar 2020"
    assert first.review_state == ReviewState.DRAFT
    citation = first.citations.get()
    assert citation.source.url == "https://example.org/minutes/1"
    assert citation.quote == "The council offers to take 25 people a year."
    ranged = Pledge.objects.get(title="Two hundred to three hundred places")
    assert (ranged.target_min, ranged.target_max) == (200, 300)
    assert ranged.announced.display() == "by 2022"


def test_one_bad_row_writes_nothing_and_is_reported(client, place):
    client.force_login(make_network_editor())
    rows = [
        row(place),
        row(place, title="Bad date", announced_on="March 2020"),
        row(place, title="Third"),
    ]

    response = preview(client, rows)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    result = response.context["result"]
    assert [invalid.number for invalid in result.invalid_rows] == [2]
    assert "announced_on" in response.text
    assert not Pledge.objects.exists()
    assert not Source.objects.exists()
    assert not Citation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"unit": "bags of flour"}, "no mapping"),
        ({"status": "maybe later"}, "no mapping"),
        ({"category": "picnic"}, "unknown category"),
        ({"target_quantity": "many"}, "neither a number nor a range"),
        ({"source_url": ""}, "every fact needs a source"),
        ({"source_url": "not an address"}, "is not an address"),
        ({"city": "Nowhere"}, "no place Nowhere"),
    ],
)
def test_each_kind_of_bad_row_is_reported_in_words(client, place, overrides, reason):
    client.force_login(make_network_editor())

    response = preview(client, [row(place, **overrides)])

    assert response.status_code == 200
    assert reason in response.text
    assert "confirm_form" not in response.context


def test_a_pledge_already_there_is_not_imported_twice(client, place):
    make_pledge(place, title="Reception of 25 persons")
    client.force_login(make_network_editor())

    response = preview(client, [row(place)])

    assert "already has a pledge titled" in response.text
    assert Pledge.objects.count() == 1


def test_a_file_without_the_columns_is_refused_in_words(client, place):
    client.force_login(make_network_editor())
    data = {
        "format": csv_format(),
        "import_file": upload([{"title": "x"}], columns=["title"]),
    }

    response = client.post(IMPORT, data)

    assert response.status_code == 200
    assert "lacks the columns" in response.text
    assert not Pledge.objects.exists()


def test_city_editor_imports_drafts_for_their_place(client, place):
    client.force_login(make_city_editor(place))

    response = preview(client, [row(place)], review_state="published")
    confirm(client, response)

    assert Pledge.objects.get().review_state == ReviewState.DRAFT


def test_city_editor_cannot_import_rows_of_another_place(client, place):
    other = make_place()
    client.force_login(make_city_editor(place))

    response = preview(client, [row(place), row(other, title="Theirs")])

    assert "is not one of your places" in response.text
    assert [r.number for r in response.context["result"].invalid_rows] == [2]
    assert "confirm_form" not in response.context
    assert not Pledge.objects.exists()


def test_network_editor_chooses_the_imported_state(client, place):
    client.force_login(make_network_editor())

    response = preview(client, [row(place)], review_state="published")
    confirm(client, response)

    assert Pledge.objects.get().review_state == ReviewState.PUBLISHED


def test_staff_without_a_role_cannot_import(client, place):
    from tests.builders import make_account

    client.force_login(make_account())

    assert client.get(IMPORT).status_code == 403


def test_city_editor_exports_only_their_places_pledges(client, place):
    own = make_pledge(place, title="Own pledge", review_state=ReviewState.DRAFT)
    cite(own)
    make_pledge(make_place(), title="Their pledge")
    client.force_login(make_city_editor(place))

    page = client.get(EXPORT)
    form = page.context["form"]
    data = {"format": csv_format_for_export(), "resource": "0"}
    data |= {name: "on" for name in form.fields if name.startswith("pledgeresource_")}
    response = client.post(EXPORT, data)

    assert response.status_code == 200
    body = b"".join(response).decode()
    assert body.splitlines()[0] == ",".join(PLEDGE_COLUMNS)
    assert "Own pledge" in body
    assert "Their pledge" not in body


def csv_format_for_export() -> str:
    formats = admin.site._registry[Pledge].get_export_formats()
    return str([fmt.__name__ for fmt in formats].index("CSV"))
