"""The published dataset as tables: stable column names, CSV and JSON, streamed.

One definition per table serves the list exports (`/pledges/export.csv?...`), the dated
releases (`manage.py release`) and the data dictionary on the methodology page, so the
three never disagree about what a column is called or means.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cities.models import Place
from commitments.models import (
    Citation,
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Practice,
    Resolution,
    Source,
    Strategy,
)
from commitments.partial_dates import PartialDate

CHUNK_SIZE = 2000
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
    """One column of a table: its stable name, how to read it, its type and meaning."""

    name: str
    value: Callable
    type: str = "string"
    description: str = ""


def _text(value) -> str | int | float | None:
    """A cell as CSV and JSON want it: None stays empty, Decimals stay exact."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value == value.to_integral()
            else str(value)
        )
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


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
    return Column(
        column or attname,
        lambda obj: getattr(obj, attname),
        field_type,
        str(description).strip(),
    )


def partial_date(model, name: str) -> list[Column]:
    """A partial date as text ("2019-02", "by 2022") and its precision code."""
    model_field = model._meta.get_field(name)
    description = model_field.help_text or model_field.verbose_name

    def text(obj):
        value = PartialDate.from_fields(
            getattr(obj, name), getattr(obj, f"{name}_precision")
        )
        return None if value is None else str(value)

    return [
        Column(
            name,
            text,
            "string",
            f"{description} {DATE_FORMAT_NOTE}",
        ),
        Column(
            f"{name}_precision",
            lambda obj: getattr(obj, f"{name}_precision") or None,
            "string",
            str(PRECISION_NOTE),
        ),
    ]


def place_columns(prefix: str = "place") -> list[Column]:
    return [
        Column(
            f"{prefix}_id",
            lambda obj: obj.place_id,
            "integer",
            str(_("Identifier of the place (places.id).")),
        ),
        Column(
            f"{prefix}_name",
            lambda obj: obj.place.name,
            "string",
            str(_("Place name.")),
        ),
        Column(
            "country",
            lambda obj: obj.place.country.code,
            "string",
            str(_("ISO 3166-1 alpha-2 code of the place's country.")),
        ),
    ]


_SENTINEL = "918273645"  # matches both the int and the slug converter


def page_url(base_url: str, view_name: str, kwarg: str) -> Callable[[object], str]:
    """A function giving a record's permanent address from its key, reversing the
    URL once rather than once per row (reverse() dominates a large export)."""
    with translation.override(None):
        path = reverse(view_name, kwargs={kwarg: _SENTINEL})
    head, tail = path.split(_SENTINEL)
    return lambda key: f"{base_url}{head}{key}{tail}"


def url_column(base_url: str, view_name: str, kwarg: str = "pk") -> Column:
    address = page_url(base_url, view_name, kwarg)
    return Column(
        "url",
        lambda obj: address(getattr(obj, kwarg)),
        "string",
        str(_("Permanent address of the record's page.")),
    )


def sources_column() -> Column:
    return Column(
        "sources",
        lambda obj: SOURCE_SEPARATOR.join(c.source.url for c in obj.citations.all()),
        "string",
        str(_('Addresses of the sources backing the record, joined by " | ".')),
    )


def public_citations():
    """Citations of published facts only: a draft's sources are not public yet."""
    return Citation.objects.filter(
        Q(membership__in=Membership.objects.public())
        | Q(resolution__in=Resolution.objects.public())
        | Q(strategy__in=Strategy.objects.public())
        | Q(pledge__in=Pledge.objects.public())
        | Q(update__in=PledgeUpdate.objects.public())
        | Q(practice__in=Practice.objects.public())
    )


def public_sources():
    return Source.objects.filter(pk__in=public_citations().values("source"))


@dataclass(frozen=True)
class Table:
    """A public table: its rows (the public queryset, prefetched) and its columns."""

    name: str
    model: type
    queryset: Callable[[], models.QuerySet]
    columns: Callable[[str], list[Column]]
    title: str = ""

    def column_list(self, base_url: str = "") -> list[Column]:
        return self.columns(base_url)


def _place_columns(base_url: str) -> list[Column]:
    return [
        field(Place, "id"),
        url_column(base_url, "public:place-detail", "slug"),
        field(Place, "name"),
        field(Place, "local_name"),
        field(Place, "slug"),
        field(Place, "kind"),
        Column(
            "country",
            lambda obj: obj.country.code,
            "string",
            str(_("ISO 3166-1 alpha-2 code of the place's country.")),
        ),
        field(Place, "region"),
        field(Place, "population"),
        field(Place, "population_year"),
        field(Place, "latitude"),
        field(Place, "longitude"),
        field(Place, "website"),
        field(Place, "geonames_id"),
        field(Place, "geo_source"),
        field(Place, "updated_at"),
    ]


