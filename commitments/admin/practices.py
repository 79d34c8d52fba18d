from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import PlaceScopedAdmin
from commitments.admin.base import (
    RECORD_FIELDS,
    RECORD_FIELDSET,
    REVIEW_FIELDS,
    REVIEW_FIELDSET,
    CitationInline,
    PlaceCountryFilter,
    format_partial_date,
)
from commitments.admin.review import REVIEW_ACTIONS
from commitments.models import Practice


@admin.register(Practice)
class PracticeAdmin(PlaceScopedAdmin):
    list_display = ("title", "place", "started")
    list_filter = (PlaceCountryFilter, "since_precision")
    date_hierarchy = "since"
    search_fields = (
        "title",
        "summary",
        "place__name",
        "place__local_name",
        "=dataset_key",
    )
    list_select_related = ("place",)
    autocomplete_fields = ("place",)
    readonly_fields = (*RECORD_FIELDS, *REVIEW_FIELDS)
    actions = REVIEW_ACTIONS
    fieldsets = (
        (None, {"fields": ("place", "title", ("since", "since_precision"), "summary")}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    )
    inlines = (CitationInline,)

    @admin.display(description=_("since"), ordering="since")
    def started(self, practice):
        return format_partial_date(practice.started)
