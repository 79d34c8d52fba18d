from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models.base import FactQuerySet, RecordedModel, dataset_key_unique
from commitments.models.pledges import Pledge
from commitments.partial_dates import (
    DatePrecisionField,
    PartialDateAttribute,
    clean_partial_dates,
    partial_date_constraints,
)


class StrategyStatus(models.TextChoices):
    DRAFTING = "drafting", _("drafting")
    CONSULTATION = "consultation", _("in consultation")
    ADOPTED = "adopted", _("adopted")
    IN_IMPLEMENTATION = "in_implementation", _("in implementation")
    COMPLETED = "completed", _("completed")
    SUPERSEDED = "superseded", _("superseded")


class StrategyQuerySet(FactQuerySet):
    def chronological(self):
        return self.order_by(F("year_start").asc(nulls_last=True), "title")

    def adopted(self):
        """Versions adopted and not superseded: in force, being implemented or done."""
        return self.filter(
            status__in=[
                StrategyStatus.ADOPTED,
                StrategyStatus.IN_IMPLEMENTATION,
                StrategyStatus.COMPLETED,
            ]
        )

    def overlapping_years(self, year_from: int | None, year_to: int | None):
        """Strategies whose period year_start..year_end overlaps the years.

        A missing end means the plan is open-ended, a missing start that its first
        year is unknown; a strategy with neither year matches no year filter.
        """
        condition = Q(year_start__isnull=False) | Q(year_end__isnull=False)
        if year_from is not None:
            condition &= Q(year_end__isnull=True) | Q(year_end__gte=year_from)
        if year_to is not None:
            condition &= Q(year_start__isnull=True) | Q(year_start__lte=year_to)
        return self.filter(condition)

    def for_list(self):
        """The explorer's rows with their places, in a stable order."""
        return self.select_related("place").order_by(
            "place__name", F("year_start").asc(nulls_last=True), "pk"
        )

    def in_force_or_done(self):
        return self.filter(
            status__in=[
                StrategyStatus.ADOPTED,
                StrategyStatus.IN_IMPLEMENTATION,
                StrategyStatus.COMPLETED,
                StrategyStatus.SUPERSEDED,
            ]
        )

    def for_profile(self):
        """Each strategy with the version it replaces, those replacing it, sources."""
        return (
            self.with_citations()
            .select_related("replaces")
            .prefetch_related(
                Prefetch(
                    "replaced_by",
                    queryset=self.model.objects.public().chronological(),
                )
            )
        )

    def for_detail(self):
        return (
            self.for_profile()
            .select_related("place")
            .prefetch_related(
                Prefetch("pledges", queryset=Pledge.objects.public().chronological())
            )
        )


class Strategy(RecordedModel):
    """An integration or migration plan of a place, in one version."""

    place = models.ForeignKey(
        "cities.Place",
        on_delete=models.PROTECT,
        related_name="strategies",
        verbose_name=_("place"),
    )
    title = models.CharField(_("title"), max_length=300)
    original_title = models.CharField(_("original title"), max_length=300, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=12, blank=True
    )
    status = models.CharField(
        _("status"), max_length=32, choices=StrategyStatus.choices
    )
    status_wording = models.CharField(
        _("status as the source words it"),
        max_length=300,
        blank=True,
        help_text=_('The source\'s own words, e.g. "draft approved for consultation".'),
    )
    year_start = models.PositiveSmallIntegerField(
        _("first year"),
        null=True,
        blank=True,
        help_text=_("First year of the plan's period, or the year it was adopted."),
    )
    year_end = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, help_text=_("Last year it covers.")
    )
    adopted_on = models.DateField(
        _("adopted"),
        null=True,
        blank=True,
        help_text=_("Date the council or executive adopted this version."),
    )
    adopted_on_precision = DatePrecisionField()
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
        help_text=_("The earlier version of the place's plan that this one replaces."),
    )
    participants = models.TextField(
        _("who took part"),
        blank=True,
        help_text=_(
            "Who took part in writing it: departments, NGOs, volunteers, migrant "
            "organisations, experts, young people..."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    document_url = models.URLField(_("document"), max_length=500, blank=True)

    adopted = PartialDateAttribute("adopted_on")

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    objects = StrategyQuerySet.as_manager()

    class Meta:
        ordering = ["place__name", "year_start"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            dataset_key_unique("strategy"),
            *partial_date_constraints("adopted_on", "strategy"),
            models.CheckConstraint(
                condition=Q(year_start__isnull=True)
                | Q(year_end__isnull=True)
                | Q(year_start__lte=F("year_end")),
                name="strategy_period_in_order",
                violation_error_message=_(
                    "The last year must not be before the first year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(replaces=F("id")),
                name="strategy_not_replacing_itself",
                violation_error_message=_("A strategy cannot replace itself."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:strategy-detail", kwargs={"pk": self.pk})

    def clean(self):
        clean_partial_dates(self, "adopted_on")
