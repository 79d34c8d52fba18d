import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.filters import MembershipFilter, PledgeUpdateFilter
from commitments.models import (
    Membership,
    PledgeStatus,
    PledgeUpdate,
    ResolutionKind,
    ReviewState,
    StrategyStatus,
)
from opendata.exports import copy_out, writers
from opendata.exports.tables import TABLES
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_source,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db

DRAFT = {"review_state": ReviewState.DRAFT}
# The export's own queries, written in Python: the filter form's country choices,
# the rows, and the rows' citations with their sources (one more per 2,000 rows).
EXPORT_QUERIES = 3
# The same in two chunks of rows: one more query, for the second chunk's sources.
TWO_CHUNK_EXPORT_QUERIES = 4
# Written by PostgreSQL: the country choices, a setting for the query, the COPY,
# and the savepoint the test's transaction turns the export's transaction into
# (created and released).
COPY_EXPORT_QUERIES = 5
# Every table's columns, in order: a public contract of the exports and releases.
COLUMNS = {
    "places": [
        "id", "url", "name", "local_name", "slug", "kind", "country", "region",
        "population", "population_year", "latitude", "longitude", "website",
        "geonames_id", "geo_source", "updated_at",
    ],
    "networks": [
        "id", "url", "name", "short_name", "slug", "kind", "description", "website",
        "updated_at",
    ],
    "memberships": [
        "id", "url", "place_id", "place_name", "country", "network_id",
        "network_name", "role", "role_wording", "joined_on", "joined_on_precision",
        "left_on", "left_on_precision", "note", "sources", "updated_at",
    ],
    "resolutions": [
        "id", "url", "place_id", "place_name", "country", "title", "original_title",
        "original_language", "kind", "adopted_on", "adopted_on_precision",
        "adopting_body", "reference_number", "votes_for", "votes_against",
        "abstentions", "vote_note", "summary", "text_url", "repeals_id", "sources",
        "updated_at",
    ],
    "strategies": [
        "id", "url", "place_id", "place_name", "country", "title", "original_title",
        "original_language", "status", "status_wording", "year_start", "year_end",
        "adopted_on", "adopted_on_precision", "replaces_id", "participants",
        "summary", "document_url", "sources", "updated_at",
    ],
    "pledges": [
        "id", "url", "place_id", "place_name", "country", "title", "original_title",
        "original_language", "category", "summary", "target_min", "target_max",
        "qualifier", "unit", "unit_wording", "period", "period_count",
        "announced_on", "announced_on_precision", "status", "status_wording",
        "resolution_id", "strategy_id", "overlaps_id", "outcome_of_id", "sources",
        "updated_at",
    ],
    "updates": [
        "id", "url", "pledge_id", "pledge_title", "place_id", "place_name",
        "country", "happened_on", "happened_on_precision", "status",
        "status_wording", "delivered_quantity", "summary", "verified", "sources",
        "updated_at",
    ],
    "practices": [
        "id", "url", "place_id", "place_name", "country", "title", "since",
        "since_precision", "summary", "sources", "updated_at",
    ],
    "sources": [
        "id", "url", "title", "publisher", "language", "published_on",
        "published_on_precision",
    ],
    "citations": [
        "id", "source_id", "membership_id", "resolution_id", "strategy_id",
        "pledge_id", "update_id", "practice_id", "quote",
    ],
}  # fmt: skip


@pytest.fixture
def written_in_python(monkeypatch):
    """The Python writer on any database, as on SQLite (PostgreSQL writes the
    tables itself: test_export_copy.py)."""
    monkeypatch.setattr(copy_out, "can_copy", lambda queryset, columns: False)


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_ids(response) -> list[int]:
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(body(response)))]


def json_ids(response) -> list[int]:
    return [row["id"] for row in json.loads(body(response))]


def html_ids(client, url: str, query: str) -> list[int]:
    """The ids of every row the list page shows for `query`, across all its pages."""
    ids = []
    page = 1
    while True:
        response = client.get(f"{url}?{query}&page={page}")
        assert response.status_code == 200
        ids += [row.pk for row in response.context["page_obj"].object_list]
        if not response.context["page_obj"].has_next():
            return ids
        page += 1


