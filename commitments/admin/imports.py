"""Bulk import (and export) of pledges in the columns of the dataset's pledges.csv.

A row is read with the demo loader's own parsing and wording tables, so an upload and
the bundled dataset mean the same thing. All or nothing: one invalid row and nothing is
written. A city editor's rows must be about their own places.
"""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.forms import ConfirmImportForm, ImportForm

from cities.models import Place
from commitments.demo.loader import DatasetError, Loader, Row, _target
from commitments.models import Citation, Pledge, PledgeCategory, ReviewState, Source

# The documented columns; the public CSV export uses the same ones.
PLEDGE_COLUMNS = (
    "city",
    "country_iso2",
    "title",
    "category",
    "target_quantity",
    "unit",
    "announced_on",
    "status",
    "summary",
    "source_url",
    "snippet",
)


class ReviewStateChoiceMixin(forms.Form):
    """Network editors choose the imported records' state; cities import drafts."""

    review_state = forms.ChoiceField(
        label=_("Imported records start as"),
        choices=ReviewState.choices,
        initial=ReviewState.DRAFT,
        required=False,
    )

    def __init__(self, *args, may_publish: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["review_state"]


class PledgeImportForm(ReviewStateChoiceMixin, ImportForm):
    pass


class PledgeConfirmImportForm(ReviewStateChoiceMixin, ConfirmImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "review_state" in self.fields:
            self.fields["review_state"].widget = forms.HiddenInput()


def _column(name: str) -> fields.Field:
    return fields.Field(column_name=name, attribute=None, readonly=True)


class PledgeResource(resources.ModelResource):
    city = _column("city")
    country_iso2 = _column("country_iso2")
    title = _column("title")
    category = _column("category")
    target_quantity = _column("target_quantity")
    unit = _column("unit")
    announced_on = _column("announced_on")
    status = _column("status")
    summary = _column("summary")
    source_url = _column("source_url")
    snippet = _column("snippet")

    class Meta:
        model = Pledge
        fields = PLEDGE_COLUMNS
        export_order = PLEDGE_COLUMNS
        use_transactions = True
        skip_unchanged = False
        clean_model_instances = True

    def __init__(self, *, place_ids=None, review_state=None, **kwargs):
        super().__init__(**kwargs)
        # None: every place (network editors); else the importing city editor's.
        self.place_ids = place_ids
        self.review_state = review_state or ReviewState.DRAFT
        self.loader = Loader(Path())
        self.places: dict[tuple[str, str], Place | None] = {}

    # --- import --------------------------------------------------------------

    def import_data(self, dataset, *args, **kwargs):
        # One invalid row rolls back every row, at the confirm step too.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def get_instance(self, instance_loader, row):
        # Every row is a new pledge; one already there is an error (see read_row).
        return None

    def before_import(self, dataset, **kwargs):
        missing = [name for name in PLEDGE_COLUMNS if name not in dataset.headers]
        if missing:
            raise ValueError(
                _("The file lacks the columns: %(columns)s")
                % {"columns": ", ".join(missing)}
            )

    def import_instance(self, instance, row, **kwargs):
        values = {
            name: "" if row.get(name) is None else str(row[name])
            for name in PLEDGE_COLUMNS
        }
        # Line 1 is the header.
        line = Row("upload", kwargs.get("row_number", 0) + 1, values)
        try:
            self.read_row(instance, line)
        except DatasetError as error:
            raise ValidationError(error.reason) from None

    def read_row(self, pledge: Pledge, row: Row) -> None:
        loader = self.loader
        pledge.place = self.place(row)
        pledge.title = row["title"]
        if not pledge.title:
            raise row.error(_("title is empty"))
        if row["category"] not in PledgeCategory.values:
            raise row.error(
                _("unknown category %(category)r") % {"category": row["category"]}
            )
        pledge.category = row["category"]
        pledge.summary = row["summary"]
        pledge.target_min, pledge.target_max = _target(row)
        unit = loader.mapped(row, loader.units, "unit", "units.csv")
        pledge.qualifier = unit.qualifier
        pledge.unit = unit.unit
        pledge.period = unit.period
        pledge.period_count = unit.period_count
        pledge.unit_wording = row["unit"]
        pledge.status = loader.mapped(
            row, loader.pledge_statuses, "status", "pledge_statuses.csv"
        )
        pledge.status_wording = row["status"]
        pledge.announced = loader.partial_date(row, "announced_on")
        loader.require_source(row)
        try:
            URLValidator()(row["source_url"])
        except ValidationError:
            raise row.error(
                _("source_url %(url)r is not an address") % {"url": row["source_url"]}
            ) from None
        if Pledge.objects.filter(place=pledge.place, title=pledge.title).exists():
            raise row.error(
                _("%(place)s already has a pledge titled %(title)r")
                % {"place": pledge.place, "title": pledge.title}
            )
        pledge.review_state = self.review_state

    def place(self, row: Row) -> Place:
        key = (row["country_iso2"].upper(), row["city"])
        if key not in self.places:
            self.places[key] = Place.objects.filter(country=key[0], name=key[1]).first()
        place = self.places[key]
        if place is None or (
            self.place_ids is not None and place.pk not in self.place_ids
        ):
            # An unknown place and another city's place read the same to a city.
            if self.place_ids is not None:
                message = _("%(city)s (%(country)s) is not one of your places")
            else:
                message = _("there is no place %(city)s in %(country)s")
            raise row.error(message % {"city": key[1], "country": key[0]})
        return place

    def validate_instance(self, instance, import_validation_errors=None, **kwargs):
        # A row that could not be read has no place yet: its own reason is enough.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)
        super().validate_instance(instance, import_validation_errors, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        source, _created = Source.objects.get_or_create(url=str(row["source_url"]))
        Citation.objects.create(
            source=source, quote=str(row.get("snippet") or ""), pledge=instance
        )

    # --- export --------------------------------------------------------------

    def get_queryset(self):
        return Pledge.objects.select_related("place").with_citations()

    def _first_citation(self, pledge):
        citations = list(pledge.citations.all())
        return citations[0] if citations else None

    def dehydrate_city(self, pledge):
        return pledge.place.name if pledge.place_id else ""

    def dehydrate_country_iso2(self, pledge):
        return pledge.place.country.code if pledge.place_id else ""

    def dehydrate_title(self, pledge):
        return pledge.title

    def dehydrate_category(self, pledge):
        return pledge.category

    def dehydrate_target_quantity(self, pledge):
        if pledge.target_min is None:
            return ""
        low = floatformat(pledge.target_min, -2)
        if pledge.is_range:
            return f"{low}-{floatformat(pledge.target_max, -2)}"
        return low

    def dehydrate_unit(self, pledge):
        return pledge.unit_wording or pledge.unit

    def dehydrate_announced_on(self, pledge):
        return str(pledge.announced) if pledge.announced else ""

    def dehydrate_status(self, pledge):
        return pledge.status_wording or pledge.status

    def dehydrate_summary(self, pledge):
        return pledge.summary

    def dehydrate_source_url(self, pledge):
        citation = self._first_citation(pledge) if pledge.pk else None
        return citation.source.url if citation else ""

    def dehydrate_snippet(self, pledge):
        citation = self._first_citation(pledge) if pledge.pk else None
        return citation.quote if citation else ""
