from django.conf import settings
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.models import Place
from commitments.models import Network, Pledge, Resolution, Strategy


class RecordKind(models.TextChoices):
    PLACE = "place", _("place")
    NETWORK = "network", _("network")
    RESOLUTION = "resolution", _("resolution")
    STRATEGY = "strategy", _("strategy")
    PLEDGE = "pledge", _("pledge")


MODELS = {
    RecordKind.PLACE: Place,
    RecordKind.NETWORK: Network,
    RecordKind.RESOLUTION: Resolution,
    RecordKind.STRATEGY: Strategy,
    RecordKind.PLEDGE: Pledge,
}


def _public_records(kind: str) -> models.QuerySet:
    """The records of `kind` a reader may see, so a suggestion names only those."""
    querysets = {
        RecordKind.PLACE: Place.objects.public,
        # Networks are not facts with a review state: every network has its page.
        RecordKind.NETWORK: Network.objects.all,
        RecordKind.RESOLUTION: Resolution.objects.public,
        RecordKind.STRATEGY: Strategy.objects.public,
        RecordKind.PLEDGE: Pledge.objects.public,
    }
    return querysets[kind]()


def place_of(record: models.Model) -> Place | None:
    """The place a record is about: itself, its `place`, or none for a network."""
    if isinstance(record, Place):
        return record
    return getattr(record, "place", None)


def find_public_record(reference: str) -> tuple[str, models.Model]:
    """The public record named by `reference` ("pledge:42"), or Http404."""
    kind, _sep, pk = (reference or "").partition(":")
    # isdigit() alone would let "²" through to int().
    if kind not in RecordKind.values or not (pk.isascii() and pk.isdigit()):
        raise Http404(_("No such record."))
    try:
        return kind, _public_records(kind).get(pk=int(pk))
    except models.ObjectDoesNotExist as error:
        raise Http404(_("No such record.")) from error


class CorrectionState(models.TextChoices):
    NEW = "new", _("new")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class CorrectionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=CorrectionState.NEW)

    def about_places(self, place_ids):
        return self.filter(place__in=place_ids)


class Correction(models.Model):
    """A reader's suggestion to correct a public record; editors act on it by hand."""

    record_kind = models.CharField(
        _("kind of record"), max_length=16, choices=RecordKind.choices
    )
    record_id = models.PositiveBigIntegerField(_("record id"))
    place = models.ForeignKey(
        "cities.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
        help_text=_(
            "The place the record is about; its city editors see the suggestion. "
            "Empty for a network."
        ),
    )
    record_title = models.CharField(
        _("record title"),
        max_length=300,
        help_text=_("The record's title when the suggestion was sent."),
    )
    message = models.TextField(_("message"))
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("A page the reader says proves the correction. Check it first."),
    )
    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Only to ask the reader back; never publish it."),
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=CorrectionState.choices,
        default=CorrectionState.NEW,
        help_text=_(
            "Accepting does not change the record: edit the record itself, then "
            "mark the suggestion accepted."
        ),
    )
    editor_note = models.TextField(
        _("editor's note"),
        blank=True,
        help_text=_("What was done and why, for the other editors."),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suggested correction")
        verbose_name_plural = _("suggested corrections")
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.get_record_kind_display()}: {self.record_title}"

    def get_admin_url(self) -> str:
        return reverse("admin:corrections_correction_change", args=[self.pk])

    def record_admin_url(self) -> str:
        """The record's page in the admin, where an editor corrects it."""
        meta = MODELS[self.record_kind]._meta
        return reverse(
            f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.record_id]
        )

    def record_url(self) -> str | None:
        """The record's public page, or None once it is gone or no longer public."""
        record = _public_records(self.record_kind).filter(pk=self.record_id).first()
        return record.get_absolute_url() if record else None