@pytest.fixture
def dataset():
    """Rows in Germany and Italy, some matching the filters, some drafts; over one
    page of the pledge list (50 rows) in Germany."""
    berlin = make_place(country="DE", name="Synthetic place Berlin")
    roma = make_place(country="IT", name="Synthetic place Roma")
    make_place(country="DE")
    make_place(country="IT")
    for n in range(55):
        make_pledge(place=berlin, title=f"Synthetic pledge {n}")
    make_pledge(place=berlin, status=PledgeStatus.FULFILLED)
    make_pledge(place=roma)
    make_pledge(place=berlin, **DRAFT)
    for place in (berlin, roma):
        make_resolution(place=place)
        make_resolution(place=place, kind=ResolutionKind.MAYORAL_LETTER)
        make_resolution(place=place, **DRAFT)
        make_strategy(place=place)
        make_strategy(place=place, status=StrategyStatus.DRAFTING)
        make_strategy(place=place, **DRAFT)
    return {"berlin": berlin, "roma": roma}


LISTS = [
    ("places", "public:place-list", "country=DE"),
    ("pledges", "public:pledge-list", "country=DE&status=adopted"),
    ("resolutions", "public:resolution-list", "country=DE&kind=mayoral_letter"),
    ("strategies", "public:strategy-list", "country=IT&status=adopted"),
    ("pledges", "public:pledge-list", ""),
]


@pytest.mark.parametrize(("table", "list_name", "query"), LISTS)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_has_exactly_the_rows_the_list_page_shows(
    client, dataset, table, list_name, query, fmt
):
    shown = html_ids(client, reverse(list_name), query)

    response = client.get(
        reverse(f"opendata:{table}-export", kwargs={"fmt": fmt}) + f"?{query}"
    )

    assert response.status_code == 200
    exported = csv_ids(response) if fmt == "csv" else json_ids(response)
    assert exported == shown
    assert shown  # the filter matches something


