import pytest
from django.urls import reverse

from public.explorer import LIST_PAGE_SIZE
from tests.builders import make_membership, make_network, make_place

pytestmark = pytest.mark.django_db

# Country choices, one page of places, their count, the networks for the form.
PLACE_LIST_QUERIES = 4
# ... and the chosen network, looked up by its slug.
PLACE_LIST_BY_NETWORK_QUERIES = 5

URL = reverse("public:place-list")


def test_lists_places_linking_to_their_profiles(client):
    place = make_place(name="Testhafen", local_name="Test-Hafen", population=12345)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{place.get_absolute_url()}">Testhafen</a>' in html
    assert "Test-Hafen" in html
    assert "12,345" in html
    assert '<p class="result-count">1 place</p>' in html


def test_result_count_is_pluralised(client):
    make_place()
    make_place()

    html = client.get(URL).content.decode()

    assert '<p class="result-count">2 places</p>' in html


def test_form_works_without_javascript(client):
    html = client.get(URL).content.decode()

    assert '<form method="get"' in html
    assert '<button type="submit">' in html
    assert f'<a href="{URL}">Reset filters</a>' in html
    assert '<label for="id_q">' in html


def test_filters_are_applied_and_shown_back(client):
    make_place(name="Aachen", country="DE")
    make_place(name="Bari", country="IT")

    response = client.get(URL, {"country": "IT"})

    html = response.content.decode()
    assert response.context["paginator"].count == 1
    assert "Bari" in html
    assert "Aachen" not in html
    assert 'value="IT" id="id_country_1" checked' in html


def test_sorting_by_population(client):
    make_place(name="Small", population=10)
    make_place(name="Big", population=1_000_000)

    response = client.get(URL, {"sort": "-population"})

    names = [place.name for place in response.context["page_obj"]]
    assert names == ["Big", "Small"]


def test_pagination_keeps_the_filters(client):
    for _ in range(LIST_PAGE_SIZE + 1):
        make_place(country="DE", region="Testland")

    response = client.get(URL, {"country": "DE", "region": "test"})

    html = response.content.decode()
    assert len(response.context["page_obj"]) == LIST_PAGE_SIZE
    assert 'href="?country=DE&amp;region=test&amp;page=2"' in html

    second = client.get(URL, {"country": "DE", "region": "test", "page": 2})

    assert second.status_code == 200
    assert len(second.context["page_obj"]) == 1


@pytest.mark.parametrize("rows", [10, 100])
def test_query_count_does_not_grow_with_the_rows(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_place()

    with django_assert_num_queries(PLACE_LIST_QUERIES):
        response = client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 100])
def test_query_count_with_a_network_filter_does_not_grow_with_the_rows(
    client, django_assert_num_queries, rows
):
    network = make_network(slug="harbours")
    for _ in range(rows):
        make_membership(network=network)

    with django_assert_num_queries(PLACE_LIST_BY_NETWORK_QUERIES):
        response = client.get(URL, {"network": "harbours", "sort": "country"})

    assert response.status_code == 200
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"country": "XX"}, "country", "XX is not one of the available choices"),
        ({"network": "nowhere"}, "network", "Select a valid choice"),
        ({"has_adopted_resolution": "perhaps"}, "has_adopted_resolution", "valid"),
        ({"pledge_status": "forgotten"}, "pledge_status", "valid choice"),
        ({"q": "x" * 10_000}, "q", "at most 200 characters"),
        ({"sort": "random"}, "sort", "valid choice"),
    ],
)
def test_bad_input_is_a_400_with_the_error_and_no_results(
    client, params, field, message
):
    make_place(name="Testhafen", country="DE")

    response = client.get(URL, params)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "Testhafen" not in html
    assert "page_obj" not in response.context


@pytest.mark.parametrize("page", ["2", "abc", "-1", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_a_friendly_404_with_the_form(client, page):
    make_place()

    response = client.get(URL, {"page": page, "country": "DE"})

    html = response.content.decode()
    assert response.status_code == 404
    assert "There is no such page of results" in html
    assert 'href="?country=DE"' in html
    assert '<form method="get"' in html
