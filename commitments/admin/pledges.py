from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cities.admin import CountryFilter, PlaceCountryFilter
from commitments.admin.base import (
    RECORD_FIELDS,
    RECORD_FIELDSET,
    SHORT_TEXTAREAS,
    CitationInline,
    format_partial_date,
    format_quantity,
)
from commitments.models import Pledge, PledgeUpdate


class PledgeUpdateInline(admin.TabularInline):
    model = PledgeUpdate
    fields = (
        "happened_on",
        "happened_on_precision",
        "status",
        "status_wording",
        "delivered_quantity",
        "summary",
    )
    formfield_overrides = SHORT_TEXTAREAS
    extra = 0
    # An update's own sources are cited on its own page.
    show_change_link = True


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ("title", "place", "category", "target", "status", "announced")
    list_filter = (
        "category",
        "status",
        PlaceCountryFilter,
        "announced_on_precision",
        ("announced_on", admin.EmptyFieldListFilter),
    )
    date_hierarchy = "announced_on"
    search_fields = (
        "title",
        "original_title",
        "summary",
        "status_wording",
        "unit_wording",
        "place__name",
        "place__local_name",
        "=dataset_key",
    )
    list_select_related = ("place",)
    autocomplete_fields = (
        "place",
        "resolution",
        "strategy",
        "partners",
        "overlaps",
        "outcome_of",
    )
    readonly_fields = RECORD_FIELDS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "place",
                    "title",
                    ("original_title", "original_language"),
                    "category",
                    "summary",
                )
            },
        ),
        (
            _("Target"),
            {
                "fields": (
                    ("target_min", "target_max"),
                    ("qualifier", "unit"),
                    ("period", "period_count"),
                    "unit_wording",
                )
            },
        ),
        (_("Status"), {"fields": ("status", "status_wording")}),
        (_("Dates"), {"fields": (("announced_on", "announced_on_precision"),)}),
        (
            _("Links"),
            {
                "fields": (
                    "resolution",
                    "strategy",
                    "partners",
                    "overlaps",
                    "outcome_of",
                )
            },
        ),
        RECORD_FIELDSET,
    )
    inlines = (PledgeUpdateInline, CitationInline)

    @admin.display(description=_("target"), ordering="target_min")
    def target(self, pledge):
        """The promise in one line: "up to 100–150 persons per year for 2 periods"."""
        if pledge.target_min is None:
            return None
        number = format_quantity(pledge.target_min)
        if pledge.is_range:
            number = f"{number}–{format_quantity(pledge.target_max)}"
        words = [number]
        if pledge.qualifier:
            words.insert(0, pledge.get_qualifier_display())
        if pledge.unit:
            words.append(pledge.get_unit_display())
        if pledge.period:
            words.append(pledge.get_period_display())
        if pledge.period_count:
            words.append(
                ngettext(
                    "for %(count)d period", "for %(count)d periods", pledge.period_count
                )
                % {"count": pledge.period_count}
            )
        return " ".join(str(word) for word in words)

    @admin.display(description=_("announced"), ordering="announced_on")
    def announced(self, pledge):
        return format_partial_date(pledge.announced)


class PledgeUpdateCountryFilter(CountryFilter):
    field_path = "pledge__place__country"


@admin.register(PledgeUpdate)
class PledgeUpdateAdmin(admin.ModelAdmin):
    list_display = ("pledge", "place", "happened", "status", "delivered")
    list_filter = ("status", PledgeUpdateCountryFilter, "happened_on_precision")
    date_hierarchy = "happened_on"
    search_fields = (
        "pledge__title",
        "pledge__place__name",
        "pledge__place__local_name",
        "status_wording",
        "summary",
        "=dataset_key",
    )
    list_select_related = ("pledge__place",)
    autocomplete_fields = ("pledge",)
    readonly_fields = RECORD_FIELDS
    fieldsets = (
        (None, {"fields": ("pledge", ("happened_on", "happened_on_precision"))}),
        (
            _("What happened"),
            {"fields": ("status", "status_wording", "delivered_quantity", "summary")},
        ),
        RECORD_FIELDSET,
    )
    inlines = (CitationInline,)

    @admin.display(description=_("place"), ordering="pledge__place__name")
    def place(self, update):
        return update.pledge.place

    @admin.display(description=_("date"), ordering="happened_on")
    def happened(self, update):
        return format_partial_date(update.happened)

    @admin.display(description=_("delivered"), ordering="delivered_quantity")
    def delivered(self, update):
        if update.delivered_quantity is None:
            return None
        unit = update.pledge.get_unit_display() if update.pledge.unit else ""
        return f"{format_quantity(update.delivered_quantity)} {unit}".strip()
