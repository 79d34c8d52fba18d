from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import PlaceScopedAdmin
from commitments.admin.base import (
    HTTPS_URLS,
    RECORD_FIELDS,
    RECORD_FIELDSET,
    REVIEW_FIELDS,
    REVIEW_FIELDSET,
    CitationInline,
    PlaceCountryFilter,
    format_partial_date,
)
from commitments.admin.review import REVIEW_ACTIONS
from commitments.models import Strategy


@admin.register(Strategy)
class StrategyAdmin(PlaceScopedAdmin):
    list_display = ("title", "place", "status", "years", "adopted")
    list_filter = ("status", PlaceCountryFilter, "year_start")
    search_fields = (
        "title",
        "original_title",
        "summary",
        "status_wording",
        "participants",
        "place__name",
        "place__local_name",
        "=dataset_key",
    )
    list_select_related = ("place",)
    autocomplete_fields = ("place", "replaces")
    readonly_fields = (*RECORD_FIELDS, *REVIEW_FIELDS)
    actions = REVIEW_ACTIONS
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "place",
                    "title",
                    ("original_title", "original_language"),
                    "summary",
                    "document_url",
                )
            },
        ),
        (_("Status"), {"fields": ("status", "status_wording")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("year_start", "year_end"),
                    ("adopted_on", "adopted_on_precision"),
                )
            },
        ),
        (_("Authorship and links"), {"fields": ("participants", "replaces")}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    )
    inlines = (CitationInline,)

    @admin.display(description=_("years"), ordering="year_start")
    def years(self, strategy):
        if strategy.year_start is None and strategy.year_end is None:
            return None
        return f"{strategy.year_start or '…'}–{strategy.year_end or ''}"

    @admin.display(description=_("adopted"), ordering="adopted_on")
    def adopted(self, strategy):
        return format_partial_date(strategy.adopted)
