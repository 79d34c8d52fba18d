"""Headline totals add like units only, keep promises, shares and outcomes apart,
count a promise once, and count only published pledges."""

from decimal import Decimal

import pytest

from commitments.models import (
    Period,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    Qualifier,
    ReviewState,
)
from public import totals
from tests.builders import make_place, make_pledge, make_update

pytestmark = pytest.mark.django_db

# Each total is one aggregate query however many pledges there are.
TOTALS_QUERIES = 1
GROUPED_TOTALS_QUERIES = 1


@pytest.fixture
def mixed_pledges():
    """One of each case the totals must tell apart, in one place."""
    place = make_place(country="DE")
    offer = make_pledge(place=place, target_min=100, unit="persons")
    make_pledge(place=place, target_min=200, target_max=300, unit="persons")
    make_pledge(place=place, target_min=50, unit="unaccompanied_minors")
    make_pledge(place=place, target_min=20, qualifier=Qualifier.UP_TO, unit="children")
    # Restates the offer: must not be counted again.
    make_pledge(place=place, target_min=100, unit="persons", overlaps=offer)
    make_pledge(
        place=place,
        category=PledgeCategory.RECEPTION_REPORTED,
        status=PledgeStatus.REPORTED,
        target_min=189,
        unit="persons",
    )
    make_pledge(
        place=place,
        category=PledgeCategory.FEDERAL_PROGRAMME_SHARE,
        target_min=142,
        unit="persons",
    )
    make_pledge(
        place=place,
        category=PledgeCategory.SEA_RESCUE_FUNDING,
        target_min=Decimal("5000.50"),
        unit="EUR",
    )
    make_pledge(place=place, target_min=30, unit="families")
    make_pledge(place=place, target_min=40, unit="beds")
    make_pledge(
        place=place,
        target_min=1000,
        unit="persons",
        review_state=ReviewState.DRAFT,
    )
    make_pledge(place=place, target_min=None, unit="")
    return place


def test_people_pledged_adds_own_promises_in_people_units_only(mixed_pledges):
    result = totals.totals()

    # 100 + 200 (a range at its lower end) + 50 minors + 20 children ("up to").
    assert result.people_pledged == 370


def test_an_overlapping_pledge_is_not_counted_twice(mixed_pledges):
    counted_once = totals.totals().people_pledged

    Pledge.objects.filter(overlaps__isnull=False).update(overlaps=None)

    assert totals.totals().people_pledged == counted_once + 100


def test_national_shares_and_outcomes_are_kept_apart(mixed_pledges):
    result = totals.totals()

    assert result.people_in_national_shares == 142
    assert result.people_received == 189


def test_euros_are_a_total_of_their_own(mixed_pledges):
    assert totals.totals().euros_pledged == Decimal("5000.50")


def test_families_and_beds_are_not_people(mixed_pledges):
    Pledge.objects.exclude(unit__in=["families", "beds"]).filter(
        overlaps__isnull=False
    ).delete()
    Pledge.objects.exclude(unit__in=["families", "beds"]).delete()

    result = totals.totals()

    assert result.people_pledged == 0
    assert result.people_received == 0


def test_a_draft_does_not_count(mixed_pledges):
    Pledge.objects.filter(review_state=ReviewState.DRAFT).update(
        review_state=ReviewState.PUBLISHED
    )

    assert totals.totals().people_pledged == 1370


def test_ranges_counted_at_their_lower_end_are_counted(mixed_pledges):
    assert totals.totals().ranges_counted_at_lower_end == 1


def test_a_rate_counts_once_per_period_when_the_periods_are_known():
    make_pledge(
        category=PledgeCategory.SEA_RESCUE_FUNDING,
        target_min=5000,
        unit="EUR",
        period=Period.PER_YEAR,
        period_count=2,
    )
    make_pledge(target_min=100, unit="persons", period=Period.PER_YEAR)

    result = totals.totals()

    assert result.euros_pledged == 10000
    # An open-ended rate has no total.
    assert result.people_pledged == 0


