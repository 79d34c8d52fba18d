import pytest

from commitments.filters import StrategyFilter
from commitments.models import ReviewState, Strategy, StrategyStatus
from tests.builders import make_place, make_strategy

pytestmark = pytest.mark.django_db


def filtered(data: dict) -> list[Strategy]:
    filterset = StrategyFilter(data, queryset=Strategy.objects.public().for_list())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def errors(data: dict) -> dict:
    filterset = StrategyFilter(data, queryset=Strategy.objects.public().for_list())
    assert not filterset.is_valid()
    return filterset.errors


def test_only_published_strategies_are_listed():
    published = make_strategy()
    make_strategy(review_state=ReviewState.DRAFT)
    make_strategy(review_state=ReviewState.SUBMITTED)

    assert filtered({}) == [published]


def test_country_filter_takes_several_countries():
    german = make_strategy(place=make_place(country="DE"))
    dutch = make_strategy(place=make_place(country="NL"))
    make_strategy(place=make_place(country="PL"))

    assert filtered({"country": ["NL"]}) == [dutch]
    assert set(filtered({"country": ["DE", "NL"]})) == {german, dutch}
    assert "country" in errors({"country": ["XX"]})


def test_place_filter_by_slug():
    strategy = make_strategy(place=make_place(slug="testhafen"))
    make_strategy()

    assert filtered({"place": "testhafen"}) == [strategy]
    assert "place" in errors({"place": "nowhere"})


def test_status_takes_several_values():
    adopted = make_strategy(status=StrategyStatus.ADOPTED)
    drafting = make_strategy(status=StrategyStatus.DRAFTING)
    make_strategy(status=StrategyStatus.SUPERSEDED)

    assert filtered({"status": ["drafting"]}) == [drafting]
    assert set(filtered({"status": ["adopted", "drafting"]})) == {adopted, drafting}
    assert "status" in errors({"status": ["shelved"]})


def test_years_match_periods_that_overlap_them_with_open_ends():
    closed = make_strategy(year_start=2015, year_end=2018)
    open_end = make_strategy(year_start=2020, year_end=None)
    open_start = make_strategy(year_start=None, year_end=2016)
    undated = make_strategy(year_start=None, year_end=None)

    assert set(filtered({"year_from": 2017})) == {closed, open_end}
    assert set(filtered({"year_to": 2016})) == {closed, open_start}
    assert filtered({"year_from": 2018, "year_to": 2019}) == [closed]
    assert set(filtered({"year_from": 2030})) == {open_end}
    assert filtered({"year_from": 2021, "year_to": 2021}) == [open_end]
    assert set(filtered({"year_from": 2010, "year_to": 2014})) == {open_start}
    assert undated in filtered({})
    assert undated not in filtered({"year_to": 2100})


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
    by_title = make_strategy(title="Integration plan")
    by_summary = make_strategy(title="Concept", summary="An INTEGRATION concept")
    make_strategy(title="Housing")

    assert set(filtered({"q": "integration"})) == {by_title, by_summary}
    assert "q" in errors({"q": "x" * 201})
