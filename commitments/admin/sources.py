from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from accounts.admin import LOCKED_STATES, PlaceScopedAdmin
from commitments.admin.base import (
    HTTPS_URLS,
    TIMESTAMP_FIELDS,
    TIMESTAMP_FIELDSET,
    format_partial_date,
)
from commitments.models import Citation, Source
from commitments.models.sources import CITED_FACTS

# From a citation to the place of the fact it backs.
CITATION_PLACE_PATHS = tuple(
    f"{fact}__pledge__place" if fact == "update" else f"{fact}__place"
    for fact in CITED_FACTS
)


@admin.register(Source)
class SourceAdmin(PlaceScopedAdmin):
    # A city editor sees the sources their places' facts cite, and those they added.
    place_paths = tuple(f"citations__{path}" for path in CITATION_PLACE_PATHS)
    list_display = ("__str__", "link", "publisher", "language", "published", "cited")
    list_filter = ("language", "published_on_precision")
    date_hierarchy = "published_on"
    search_fields = ("url", "title", "publisher")
    readonly_fields = TIMESTAMP_FIELDS
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "url",
                    "title",
                    "publisher",
                    "language",
                    ("published_on", "published_on_precision"),
                )
            },
        ),
        TIMESTAMP_FIELDSET,
    )

    def get_queryset(self, request):
        # A grouped query drops the model's default ordering; autocomplete pages need
        # one.
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=Count("citations"))
            .order_by("url")
        )

    def scope_condition(self, request):
        added = Source.history.filter(history_type="+", history_user=request.user)
        return super().scope_condition(request) | Q(pk__in=added.values("id"))

    def in_scope(self, request, obj):
        # A source being added belongs to no place yet: every editor may add one.
        if obj is not None and obj.pk is None:
            return True
        return super().in_scope(request, obj)

    @admin.display(description=_("address"), ordering="url")
    def link(self, source):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
            source.url,
            Truncator(source.url).chars(60),
        )

    @admin.display(description=_("published"), ordering="published_on")
    def published(self, source):
        return format_partial_date(source.published)

    @admin.display(description=_("citations"), ordering="citation_count")
    def cited(self, source):
        return source.citation_count


class CitedFactFilter(admin.SimpleListFilter):
    title = _("cites")
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return [
            (fact, capfirst(Citation._meta.get_field(fact).verbose_name))
            for fact in CITED_FACTS
        ]

    def queryset(self, request, queryset):
        if self.value() in CITED_FACTS:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Citation)
class CitationAdmin(PlaceScopedAdmin):
    place_paths = CITATION_PLACE_PATHS
    list_display = ("source", "short_quote", "cited_fact")
    list_filter = (CitedFactFilter,)
    search_fields = ("quote", "source__url", "source__title")
    list_select_related = (
        "source",
        "membership__place",
        "membership__network",
        "resolution",
        "strategy",
        "pledge",
        "update__pledge",
        "practice",
    )
    autocomplete_fields = ("source", *CITED_FACTS)
    fieldsets = (
        (None, {"fields": ("source", "quote")}),
        (
            _("Cited fact"),
            {
                "description": _(
                    "Choose exactly one. It is usually quicker to add the citation on "
                    "the fact's own page."
                ),
                "fields": CITED_FACTS,
            },
        ),
    )

    def is_locked(self, request, obj):
        """A citation is as locked as the fact it backs."""
        if obj is None or not self.is_scoped(request):
            return False
        for name in CITED_FACTS:
            if getattr(obj, f"{name}_id") is not None:
                fact = getattr(obj, name)
                return fact.review_state in LOCKED_STATES
        return False

    @admin.display(description=_("quote"))
    def short_quote(self, citation):
        return Truncator(citation.quote).chars(80)

    @admin.display(description=_("cites"))
    def cited_fact(self, citation):
        for name in CITED_FACTS:
            fact = getattr(citation, name)
            if fact is not None:
                meta = fact._meta
                url = reverse(
                    f"admin:{meta.app_label}_{meta.model_name}_change", args=[fact.pk]
                )
                return format_html(
                    '{}: <a href="{}">{}</a>', capfirst(meta.verbose_name), url, fact
                )
        return None
