from datetime import date, timedelta

import pytest
from django.utils import timezone

from commitments.filters import PledgeFilter
from commitments.models import Pledge, PledgeCategory, PledgeStatus, ReviewState
from commitments.models.pledges import _months_before
from tests.builders import (
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_update,
)

pytestmark = pytest.mark.django_db


def filtered(data: dict) -> list[Pledge]:
    filterset = PledgeFilter(data, queryset=Pledge.objects.public().for_list())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def errors(data: dict) -> dict:
    filterset = PledgeFilter(data, queryset=Pledge.objects.public().for_list())
    assert not filterset.is_valid()
    return filterset.errors


def announced(value: date | None, precision: str = "day") -> dict:
    return {"announced_on": value, "announced_on_precision": precision if value else ""}


def test_only_published_pledges_are_listed():
    published = make_pledge()
    make_pledge(review_state=ReviewState.DRAFT)
    make_pledge(review_state=ReviewState.SUBMITTED)
    make_pledge(review_state=ReviewState.RETURNED)

    assert filtered({}) == [published]


def test_country_filter_takes_several_countries():
    german = make_pledge(place=make_place(country="DE"))
    italian = make_pledge(place=make_place(country="IT"))
    make_pledge(place=make_place(country="PL"))

    assert filtered({"country": ["IT"]}) == [italian]
    assert set(filtered({"country": ["DE", "IT"]})) == {german, italian}
    assert "country" in errors({"country": ["XX"]})


def test_place_filter_by_slug():
    place = make_place(slug="testhafen")
    pledge = make_pledge(place=place)
    make_pledge()

    assert filtered({"place": "testhafen"}) == [pledge]
    assert "place" in errors({"place": "nowhere"})


def test_network_filter_keeps_pledges_of_published_members():
    network = make_network(slug="harbours")
    member = make_place()
    make_membership(place=member, network=network)
    draft_member = make_place()
    make_membership(place=draft_member, network=network, review_state="draft")
    pledge = make_pledge(place=member)
    make_pledge(place=draft_member)
    make_pledge()

    assert filtered({"network": "harbours"}) == [pledge]
    assert "network" in errors({"network": "nowhere"})


def test_category_and_status_take_several_values():
    offer = make_pledge(
        category=PledgeCategory.RELOCATION_OFFER, status=PledgeStatus.BLOCKED
    )
    funding = make_pledge(
        category=PledgeCategory.SEA_RESCUE_FUNDING, status=PledgeStatus.FULFILLED
    )
    make_pledge(
        category=PledgeCategory.ADDITIONAL_RECEPTION, status=PledgeStatus.LAPSED
    )

    both_categories = {"category": ["relocation_offer", "sea_rescue_funding"]}
    assert set(filtered(both_categories)) == {offer, funding}
    assert set(filtered({"status": ["blocked", "fulfilled"]})) == {offer, funding}
    assert filtered({"status": ["blocked"], "category": ["sea_rescue_funding"]}) == []
    assert "status" in errors({"status": ["forgotten"]})
    assert "category" in errors({"category": ["gift"]})


def test_year_filters_treat_by_dates_as_no_later_than():
    in_2020 = make_pledge(**announced(date(2020, 3, 1), "month"))
    by_2022 = make_pledge(**announced(date(2022, 1, 1), "by_year"))
    in_2023 = make_pledge(**announced(date(2023, 5, 4)))
    undated = make_pledge(**announced(None))

    assert set(filtered({"year_from": 2020})) == {in_2020, in_2023}
    assert set(filtered({"year_to": 2022})) == {in_2020, by_2022}
    assert filtered({"year_from": 2022, "year_to": 2022}) == []
    assert filtered({"year_from": 2020, "year_to": 2020}) == [in_2020]
    assert undated in filtered({})


