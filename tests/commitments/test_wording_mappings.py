"""Every free-text wording in the dataset maps onto our fixed choices, and sensibly."""

import csv
from pathlib import Path

import pytest
from django.conf import settings

from commitments.demo import mappings
from commitments.models import PledgeStatus, StrategyStatus

DATA = Path(settings.DEMO_DATA_DIR)


def wordings(filename: str, column: str) -> set[str]:
    with open(DATA / filename, newline="", encoding="utf-8") as handle:
        return {row[column].strip() for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("table", "sources"),
    [
        (
            mappings.pledge_statuses,
            [("pledges.csv", "status"), ("updates.csv", "status")],
        ),
        (mappings.units, [("pledges.csv", "unit")]),
        (mappings.strategy_statuses, [("strategies.csv", "status")]),
        (mappings.membership_roles, [("memberships.csv", "role")]),
        (mappings.networks, [("memberships.csv", "network")]),
    ],
)
def test_every_wording_in_the_dataset_is_mapped_and_no_stale_ones(table, sources):
    used = set().union(*(wordings(name, column) for name, column in sources))

    assert used == set(table())


def test_the_dataset_has_the_documented_variety_of_wordings():
    assert len(wordings("pledges.csv", "status")) == 241
    assert len(wordings("strategies.csv", "status")) == 25
    assert len(wordings("memberships.csv", "network")) == 19


@pytest.mark.parametrize(
    ("wording", "status"),
    [
        ("blocked (federal interior ministry refused consent)", PledgeStatus.BLOCKED),
        ("council decision; blocked by federal government", PledgeStatus.BLOCKED),
        ("offered; needs federal consent", PledgeStatus.ANNOUNCED),
        ("stated in survey; requires federal/state admission programme", "announced"),
        ("adopted; depends on federal/state consent", PledgeStatus.ADOPTED),
        ("adopted 2022; decision repealed 2024-03", PledgeStatus.WITHDRAWN),
        ("fulfilled (reported)", PledgeStatus.FULFILLED),
        ("reported outcome", PledgeStatus.REPORTED),
        (
            "court upheld federal refusal (BVerwG 1 A 1/21, 15 Mar 2022)",
            PledgeStatus.BLOCKED,
        ),
    ],
)
def test_pledge_status_wordings_map_to_what_they_say(wording, status):
    assert mappings.pledge_statuses()[wording] == status


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("persons", ("persons", "", "", None)),
        ("persons (up to)", ("persons", "up_to", "", None)),
        ("persons per year", ("persons", "", "per_year", None)),
        ("EUR per year (2 years)", ("EUR", "", "per_year", 2)),
        (
            "unaccompanied minors per month",
            ("unaccompanied_minors", "", "per_month", None),
        ),
        ("places (approx.)", ("places", "approximately", "", None)),
        ("", ("", "", "", None)),
    ],
)
def test_unit_wordings_split_into_unit_qualifier_and_period(wording, expected):
    reading = mappings.units()[wording]

    assert (reading.unit, reading.qualifier, reading.period, reading.period_count) == (
        expected
    )


@pytest.mark.parametrize(
    ("wording", "status"),
    [
        ("in preparation", StrategyStatus.DRAFTING),
        (
            "draft approved by the executive for 30-day public consultation",
            StrategyStatus.CONSULTATION,
        ),
        ("adopted", StrategyStatus.ADOPTED),
    ],
)
def test_strategy_status_wordings_map_onto_the_lifecycle(wording, status):
    assert mappings.strategy_statuses()[wording] == status


def test_a_national_programme_is_not_filed_as_a_solidarity_network():
    table = mappings.networks()

    assert table["SPRAR/SAI national asylum reception system"].kind == (
        "national_programme"
    )
    assert table["Solidarity Cities (Eurocities)"].slug == "solidarity-cities"
