"""Dates known only to a year, a month or a day, and dates a fact was true "by".

Sources often say "in March 2019" or "by 2022" (the fact was true when the page was
written; the real date is earlier and unknown). A partial date is stored in two columns:
a DateField holding the first day of the known period, so the database sorts and filters
it, and a precision column saying how much of that date is known.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    BY_DAY = "by_day", _("by day (true by that day; real date earlier)")
    BY_MONTH = "by_month", _("by month (true by that month; real date earlier)")
    BY_YEAR = "by_year", _("by year (true by that year; real date earlier)")


BY_PRECISIONS = (Precision.BY_DAY, Precision.BY_MONTH, Precision.BY_YEAR)
_GRANULARITY = {
    Precision.DAY: "day",
    Precision.BY_DAY: "day",
    Precision.MONTH: "month",
    Precision.BY_MONTH: "month",
    Precision.YEAR: "year",
    Precision.BY_YEAR: "year",
}
_PATTERN = re.compile(
    r"^(?P<by>by )?(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$"
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date with the precision it is known to; `str()` gives the canonical text."""

    value: date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> "PartialDate | None":
        """Read "2019", "2019-02", "2019-02-28", each maybe after "by "; "" is None."""
        text = text.strip()
        if not text:
            return None
        match = _PATTERN.match(text)
        if not match:
            raise ValidationError(
                _(
                    "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD, optionally after "
                    '"by " (for example "by 2022-03"); got "%(text)s".'
                ),
                code="invalid_partial_date",
                params={"text": text[:40]},
            )
        year, month, day = (match["year"], match["month"], match["day"])
        try:
            value = date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise ValidationError(
                _('"%(text)s" is not a date that exists.'),
                code="invalid_partial_date",
                params={"text": text[:40]},
            ) from None
        granularity = "day" if day else "month" if month else "year"
        by = bool(match["by"])
        precision = {
            ("day", False): Precision.DAY,
            ("month", False): Precision.MONTH,
            ("year", False): Precision.YEAR,
            ("day", True): Precision.BY_DAY,
            ("month", True): Precision.BY_MONTH,
            ("year", True): Precision.BY_YEAR,
        }[granularity, by]
        return cls(value, precision)

    @classmethod
    def from_fields(cls, value: date | None, precision: str) -> "PartialDate | None":
        if value is None:
            return None
        return cls(value, Precision(precision))

    @property
    def is_by(self) -> bool:
        return self.precision in BY_PRECISIONS

    @property
    def granularity(self) -> str:
        return _GRANULARITY[self.precision]

    @property
    def year(self) -> int:
        return self.value.year

    @property
    def specificity(self) -> tuple[int, int]:
        """Higher is more precise: dated beats "by", then day > month > year."""
        rank = {"year": 0, "month": 1, "day": 2}[self.granularity]
        return (0 if self.is_by else 1, rank)

    def __str__(self) -> str:
        iso = {
            "day": self.value.isoformat(),
            "month": self.value.strftime("%Y-%m"),
            "year": f"{self.value.year:04d}",
        }[self.granularity]
        return f"by {iso}" if self.is_by else iso

    def display(self) -> str:
        """The date at its precision, localised: "28 Feb 2019", "by March 2022"."""
        text = date_format(self.value, self._display_format())
        if self.is_by:
            return pgettext("partial date", "by %(date)s") % {"date": text}
        return text

    def _display_format(self) -> str:
        # Only the format shown is translated: a page shows hundreds of dates.
        match (self.is_by, self.granularity):
            case (_, "year"):
                return "Y"
            case (True, "day"):
                return pgettext("by-day date format", "j M Y")
            case (True, "month"):
                return pgettext("by-month date format", "F Y")
            case (False, "day"):
                return pgettext("day date format", "j M Y")
            case _:
                return pgettext("month date format", "M Y")


class DatePrecisionField(models.CharField):
    """How much of the date beside it is known; empty exactly when the date is."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("choices", Precision.choices)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("verbose_name", _("precision"))
        kwargs.setdefault(
            "help_text",
            _(
                "How much of the date is known. For a month or a year, enter its first "
                'day above. Choose a "by" precision when the source only shows the '
                "fact was true by that date."
            ),
        )
        super().__init__(*args, **kwargs)


class PartialDateAttribute:
    """Reads and writes a date column and its precision column as one PartialDate."""

    def __init__(self, date_field: str):
        self.date_field = date_field
        self.precision_field = f"{date_field}_precision"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return PartialDate.from_fields(
            getattr(instance, self.date_field), getattr(instance, self.precision_field)
        )

    def __set__(self, instance, value: "PartialDate | None"):
        setattr(instance, self.date_field, value.value if value else None)
        setattr(instance, self.precision_field, value.precision if value else "")


def partial_date_constraints(date_field: str, prefix: str) -> list:
    """Database invariants: precision set exactly when the date is, and a valid one."""
    precision_field = f"{date_field}_precision"
    return [
        models.CheckConstraint(
            condition=(
                Q(**{f"{date_field}__isnull": True, precision_field: ""})
                | Q(
                    **{
                        f"{date_field}__isnull": False,
                        f"{precision_field}__in": Precision.values,
                    }
                )
            ),
            name=f"{prefix}_{date_field}_precision_matches",
            violation_error_message=_(
                "Give a date together with its precision, or leave both empty."
            ),
        )
    ]


def validate_partial_date(value: date | None, precision: str) -> None:
    """A month or year date is stored as its first day; say so instead of guessing."""
    if value is None:
        if precision:
            raise ValidationError(_("Enter the date, or leave the precision empty."))
        return
    if not precision:
        raise ValidationError(_("Choose how precisely the date is known."))
    granularity = _GRANULARITY[Precision(precision)]
    if granularity == "month" and value.day != 1:
        raise ValidationError(
            _("For a date known to the month, enter the first day of that month.")
        )
    if granularity == "year" and (value.month, value.day) != (1, 1):
        raise ValidationError(
            _("For a date known to the year, enter 1 January of that year.")
        )


def clean_partial_dates(instance, *date_fields: str) -> None:
    """Model.clean() helper: validate each partial date pair, errors under its field."""
    errors = {}
    for field in date_fields:
        try:
            validate_partial_date(
                getattr(instance, field), getattr(instance, f"{field}_precision")
            )
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)


def in_years(date_field: str, year_from: int | None, year_to: int | None) -> Q:
    """Rows whose date lies in [year_from, year_to], counting a "by" date honestly.

    "By 2022" means no later than 2022: it is within any range that ends in 2022 or
    later, but it can satisfy no lower bound, since the real date may be far earlier.
    """
    condition = Q()
    if year_from is not None:
        condition &= Q(**{f"{date_field}__gte": date(year_from, 1, 1)}) & ~Q(
            **{f"{date_field}_precision__in": BY_PRECISIONS}
        )
    if year_to is not None and year_to < date.max.year:
        condition &= Q(**{f"{date_field}__lt": date(year_to + 1, 1, 1)})
    return condition
