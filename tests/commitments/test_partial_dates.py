from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from commitments.models import Resolution
from commitments.partial_dates import PartialDate, Precision, in_years
from tests.builders import make_place, make_resolution

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2019", date(2019, 1, 1), Precision.YEAR),
        ("2019-01", date(2019, 1, 1), Precision.MONTH),
        ("2019-02-28", date(2019, 2, 28), Precision.DAY),
        ("by 2022", date(2022, 1, 1), Precision.BY_YEAR),
        ("by 2022-03", date(2022, 3, 1), Precision.BY_MONTH),
        ("by 2022-03-30", date(2022, 3, 30), Precision.BY_DAY),
    ],
)
def test_parse_keeps_precision_and_round_trips(text, value, precision):
    parsed = PartialDate.parse(text)

    assert (parsed.value, parsed.precision) == (value, precision)
    assert str(parsed) == text


def test_empty_text_is_no_date():
    assert PartialDate.parse("  ") is None


@pytest.mark.parametrize("text", ["2019-13", "2019-02-30", "19", "March 2019", "by"])
def test_parse_rejects_malformed_or_impossible_dates(text):
    with pytest.raises(ValidationError):
        PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "english", "german"),
    [
        ("2019", "2019", "2019"),
        ("2019-01", "Jan 2019", "Jan 2019"),
        ("2019-02-28", "28 Feb 2019", "28. Feb 2019"),
        ("by 2022-03", "by March 2022", "bis März 2022"),
        ("by 2022", "by 2022", "bis 2022"),
    ],
)
def test_display_shows_the_known_precision_in_each_language(text, english, german):
    value = PartialDate.parse(text)

    with translation.override("en"):
        assert value.display() == english
    with translation.override("de"):
        assert value.display() == german


def test_a_dated_fact_is_more_specific_than_a_by_date():
    exact = PartialDate.parse("2019")
    by_day = PartialDate.parse("by 2022-03-01")

    assert exact.specificity > by_day.specificity
    assert PartialDate.parse("2019-02").specificity > exact.specificity


def test_model_attribute_writes_both_columns():
    resolution = make_resolution()
    resolution.adopted = PartialDate.parse("by 2022-03")
    resolution.save()
    resolution.refresh_from_db()

    assert resolution.adopted_on == date(2022, 3, 1)
    assert resolution.adopted_on_precision == Precision.BY_MONTH
    assert str(resolution.adopted) == "by 2022-03"


def test_dates_sort_chronologically_across_precisions_with_unknown_last():
    place = make_place()
    for text in ["2019-02-28", "2018", "by 2019-01", "", "2019"]:
        record = make_resolution(place=place, title=text or "undated")
        record.adopted = PartialDate.parse(text)
        record.save()

    titles = list(
        Resolution.objects.filter(place=place)
        .chronological()
        .values_list("title", flat=True)
    )

    assert titles == ["2018", "2019", "by 2019-01", "2019-02-28", "undated"]


@pytest.mark.parametrize(
    ("year_from", "year_to", "expected"),
    [
        (2022, 2022, {"2022-05"}),
        (None, 2022, {"2019", "2022-05", "by 2022-03"}),
        (2020, None, {"2022-05", "2023-01-02"}),
        (2019, 2019, {"2019"}),
    ],
)
def test_year_filter_treats_a_by_date_as_no_later_than_it(year_from, year_to, expected):
    place = make_place()
    for text in ["2019", "2022-05", "by 2022-03", "2023-01-02"]:
        record = make_resolution(place=place, title=text)
        record.adopted = PartialDate.parse(text)
        record.save()

    found = Resolution.objects.filter(place=place).filter(
        in_years("adopted_on", year_from, year_to)
    )

    assert set(found.values_list("title", flat=True)) == expected


def test_year_filter_accepts_the_last_representable_year():
    make_resolution()

    assert Resolution.objects.filter(in_years("adopted_on", None, 9999)).count() == 1


def test_database_refuses_a_date_without_precision():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_resolution(adopted_on=date(2019, 1, 1), adopted_on_precision="")


def test_database_refuses_a_precision_without_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_resolution(adopted_on=None, adopted_on_precision="year")


@pytest.mark.parametrize(
    ("value", "precision"),
    [(date(2019, 3, 15), "month"), (date(2019, 3, 1), "year"), (None, "day")],
)
def test_model_validation_explains_an_inconsistent_date(value, precision):
    resolution = make_resolution()
    resolution.adopted_on, resolution.adopted_on_precision = value, precision

    with pytest.raises(ValidationError) as error:
        resolution.full_clean()

    assert "adopted_on" in error.value.message_dict
