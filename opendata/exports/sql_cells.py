"""The cells of an export written by PostgreSQL itself, as text identical to the
Python cell functions' (`columns.py`), so that `COPY` can write a whole table.

Each function gives a Django expression for one kind of cell; `tests/opendata/
test_export_copy.py` checks, table by table, that both ways write the same bytes.
"""

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Cast, Concat, NullIf

# The templates below name their expression several times: each is a column, which
# has no parameters to repeat.


class DecimalText(models.Func):
    """`decimal_text`: whole numbers without their zeros ("12"), others as stored
    ("12.50")."""

    template = (
        "CASE WHEN %(expressions)s = trunc(%(expressions)s) "
        "THEN trunc(%(expressions)s)::text ELSE (%(expressions)s)::text END"
    )
    output_field = models.TextField()


_UTC = "%(expressions)s AT TIME ZONE 'UTC'"
_TO_SECOND = """'YYYY-MM-DD"T"HH24:MI:SS"""


class TimestampIso(models.Func):
    """`timestamp_text`: ISO 8601 in UTC, with microseconds only when there are
    some, as Python's `datetime.isoformat()` writes it."""

    template = (
        "CASE WHEN date_trunc('second', %(expressions)s) = %(expressions)s "
        f"""THEN to_char({_UTC}, {_TO_SECOND}"+00:00"') """
        f"""ELSE to_char({_UTC}, {_TO_SECOND}.US"+00:00"') END"""
    )
    output_field = models.TextField()


class DateIso(models.Func):
    """`iso_text`: YYYY-MM-DD."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = models.TextField()


class PartialDateText(models.Func):
    """`str(PartialDate)`: "2019", "2019-02", "2019-02-28", each maybe after "by "."""

    arity = 2
    template = (
        "CASE %(precision)s "
        "WHEN 'day' THEN to_char(%(date)s, 'YYYY-MM-DD') "
        "WHEN 'month' THEN to_char(%(date)s, 'YYYY-MM') "
        "WHEN 'year' THEN to_char(%(date)s, 'YYYY') "
        "WHEN 'by_day' THEN 'by ' || to_char(%(date)s, 'YYYY-MM-DD') "
        "WHEN 'by_month' THEN 'by ' || to_char(%(date)s, 'YYYY-MM') "
        "WHEN 'by_year' THEN 'by ' || to_char(%(date)s, 'YYYY') END"
    )
    output_field = models.TextField()

    def as_sql(self, compiler, connection, **extra_context):
        (date, date_params), (precision, precision_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = self.template % {"date": date, "precision": precision}
        # The template names the date six times and the precision once.
        return sql, (*precision_params, *date_params * 6)


def field_cell(model_field: models.Field, path: str) -> models.Expression:
    """A model field's cell, as `columns.field` makes it in Python."""
    if isinstance(model_field, models.DecimalField):
        return DecimalText(F(path))
    if isinstance(model_field, models.DateTimeField):
        return TimestampIso(F(path))
    if isinstance(model_field, models.DateField):
        return DateIso(F(path))
    return F(path)


def empty_as_null(path: str) -> models.Expression:
    return NullIf(F(path), Value(""), output_field=models.TextField())


def joined_text(*parts: models.Expression) -> models.Expression:
    """The parts' text one after the other (a page's address and its key)."""
    texts = [Cast(part, models.TextField()) for part in parts]
    return Concat(*texts, output_field=models.TextField())
