"""Editor roles in the admin: place assignments, and the one mixin that scopes every
admin of a place-bound model to the places of a city editor.

Network editors and administrators see everything. A city editor sees, picks, changes,
deletes, imports and restores only records whose place is one of theirs, by every route
the admin offers: lists, change and history pages, foreign-key choices (which the
autocomplete view takes from the related model's admin), bulk actions and imports.
"""

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Max, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from accounts.forms import LoginForm
from accounts.models import PlaceAssignment, assigned_place_ids, is_network_editor

admin.site.login_form = LoginForm

# States a city editor may still change; submitted and published records are the
# editors' until returned.
LOCKED_STATES = ("submitted", "published")


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices come from the related model's admin, so
    a city editor can pick (and the form accepts) only records of their places.

    Used by inlines too, which have no scope of their own.
    """

    def get_field_queryset(self, db, db_field, request):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if isinstance(related_admin, PlaceScopedAdmin) and related_admin.is_scoped(
            request
        ):
            return related_admin.get_queryset(request)
        return super().get_field_queryset(db, db_field, request)


class PlaceScopedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """The admin base of every content model, with its history.

    `place_paths` are the lookups from the model to the place a record is about; a
    record is in a city editor's scope when any of them leads to one of their places.
    "" is the place itself; None marks a model that is not about one place (networks),
    which every editor with the model permission sees.
    """

    place_paths: tuple[str, ...] | None = ("place",)
    change_list_template = "admin/scoped_change_list.html"

    # --- who is scoped -------------------------------------------------------

    def is_scoped(self, request) -> bool:
        return self.place_paths is not None and not is_network_editor(request.user)

    def scope_condition(self, request) -> Q:
        """Rows a city editor may see; empty for an editor with no place."""
        place_ids = assigned_place_ids(request.user)
        condition = Q(pk__in=[])
        for place_path in self.place_paths:
            lookup = f"{place_path}__in" if place_path else "pk__in"
            condition |= Q(**{lookup: place_ids})
        return condition

    def scoped(self, request, queryset):
        if not self.is_scoped(request):
            return queryset
        # A subquery, so paths across reverse relations cannot duplicate rows.
        allowed = self.model._default_manager.filter(self.scope_condition(request))
        return queryset.filter(pk__in=allowed.values("pk"))

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    def in_scope(self, request, obj) -> bool:
        """Whether a record, live or deleted (seen through its history), is theirs."""
        if obj is None or not self.is_scoped(request):
            return True
        manager = self.model._default_manager
        if obj.pk is not None and manager.filter(pk=obj.pk).exists():
            return self.scoped(request, manager.filter(pk=obj.pk)).exists()
        return self.deleted_in_scope(request, obj)

    def deleted_in_scope(self, request, obj) -> bool:
        """A deleted record has no rows to join: follow its foreign keys instead."""
        return self.points_into_scope(request, obj) is True

    def points_into_scope(self, request, obj) -> bool | None:
        """Whether the record's own foreign keys lead to one of their places.

        None when no path starts with a foreign key of the model (sources, which are
        reached from the facts citing them).
        """
        place_ids = assigned_place_ids(request.user)
        answer = None
        for place_path in self.place_paths:
            if not place_path:
                if obj.pk in place_ids:
                    return True
                answer = False
                continue
            first, _sep, rest = place_path.partition("__")
            try:
                field = self.model._meta.get_field(first)
            except FieldDoesNotExist:
                continue
            if not (field.many_to_one and field.concrete):
                continue
            answer = False
            value = getattr(obj, field.attname)
            if value is None:
                continue
            if not rest:
                if value in place_ids:
                    return True
            elif (
                field.related_model._default_manager.filter(
                    pk=value, **{f"{rest}__in": place_ids}
                )
                .only("pk")
                .exists()
            ):
                return True
        return answer

    def is_locked(self, request, obj) -> bool:
        """A city editor cannot change what is under review or published."""
        return (
            obj is not None
            and self.is_scoped(request)
            and getattr(obj, "review_state", None) in LOCKED_STATES
        )

    # --- permissions per object ---------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.is_scoped(request):
            # Another place's record and a missing one look the same: not found.
            raise Http404(_("No such record among your places."))
        return obj

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return (
            super().has_change_permission(request, obj)
            and self.in_scope(request, obj)
            and not self.is_locked(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            super().has_delete_permission(request, obj)
            and self.in_scope(request, obj)
            and not self.is_locked(request, obj)
        )

    def has_publish_permission(self, request) -> bool:
        return is_network_editor(request.user)

    # --- saving --------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # Checked here as well as on the form: a revert from the history page posts
        # an old version, which may belong elsewhere or have been published since.
        if self.is_scoped(request):
            current = self.model._default_manager.filter(pk=obj.pk).first()
            if change:
                allowed = self.has_change_permission(request, current or obj)
            else:
                allowed = self.has_add_permission(request)
            # The record as saved must point to their places too, not only as stored.
            points = self.points_into_scope(request, obj)
            if not (allowed and self.in_scope(request, obj)) or points is False:
                raise PermissionDenied
            # A city's save is a draft again; the editors review it once submitted.
            if hasattr(obj, "review_state"):
                obj.review_state = "draft"
        super().save_model(request, obj, form, change)

    # --- restoring deleted records ------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.recover_deleted_view),
                name=f"{opts.app_label}_{opts.model_name}_recover_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_records(self, request):
        """The last history entry of each deleted record the user may restore."""
        history = self.model.history
        live = self.model._default_manager.values("pk")
        last = (
            history.filter(history_type="-")
            .exclude(**{f"{self.model._meta.pk.attname}__in": live})
            .values(self.model._meta.pk.attname)
            .annotate(last_id=Max("history_id"))
            .values("last_id")
        )
        records = history.filter(history_id__in=last).select_related("history_user")
        return [
            record
            for record in records.order_by("-history_date")
            if self.in_scope(request, record.instance)
        ]

    def recover_deleted_view(self, request):
        if not (self.has_add_permission(request) and self.has_view_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Restore deleted %(name)s") % {"name": opts.verbose_name_plural},
            "opts": opts,
            "records": self.deleted_records(request),
            "revert_url_name": f"admin:{opts.app_label}_{opts.model_name}"
            "_simple_history",
        }
        return TemplateResponse(request, "admin/recover_deleted.html", context)

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        extra_context = extra_context or {}
        if self.has_add_permission(request):
            extra_context["recover_deleted_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_recover_deleted"
            )
        return super().changelist_view(request, extra_context)

    def message_refused(self, request, count: int) -> None:
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record was left out: the step does not apply to it.",
                    "%(count)d records were left out: the step does not apply to them.",
                    count,
                )
                % {"count": count},
                messages.WARNING,
            )


@admin.register(PlaceAssignment)
class PlaceAssignmentAdmin(admin.ModelAdmin):
    """Only administrators assign places: an editor cannot grant themselves rights."""

    list_display = ("user", "place", "created_at")
    list_filter = ("place__country",)
    search_fields = ("user__username", "user__email", "place__name")
    list_select_related = ("user", "place")
    autocomplete_fields = ("user", "place")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
