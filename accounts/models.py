"""Editor roles: network editors check and publish anything; city editors write for
the places an administrator assigned them.

The roles are Django groups (created by a data migration with their permissions); the
places of a city editor are PlaceAssignment rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NETWORK_EDITORS = "Network editors"
CITY_EDITORS = "City editors"


class PlaceAssignment(models.Model):
    """A city editor's right to write the records of one place."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="place_assignments",
        verbose_name=_("editor"),
    )
    place = models.ForeignKey(
        "cities.Place",
        on_delete=models.CASCADE,
        related_name="editor_assignments",
        verbose_name=_("place"),
        help_text=_("The editor sees, creates and changes only this place's records."),
    )
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        ordering = ["user__username", "place__name"]
        verbose_name = _("place assignment")
        verbose_name_plural = _("place assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "place"],
                name="placeassignment_once_per_user_and_place",
                violation_error_message=_(
                    "This editor is already assigned to this place."
                ),
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.place}"


def is_network_editor(user) -> bool:
    """Network editors and administrators see, review and publish every place."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Cached on the user object: the admin asks many times per request.
    if not hasattr(user, "_is_network_editor"):
        user._is_network_editor = user.groups.filter(name=NETWORK_EDITORS).exists()
    return user._is_network_editor


def assigned_place_ids(user) -> frozenset[int]:
    """The places a city editor may write; empty for anyone unassigned."""
    if not user.is_active or not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_assigned_place_ids"):
        user._assigned_place_ids = frozenset(
            PlaceAssignment.objects.filter(user=user).values_list("place_id", flat=True)
        )
    return user._assigned_place_ids


def network_editor_emails() -> list[str]:
    User = PlaceAssignment._meta.get_field("user").related_model
    return list(
        User.objects.filter(is_active=True, groups__name=NETWORK_EDITORS)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def city_editor_emails(place) -> list[str]:
    return list(
        PlaceAssignment.objects.filter(place=place, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
