from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import assigned_place_ids, is_network_editor
from corrections.models import Correction


def may_review(user) -> bool:
    """Network editors and administrators review suggestions and mark them done."""
    return user.is_authenticated and user.is_staff and is_network_editor(user)


def may_read(user) -> bool:
    """City editors read the suggestions about their places, to correct their drafts."""
    return may_review(user) or (
        user.is_authenticated and user.is_staff and bool(assigned_place_ids(user))
    )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """The review queue: readers' suggestions, never applied to a record by itself."""

    list_display = (
        "created_at",
        "record_kind",
        "record_link",
        "place",
        "excerpt",
        "state",
    )
    list_filter = ("state", "record_kind", "created_at")
    search_fields = (
        "record_title",
        "place__name",
        "message",
        "source_url",
        "email",
        "editor_note",
    )
    list_select_related = ("handled_by", "place")
    date_hierarchy = "created_at"
    fields = (
        "record_kind",
        "record_links",
        "place",
        "message",
        "source_url_link",
        "email",
        "created_at",
        "state",
        "editor_note",
        "handled_by",
        "handled_at",
    )
    readonly_fields = (
        "record_kind",
        "record_links",
        "place",
        "message",
        "source_url_link",
        "email",
        "created_at",
        "handled_by",
        "handled_at",
    )

    @admin.display(description=_("record"), ordering="record_title")
    def record_link(self, correction):
        return format_html(
            '<a href="{}">{}</a>',
            correction.record_admin_url(),
            correction.record_title,
        )

    @admin.display(description=_("record"))
    def record_links(self, correction):
        public_url = correction.record_url()
        if public_url is None:
            return format_html(
                '<a href="{}">{}</a> ({})',
                correction.record_admin_url(),
                correction.record_title,
                _("no longer public"),
            )
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            correction.record_admin_url(),
            correction.record_title,
            public_url,
            _("public page"),
        )

    @admin.display(description=_("source"))
    def source_url_link(self, correction):
        if not correction.source_url:
            return None
        # A reader typed this address: shown as a link, never followed automatically.
        return format_html(
            '<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>',
            correction.source_url,
        )

    @admin.display(description=_("message"))
    def excerpt(self, correction):
        text = correction.message
        return text if len(text) <= 80 else f"{text[:79]}…"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if may_review(request.user):
            return queryset
        return queryset.about_places(assigned_place_ids(request.user))

    def has_module_permission(self, request):
        return may_read(request.user)

    def has_view_permission(self, request, obj=None):
        if may_review(request.user):
            return True
        if obj is None:
            return may_read(request.user)
        return obj.place_id in assigned_place_ids(request.user)

    def has_change_permission(self, request, obj=None):
        return may_review(request.user)

    def has_add_permission(self, request):
        # Suggestions come from readers only, through the public form.
        return False

    def has_delete_permission(self, request, obj=None):
        # Spam is rejected, not deleted, except by an administrator.
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if "state" in form.changed_data:
            obj.handled_by = request.user
            obj.handled_at = timezone.now()
        super().save_model(request, obj, form, change)
