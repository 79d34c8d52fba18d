"""Pieces every admin shares: the site's name, the record fieldset, country filters,
dates, citations."""

from decimal import Decimal

from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.admin import ScopedChoicesMixin
from commitments.models import Citation
from commitments.partial_dates import PartialDate

# The project has no admin module of its own; the admin of the facts, which every
# editor works in, names the site once for everyone.
admin.site.site_header = _("Solidarity Cities Tracker")
admin.site.site_title = _("Solidarity Cities Tracker")

RECORD_FIELDS = ("dataset_key", "created_at", "updated_at")

# Editors paste whole addresses; one typed without a scheme is read as https, as
# Django 6 will do by default.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class CountryFilter(admin.SimpleListFilter):
    """Offers only the countries that have rows, by name, not all 249 of the world."""

    title = _("country")
    parameter_name = "country"
    field_path = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list(self.field_path, flat=True)
            .distinct()
        )
        named = [(code, countries.name(code)) for code in codes if code]
        return sorted(named, key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field_path: self.value()})
        return queryset


class PlaceCountryFilter(CountryFilter):
    """The country filter for facts about a place."""

    field_path = "place__country"


RECORD_FIELDSET = (_("Record"), {"classes": ["collapse"], "fields": RECORD_FIELDS})

# Changed only through the review actions (submit, publish, return), never by hand.
REVIEW_FIELDS = ("review_state", "review_comment", "reviewed_by", "reviewed_at")
REVIEW_FIELDSET = (
    _("Review"),
    {
        "fields": REVIEW_FIELDS,
        "description": _(
            "Only published records are public. Cities submit their drafts for "
            "review; the editors publish them or return them with a comment."
        ),
    },
)

# Networks and sources are not loaded row by row from the dataset: no dataset key.
TIMESTAMP_FIELDS = ("created_at", "updated_at")
TIMESTAMP_FIELDSET = (
    _("Record"),
    {"classes": ["collapse"], "fields": TIMESTAMP_FIELDS},
)

# Inline rows stay readable when a summary or quote is two lines high, not ten.
SHORT_TEXTAREAS = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 2})}}


def format_partial_date(value: PartialDate | None) -> str | None:
    """A partial date as readers see it ("Mar 2020", "by 2022"); None shows a dash."""
    return value.display() if value else None


def format_quantity(value: Decimal | None) -> str:
    """100.00 reads "100", 1500.50 reads "1,500.5" (in the active language)."""
    return floatformat(value, "-2g")


class CitationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # The database allows a source once per fact; two rows citing it would only
        # fail on save, so say it here, where the editor can still merge the quotes.
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            source = data.get("source")
            if source is None or data.get("DELETE"):
                continue
            if source in seen:
                raise ValidationError(
                    _(
                        "“%(source)s” is cited twice. Cite a source once per fact and "
                        "put both passages in its quote."
                    ),
                    code="duplicate_source",
                    params={"source": source},
                )
            seen.add(source)


class CitationInline(ScopedChoicesMixin, admin.TabularInline):
    """The sources behind a fact, under that fact's form.

    Citation has one foreign key to each kind of fact, so Django picks the one that
    points at the parent form's model and leaves the others empty.
    """

    model = Citation
    formset = CitationFormSet
    fields = ("source", "quote")
    autocomplete_fields = ("source",)
    formfield_overrides = SHORT_TEXTAREAS
    extra = 1