def test_delivered_per_updates_takes_the_latest_update_giving_a_figure():
    pledge = make_pledge(target_min=100, unit="persons")
    make_update(pledge=pledge, delivered_quantity=10, happened_on="2020-01-01")
    make_update(pledge=pledge, delivered_quantity=40, happened_on="2021-01-01")
    make_update(pledge=pledge, delivered_quantity=None, happened_on="2022-01-01")
    make_update(
        pledge=pledge,
        delivered_quantity=99,
        happened_on="2023-01-01",
        review_state=ReviewState.DRAFT,
    )

    result = totals.totals()

    assert result.people_delivered_per_updates == 40
    assert result.people_received == 0


def test_with_delivered_falls_back_to_linked_reported_outcomes():
    promise = make_pledge(target_min=300, unit="persons")
    for number in (120, 69):
        make_pledge(
            place=promise.place,
            category=PledgeCategory.RECEPTION_REPORTED,
            target_min=number,
            outcome_of=promise,
        )
    make_pledge(
        place=promise.place,
        category=PledgeCategory.RECEPTION_REPORTED,
        target_min=1000,
        outcome_of=promise,
        review_state=ReviewState.DRAFT,
    )

    annotated = Pledge.objects.with_delivered().get(pk=promise.pk)

    assert annotated.delivered == 189
    assert annotated.delivered_per_updates is None


def test_pledges_by_status_lists_every_status_and_leaves_out_outcomes(
    mixed_pledges,
):
    make_pledge(status=PledgeStatus.BLOCKED)

    by_status = {value: count for value, _label, count in totals.pledges_by_status()}

    assert by_status[PledgeStatus.BLOCKED] == 1
    assert by_status[PledgeStatus.WITHDRAWN] == 0
    # Ten published promises in the fixture (the draft and the outcome left out).
    assert by_status[PledgeStatus.ADOPTED] == 10
    assert by_status[PledgeStatus.REPORTED] == 0


def test_totals_by_country_keep_countries_apart():
    make_pledge(place=make_place(country="DE"), target_min=10)
    make_pledge(place=make_place(country="DE"), target_min=5)
    make_pledge(place=make_place(country="IT"), target_min=7)

    groups = {group.key: group for group in totals.totals_by_country()}

    assert groups["DE"].people_pledged == 15
    assert groups["DE"].pledges == 2
    assert groups["IT"].people_pledged == 7


def test_totals_by_category_follow_the_taxonomy_with_labels(mixed_pledges):
    groups = totals.totals_by_category()

    assert [group.key for group in groups] == [
        PledgeCategory.ADDITIONAL_RECEPTION,
        PledgeCategory.FEDERAL_PROGRAMME_SHARE,
        PledgeCategory.RECEPTION_REPORTED,
        PledgeCategory.SEA_RESCUE_FUNDING,
    ]
    assert groups[0].label == "additional reception"
    assert groups[2].people_received == 189


def test_totals_of_a_country_count_only_its_pledges():
    make_pledge(place=make_place(country="DE"), target_min=10)
    make_pledge(place=make_place(country="IT"), target_min=7)

    assert totals.totals(Pledge.objects.in_country("it")).people_pledged == 7


@pytest.mark.parametrize("rows", [10, 100])
def test_totals_run_a_fixed_number_of_queries(django_assert_num_queries, rows):
    place = make_place()
    for _ in range(rows):
        pledge = make_pledge(place=place)
        make_update(pledge=pledge, delivered_quantity=1)

    with django_assert_num_queries(TOTALS_QUERIES):
        result = totals.totals()
    with django_assert_num_queries(GROUPED_TOTALS_QUERIES):
        totals.totals_by_category()

    assert result.people_pledged == 100 * rows
    assert result.people_delivered_per_updates == rows
