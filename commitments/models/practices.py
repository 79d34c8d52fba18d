from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models.base import FactQuerySet, RecordedModel, dataset_key_unique
from commitments.partial_dates import (
    DatePrecisionField,
    PartialDateAttribute,
    clean_partial_dates,
    partial_date_constraints,
)


class Practice(RecordedModel):
    """A good practice of a place, as its officials or others describe it."""

    place = models.ForeignKey(
        "cities.Place",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("place"),
    )
    title = models.CharField(_("title"), max_length=300)
    since = models.DateField(
        _("since"),
        null=True,
        blank=True,
        help_text=_("When the practice began, as far as the source says."),
    )
    since_precision = DatePrecisionField()
    summary = models.TextField(_("summary"), blank=True)

    started = PartialDateAttribute("since")

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["place__name", "title"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = [
            dataset_key_unique("practice"),
            *partial_date_constraints("since", "practice"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.place.get_absolute_url() + f"#practice-{self.pk}"

    def clean(self):
        clean_partial_dates(self, "since")
