from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.admin import PlaceScopedAdmin
from cities.models import Place

# The project has no admin module of its own; the first app in INSTALLED_APPS names
# the site once for everyone.
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
