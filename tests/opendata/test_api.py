import re
from datetime import date

import pytest
import yaml
from django.urls import reverse, set_script_prefix
from drf_spectacular.validation import validate_schema

from commitments.models import PledgeStatus, ReviewState
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
# Country choices of the filter form, count, the page's rows, their citations.
API_PLEDGE_LIST_QUERIES = 4
ENDPOINTS = [
    "places",
    "networks",
    "memberships",
    "resolutions",
    "strategies",
    "pledges",
    "updates",
    "sources",
]


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


def test_api_root_links_every_resource(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    assert sorted(response.json()) == sorted(ENDPOINTS)


def test_each_endpoint_lists_only_published_records(client):
    published = {
        "memberships": make_membership(),
        "resolutions": make_resolution(),
        "strategies": make_strategy(),
        "pledges": make_pledge(),
    }
    published["updates"] = make_update(pledge=published["pledges"])
    drafts = {
        "memberships": make_membership(**DRAFT),
        "resolutions": make_resolution(**DRAFT),
        "strategies": make_strategy(**DRAFT),
        "pledges": make_pledge(**DRAFT),
        "updates": make_update(pledge=published["pledges"], **DRAFT),
    }
    cited = cite(published["pledges"])
    uncited_draft_source = cite(drafts["pledges"]).source

    for name, fact in published.items():
        listed = ids(client.get(f"/api/v1/{name}/"))
        assert listed == {fact.pk}, name
        assert client.get(f"/api/v1/{name}/{drafts[name].pk}/").status_code == 404
    sources = ids(client.get("/api/v1/sources/"))
    assert cited.source.pk in sources
    assert uncited_draft_source.pk not in sources


def test_api_filters_give_the_rows_of_the_html_list(client):
    berlin = make_place(country="DE")
    for _n in range(60):
        make_pledge(place=berlin)
    make_pledge(place=berlin, status=PledgeStatus.FULFILLED)
    make_pledge(place=make_place(country="IT"))
    query = "country=DE&status=adopted"
    html_ids = []
    for page in (1, 2):
        response = client.get(reverse("public:pledge-list") + f"?{query}&page={page}")
        html_ids += [pledge.pk for pledge in response.context["page_obj"].object_list]

    api_ids = []
    url = f"/api/v1/pledges/?{query}"
    while url:
        response = client.get(url)
        api_ids += [row["id"] for row in results(response)]
        url = response.json()["next"]

    assert sorted(api_ids) == sorted(html_ids)
    assert len(api_ids) == 60


def test_pledges_come_by_id_unless_sorted(client):
    late = make_pledge(place=make_place(name="Aachen"), announced_on=date(2021, 5, 1))
    early = make_pledge(place=make_place(name="Zwickau"), announced_on=date(2019, 5, 1))

    by_id = [row["id"] for row in results(client.get("/api/v1/pledges/"))]
    by_date = [
        row["id"] for row in results(client.get("/api/v1/pledges/?sort=announced"))
    ]

    assert by_id == [late.pk, early.pk]
    assert by_date == [early.pk, late.pk]


def test_the_total_is_counted_once_per_change(
    client, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    settings.SUMMARY_CACHE_SECONDS = 300
    cache.clear()
    place = make_place()
    make_pledge(place=place)
    assert client.get("/api/v1/pledges/").json()["count"] == 1

    # The page's rows and their citations: no count, no country choices.
    with django_assert_num_queries(API_PLEDGE_LIST_QUERIES - 2):
        assert client.get("/api/v1/pledges/").json()["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_pledge(place=place)

    assert client.get("/api/v1/pledges/").json()["count"] == 2
    cache.clear()


def test_records_link_to_each_other_and_to_their_pages(client):
    resolution = make_resolution()
    pledge = make_pledge(place=resolution.place, resolution=resolution)
    update = make_update(pledge=pledge)
    cite(pledge, source=make_source(url="https://example.org/proof"), quote="Proof.")

    [row] = results(client.get("/api/v1/pledges/"))

    assert row["url"] == f"http://testserver/api/v1/pledges/{pledge.pk}/"
    assert row["html_url"] == f"http://testserver{pledge.get_absolute_url()}"
    assert client.get(row["place"]).json()["id"] == pledge.place_id
    assert client.get(row["resolution"]).json()["id"] == resolution.pk
    assert ids(client.get(row["updates"])) == {update.pk}
    [source] = row["sources"]
    assert source["url"] == "https://example.org/proof"
    assert source["quote"] == "Proof."
    assert client.get(source["source"]).json()["address"] == "https://example.org/proof"


def test_links_keep_the_address_the_site_is_served_under(client):
    pledge = make_pledge()
    assert results(client.get("/api/v1/pledges/"))[0]["url"].startswith(
        "http://testserver/api/"
    )
    # What the WSGI handler does for a site served under /tracker/.
    set_script_prefix("/tracker/")
    try:
        [row] = results(client.get("/api/v1/pledges/"))
    finally:
        set_script_prefix("/")

    assert row["url"] == f"http://testserver/tracker/api/v1/pledges/{pledge.pk}/"
    assert row["place"] == f"http://testserver/tracker/api/v1/places/{pledge.place_id}/"


def test_partial_dates_are_text_with_their_precision(client):
    make_pledge(announced_on=date(2022, 3, 1), announced_on_precision="by_month")
    make_pledge(announced_on=None, announced_on_precision="")

    rows = results(client.get("/api/v1/pledges/"))

    dates = {(row["announced_on"], row["announced_on_precision"]) for row in rows}
    assert dates == {("by 2022-03", "by_month"), (None, "")}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("year_from=abc", "year_from"),
        ("year_to=99999999999999999999", "year_to"),
        ("status=nonsense", "status"),
        ("country=XX", "country"),
        ("network=no-such-network", "network"),
        ("stale_months=0", "stale_months"),
        ("has_numeric_target=maybe", "has_numeric_target"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page_size=-1", "page_size"),
        ("page=%00", "page"),
    ],
)
def test_malformed_parameter_is_a_400_json_naming_it(client, query, parameter):
    make_pledge()

    response = client.get(f"/api/v1/pledges/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/updates/?pledge=abc",
        "/api/v1/updates/?pledge=1e999",
        # A pledge's id is a whole number, never 1.5 taken for 1.
        "/api/v1/updates/?pledge=1.5",
        "/api/v1/memberships/?role=boss",
        "/api/v1/places/?pledge_status=nope",
    ],
)
def test_malformed_parameters_of_other_endpoints_are_400(client, url):
    make_place()

    response = client.get(url)

    assert response.status_code == 400
    assert url.split("?")[1].split("=")[0] in response.json()


def test_page_past_the_end_is_404_not_500(client):
    make_pledge()

    assert client.get("/api/v1/pledges/?page=99").status_code == 404


def test_unchanged_resource_answers_304_to_its_etag(client):
    pledge = make_pledge()
    first = client.get("/api/v1/pledges/")
    etag = first["ETag"]

    again = client.get("/api/v1/pledges/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    pledge.title = "Changed"
    pledge.save()
    changed = client.get("/api/v1/pledges/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_detail_answers_304_too(client):
    pledge = make_pledge()
    url = f"/api/v1/pledges/{pledge.pk}/"
    etag = client.get(url)["ETag"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_cross_origin_get_is_allowed_for_the_api_only(client):
    make_pledge()

    api = client.get("/api/v1/pledges/", HTTP_ORIGIN="https://notebook.example")
    page = client.get("/pledges/", HTTP_ORIGIN="https://notebook.example")
    preflight = client.options(
        "/api/v1/pledges/",
        HTTP_ORIGIN="https://notebook.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert api["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in page
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_api_is_read_only(client):
    response = client.post("/api/v1/pledges/", {"title": "x"})

    assert response.status_code == 405


@pytest.mark.parametrize("rows", [10, 100])
def test_pledge_list_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
):
    place = make_place()
    for _n in range(rows):
        cite(make_pledge(place=place))

    with django_assert_num_queries(API_PLEDGE_LIST_QUERIES):
        response = client.get("/api/v1/pledges/")

    assert response.json()["count"] == rows


def test_openapi_schema_is_valid_and_describes_every_endpoint(client):
    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    for name in ENDPOINTS:
        assert f"/api/v1/{name}/" in schema["paths"]
        assert f"/api/v1/{name}/{{id}}/" in schema["paths"]
    parameters = {
        parameter["name"]
        for parameter in schema["paths"]["/api/v1/pledges/"]["get"]["parameters"]
    }
    assert {"country", "status", "year_from", "page"} <= parameters


def test_api_documentation_page_loads_nothing_from_other_sites(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"#]+)"', html)
    assert any("drf_spectacular_sidecar" in asset for asset in assets)
    assert not [
        asset for asset in assets if asset.startswith(("http:", "https:", "//"))
    ]
    assert "cdn." not in html


def test_network_endpoint_finds_network_by_id(client):
    network = make_network()

    response = client.get(f"/api/v1/networks/{network.pk}/")

    assert response.json()["slug"] == network.slug