def _network_columns(base_url: str) -> list[Column]:
    return [
        field(Network, "id"),
        url_column(base_url, "public:network-detail", "slug"),
        field(Network, "name"),
        field(Network, "short_name"),
        field(Network, "slug"),
        field(Network, "kind"),
        field(Network, "description"),
        field(Network, "website"),
        field(Network, "updated_at"),
    ]


def _membership_columns(base_url: str) -> list[Column]:
    place_url = page_url(base_url, "public:place-detail", "slug")
    return [
        field(Membership, "id"),
        Column(
            "url",
            lambda obj: place_url(obj.place.slug),
            "string",
            str(_("Permanent address of the member place's page.")),
        ),
        *place_columns(),
        field(Membership, "network", "network_id"),
        Column(
            "network_name", lambda obj: obj.network.name, "string", str(_("Network."))
        ),
        field(Membership, "role"),
        field(Membership, "role_wording"),
        *partial_date(Membership, "joined_on"),
        *partial_date(Membership, "left_on"),
        field(Membership, "note"),
        sources_column(),
        field(Membership, "updated_at"),
    ]


def _resolution_columns(base_url: str) -> list[Column]:
    return [
        field(Resolution, "id"),
        url_column(base_url, "public:resolution-detail"),
        *place_columns(),
        field(Resolution, "title"),
        field(Resolution, "original_title"),
        field(Resolution, "original_language"),
        field(Resolution, "kind"),
        *partial_date(Resolution, "adopted_on"),
        field(Resolution, "adopting_body"),
        field(Resolution, "reference_number"),
        field(Resolution, "votes_for"),
        field(Resolution, "votes_against"),
        field(Resolution, "abstentions"),
        field(Resolution, "vote_note"),
        field(Resolution, "summary"),
        field(Resolution, "text_url"),
        field(Resolution, "repeals", "repeals_id"),
        sources_column(),
        field(Resolution, "updated_at"),
    ]


def _strategy_columns(base_url: str) -> list[Column]:
    return [
        field(Strategy, "id"),
        url_column(base_url, "public:strategy-detail"),
        *place_columns(),
        field(Strategy, "title"),
        field(Strategy, "original_title"),
        field(Strategy, "original_language"),
        field(Strategy, "status"),
        field(Strategy, "status_wording"),
        field(Strategy, "year_start"),
        field(Strategy, "year_end"),
        *partial_date(Strategy, "adopted_on"),
        field(Strategy, "replaces", "replaces_id"),
        field(Strategy, "participants"),
        field(Strategy, "summary"),
        field(Strategy, "document_url"),
        sources_column(),
        field(Strategy, "updated_at"),
    ]


def _pledge_columns(base_url: str) -> list[Column]:
    return [
        field(Pledge, "id"),
        url_column(base_url, "public:pledge-detail"),
        *place_columns(),
        field(Pledge, "title"),
        field(Pledge, "original_title"),
        field(Pledge, "original_language"),
        field(Pledge, "category"),
        field(Pledge, "summary"),
        field(Pledge, "target_min"),
        field(Pledge, "target_max"),
        field(Pledge, "qualifier"),
        field(Pledge, "unit"),
        field(Pledge, "unit_wording"),
        field(Pledge, "period"),
        field(Pledge, "period_count"),
        *partial_date(Pledge, "announced_on"),
        field(Pledge, "status"),
        field(Pledge, "status_wording"),
        field(Pledge, "resolution", "resolution_id"),
        field(Pledge, "strategy", "strategy_id"),
        field(Pledge, "overlaps", "overlaps_id"),
        field(Pledge, "outcome_of", "outcome_of_id"),
        sources_column(),
        field(Pledge, "updated_at"),
    ]


def _update_columns(base_url: str) -> list[Column]:
    pledge_url = page_url(base_url, "public:pledge-detail", "pk")
    return [
        field(PledgeUpdate, "id"),
        Column(
            "url",
            lambda obj: f"{pledge_url(obj.pledge_id)}#update-{obj.pk}",
            "string",
            str(_("Permanent address of the update on its pledge's page.")),
        ),
        field(PledgeUpdate, "pledge", "pledge_id"),
        Column(
            "pledge_title", lambda obj: obj.pledge.title, "string", str(_("Pledge."))
        ),
        Column(
            "place_id",
            lambda obj: obj.pledge.place_id,
            "integer",
            str(_("Identifier of the place (places.id).")),
        ),
        Column(
            "place_name",
            lambda obj: obj.pledge.place.name,
            "string",
            str(_("Place name.")),
        ),
        Column(
            "country",
            lambda obj: obj.pledge.place.country.code,
            "string",
            str(_("ISO 3166-1 alpha-2 code of the place's country.")),
        ),
        *partial_date(PledgeUpdate, "happened_on"),
        field(PledgeUpdate, "status"),
        field(PledgeUpdate, "status_wording"),
        field(PledgeUpdate, "delivered_quantity"),
        field(PledgeUpdate, "summary"),
        Column(
            "verified",
            lambda obj: "yes" if obj.is_verified else "no",
            "string",
            str(_('"yes" when an editor checked the reported status.')),
        ),
        sources_column(),
        field(PledgeUpdate, "updated_at"),
    ]


