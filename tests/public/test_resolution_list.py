from datetime import date

import pytest
from django.urls import reverse

from commitments.models import ResolutionKind, ReviewState
from public.explorer import LIST_PAGE_SIZE
from tests.builders import make_place, make_resolution

pytestmark = pytest.mark.django_db

# Country choices, the count, one page of resolutions with their places (a place is
# typed, never offered as a list of every place).
RESOLUTION_LIST_QUERIES = 3

URL = reverse("public:resolution-list")


def test_lists_resolutions_linking_to_them_and_their_places(client):
    place = make_place(name="Testhafen")
    resolution = make_resolution(
        place=place,
        title="Safe harbour resolution",
        original_title="Sicherer Hafen",
        original_language="de",
        kind=ResolutionKind.MAYORAL_LETTER,
        adopted_on=date(2019, 2, 28),
        adopted_on_precision="day",
    )

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{resolution.get_absolute_url()}">Safe harbour' in html
    assert f'<a href="{place.get_absolute_url()}">Testhafen</a>' in html
    assert '<span class="original-title" lang="de">Sicherer Hafen</span>' in html
    assert "mayoral letter" in html
    assert '<time datetime="2019-02-28">28 Feb 2019</time>' in html
    assert '<p class="result-count">1 resolution</p>' in html


def test_drafts_and_submitted_resolutions_are_never_listed(client):
    make_resolution(title="Published act")
    make_resolution(title="Draft act", review_state=ReviewState.DRAFT)
    make_resolution(title="Submitted act", review_state=ReviewState.SUBMITTED)

    html = client.get(URL).content.decode()

    assert "Published act" in html
    assert "Draft act" not in html
    assert "Submitted act" not in html


def test_form_works_without_javascript(client):
    html = client.get(URL).content.decode()

    assert '<form method="get"' in html
    assert '<button type="submit">' in html
    assert f'<a href="{URL}">Reset filters</a>' in html
    assert "<legend>Kind</legend>" in html


def test_filters_are_applied(client):
    letter = make_resolution(kind=ResolutionKind.MAYORAL_LETTER)
    make_resolution(kind=ResolutionKind.COUNCIL_RESOLUTION)

    response = client.get(URL, {"kind": "mayoral_letter", "year_from": 2019})

    assert list(response.context["page_obj"]) == [letter]
    assert '<p class="result-count">1 resolution</p>' in response.content.decode()


def test_pagination_keeps_the_filters(client):
    for _ in range(LIST_PAGE_SIZE + 1):
        make_resolution(kind=ResolutionKind.COUNCIL_RESOLUTION)
    params = {"kind": "council_resolution", "year_to": "2020"}

    response = client.get(URL, params)

    assert 'href="?kind=council_resolution&amp;year_to=2020&amp;page=2"' in (
        response.content.decode()
    )
    assert '<p class="result-count">51 resolutions</p>' in response.content.decode()
    assert len(client.get(URL, params | {"page": 2}).context["page_obj"]) == 1


@pytest.mark.parametrize("rows", [10, 100])
def test_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_resolution()

    with django_assert_num_queries(RESOLUTION_LIST_QUERIES):
        response = client.get(URL, {"kind": "council_resolution", "q": "test"})

    assert response.status_code == 200
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"country": "XX"}, "country", "XX is not one of the available choices"),
        ({"year_from": "abc"}, "year_from", "Enter a whole number"),
        ({"year_to": "3000"}, "year_to", "less than or equal to 2100"),
        ({"year_from": "2022", "year_to": "2019"}, "year_to", "must not be before"),
        ({"kind": "decree"}, "kind", "decree is not one of"),
        ({"q": "x" * 10_000}, "q", "at most 200 characters"),
    ],
)
def test_bad_input_is_a_400_with_the_error_and_no_results(
    client, params, field, message
):
    make_resolution(title="Visible act")

    response = client.get(URL, params)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "Visible act" not in html


@pytest.mark.parametrize("page", ["2", "last"])
def test_a_page_that_does_not_exist_is_a_friendly_404_with_the_form(client, page):
    make_resolution()

    response = client.get(URL, {"page": page})

    assert response.status_code == 404
    assert "There is no such page of results" in response.content.decode()
    assert '<form method="get"' in response.content.decode()
