from datetime import date

import pytest
from django.urls import reverse

from commitments.models import PledgeStatus, ReviewState
from public.explorer import LIST_PAGE_SIZE
from tests.builders import make_membership, make_network, make_place, make_pledge

pytestmark = pytest.mark.django_db

# Country choices, the count, one page of pledges with their places, and the networks
# the form offers (a place is typed, never offered as a list of every place).
PLEDGE_LIST_QUERIES = 4
# ... and the chosen place and network, looked up by their slugs.
PLEDGE_LIST_BY_PLACE_AND_NETWORK_QUERIES = 6

URL = reverse("public:pledge-list")


def test_lists_pledges_linking_to_them_and_their_places(client):
    place = make_place(name="Testhafen", country="DE")
    pledge = make_pledge(
        place=place,
        title="Receive rescued people",
        status=PledgeStatus.BLOCKED,
        announced_on=date(2022, 1, 1),
        announced_on_precision="by_year",
    )

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{pledge.get_absolute_url()}">Receive rescued people</a>' in html
    assert f'<a href="{place.get_absolute_url()}">Testhafen</a>' in html
    assert "blocked by a national or regional government" in html
    assert '<time datetime="2022">by 2022</time>' in html
    assert '<p class="result-count">1 pledge</p>' in html


def test_result_count_is_pluralised(client):
    make_pledge()
    make_pledge()

    assert '<p class="result-count">2 pledges</p>' in client.get(URL).content.decode()


def test_drafts_and_submitted_pledges_are_never_listed(client):
    make_pledge(title="Published pledge")
    make_pledge(title="Draft pledge", review_state=ReviewState.DRAFT)
    make_pledge(title="Submitted pledge", review_state=ReviewState.SUBMITTED)

    html = client.get(URL).content.decode()

    assert "Published pledge" in html
    assert "Draft pledge" not in html
    assert "Submitted pledge" not in html
    assert '<p class="result-count">1 pledge</p>' in html


def test_form_works_without_javascript(client):
    html = client.get(URL).content.decode()

    assert '<form method="get"' in html
    assert '<button type="submit">' in html
    assert f'<a href="{URL}">Reset filters</a>' in html
    assert "<legend>Status</legend>" in html
    assert '<label for="id_year_from">' in html


def test_filters_are_applied(client):
    blocked = make_pledge(title="Blocked offer", status=PledgeStatus.BLOCKED)
    make_pledge(title="Fulfilled offer", status=PledgeStatus.FULFILLED)

    response = client.get(URL, {"status": ["blocked", "lapsed"], "country": "DE"})

    assert list(response.context["page_obj"]) == [blocked]
    assert 'value="blocked" id="id_status_3" checked' in response.content.decode()


def test_sorting_newest_first(client):
    make_pledge(title="Old", announced_on=date(2018, 1, 1))
    make_pledge(title="New", announced_on=date(2023, 1, 1))

    response = client.get(URL, {"sort": "-announced"})

    assert [p.title for p in response.context["page_obj"]] == ["New", "Old"]


def test_pagination_keeps_the_filters(client):
    place = make_place(slug="testhafen")
    for _ in range(LIST_PAGE_SIZE + 1):
        make_pledge(place=place, status=PledgeStatus.ADOPTED)
    params = {"place": "testhafen", "status": ["adopted", "blocked"]}

    response = client.get(URL, params)

    html = response.content.decode()
    assert (
        'href="?place=testhafen&amp;status=adopted&amp;status=blocked&amp;page=2"'
        in html
    )
    assert "Page 1 of 2" in html

    second = client.get(URL, params | {"page": 2})

    assert len(second.context["page_obj"]) == 1
    assert (
        'href="?place=testhafen&amp;status=adopted&amp;status=blocked&amp;page=1"'
        in second.content.decode()
    )


@pytest.mark.parametrize("rows", [10, 100])
def test_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_pledge()

    with django_assert_num_queries(PLEDGE_LIST_QUERIES):
        response = client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 100])
def test_query_count_with_every_filter_does_not_grow_with_the_rows(
    client, django_assert_num_queries, rows
):
    place = make_place(slug="testhafen", country="DE")
    make_membership(place=place, network=make_network(slug="harbours"))
    for _ in range(rows):
        make_pledge(place=place, announced_on=date(2000, 1, 1))
    params = {
        "country": "DE",
        "place": "testhafen",
        "network": "harbours",
        "category": "additional_reception",
        "status": "adopted",
        "year_from": 1999,
        "year_to": 2001,
        "has_numeric_target": "true",
        "stale_months": 12,
        "q": "pledge",
        "sort": "status",
    }

    with django_assert_num_queries(PLEDGE_LIST_BY_PLACE_AND_NETWORK_QUERIES):
        response = client.get(URL, params)

    assert response.status_code == 200
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"country": "XX"}, "country", "XX is not one of the available choices"),
        ({"year_from": "abc"}, "year_from", "Enter a whole number"),
        ({"year_from": "1800"}, "year_from", "greater than or equal to 1900"),
        ({"year_to": "2200"}, "year_to", "less than or equal to 2100"),
        ({"year_from": "2022", "year_to": "2019"}, "year_to", "must not be before"),
        ({"status": "forgotten"}, "status", "forgotten is not one of"),
        ({"q": "x" * 10_000}, "q", "at most 200 characters (it has 10000)"),
        ({"stale_months": "often"}, "stale_months", "Enter a whole number"),
        ({"place": "nowhere"}, "place", "Select a valid choice"),
        ({"place": "\x00"}, "place", "Null characters are not allowed"),
        ({"network": "\x00"}, "network", "Null characters are not allowed"),
        ({"q": "a\x00b"}, "q", "Null characters are not allowed"),
    ],
)
def test_bad_input_is_a_400_with_the_error_and_no_results(
    client, params, field, message
):
    make_pledge(title="Visible pledge")

    response = client.get(URL, params)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "Visible pledge" not in html


@pytest.mark.parametrize("page", ["2", "abc", "0", "\u00b2", "1e3"])
def test_a_page_that_does_not_exist_is_a_friendly_404_with_the_form(client, page):
    make_pledge()

    response = client.get(URL, {"status": "adopted", "page": page})

    html = response.content.decode()
    assert response.status_code == 404
    assert "There is no such page of results" in html
    assert 'href="?status=adopted">Go to the first page' in html
    assert '<form method="get"' in html


def test_bad_input_on_the_german_page_is_a_400_in_german(client):
    response = client.get("/de" + URL, {"year_from": "2022", "year_to": "2019"})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="de">' in html
    assert "Das letzte Jahr darf nicht vor dem ersten liegen." in html
