from django.conf import settings
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.indexes import NullsOrderedIndex
from commitments.models.base import RecordedModel, ReviewState, dataset_key_unique
from commitments.models.sources import Citation
from commitments.models.statuses import PledgeStatus
from commitments.partial_dates import (
    DatePrecisionField,
    PartialDateAttribute,
    clean_partial_dates,
    partial_date_constraints,
)


class PledgeUpdateQuerySet(models.QuerySet):
    def public(self):
        """Published updates of published pledges."""
        return self.filter(
            review_state=ReviewState.PUBLISHED,
            pledge__review_state=ReviewState.PUBLISHED,
        )

    def chronological(self):
        return self.order_by(F("happened_on").asc(nulls_last=True), "id")

    def with_citations(self):
        return self.prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source"))
        )

    def latest(self):
        """Newest first, by the date of the event; undated updates last."""
        return self.select_related("pledge__place").order_by(
            F("happened_on").desc(nulls_last=True), "-id"
        )

    def newest_public(self, count: int):
        """public().latest()[:count]: the same rows in the same order."""
        if connections[self.db].vendor != "sqlite":
            return self.public().latest()[:count]
        # Given planner statistics, SQLite answers public()'s join of the pledges by
        # building a Bloom filter over every pledge before it reads the first update
        # (38 ms at 200,000 pledges, for ten rows). So it picks the ids first, from the
        # updates' newest-first index alone, asking pledge by pledge whether it is
        # published, and joins only the rows picked. PostgreSQL keeps the join: it
        # reads that index anyway, and the detour would cost it half a millisecond.
        return self.filter(pk__in=self._newest_public_ids(count)).latest()

    def _newest_public_ids(self, count: int):
        # public()'s rule, the pledge's half asked with EXISTS instead of a join. The
        # pledge model through the foreign key, so that this module need not import
        # the pledges module built on it.
        pledges = self.model._meta.get_field("pledge").related_model
        published_pledge = pledges.objects.public().filter(pk=OuterRef("pledge_id"))
        return (
            self.filter(review_state=ReviewState.PUBLISHED)
            .filter(Exists(published_pledge))
            .latest()
            .values("pk")[:count]
        )


class PledgeUpdate(RecordedModel):
    """A dated event in a pledge's life: a decision, a refusal, people received."""

    pledge = models.ForeignKey(
        "commitments.Pledge",
        on_delete=models.PROTECT,
        related_name="updates",
        verbose_name=_("pledge"),
    )
    happened_on = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Date of the event itself (the refusal, the arrival)."),
    )
    happened_on_precision = DatePrecisionField()
    status = models.CharField(
        _("status after this event"),
        max_length=32,
        choices=PledgeStatus.choices,
    )
    status_wording = models.CharField(
        _("status as the source words it"), max_length=300, blank=True
    )
    delivered_quantity = models.DecimalField(
        _("delivered"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "How much of the pledge was delivered by this date, in the pledge's unit. "
            "Leave empty when the source gives no figure."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    # The status above is what the city (or the source) reports; an editor's check of
    # it is recorded apart, so the public pages can say which is which.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_remark = models.TextField(
        _("verification remark"),
        blank=True,
        help_text=_("What the editor checked, and against which source."),
    )

    happened = PartialDateAttribute("happened_on")

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    objects = PledgeUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["pledge", "happened_on"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [
            # The newest updates first (the home page, the feeds), and each
            # pledge's latest update with a figure (what it delivered), read from
            # the index instead of sorting a million rows.
            NullsOrderedIndex(
                F("happened_on").desc(nulls_last=True),
                F("id").desc(),
                name="update_newest_first",
            ),
            NullsOrderedIndex(
                "pledge",
                F("happened_on").desc(nulls_last=True),
                F("id").desc(),
                name="update_pledge_newest_first",
            ),
        ]
        constraints = [
            dataset_key_unique("pledgeupdate"),
            *partial_date_constraints("happened_on", "pledgeupdate"),
            models.CheckConstraint(
                condition=Q(delivered_quantity__isnull=True)
                | Q(delivered_quantity__gte=0),
                name="pledgeupdate_delivered_not_negative",
                violation_error_message=_("A delivered quantity cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.pledge} ({self.happened or '—'})"

    def clean(self):
        clean_partial_dates(self, "happened_on")

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None