def _practice_columns(base_url: str) -> list[Column]:
    place_url = page_url(base_url, "public:place-detail", "slug")
    return [
        field(Practice, "id"),
        Column(
            "url",
            lambda obj: f"{place_url(obj.place.slug)}#practice-{obj.pk}",
            "string",
            str(_("Permanent address of the practice on its place's page.")),
        ),
        *place_columns(),
        field(Practice, "title"),
        *partial_date(Practice, "since"),
        field(Practice, "summary"),
        sources_column(),
        field(Practice, "updated_at"),
    ]


def _source_columns(base_url: str) -> list[Column]:
    return [
        field(Source, "id"),
        field(Source, "url"),
        field(Source, "title"),
        field(Source, "publisher"),
        field(Source, "language"),
        *partial_date(Source, "published_on"),
    ]


def _citation_columns(base_url: str) -> list[Column]:
    facts = ("membership", "resolution", "strategy", "pledge", "update", "practice")
    return [
        field(Citation, "id"),
        field(Citation, "source", "source_id"),
        *[field(Citation, fact, f"{fact}_id") for fact in facts],
        field(Citation, "quote"),
    ]


# Each table's rows: the public queryset in the order its list page shows (where it
# has one), with what the columns read fetched in a bounded number of queries.
TABLES = {
    table.name: table
    for table in [
        Table(
            "places",
            Place,
            lambda: Place.objects.public().for_list(),
            _place_columns,
            _("places"),
        ),
        Table(
            "networks",
            Network,
            lambda: Network.objects.order_by("name", "pk"),
            _network_columns,
            _("networks"),
        ),
        Table(
            "memberships",
            Membership,
            lambda: (
                Membership.objects.public()
                .select_related("place", "network")
                .with_citations()
                .order_by("pk")
            ),
            _membership_columns,
            _("memberships"),
        ),
        Table(
            "resolutions",
            Resolution,
            lambda: Resolution.objects.public().for_list().with_citations(),
            _resolution_columns,
            _("resolutions"),
        ),
        Table(
            "strategies",
            Strategy,
            lambda: Strategy.objects.public().for_list().with_citations(),
            _strategy_columns,
            _("strategies"),
        ),
        Table(
            "pledges",
            Pledge,
            lambda: Pledge.objects.public().for_list().with_citations(),
            _pledge_columns,
            _("pledges"),
        ),
        Table(
            "updates",
            PledgeUpdate,
            lambda: (
                PledgeUpdate.objects.public()
                .select_related("pledge__place")
                .with_citations()
                .order_by("pk")
            ),
            _update_columns,
            _("progress updates"),
        ),
        Table(
            "practices",
            Practice,
            lambda: (
                Practice.objects.public()
                .select_related("place")
                .with_citations()
                .order_by("pk")
            ),
            _practice_columns,
            _("practices"),
        ),
        Table(
            "sources",
            Source,
            lambda: public_sources().order_by("pk"),
            _source_columns,
            _("sources"),
        ),
        Table(
            "citations",
            Citation,
            lambda: public_citations().order_by("pk"),
            _citation_columns,
            _("citations"),
        ),
    ]
}


def rows(queryset, columns: list[Column]) -> Iterator[list]:
    """Each record as a list of cells, fetched in chunks (a server-side cursor on
    PostgreSQL) so memory stays flat however many rows there are."""
    # Exports are in English whatever the page's language, like the column names.
    with translation.override("en"):
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield [_text(column.value(obj)) for column in columns]


class _Echo:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(queryset, columns: list[Column], *, bom: bool = False) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    header = writer.writerow([column.name for column in columns])
    yield ("\ufeff" + header) if bom else header
    for row in rows(queryset, columns):
        yield writer.writerow(["" if cell is None else cell for cell in row])


def json_chunks(queryset, columns: list[Column]) -> Iterator[str]:
    """A JSON array of objects, one row at a time."""
    names = [column.name for column in columns]
    yield "["
    separator = "\n"
    for row in rows(queryset, columns):
        yield separator + json.dumps(dict(zip(names, row, strict=True)))
        separator = ",\n"
    yield "\n]\n"


def write_csv(path, queryset, columns: list[Column]) -> int:
    """Write a table to a file; return how many rows it has."""
    count = -1
    with open(path, "w", encoding="utf-8", newline="") as out:
        for line in csv_lines(queryset, columns):
            out.write(line)
            count += 1
    return count


def csv_response(lines: Iterable[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(chunks: Iterable[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in chunks),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
