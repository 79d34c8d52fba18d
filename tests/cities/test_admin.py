import pytest
from django.contrib import admin
from django.urls import reverse

from cities.models import PlaceKind
from commitments.admin.base import CountryFilter
from tests.builders import make_place

pytestmark = pytest.mark.django_db


def _listed_pks(response):
    return {row.pk for row in response.context["cl"].result_list}


def test_admin_is_titled_for_the_project(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert admin.site.site_header == "Solidarity Cities Tracker"
    assert "Solidarity Cities Tracker" in response.text


def test_place_changelist_lists_places_with_their_country_name(admin_client):
    place = make_place(name="Hanover", country="DE")

    response = admin_client.get(reverse("admin:cities_place_changelist"))

    assert response.status_code == 200
    assert place.pk in _listed_pks(response)
    assert "Germany" in response.text


def test_place_add_form_opens_with_slug_filled_from_name(admin_client):
    response = admin_client.get(reverse("admin:cities_place_add"))

    assert response.status_code == 200
    [prepopulated] = response.context["adminform"].prepopulated_fields
    assert prepopulated["field"].name == "slug"
    assert [field.name for field in prepopulated["dependencies"]] == ["name"]


def test_place_change_form_opens(admin_client):
    place = make_place(dataset_key="cities.csv:3")

    response = admin_client.get(reverse("admin:cities_place_change", args=[place.pk]))

    assert response.status_code == 200
    assert response.context["original"] == place
    assert "cities.csv:3" in response.text


def test_place_search_finds_the_local_name(admin_client):
    hanover = make_place(name="Hanover", local_name="Hannover")
    make_place(name="Gdańsk", country="PL")

    response = admin_client.get(
        reverse("admin:cities_place_changelist"), {"q": "Hannover"}
    )

    assert _listed_pks(response) == {hanover.pk}


def test_place_list_filters_by_country_and_kind(admin_client):
    berlin = make_place(name="Berlin", kind=PlaceKind.CITY_STATE)
    make_place(name="Leipzig", kind=PlaceKind.MUNICIPALITY)
    make_place(name="Vienna", kind=PlaceKind.CITY_STATE, country="AT")

    response = admin_client.get(
        reverse("admin:cities_place_changelist"),
        {"country": "DE", "kind__exact": PlaceKind.CITY_STATE},
    )

    assert response.status_code == 200
    assert _listed_pks(response) == {berlin.pk}


def test_country_filter_offers_only_countries_that_have_places(admin_client):
    make_place(country="PL")
    make_place(country="DE")
    make_place(country="DE")

    response = admin_client.get(reverse("admin:cities_place_changelist"))

    country_filter = next(
        spec
        for spec in response.context["cl"].filter_specs
        if isinstance(spec, CountryFilter)
    )
    assert country_filter.lookup_choices == [("DE", "Germany"), ("PL", "Poland")]


@pytest.mark.parametrize("term", ["hanov", "hannover", "hanover-de"])
def test_pledge_place_autocomplete_finds_place_by_name_local_name_or_slug(
    admin_client, term
):
    hanover = make_place(name="Hanover", local_name="Hannover", slug="hanover-de")
    make_place(name="Hamburg")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "commitments",
            "model_name": "pledge",
            "field_name": "place",
            "term": term,
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(hanover.pk), "text": "Hanover"}]
