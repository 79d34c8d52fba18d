"""The admin of places: city editors see and change only the places assigned to them.

It lives here rather than in `cities`, because the scoping by editors' roles comes from
`accounts`, which itself builds on `cities`.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import PlaceScopedAdmin
from cities.models import Place
from commitments.admin.base import HTTPS_URLS, RECORD_FIELDS, CountryFilter


@admin.register(Place)
class PlaceAdmin(PlaceScopedAdmin):
    # A city editor sees (and picks) only the places assigned to them.
    place_paths = ("",)
    list_display = ("name", "local_name", "kind", "country", "region", "population")
    list_filter = ("kind", CountryFilter)
    search_fields = ("name", "local_name", "slug", "region", "=dataset_key")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = RECORD_FIELDS
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "local_name",
                    "slug",
                    "kind",
                    ("country", "region"),
                    "website",
                    "source_url",
                )
            },
        ),
        (_("Population"), {"fields": (("population", "population_year"),)}),
        (
            _("Location"),
            {"fields": (("latitude", "longitude"), "geonames_id", "geo_source")},
        ),
        (_("Record"), {"classes": ["collapse"], "fields": RECORD_FIELDS}),
    )
