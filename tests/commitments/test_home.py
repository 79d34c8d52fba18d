import pytest
from django.urls import reverse

from commitments.models import PledgeCategory
from tests.builders import (
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
    make_strategy,
)

pytestmark = pytest.mark.django_db

# Places with their countries (one aggregate), six more counts, then the place list.
HOME_QUERIES = 8


def test_home_shows_headline_counts(client):
    first = make_place(country="DE")
    second = make_place(country="DE")
    third = make_place(country="IT")
    network = make_network()
    make_network()
    make_membership(place=first, network=network)
    make_membership(place=second, network=network)
    make_resolution(place=first)
    make_strategy(place=third)
    make_pledge(place=first)
    make_pledge(place=second, category=PledgeCategory.FEDERAL_PROGRAMME_SHARE)
    make_pledge(place=third, category=PledgeCategory.RECEPTION_REPORTED)

    response = client.get(reverse("commitments:home"))
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["counts"] == {
        "places": 3,
        "countries": 2,
        "networks": 2,
        "memberships": 2,
        "resolutions": 1,
        "strategies": 1,
        "promises": 2,
        "outcomes": 1,
    }
    assert "<dt>promises</dt><dd>2</dd>" in html
    assert "<dt>reported outcomes</dt><dd>1</dd>" in html


def test_home_lists_places_by_country_then_name_with_links(client):
    make_place(name="Zeta", country="DE", region="Northland", kind="city_state")
    make_place(name="Alpha", country="IT", region="Southland")
    berlin_like = make_place(name="Beta", local_name="Betastadt", country="DE")

    response = client.get(reverse("commitments:home"))
    html = response.content.decode()

    assert [place.name for place in response.context["places"]] == [
        "Beta",
        "Zeta",
        "Alpha",
    ]
    assert f'<a href="{berlin_like.get_absolute_url()}">Beta</a>' in html
    assert "Betastadt" in html
    assert "Germany" in html
    assert "Italy" in html
    assert "Northland" in html
    assert "city-state" in html


def test_home_says_when_there_are_no_places(client):
    response = client.get(reverse("commitments:home"))

    assert "No places recorded yet." in response.content.decode()


def test_pages_offer_a_language_switch_that_works_without_javascript(client):
    html = client.get(reverse("commitments:home")).content.decode()

    assert '<html lang="en">' in html
    assert f'action="{reverse("set_language")}" method="post"' in html
    assert '<input type="hidden" name="next" value="/">' in html
    assert '<option value="de" lang="de">Deutsch</option>' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "CC BY 4.0" in html


def test_switching_language_leads_to_the_same_page_in_german(client):
    place = make_place()

    response = client.post(
        reverse("set_language"),
        {"language": "de", "next": place.get_absolute_url()},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/de/cities/{place.slug}/"


def test_home_in_german_shows_german_labels(client):
    make_place(country="AT")

    html = client.get("/de/").content.decode()

    assert '<html lang="de">' in html
    assert "Zusagen" in html
    assert "Österreich" in html


@pytest.mark.parametrize("rows", [10, 100])
def test_home_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, rows
):
    network = make_network()
    for _ in range(rows):
        place = make_place()
        make_membership(place=place, network=network)
        make_pledge(place=place)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("commitments:home"))

    assert len(response.context["places"]) == rows
