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
from commitments.models import Resolution


@admin.register(Resolution)
class ResolutionAdmin(PlaceScopedAdmin):
    list_display = (
        "title",
        "place",
        "kind",
        "adopted",
        "adopting_body",
        "reference_number",
    )
    list_filter = ("kind", PlaceCountryFilter, "adopted_on_precision")
    date_hierarchy = "adopted_on"
    search_fields = (
        "title",
        "original_title",
        "summary",
        "reference_number",
        "adopting_body",
        "vote_note",
        "place__name",
        "place__local_name",
        "=dataset_key",
    )
    list_select_related = ("place",)
    autocomplete_fields = ("place", "co_signatories", "repeals")
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
                    "kind",
                    "summary",
                    "text_url",
                )
            },
        ),
        (
            _("Decision"),
            {
                "fields": (
                    ("adopted_on", "adopted_on_precision"),
                    "adopting_body",
                    "reference_number",
                )
            },
        ),
        (
            _("Vote"),
            {"fields": (("votes_for", "votes_against", "abstentions"), "vote_note")},
        ),
        (_("Links"), {"fields": ("co_signatories", "repeals")}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    )
    inlines = (CitationInline,)

    @admin.display(description=_("date"), ordering="adopted_on")
    def adopted(self, resolution):
        return format_partial_date(resolution.adopted)
