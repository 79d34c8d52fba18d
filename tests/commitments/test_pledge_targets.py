"""A target is one number, a range, or none stated; the loader reads all three."""

from decimal import Decimal

import pytest

from commitments.demo.loader import DatasetError, Row, _target
from tests.builders import make_pledge

pytestmark = pytest.mark.django_db


def row(target: str) -> Row:
    return Row("pledges.csv", 7, {"target_quantity": target})


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("100", Decimal(100), None),
        ("2778313.32", Decimal("2778313.32"), None),
        ("200-300", Decimal(200), Decimal(300)),
        ("", None, None),
    ],
)
def test_dataset_targets_read_as_number_range_or_none(text, low, high):
    assert _target(row(text)) == (low, high)


@pytest.mark.parametrize("text", ["many", "300-200", "-5", "1-2-3"])
def test_unreadable_targets_name_the_line(text):
    with pytest.raises(DatasetError, match="pledges.csv, line 7: target_quantity"):
        _target(row(text))


def test_a_single_number_is_neither_range_nor_missing():
    pledge = make_pledge(target_min=100, target_max=None)

    assert pledge.has_numeric_target
    assert not pledge.is_range
    assert pledge.target_high == 100


def test_a_range_compares_delivery_against_its_upper_end():
    pledge = make_pledge(target_min=200, target_max=300)

    assert pledge.is_range
    assert pledge.target_high == 300


def test_no_number_stated_has_no_target():
    pledge = make_pledge(target_min=None, target_max=None)

    assert not pledge.has_numeric_target
    assert pledge.target_high is None