@pytest.mark.parametrize(
    ("table", "filterset_class", "queryset", "query"),
    [
        ("updates", PledgeUpdateFilter, PledgeUpdate.objects.public, "country=DE"),
        ("memberships", MembershipFilter, Membership.objects.public, "country=IT"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_updates_and_memberships_exports_follow_their_filterset(
    client, table, filterset_class, queryset, query, fmt
):
    german = make_pledge(place=make_place(country="DE"))
    make_update(pledge=german)
    make_update(pledge=german, **DRAFT)
    make_update(pledge=make_pledge(place=make_place(country="IT")))
    network = make_network()
    make_membership(place=make_place(country="IT"), network=network)
    make_membership(place=make_place(country="DE"), network=network)
    make_membership(place=make_place(country="IT"), **DRAFT)
    filterset = filterset_class(QueryDict(query), queryset=queryset())
    assert filterset.is_valid()
    expected = set(filterset.qs.values_list("pk"))

    response = client.get(
        reverse(f"opendata:{table}-export", kwargs={"fmt": fmt}) + f"?{query}"
    )

    exported = csv_ids(response) if fmt == "csv" else json_ids(response)
    assert {(pk,) for pk in exported} == expected
    assert len(expected) == 1


def test_csv_row_has_permanent_url_sources_and_partial_date_with_precision(client):
    pledge = make_pledge(
        announced_on=date(2022, 3, 1), announced_on_precision="by_month"
    )
    cite(pledge, source=make_source(url="https://example.org/a"))
    cite(pledge, source=make_source(url="https://example.org/b"))

    response = client.get(reverse("opendata:pledges-export", kwargs={"fmt": "csv"}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    [row] = csv.DictReader(io.StringIO(body(response)))
    assert row["url"] == f"http://testserver{pledge.get_absolute_url()}"
    assert row["announced_on"] == "by 2022-03"
    assert row["announced_on_precision"] == "by_month"
    assert row["sources"] == "https://example.org/a | https://example.org/b"
    assert row["target_min"] == "100"
    assert row["place_name"] == pledge.place.name


def test_json_export_has_the_same_columns_as_csv(client):
    make_pledge()

    csv_response = client.get(reverse("opendata:pledges-export", kwargs={"fmt": "csv"}))
    json_response = client.get(
        reverse("opendata:pledges-export", kwargs={"fmt": "json"})
    )

    header = next(csv.reader(io.StringIO(body(csv_response))))
    [row] = json.loads(body(json_response))
    assert list(row) == header
    assert json_response["Content-Type"] == "application/json; charset=utf-8"


def test_csv_is_plain_utf8_by_default_and_has_a_bom_for_excel(client):
    make_pledge(title="Zusage für Flüchtlinge")
    url = reverse("opendata:pledges-export", kwargs={"fmt": "csv"})

    plain = b"".join(client.get(url).streaming_content)
    excel = b"".join(client.get(url + "?excel=1").streaming_content)

    assert plain.startswith(b"id,url,")
    assert excel.startswith(b"\xef\xbb\xbfid,url,")
    assert "Zusage für Flüchtlinge".encode() in excel


@pytest.mark.parametrize(
    ("table", "query"),
    [
        ("places", "country=DE&q=no-such-name"),
        ("pledges", "country=DE"),
        ("updates", "country=DE"),
        ("memberships", "country=DE"),
    ],
)
def test_zero_rows_is_a_valid_file_with_its_header(client, table, query):
    make_place(country="DE")  # a country to filter by, with nothing in it
    csv_response = client.get(
        reverse(f"opendata:{table}-export", kwargs={"fmt": "csv"}) + f"?{query}"
    )
    json_response = client.get(
        reverse(f"opendata:{table}-export", kwargs={"fmt": "json"}) + f"?{query}"
    )

    header = [column.name for column in TABLES[table].column_list("")]
    assert list(csv.reader(io.StringIO(body(csv_response)))) == [header]
    assert json.loads(body(json_response)) == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize(
    "query",
    ["year_from=abc", "status=nonsense", "country=XX", "stale_months=-5"],
)
def test_malformed_filter_is_a_400_naming_the_parameter(client, fmt, query):
    response = client.get(
        reverse("opendata:pledges-export", kwargs={"fmt": fmt}) + f"?{query}"
    )

    assert response.status_code == 400
    name = query.split("=")[0]
    if fmt == "json":
        assert name in json.loads(response.content)["errors"]
    else:
        assert response.content.decode().startswith(f"{name}:")


def test_unknown_export_format_is_404(client):
    response = client.get("/pledges/export.xlsx")

    assert response.status_code == 404


def test_export_streams_rows_in_chunks_as_it_goes(
    client, monkeypatch, written_in_python
):
    monkeypatch.setattr(writers, "CHUNK_SIZE", 3)
    place = make_place()
    for _n in range(10):
        cite(make_pledge(place=place))

    response = client.get(reverse("opendata:pledges-export", kwargs={"fmt": "csv"}))

    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        header = next(chunks)
        assert header.startswith(b"id,url,")
        assert len(queries) == 0  # nothing read before the first row is asked for
        first_block = next(chunks)
        after_first_row = len(queries)
        rest = list(chunks)
    # One block of lines per chunk of rows read: 3 + 3 + 3 + 1.
    assert first_block.count(b"\r\n") == 3
    assert [block.count(b"\r\n") for block in rest] == [3, 3, 1]
    # The rows and the first chunk's citations, then one citation query per chunk.
    assert after_first_row == 2
    assert len(queries) == 1 + 4


@pytest.mark.parametrize("rows", [10, 100])
@pytest.mark.parametrize("table", ["pledges", "resolutions", "updates"])
def test_export_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows, table
):
    place = make_place()
    for _n in range(rows):
        pledge = make_pledge(place=place)
        cite(pledge)
        cite(make_resolution(place=place))
        cite(make_update(pledge=pledge))

    url = reverse(f"opendata:{table}-export", kwargs={"fmt": "csv"})
    copied = connection.vendor == "postgresql"
    with django_assert_num_queries(COPY_EXPORT_QUERIES if copied else EXPORT_QUERIES):
        lines = body(client.get(url)).splitlines()

    assert len(lines) == rows + 1


def make_cited_fact(table: str, place, network):
    """One published row of `table`, cited twice."""
    fact = {
        "pledges": lambda: make_pledge(place=place),
        "resolutions": lambda: make_resolution(place=place),
        "strategies": lambda: make_strategy(place=place),
        "updates": lambda: make_update(pledge=make_pledge(place=place)),
        "memberships": lambda: make_membership(network=network),
    }[table]()
    cite(fact)
    cite(fact)
    return fact


@pytest.mark.parametrize("rows", [10, 100])
@pytest.mark.parametrize(
    "table", ["pledges", "resolutions", "strategies", "updates", "memberships"]
)
def test_export_reads_sources_once_per_chunk_never_per_row(
    client, django_assert_num_queries, monkeypatch, rows, table, written_in_python
):
    monkeypatch.setattr(writers, "CHUNK_SIZE", rows // 2)  # two chunks
    place, network = make_place(), make_network()
    for _n in range(rows):
        make_cited_fact(table, place, network)

    url = reverse(f"opendata:{table}-export", kwargs={"fmt": "csv"})
    with django_assert_num_queries(TWO_CHUNK_EXPORT_QUERIES):
        records = list(csv.DictReader(io.StringIO(body(client.get(url)))))

    assert len(records) == rows
    assert all(record["sources"].count(" | ") == 1 for record in records)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_sources_cell_lists_the_sources_in_citation_order(client, monkeypatch, fmt):
    monkeypatch.setattr(writers, "CHUNK_SIZE", 2)  # the rows' citations span chunks
    place = make_place()
    sources = [
        make_source(url=f"https://example.org/{name}") for name in ("z", "m", "a")
    ]
    pledges = [make_pledge(place=place, title=f"Pledge {n}") for n in range(5)]
    # Cited in turns, so a pledge's citations are neither adjacent nor in the order
    # of the sources' ids or addresses.
    for turn in range(3):
        for n, pledge in enumerate(pledges):
            cite(pledge, source=sources[(n + turn) % 3])

    response = client.get(reverse("opendata:pledges-export", kwargs={"fmt": fmt}))

    text = body(response)
    records = json.loads(text) if fmt == "json" else csv.DictReader(io.StringIO(text))
    cells = {int(record["id"]): record["sources"] for record in records}
    assert cells == {
        pledge.pk: " | ".join(sources[(n + turn) % 3].url for turn in range(3))
        for n, pledge in enumerate(pledges)
    }


def test_every_table_writes_csv_and_json_that_parse_with_its_column_names():
    place = make_place(latitude="52.52000", longitude="13.40500")
    network = make_network()
    pledge = make_pledge(place=place, target_min="12.50", target_max="20")
    for fact in (
        make_membership(place=place, network=network),
        make_resolution(place=place),
        make_strategy(place=place),
        pledge,
        make_update(pledge=pledge),
        make_practice(place=place),
    ):
        cite(fact)

    for name, table in TABLES.items():
        columns = table.column_list("https://example.org")
        lines = b"".join(writers.csv_blocks(table.queryset(), columns)).decode()
        header, *records = csv.reader(io.StringIO(lines))
        data = json.loads(b"".join(writers.json_blocks(table.queryset(), columns)))

        assert header == COLUMNS[name]
        assert records
        assert all(len(record) == len(header) for record in records)
        assert [list(row) for row in data] == [header] * len(records)


def test_cells_are_formatted_as_the_model_gives_them(client):
    place = make_place(latitude="52.52000", longitude="13.40500", population=None)
    pledge = make_pledge(place=place, target_min="12.50", target_max="20.00")
    verified = make_update(pledge=pledge, verified_at=timezone.now())
    unverified = make_update(
        pledge=pledge, happened_on=date(2019, 2, 1), happened_on_precision="month"
    )

    def records(table: str, fmt: str) -> dict:
        text = body(
            client.get(reverse(f"opendata:{table}-export", kwargs={"fmt": fmt}))
        )
        rows = json.loads(text) if fmt == "json" else csv.DictReader(io.StringIO(text))
        return {int(row["id"]): row for row in rows}

    places_csv, places_json = records("places", "csv"), records("places", "json")
    pledges_json = records("pledges", "json")
    updates_csv = records("updates", "csv")
    # Decimals as stored, whole numbers without their zeros.
    assert places_csv[place.pk]["latitude"] == "52.52000"
    assert places_csv[place.pk]["population"] == ""
    assert places_json[place.pk]["population"] is None
    assert places_json[place.pk]["updated_at"] == place.updated_at.isoformat()
    assert pledges_json[pledge.pk]["target_min"] == "12.50"
    assert pledges_json[pledge.pk]["target_max"] == "20"
    assert pledges_json[pledge.pk]["place_id"] == place.pk
    assert updates_csv[verified.pk]["verified"] == "yes"
    assert updates_csv[unverified.pk]["verified"] == "no"
    assert updates_csv[unverified.pk]["happened_on"] == "2019-02"
    assert updates_csv[unverified.pk]["url"].endswith(
        f"/pledges/{pledge.pk}/#update-{unverified.pk}"
    )
