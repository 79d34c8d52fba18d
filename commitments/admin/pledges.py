from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin

from accounts.admin import PlaceScopedAdmin, ScopedChoicesMixin
from accounts.models import assigned_place_ids
from commitments.admin.base import (
    RECORD_FIELDS,
    RECORD_FIELDSET,
    REVIEW_FIELDS,
    REVIEW_FIELDSET,
    SHORT_TEXTAREAS,
    CitationInline,
    CountryFilter,
    PlaceCountryFilter,
    format_partial_date,
    format_quantity,
)
from commitments.admin.imports import (
    PledgeConfirmImportForm,
    PledgeImportForm,
    PledgeResource,
)
from commitments.admin.review import REVIEW_ACTIONS, verify_update
from commitments.models import Pledge, PledgeUpdate


class PledgeUpdateInline(ScopedChoicesMixin, admin.TabularInline):
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
class PledgeAdmin(ImportExportMixin, PlaceScopedAdmin):
    list_display = (
        "title",
        "place",
        "category",
        "target",
        "status",
        "announced",
        "review_state",
    )
    list_filter = (
        "review_state",
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
    readonly_fields = (*RECORD_FIELDS, *REVIEW_FIELDS, "add_update_link")
    actions = REVIEW_ACTIONS
    resource_classes = (PledgeResource,)
    import_form_class = PledgeImportForm
    confirm_form_class = PledgeConfirmImportForm
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
        (_("Status"), {"fields": ("status", "status_wording", "add_update_link")}),
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
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    )
    inlines = (PledgeUpdateInline, CitationInline)

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        # The resource checks each row's place against the importing editor's places.
        form = kwargs.get("form")
        state = None
        if form is not None and hasattr(form, "cleaned_data"):
            state = form.cleaned_data.get("review_state")
        return {
            **super().get_import_resource_kwargs(request, **kwargs),
            "place_ids": (
                assigned_place_ids(request.user) if self.is_scoped(request) else None
            ),
            "review_state": state if not self.is_scoped(request) else None,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["review_state"] = import_form.cleaned_data.get("review_state")
        return initial

    def get_import_form_kwargs(self, request):
        kwargs = super().get_import_form_kwargs(request)
        return {**kwargs, "may_publish": self.has_publish_permission(request)}

    def get_confirm_form_kwargs(self, request, import_form=None):
        kwargs = super().get_confirm_form_kwargs(request, import_form)
        return {**kwargs, "may_publish": self.has_publish_permission(request)}

    @admin.display(description=_("progress"))
    def add_update_link(self, pledge):
        if pledge.pk is None:
            return _("Save the pledge first, then add its progress updates.")
        url = reverse("admin:commitments_pledgeupdate_add")
        return format_html(
            '<a class="addlink" href="{}?pledge={}">{}</a>',
            url,
            pledge.pk,
            _("Add progress update"),
        )

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


# Set only by the "Verify progress update" action.
VERIFICATION_FIELDS = ("verified_by", "verified_at", "verification_remark")


class PledgeUpdateCountryFilter(CountryFilter):
    field_path = "pledge__place__country"


@admin.register(PledgeUpdate)
class PledgeUpdateAdmin(PlaceScopedAdmin):
    place_paths = ("pledge__place",)
    list_display = (
        "pledge",
        "place",
        "happened",
        "status",
        "delivered",
        "review_state",
        "verified",
    )
    list_filter = (
        "review_state",
        ("verified_at", admin.EmptyFieldListFilter),
        "status",
        PledgeUpdateCountryFilter,
        "happened_on_precision",
    )
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
    readonly_fields = (*RECORD_FIELDS, *REVIEW_FIELDS, *VERIFICATION_FIELDS)
    actions = (*REVIEW_ACTIONS, verify_update)
    fieldsets = (
        (None, {"fields": ("pledge", ("happened_on", "happened_on_precision"))}),
        (
            _("What happened, as the city reports it"),
            {"fields": ("status", "status_wording", "delivered_quantity", "summary")},
        ),
        (
            _("Verification by the editors"),
            {
                "fields": VERIFICATION_FIELDS,
                "description": _(
                    'Set with the action "Verify progress update" on the list.'
                ),
            },
        ),
        REVIEW_FIELDSET,
        RECORD_FIELDSET,
    )
    inlines = (CitationInline,)

    @admin.display(description=_("verified"), boolean=True, ordering="verified_at")
    def verified(self, update):
        return update.is_verified

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
