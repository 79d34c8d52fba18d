import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.filters import MembershipFilter, PledgeUpdateFilter
from commitments.models import (
    Membership,
    PledgeStatus,
    PledgeUpdate,
    ResolutionKind,
    ReviewState,
    StrategyStatus,
)
from opendata import exports
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
    make_source,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db

DRAFT = {"review_state": ReviewState.DRAFT}
# The export's own queries: the filter form's country choices, the rows, and the
# rows' citations with their sources (one more per 2,000 rows).
EXPORT_QUERIES = 3


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

    header = [column.name for column in exports.TABLES[table].column_list("")]
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


def test_export_streams_rows_in_chunks_as_it_goes(client, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
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
        next(chunks)
        after_first_row = len(queries)
        rest = list(chunks)
    assert len(rest) == 9
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
    with django_assert_num_queries(EXPORT_QUERIES):
        lines = body(client.get(url)).splitlines()

    assert len(lines) == rows + 1
