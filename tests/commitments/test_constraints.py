"""Invariants the database itself enforces, whatever code writes to it."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from commitments.models import Citation
from tests.builders import (
    cite,
    make_membership,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_source,
    make_strategy,
    make_update,
)

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_place_slugs_are_unique():
    make_place(slug="hanover")

    assert refused(lambda: make_place(slug="hanover"))


def test_place_coordinates_come_in_range_and_in_pairs():
    assert refused(lambda: make_place(latitude=Decimal("52.1")))
    assert refused(lambda: make_place(latitude=Decimal("91"), longitude=Decimal("9")))
    assert not refused(lambda: make_place(latitude=52, longitude=9))


@pytest.mark.parametrize(
    ("low", "high", "allowed"),
    [
        (200, 300, True),
        (100, None, True),
        (None, None, True),
        (300, 200, False),
        (None, 300, False),
        (-5, None, False),
    ],
)
def test_pledge_targets_are_a_number_an_ordered_range_or_none(low, high, allowed):
    assert refused(lambda: make_pledge(target_min=low, target_max=high)) != allowed


def test_delivered_quantity_cannot_be_negative():
    pledge = make_pledge()

    assert refused(lambda: make_update(pledge=pledge, delivered_quantity=-1))
    assert not refused(lambda: make_update(pledge=pledge, delivered_quantity=0))


def test_membership_cannot_end_before_it_began():
    assert refused(
        lambda: make_membership(
            joined_on=date(2020, 1, 1),
            joined_on_precision="year",
            left_on=date(2019, 1, 1),
            left_on_precision="year",
        )
    )


def test_a_place_joins_a_network_once():
    membership = make_membership()

    assert refused(
        lambda: make_membership(place=membership.place, network=membership.network)
    )


def test_strategy_period_must_not_end_before_it_starts():
    assert refused(lambda: make_strategy(year_start=2022, year_end=2020))


def test_only_a_reported_outcome_can_name_the_promise_it_fulfils():
    promise = make_pledge()

    assert refused(lambda: make_pledge(outcome_of=promise))
    assert not refused(
        lambda: make_pledge(category="reception_reported", outcome_of=promise)
    )


def test_a_citation_backs_exactly_one_fact():
    source = make_source()
    pledge, resolution = make_pledge(), make_resolution()

    assert refused(lambda: Citation.objects.create(source=source))
    assert refused(
        lambda: Citation.objects.create(
            source=source, pledge=pledge, resolution=resolution
        )
    )


def test_a_source_is_cited_once_per_fact():
    pledge, source = make_pledge(), make_source()
    cite(pledge, source=source)

    assert refused(lambda: cite(pledge, source=source))


@pytest.mark.parametrize(
    "build",
    [make_pledge, make_resolution, make_strategy, make_practice, make_membership],
)
def test_deleting_a_place_with_facts_is_refused(build):
    fact = build()

    with pytest.raises(ProtectedError):
        fact.place.delete()


def test_deleting_a_pledge_with_updates_or_a_cited_source_is_refused():
    update = make_update()
    citation = cite(update.pledge)

    with pytest.raises(ProtectedError):
        update.pledge.delete()
    with pytest.raises(ProtectedError):
        citation.source.delete()


def test_deleting_a_resolution_a_pledge_rests_on_is_refused():
    pledge = make_pledge(resolution=make_resolution())

    with pytest.raises(ProtectedError):
        pledge.resolution.delete()