@pytest.mark.parametrize(
    "data",
    [
        {"year_from": "abc"},
        {"year_from": "2020.5"},
        {"year_from": "1899"},
        {"year_to": "2101"},
    ],
)
def test_years_must_be_whole_numbers_from_1900_to_2100(data):
    assert set(errors(data)) == set(data)


def test_first_year_after_last_is_a_form_error():
    assert "year_to" in errors({"year_from": 2022, "year_to": 2019})


def test_numeric_target_filter():
    numeric = make_pledge(target_min=100)
    vague = make_pledge(target_min=None, unit="")

    assert filtered({"has_numeric_target": "true"}) == [numeric]
    assert filtered({"has_numeric_target": "false"}) == [vague]
    assert "has_numeric_target" in errors({"has_numeric_target": "yes please"})


def test_stale_filter_uses_latest_public_update_else_the_announcement():
    today = timezone.localdate()
    long_ago = today - timedelta(days=800)
    recently = today - timedelta(days=30)

    quiet = make_pledge(**announced(long_ago))
    updated = make_pledge(**announced(long_ago))
    make_update(pledge=updated, happened_on=recently, happened_on_precision="day")
    draft_update = make_pledge(**announced(long_ago))
    make_update(
        pledge=draft_update,
        happened_on=recently,
        happened_on_precision="day",
        review_state=ReviewState.DRAFT,
    )
    old_update = make_pledge(**announced(long_ago))
    make_update(
        pledge=old_update,
        happened_on=today - timedelta(days=500),
        happened_on_precision="day",
    )
    new = make_pledge(**announced(recently))
    undated = make_pledge(**announced(None))
    undated_update = make_pledge(**announced(None))
    make_update(pledge=undated_update, happened_on=None, happened_on_precision="")

    stale = set(filtered({"stale_months": 12}))

    assert stale == {quiet, draft_update, old_update, undated, undated_update}
    assert updated not in stale
    assert new not in stale


def test_stale_means_more_than_the_months():
    cutoff = _months_before(timezone.localdate(), 6)
    on_the_cutoff = make_pledge(**announced(cutoff))
    a_day_before = make_pledge(**announced(cutoff - timedelta(days=1)))

    assert filtered({"stale_months": 6}) == [a_day_before]
    assert on_the_cutoff not in filtered({"stale_months": 6})


def test_months_before_keeps_the_day_or_the_months_last_day():
    assert _months_before(date(2024, 5, 15), 1) == date(2024, 4, 15)
    assert _months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert _months_before(date(2024, 1, 31), 13) == date(2022, 12, 31)


@pytest.mark.parametrize("months", ["0", "-3", "abc", "1.5", "100000"])
def test_stale_months_must_be_a_sensible_whole_number(months):
    assert "stale_months" in errors({"stale_months": months})


def test_search_in_title_and_summary_any_case():
    by_title = make_pledge(title="Receive rescued people")
    by_summary = make_pledge(title="Offer", summary="For people RESCUED at sea")
    make_pledge(title="Fund a ship")

    assert set(filtered({"q": "rescued"})) == {by_title, by_summary}
    assert "q" in errors({"q": "x" * 201})


def test_sorts():
    alpha = make_place(name="Alpha")
    beta = make_place(name="Beta")
    old = make_pledge(
        place=beta, status=PledgeStatus.FULFILLED, **announced(date(2018, 1, 1))
    )
    new = make_pledge(
        place=alpha, status=PledgeStatus.LAPSED, **announced(date(2022, 1, 1))
    )
    undated = make_pledge(place=beta, status=PledgeStatus.ANNOUNCED, **announced(None))

    assert filtered({}) == [new, old, undated]
    assert filtered({"sort": "place"}) == [new, old, undated]
    assert filtered({"sort": "announced"}) == [old, new, undated]
    assert filtered({"sort": "-announced"}) == [new, old, undated]
    # Statuses in the taxonomy's order: announced, ..., fulfilled, ..., lapsed.
    assert filtered({"sort": "status"}) == [undated, old, new]
    assert "sort" in errors({"sort": "title"})
