"""/countries/<iso2>/: a country's places, pledges by status and totals per category."""

import re

import pytest
from django.urls import reverse

from commitments.models import PledgeCategory, PledgeStatus, ReviewState
from public.explorer import pledge_list_url
from tests.builders import make_place, make_pledge, make_update

pytestmark = pytest.mark.django_db

# The number of places and the most populous of them; the totals, by category too
# (one query grouped by country and category); pledges by status.
COUNTRY_PAGE_QUERIES = 4


def country_page(client, code="DE"):
    response = client.get(reverse("public:country-detail", args=[code]))
    assert response.status_code == 200
    return response


def test_country_page_lists_its_places_only(client):
    hamburg = make_place(name="Testhafen", country="DE", region="Nordland")
    make_place(name="Elsewhere", country="IT")

    html = country_page(client).content.decode()

    assert "<h1>Germany</h1>" in html
    assert f'<a href="{hamburg.get_absolute_url()}">Testhafen</a>' in html
    assert "Nordland" in html
    assert "Elsewhere" not in html


def test_country_page_counts_pledges_by_status_with_links_to_the_list(client):
    place = make_place(country="DE")
    make_pledge(place=place, status=PledgeStatus.BLOCKED)
    make_pledge(place=place, status=PledgeStatus.BLOCKED)
    make_pledge(place=make_place(country="IT"), status=PledgeStatus.BLOCKED)
    make_pledge(place=place, status=PledgeStatus.BLOCKED, review_state="draft")

    html = country_page(client).content.decode()

    link = pledge_list_url(country="DE", status="blocked").replace("&", "&amp;")
    row = re.search(
        rf'<a href="{re.escape(link)}">blocked by a national or regional government'
        r'</a></th>\s*<td class="number">(\d+)</td>',
        html,
    )
    assert row.group(1) == "2"
    assert link.startswith("/pledges/?country=DE")


def test_country_page_shows_pledged_and_delivered_per_category(client):
    place = make_place(country="DE")
    pledge = make_pledge(place=place, target_min=300, unit="persons")
    make_update(pledge=pledge, delivered_quantity=40)
    make_pledge(
        place=place,
        category=PledgeCategory.RECEPTION_REPORTED,
        target_min=189,
    )
    make_pledge(
        place=place,
        category=PledgeCategory.INTEGRATION_FUNDING,
        target_min=2500,
        unit="EUR",
    )

    response = country_page(client)
    html = response.content.decode()

    categories = {group.key: group for group in response.context["categories"]}
    assert categories["additional_reception"].people_pledged == 300
    assert categories["additional_reception"].people_delivered_per_updates == 40
    assert categories["reception_reported"].people_received == 189
    assert categories["integration_funding"].euros_pledged == 2500
    assert 'aria-labelledby="chart-categories-title"' in html
    assert (
        '<th scope="row">additional reception</th>\n'
        '                <td class="number">1</td>\n'
        '                <td class="number">300</td>\n'
        '                <td class="number">40</td>' in html
    )
    assert "<dt>people reported received</dt><dd>189</dd>" in html


def test_country_page_links_to_the_countrys_pledge_list(client):
    make_place(country="FR")

    html = country_page(client, "FR").content.decode()

    assert f'href="{pledge_list_url(country="FR")}"' in html


def test_country_page_maps_its_places(client):
    make_place(name="Mapped", country="DE", latitude=50, longitude=8)

    html = country_page(client).content.decode()

    assert '<script id="country-map-data" type="application/json">' in html
    assert '"name": "Mapped"' in html


def test_lowercase_code_redirects_to_the_canonical_address(client):
    make_place(country="DE")

    response = client.get("/countries/de/")

    assert response.status_code == 301
    assert response["Location"] == "/countries/DE/"


@pytest.mark.parametrize(
    "code", ["XX", "DEU", "D", "12", "ZZ", "d%3C", "%3Cscript%3E", "DE%00"]
)
def test_unknown_or_malformed_code_is_404(client, code):
    make_place(country="DE")

    assert client.get(f"/countries/{code}/").status_code == 404


def test_valid_country_without_places_is_404(client):
    make_place(country="DE")

    assert client.get("/countries/IT/").status_code == 404


def test_draft_pledges_do_not_count_on_the_country_page(client):
    place = make_place(country="DE")
    make_pledge(place=place, target_min=10, review_state=ReviewState.DRAFT)

    response = country_page(client)

    assert response.context["totals"].people_pledged == 0


def test_country_page_in_german(client):
    make_place(country="AT")

    response = client.get("/de/countries/AT/")

    assert response.status_code == 200
    assert "<h1>Österreich</h1>" in response.content.decode()


@pytest.mark.parametrize("rows", [10, 100])
def test_country_page_query_count_does_not_grow(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        pledge = make_pledge(place=make_place(country="DE"))
        make_update(pledge=pledge, delivered_quantity=1)

    with django_assert_num_queries(COUNTRY_PAGE_QUERIES):
        response = country_page(client)

    assert response.context["place_count"] == rows


def test_a_country_with_many_places_lists_its_most_populous_with_a_way_to_all(client):
    from public.views import overview

    for n in range(overview.COUNTRY_PAGE_PLACES + 2):
        make_place(name=f"Place {n:03}", country="DE", population=1000 + n)

    response = country_page(client)
    html = response.content.decode()

    shown = [place.name for place in response.context["places"]]
    assert len(shown) == overview.COUNTRY_PAGE_PLACES
    assert shown[0] == f"Place {overview.COUNTRY_PAGE_PLACES + 1:03}"
    assert "Place 000" not in html
    limit = overview.COUNTRY_PAGE_PLACES
    assert f"The {limit} most populous of {limit + 2} places" in html
    assert f'href="{reverse("public:place-list")}?country=DE"' in html
