from datetime import date

import pytest

from commitments.filters import ResolutionFilter
from commitments.models import Resolution, ResolutionKind, ReviewState
from tests.builders import make_place, make_resolution

pytestmark = pytest.mark.django_db


def filtered(data: dict) -> list[Resolution]:
    filterset = ResolutionFilter(data, queryset=Resolution.objects.public().for_list())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def errors(data: dict) -> dict:
    filterset = ResolutionFilter(data, queryset=Resolution.objects.public().for_list())
    assert not filterset.is_valid()
    return filterset.errors


def dated(value: date | None, precision: str = "day") -> dict:
    return {"adopted_on": value, "adopted_on_precision": precision if value else ""}


def test_only_published_resolutions_are_listed():
    published = make_resolution()
    make_resolution(review_state=ReviewState.DRAFT)
    make_resolution(review_state=ReviewState.SUBMITTED)

    assert filtered({}) == [published]


def test_country_filter_takes_several_countries():
    german = make_resolution(place=make_place(country="DE"))
    austrian = make_resolution(place=make_place(country="AT"))
    make_resolution(place=make_place(country="PL"))

    assert filtered({"country": ["AT"]}) == [austrian]
    assert set(filtered({"country": ["DE", "AT"]})) == {german, austrian}
    assert "country" in errors({"country": ["XX"]})


def test_place_filter_by_slug():
    resolution = make_resolution(place=make_place(slug="testhafen"))
    make_resolution()

    assert filtered({"place": "testhafen"}) == [resolution]
    assert "place" in errors({"place": "nowhere"})


def test_kind_takes_several_values():
    council = make_resolution(kind=ResolutionKind.COUNCIL_RESOLUTION)
    letter = make_resolution(kind=ResolutionKind.MAYORAL_LETTER)
    make_resolution(kind=ResolutionKind.OFFICIAL_STATEMENT)

    assert filtered({"kind": ["mayoral_letter"]}) == [letter]
    kinds = {"kind": ["council_resolution", "mayoral_letter"]}
    assert set(filtered(kinds)) == {council, letter}
    assert "kind" in errors({"kind": ["decree"]})


def test_year_filters_treat_by_dates_as_no_later_than():
    in_2019 = make_resolution(**dated(date(2019, 2, 28)))
    by_2020 = make_resolution(**dated(date(2020, 6, 1), "by_month"))
    in_2021 = make_resolution(**dated(date(2021, 1, 1), "year"))
    undated = make_resolution(**dated(None))

    assert set(filtered({"year_from": 2019})) == {in_2019, in_2021}
    assert set(filtered({"year_to": 2020})) == {in_2019, by_2020}
    assert filtered({"year_from": 2020, "year_to": 2020}) == []
    assert filtered({"year_from": 2021, "year_to": 2030}) == [in_2021]
    assert undated in filtered({})


@pytest.mark.parametrize(
    "data",
    [
        {"year_from": "abc"},
        {"year_from": "1899"},
        {"year_to": "2101"},
        {"year_from": "2020", "year_to": "2019"},
    ],
)
def test_bad_years_are_form_errors(data):
    assert errors(data)


def test_search_in_title_and_summary():
    by_title = make_resolution(title="Safe harbour resolution")
    by_summary = make_resolution(title="Motion 7", summary="Declares a SAFE HARBOUR")
    make_resolution(title="Budget")

    assert set(filtered({"q": "safe harbour"})) == {by_title, by_summary}
    assert "q" in errors({"q": "x" * 201})


def test_rows_come_by_place_then_date():
    alpha = make_place(name="Alpha")
    beta = make_place(name="Beta")
    later = make_resolution(place=alpha, **dated(date(2020, 1, 1)))
    earlier = make_resolution(place=alpha, **dated(date(2018, 1, 1)))
    other = make_resolution(place=beta, **dated(date(2010, 1, 1)))

    assert filtered({}) == [earlier, later, other]
