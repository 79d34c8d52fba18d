import pytest
from django.utils import translation

from cities.models import Place, PlaceKind
from commitments.filters import PlaceFilter
from commitments.models import PledgeStatus, ResolutionKind, ReviewState, StrategyStatus
from tests.builders import (
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_resolution,
    make_strategy,
)

pytestmark = pytest.mark.django_db


def filtered(data: dict) -> list[Place]:
    filterset = PlaceFilter(data, queryset=Place.objects.public().for_list())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def errors(data: dict) -> dict:
    filterset = PlaceFilter(data, queryset=Place.objects.public().for_list())
    assert not filterset.is_valid()
    return filterset.errors


def test_no_filters_give_every_place_by_name():
    zeta = make_place(name="Zeta")
    alpha = make_place(name="Alpha")

    assert filtered({}) == [alpha, zeta]


def test_country_filter_takes_several_countries():
    german = make_place(country="DE")
    italian = make_place(country="IT")
    make_place(country="PL")

    assert filtered({"country": ["DE"]}) == [german]
    assert set(filtered({"country": ["DE", "IT"]})) == {german, italian}


def test_country_choices_are_the_countries_that_have_places_by_name():
    make_place(country="PL")
    make_place(country="DE")
    make_place(country="DE")

    choices = PlaceFilter({}, queryset=Place.objects.all()).form.fields["country"]

    assert list(choices.choices) == [("DE", "Germany"), ("PL", "Poland")]


def test_country_choices_follow_the_active_language_ignoring_accents():
    for country in ("AT", "CH", "DE", "PL"):
        make_place(country=country)

    with translation.override("de"):
        field = PlaceFilter({}, queryset=Place.objects.all()).form.fields["country"]
        names = [name for code, name in field.choices]

    assert names == ["Deutschland", "Österreich", "Polen", "Schweiz"]


def test_a_country_without_places_or_unknown_is_a_form_error():
    make_place(country="DE")

    assert "country" in errors({"country": ["IT"]})
    assert "country" in errors({"country": ["XX"]})


def test_network_filter_keeps_published_members_only():
    network = make_network(slug="harbours")
    member = make_place()
    make_membership(place=member, network=network)
    draft_member = make_place()
    make_membership(place=draft_member, network=network, review_state=ReviewState.DRAFT)
    make_membership(place=make_place())

    assert filtered({"network": "harbours"}) == [member]


def test_unknown_network_is_a_form_error():
    assert "network" in errors({"network": "no-such-network"})


def test_kind_filter():
    state = make_place(kind=PlaceKind.CITY_STATE)
    make_place(kind=PlaceKind.MUNICIPALITY)

    assert filtered({"kind": "city_state"}) == [state]
    assert "kind" in errors({"kind": "village"})


def test_region_filter_matches_part_of_the_name_in_any_case():
    bavarian = make_place(region="Bavaria")
    make_place(region="Saxony")

    assert filtered({"region": "bavar"}) == [bavarian]


def test_adopted_resolution_filter_counts_published_adopted_acts_only():
    adopted = make_place()
    make_resolution(place=adopted, kind=ResolutionKind.COUNCIL_RESOLUTION)
    rejected = make_place()
    make_resolution(place=rejected, kind=ResolutionKind.COUNCIL_MOTION_REJECTED)
    draft = make_place()
    make_resolution(place=draft, review_state=ReviewState.SUBMITTED)
    none = make_place()

    assert filtered({"has_adopted_resolution": "true"}) == [adopted]
    assert set(filtered({"has_adopted_resolution": "false"})) == {
        rejected,
        draft,
        none,
    }


def test_adopted_strategy_filter_counts_adopted_implemented_or_completed():
    places = {}
    for status in StrategyStatus:
        places[status] = make_place()
        make_strategy(place=places[status], status=status)
    draft = make_place()
    make_strategy(place=draft, status=StrategyStatus.ADOPTED, review_state="draft")

    with_strategy = set(filtered({"has_adopted_strategy": "true"}))

    assert with_strategy == {
        places[StrategyStatus.ADOPTED],
        places[StrategyStatus.IN_IMPLEMENTATION],
        places[StrategyStatus.COMPLETED],
    }
    assert set(filtered({"has_adopted_strategy": "false"})) == (
        set(Place.objects.all()) - with_strategy
    )


def test_yes_no_filters_reject_other_answers():
    assert "has_adopted_resolution" in errors({"has_adopted_resolution": "maybe"})
    assert "has_adopted_strategy" in errors({"has_adopted_strategy": "1"})


def test_pledge_status_filter_counts_published_pledges_only():
    blocked = make_place()
    make_pledge(place=blocked, status=PledgeStatus.BLOCKED)
    make_pledge(place=make_place(), status=PledgeStatus.FULFILLED)
    draft = make_place()
    make_pledge(place=draft, status=PledgeStatus.BLOCKED, review_state="submitted")

    assert filtered({"pledge_status": "blocked"}) == [blocked]
    assert "pledge_status" in errors({"pledge_status": "forgotten"})


def test_search_matches_name_or_local_name():
    hanover = make_place(name="Hanover", local_name="Hannover")
    munich = make_place(name="Munich", local_name="München")
    make_place(name="Berlin")

    assert filtered({"q": "HANNOV"}) == [hanover]
    assert filtered({"q": "münch"}) == [munich]


def test_search_longer_than_200_characters_is_a_form_error():
    assert filtered({"q": "x" * 200}) == []
    assert "q" in errors({"q": "x" * 10_000})


def test_sorts():
    small = make_place(name="Alpha", country="PL", population=1000)
    big = make_place(name="Beta", country="DE", population=500_000)
    unknown = make_place(name="Gamma", country="AT", population=None)

    assert filtered({"sort": "name"}) == [small, big, unknown]
    assert filtered({"sort": "-name"}) == [unknown, big, small]
    assert filtered({"sort": "country"}) == [unknown, big, small]
    assert filtered({"sort": "-population"}) == [big, small, unknown]
    assert "sort" in errors({"sort": "population"})


def test_filters_combine():
    network = make_network(slug="harbours")
    match = make_place(country="DE", name="Match")
    make_membership(place=match, network=network)
    make_pledge(place=match, status=PledgeStatus.FULFILLED)
    other_country = make_place(country="IT", name="Match too")
    make_membership(place=other_country, network=network)
    make_pledge(place=other_country, status=PledgeStatus.FULFILLED)

    data = {
        "country": ["DE"],
        "network": "harbours",
        "pledge_status": "fulfilled",
        "q": "match",
    }
    assert filtered(data) == [match]
