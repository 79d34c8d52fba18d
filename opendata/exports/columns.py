"""A table's columns: a stable name, a type and a meaning, and how to make each cell
from the database values it reads.

A column names the `values_list()` paths it needs ("place__name", "announced_on") and
a small function from those values to the cell, so an export reads rows as tuples and
never builds a model instance.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache

from django.db import models
from django.db.models import F, Value
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from commitments.partial_dates import PartialDate
from opendata.exports import sql_cells

SOURCE_SEPARATOR = " | "
DATE_FORMAT_NOTE = _(
    'As YYYY, YYYY-MM or YYYY-MM-DD; after "by " when the source only shows it was '
    "true by then."
)
PRECISION_NOTE = _(
    "How much of the date is known: day, month, year, by_day, by_month or by_year."
)

# Frictionless Data field types of the model fields we export.
_FRICTIONLESS_TYPES = {
    models.AutoField: "integer",
    models.BigAutoField: "integer",
    models.IntegerField: "integer",
    models.PositiveIntegerField: "integer",
    models.PositiveSmallIntegerField: "integer",
    models.DecimalField: "number",
    models.DateTimeField: "datetime",
    models.ForeignKey: "integer",
}


@dataclass(frozen=True)
class Column:
    """One column of a table: its stable name, the database values it reads, the
    function making the cell from them, its type and meaning.

    `reads` are `values_list()` paths (or an expression such as TimestampText);
    `cell` gets their values in that order; None means the one value read
    is the cell as it is. A column citing a fact (`cites`, the citation's field
    naming it) reads the fact's id, and its cell gets the addresses of the fact's
    sources instead, which the writers fetch for a whole chunk of rows at once.
    `sql` makes the same cell in PostgreSQL (`sql_cells`; a citing column's is made
    by `copy_out`), so that it can write the whole table itself; a table with a
    column lacking it is written in Python.
    """

    name: str
    reads: tuple[str | models.Func, ...]
    cell: Callable | None = None
    type: str = "string"
    description: str = ""
    cites: str = ""
    sql: models.Expression | None = None


def decimal_text(value: Decimal | None) -> str | None:
    """A Decimal exactly, without exponent or trailing zeros of whole numbers."""
    if value is None:
        return None
    if value == value.to_integral():
        return format(value.normalize(), "f")
    return str(value)


def iso_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


class TimestampText(models.Func):
    """A date and time read as PostgreSQL writes it ("2026-11-26 09:15:00.5+00"):
    Django parses each timestamptz in Python, which costs more than the rest of the
    row; the text costs little. Other databases give the value as Django reads it.
    """

    template = "%(expressions)s"
    output_field = models.DateTimeField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)::text", **extra_context
        )


def timestamp_text(value: datetime | str | None) -> str | None:
    """The ISO 8601 text of a TimestampText value."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.isoformat()


@cache
def country_code(code: str) -> str:
    """The code as the model's Country object gives it (alpha-2, upper case)."""
    return countries.alpha2(code) or code


# How a model field's value becomes a cell; fields not listed are taken as they are.
_CELLS = (
    (models.DecimalField, decimal_text),
    (models.DateTimeField, timestamp_text),
    (models.DateField, iso_text),
)


def field(model, name: str, column: str | None = None) -> Column:
    """A column read straight from a model field, described by its help text."""
    model_field = model._meta.get_field(name)
    attname = model_field.attname
    field_type = next(
        (kind for cls, kind in _FRICTIONLESS_TYPES.items() if type(model_field) is cls),
        "string",
    )
    description = model_field.help_text or model_field.verbose_name
    if model_field.choices and not model_field.is_relation:
        codes = ", ".join(repr(value) for value, _label in model_field.choices)
        description = f"{description} ({codes})"
    cell = next(
        (cell for cls, cell in _CELLS if isinstance(model_field, cls)),
        None,
    )
    read = (
        TimestampText(attname)
        if isinstance(model_field, models.DateTimeField)
        else attname
    )
    return Column(
        column or attname,
        (read,),
        cell,
        field_type,
        str(description).strip(),
        sql=sql_cells.field_cell(model_field, attname),
    )


# The same few thousand dates recur in every large table.
@lru_cache(maxsize=16384)
def _partial_date_text(value: date | None, precision: str) -> str | None:
    partial = PartialDate.from_fields(value, precision)
    return None if partial is None else str(partial)


def partial_date(model, name: str) -> list[Column]:
    """A partial date as text ("2019-02", "by 2022") and its precision code."""
    model_field = model._meta.get_field(name)
    description = model_field.help_text or model_field.verbose_name
    precision = f"{name}_precision"
    return [
        Column(
            name,
            (name, precision),
            _partial_date_text,
            "string",
            f"{description} {DATE_FORMAT_NOTE}",
            sql=sql_cells.PartialDateText(F(name), F(precision)),
        ),
        Column(
            precision,
            (precision,),
            lambda code: code or None,
            "string",
            str(PRECISION_NOTE),
            sql=sql_cells.empty_as_null(precision),
        ),
    ]


def place_columns(prefix: str = "place", path: str = "place") -> list[Column]:
    """The place a record is about: its id, name and country, read through `path`."""
    return [
        Column(
            f"{prefix}_id",
            (f"{path}_id",),
            None,
            "integer",
            str(_("Identifier of the place (places.id).")),
            sql=F(f"{path}_id"),
        ),
        Column(
            f"{prefix}_name",
            (f"{path}__name",),
            None,
            "string",
            str(_("Place name.")),
            sql=F(f"{path}__name"),
        ),
        country_column(f"{path}__country"),
    ]


def country_column(path: str = "country") -> Column:
    return Column(
        "country",
        (path,),
        country_code,
        "string",
        str(_("ISO 3166-1 alpha-2 code of the place's country.")),
        # Places store the alpha-2 code that country_code() gives.
        sql=F(path),
    )


_SENTINEL = "918273645"  # matches both the int and the slug converter


def _around_key(base_url: str, view_name: str, kwarg: str) -> tuple[str, str]:
    """A page's address before and after its key."""
    with translation.override(None):
        path = reverse(view_name, kwargs={kwarg: _SENTINEL})
    head, tail = path.split(_SENTINEL)
    return f"{base_url}{head}", tail


def page_url(base_url: str, view_name: str, kwarg: str) -> Callable[[object], str]:
    """A function giving a record's permanent address from its key, reversing the
    URL once rather than once per row (reverse() dominates a large export)."""
    head, tail = _around_key(base_url, view_name, kwarg)
    return lambda key: f"{head}{key}{tail}"


def page_url_sql(
    base_url: str, view_name: str, kwarg: str, key: str, *after: models.Expression
) -> models.Expression:
    """`page_url` in SQL, of the value at `key`; `after` follows it (an anchor)."""
    head, tail = _around_key(base_url, view_name, kwarg)
    return sql_cells.joined_text(Value(head), F(key), Value(tail), *after)


def url_column(base_url: str, view_name: str, kwarg: str = "pk") -> Column:
    key = "id" if kwarg == "pk" else kwarg
    return Column(
        "url",
        (key,),
        page_url(base_url, view_name, kwarg),
        "string",
        str(_("Permanent address of the record's page.")),
        sql=page_url_sql(base_url, view_name, kwarg, key),
    )


def sources_column(fact: str) -> Column:
    """The addresses of the sources cited for the row's fact, in citation order."""
    return Column(
        "sources",
        ("id",),
        SOURCE_SEPARATOR.join,
        "string",
        str(_('Addresses of the sources backing the record, joined by " | ".')),
        cites=fact,
    )
