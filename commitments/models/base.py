from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from commitments.models.sources import Citation


class RecordedModel(models.Model):
    """Bookkeeping every fact shares: when it was written, which dataset row it is."""

    dataset_key = models.CharField(
        _("dataset key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Row of the bundled dataset this record was loaded from."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def dataset_key_unique(prefix: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["dataset_key"],
        condition=~Q(dataset_key=""),
        name=f"{prefix}_dataset_key_unique",
    )


class FactQuerySet(models.QuerySet):
    """Filters every fact about a place shares; public() is the one visibility rule."""

    def public(self):
        return self.all()

    def in_country(self, *codes: str):
        return self.filter(place__country__in=[code.upper() for code in codes])

    def for_place(self, place):
        return self.filter(place=place)

    def with_citations(self):
        """Each fact's citations with their sources, in one query for all rows."""
        return self.prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source"))
        )
