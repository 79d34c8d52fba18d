import pytest
from django.urls import reverse

from commitments.models import ReviewState, StrategyStatus
from public.explorer import LIST_PAGE_SIZE
from tests.builders import make_place, make_strategy

pytestmark = pytest.mark.django_db

# Country choices, the count, one page of strategies with their places (a place is
# typed, never offered as a list of every place).
STRATEGY_LIST_QUERIES = 3

URL = reverse("public:strategy-list")


def test_lists_strategies_linking_to_them_and_their_places(client):
    place = make_place(name="Testhafen")
    strategy = make_strategy(
        place=place,
        title="Integration plan",
        status=StrategyStatus.IN_IMPLEMENTATION,
        year_start=2020,
        year_end=2025,
    )
    make_strategy(title="Open plan", year_start=2021, year_end=None)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{strategy.get_absolute_url()}">Integration plan</a>' in html
    assert f'<a href="{place.get_absolute_url()}">Testhafen</a>' in html
    assert "in implementation" in html
    assert "2020–2025" in html
    assert "from 2021" in html
    assert '<p class="result-count">2 strategies</p>' in html


def test_drafts_and_submitted_strategies_are_never_listed(client):
    make_strategy(title="Published plan")
    make_strategy(title="Draft plan", review_state=ReviewState.DRAFT)
    make_strategy(title="Submitted plan", review_state=ReviewState.SUBMITTED)

    html = client.get(URL).content.decode()

    assert "Published plan" in html
    assert "Draft plan" not in html
    assert "Submitted plan" not in html
    assert '<p class="result-count">1 strategy</p>' in html


def test_form_works_without_javascript(client):
    html = client.get(URL).content.decode()

    assert '<form method="get"' in html
    assert '<button type="submit">' in html
    assert f'<a href="{URL}">Reset filters</a>' in html
    assert "<legend>Status</legend>" in html


def test_filters_are_applied(client):
    current = make_strategy(year_start=2020, status=StrategyStatus.ADOPTED)
    make_strategy(year_start=2010, year_end=2012, status=StrategyStatus.ADOPTED)

    response = client.get(URL, {"status": "adopted", "year_from": 2019})

    assert list(response.context["page_obj"]) == [current]


def test_pagination_keeps_the_filters(client):
    for _ in range(LIST_PAGE_SIZE + 1):
        make_strategy(status=StrategyStatus.ADOPTED)

    response = client.get(URL, {"status": "adopted", "q": "strategy"})

    assert 'href="?status=adopted&amp;q=strategy&amp;page=2"' in (
        response.content.decode()
    )
    second = client.get(URL, {"status": "adopted", "q": "strategy", "page": 2})
    assert len(second.context["page_obj"]) == 1


@pytest.mark.parametrize("rows", [10, 100])
def test_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_strategy()

    with django_assert_num_queries(STRATEGY_LIST_QUERIES):
        response = client.get(URL, {"status": "adopted", "year_to": 2030})

    assert response.status_code == 200
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"country": "XX"}, "country", "XX is not one of the available choices"),
        ({"year_from": "abc"}, "year_from", "Enter a whole number"),
        ({"year_from": "1000"}, "year_from", "greater than or equal to 1900"),
        ({"year_from": "2022", "year_to": "2019"}, "year_to", "must not be before"),
        ({"status": "shelved"}, "status", "shelved is not one of"),
        ({"q": "x" * 10_000}, "q", "at most 200 characters"),
    ],
)
def test_bad_input_is_a_400_with_the_error_and_no_results(
    client, params, field, message
):
    make_strategy(title="Visible plan")

    response = client.get(URL, params)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "Visible plan" not in html


@pytest.mark.parametrize("page", ["2", "1.5"])
def test_a_page_that_does_not_exist_is_a_friendly_404_with_the_form(client, page):
    make_strategy()

    response = client.get(URL, {"page": page})

    assert response.status_code == 404
    assert "There is no such page of results" in response.content.decode()
    assert '<form method="get"' in response.content.decode()
