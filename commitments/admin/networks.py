from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.admin import PlaceScopedAdmin
from commitments.admin.base import (
    HTTPS_URLS,
    RECORD_FIELDS,
    RECORD_FIELDSET,
    REVIEW_FIELDS,
    REVIEW_FIELDSET,
    TIMESTAMP_FIELDS,
    TIMESTAMP_FIELDSET,
    CitationInline,
    PlaceCountryFilter,
    format_partial_date,
)
from commitments.admin.review import REVIEW_ACTIONS
from commitments.models import Membership, Network


@admin.register(Network)
class NetworkAdmin(PlaceScopedAdmin):
    place_paths = None
    list_display = ("name", "short_name", "kind", "member_count")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = TIMESTAMP_FIELDS
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "slug",
                    "kind",
                    "description",
                    "website",
                )
            },
        ),
        TIMESTAMP_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, network):
        return network.member_count


@admin.register(Membership)
class MembershipAdmin(PlaceScopedAdmin):
    list_display = ("place", "network", "role", "joined", "left")
    list_filter = (
        "network",
        "role",
        PlaceCountryFilter,
        "joined_on_precision",
    )
    date_hierarchy = "joined_on"
    search_fields = (
        "place__name",
        "place__local_name",
        "network__name",
        "network__short_name",
        "role_wording",
        "note",
        "=dataset_key",
    )
    list_select_related = ("place", "network")
    autocomplete_fields = ("place", "network")
    readonly_fields = (*RECORD_FIELDS, *REVIEW_FIELDS)
    actions = REVIEW_ACTIONS
    fieldsets = (
        (None, {"fields": ("place", "network", "role", "role_wording")}),
        (
            _("Dates"),
            {
                "fields": (
                    ("joined_on", "joined_on_precision"),
                    ("left_on", "left_on_precision"),
                )
            },
        ),
        (None, {"fields": ("note",)}),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    )
    inlines = (CitationInline,)

    @admin.display(description=_("joined"), ordering="joined_on")
    def joined(self, membership):
        return format_partial_date(membership.joined)

    @admin.display(description=_("left"), ordering="left_on")
    def left(self, membership):
        return format_partial_date(membership.left)
