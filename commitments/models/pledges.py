import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import DecimalField, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.models.base import FactQuerySet, RecordedModel, dataset_key_unique
from commitments.models.statuses import PledgeStatus
from commitments.models.updates import PledgeUpdate
from commitments.partial_dates import (
    DatePrecisionField,
    PartialDateAttribute,
    clean_partial_dates,
    in_years,
    partial_date_constraints,
)


class PledgeCategory(models.TextChoices):
    ADDITIONAL_RECEPTION = "additional_reception", _("additional reception")
    RELOCATION_OFFER = "relocation_offer", _("relocation offer")
    TEMPORARY_RECEPTION = "temporary_reception", _("temporary reception")
    FEDERAL_PROGRAMME_SHARE = (
        "federal_programme_share",
        _("share of a national or state scheme"),
    )
    RECEPTION_REPORTED = "reception_reported", _("reception reported (outcome)")
    SEA_RESCUE_FUNDING = "sea_rescue_funding", _("sea-rescue funding")
    INTEGRATION_FUNDING = "integration_funding", _("integration funding")
    RECEPTION_FUNDING = "reception_funding", _("reception funding")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("technical assistance")


# Not a place's own additional promise: totals of promises leave these out.
NATIONAL_SCHEME_CATEGORIES = (PledgeCategory.FEDERAL_PROGRAMME_SHARE,)
OUTCOME_CATEGORIES = (PledgeCategory.RECEPTION_REPORTED,)


class Unit(models.TextChoices):
    PERSONS = "persons", _("persons")
    UNACCOMPANIED_MINORS = "unaccompanied_minors", _("unaccompanied minors")
    CHILDREN = "children", _("children")
    FAMILIES = "families", _("families")
    HOUSEHOLDS = "households", _("households")
    PLACES = "places", _("reception places")
    BEDS = "beds", _("beds")
    DWELLINGS = "dwellings", _("dwellings")
    NIGHTS = "nights", _("nights of accommodation")
    EUR = "EUR", _("euros")
    CZK = "CZK", _("Czech korunas")
    PLN = "PLN", _("Polish złotys")
    RON = "RON", _("Romanian lei")
    VISITS = "visits", _("visits")
    AGREEMENTS = "agreements", _("agreements")
    SHARE = "share", _("share of a quota (%)")


MONEY_UNITS = (Unit.EUR, Unit.CZK, Unit.PLN, Unit.RON)


class Period(models.TextChoices):
    ONCE = "", _("once")
    PER_DAY = "per_day", _("per day")
    PER_MONTH = "per_month", _("per month")
    PER_YEAR = "per_year", _("per year")


class Qualifier(models.TextChoices):
    EXACT = "", _("exactly")
    UP_TO = "up_to", _("up to")
    APPROXIMATELY = "approximately", _("approximately")
    AT_LEAST = "at_least", _("at least")
    MORE_THAN = "more_than", _("more than")


def _months_before(day: date, months: int) -> date:
    """The same day `months` months earlier, or that month's last day if shorter."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class PledgeQuerySet(FactQuerySet):
    def chronological(self):
        return self.order_by(F("announced_on").asc(nulls_last=True), "title")

    def promises(self):
        """What places promised, leaving out reported outcomes."""
        return self.exclude(category__in=OUTCOME_CATEGORIES)

    def outcomes(self):
        return self.filter(category__in=OUTCOME_CATEGORIES)

    def own_promises(self):
        """A place's own additional promises: no outcomes, no national-scheme shares."""
        return self.promises().exclude(category__in=NATIONAL_SCHEME_CATEGORIES)

    def countable(self):
        """Pledges that totals may add: one that restates another is left out."""
        return self.filter(overlaps__isnull=True)

    def for_profile(self):
        """Each pledge with its sources and its progress updates with theirs."""
        updates = PledgeUpdate.objects.public().chronological().with_citations()
        return self.with_citations().prefetch_related(
            Prefetch("updates", queryset=updates)
        )

    def for_detail(self):
        return self.for_profile().select_related("place", "resolution", "strategy")

    def for_list(self):
        """The explorer's rows with their places, in a stable order."""
        return self.select_related("place").order_by(
            "place__name", F("announced_on").asc(nulls_last=True), "pk"
        )

    def with_status(self, *statuses: str):
        return self.filter(status__in=statuses)

    def with_numeric_target(self):
        return self.filter(target_min__isnull=False)

    def without_numeric_target(self):
        return self.filter(target_min__isnull=True)

    def announced_in_years(self, year_from: int | None, year_to: int | None):
        """Announced within the years; "by 2022" is no later than 2022, never 2022."""
        return self.filter(in_years("announced_on", year_from, year_to))

    def stale(self, months: int, *, today: date | None = None):
        """Pledges with no news for more than `months` months before `today`.

        The news is the latest dated public update, or else the announcement; a
        pledge with neither date counts as stale, since nothing shows it is current.
        """
        today = today or timezone.localdate()
        latest_update = (
            PledgeUpdate.objects.public()
            .filter(pledge=OuterRef("pk"), happened_on__isnull=False)
            .order_by("-happened_on")
            .values("happened_on")[:1]
        )
        cutoff = _months_before(today, months)
        return self.alias(
            last_news=Coalesce(Subquery(latest_update), "announced_on")
        ).filter(Q(last_news__isnull=True) | Q(last_news__lt=cutoff))

    def with_delivered(self):
        """Each pledge's delivered quantity, in its own unit, as two annotations.

        `delivered_per_updates`: the figure of its latest public progress update that
        gives one. `delivered`: that figure, or else the sum of the public reported
        outcomes linked to it by `outcome_of`. None when neither says anything.
        """
        latest_figure = (
            PledgeUpdate.objects.public()
            .filter(pledge=OuterRef("pk"), delivered_quantity__isnull=False)
            .order_by(F("happened_on").desc(nulls_last=True), "-id")
            .values("delivered_quantity")[:1]
        )
        linked_outcomes = (
            self.model.objects.public()
            .filter(outcome_of=OuterRef("pk"))
            .values("outcome_of")
            .annotate(total=Sum("target_min"))
            .values("total")
        )
        figure = DecimalField(max_digits=14, decimal_places=2)
        return self.annotate(
            delivered_per_updates=Subquery(latest_figure, output_field=figure),
            delivered=Coalesce(
                Subquery(latest_figure, output_field=figure),
                Subquery(linked_outcomes, output_field=figure),
                output_field=figure,
            ),
        )


class Pledge(RecordedModel):
    """What a place promised, or, for the outcome category, reported it delivered."""

    place = models.ForeignKey(
        "cities.Place",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("place"),
    )
    title = models.CharField(_("title"), max_length=300)
    original_title = models.CharField(_("original title"), max_length=300, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=12, blank=True
    )
    category = models.CharField(
        _("category"),
        max_length=32,
        choices=PledgeCategory.choices,
        help_text=_(
            "A share of a national scheme is not the place's own promise; a reported "
            "reception is an outcome, not a promise."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    target_min = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            'The number promised; for a range ("200-300") its lower end. Leave empty '
            "when no number was stated."
        ),
    )
    target_max = models.DecimalField(
        _("target (upper end)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only for a range: its upper end. Leave empty for one number."),
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=16, choices=Qualifier.choices, blank=True
    )
    unit = models.CharField(_("unit"), max_length=32, choices=Unit.choices, blank=True)
    period = models.CharField(
        _("period"), max_length=16, choices=Period.choices, blank=True
    )
    period_count = models.PositiveSmallIntegerField(
        _("number of periods"),
        null=True,
        blank=True,
        help_text=_('For "per year for 2 years", enter 2. Empty if open-ended.'),
    )
    unit_wording = models.CharField(
        _("unit as the source words it"),
        max_length=300,
        blank=True,
        help_text=_('The source\'s own words, e.g. "persons (up to)".'),
    )
    announced_on = models.DateField(
        _("announced"),
        null=True,
        blank=True,
        help_text=_("Date the promise was first made public or decided."),
    )
    announced_on_precision = DatePrecisionField()
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=PledgeStatus.choices,
        default=PledgeStatus.NOT_ASSESSED,
    )
    status_wording = models.CharField(
        _("status as the source words it"),
        max_length=300,
        blank=True,
        help_text=_('The source\'s own words, e.g. "offered; needs federal consent".'),
    )
    resolution = models.ForeignKey(
        "commitments.Resolution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("rests on resolution"),
    )
    strategy = models.ForeignKey(
        "commitments.Strategy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("rests on strategy"),
    )
    partners = models.ManyToManyField(
        "cities.Place",
        blank=True,
        related_name="partner_pledges",
        verbose_name=_("partner places"),
        help_text=_("Other places that made this promise jointly with this one."),
    )
    overlaps = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overlapped_by",
        # Indexed below, over the few rows that have one (see Meta.indexes).
        db_index=False,
        verbose_name=_("overlaps"),
        help_text=_(
            "If this promise covers the same people as another one (a parliament's "
            "demand beside the executive's offer), pick that one: totals count only it."
        ),
    )
    outcome_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_outcomes",
        # Indexed below, over the few rows that have one (see Meta.indexes).
        db_index=False,
        verbose_name=_("outcome of"),
        help_text=_(
            "For a reported outcome only: the promise it fulfils, where the two "
            "clearly belong together."
        ),
    )

    announced = PartialDateAttribute("announced_on")

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords(m2m_fields=[partners])

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["place__name", "announced_on"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            dataset_key_unique("pledge"),
            *partial_date_constraints("announced_on", "pledge"),
            models.CheckConstraint(
                condition=Q(target_min__isnull=True) | Q(target_min__gte=0),
                name="pledge_target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(target_max__isnull=True)
                | Q(target_min__isnull=False, target_min__lte=F("target_max")),
                name="pledge_target_range_in_order",
                violation_error_message=_(
                    "A range needs a lower end no greater than its upper end."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_count__isnull=True) | ~Q(period=""),
                name="pledge_period_count_needs_period",
                violation_error_message=_(
                    "Choose the period that the number of periods counts."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(overlaps=F("id")),
                name="pledge_not_overlapping_itself",
                violation_error_message=_("A pledge cannot overlap itself."),
            ),
            models.CheckConstraint(
                condition=Q(outcome_of__isnull=True)
                | Q(category__in=OUTCOME_CATEGORIES),
                name="pledge_only_outcomes_have_outcome_of",
                violation_error_message=_(
                    "Only a reported outcome can name the promise it fulfils."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["category"]),
            # A place's published pledges of one status: the lists filtered by
            # status walk the places in name order and read these for each.
            models.Index(
                fields=["place", "status"],
                condition=Q(review_state="published"),
                name="pledge_public_place_status",
            ),
            # A place's newest pledges (its profile), read backwards from here.
            models.Index(
                fields=["place", "announced_on", "title"],
                name="pledge_place_chronological",
            ),
            # The pledges pointing at another: most point nowhere. A partial index
            # keeps SQLite's planner statistics about the rows that do; over every
            # row, all the NULLs make the index look useless to it, and each
            # lookup of a promise's outcomes scanned the whole table.
            models.Index(
                fields=["overlaps"],
                condition=Q(overlaps__isnull=False),
                name="pledge_overlaps",
            ),
            models.Index(
                fields=["outcome_of"],
                condition=Q(outcome_of__isnull=False),
                name="pledge_outcome_of",
            ),
            # How many public pledges a place has, counted from the index alone.
            models.Index(
                fields=["place"],
                condition=Q(review_state="published"),
                name="pledge_public_by_place",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:pledge-detail", kwargs={"pk": self.pk})

    def clean(self):
        clean_partial_dates(self, "announced_on")
        if self.target_max is not None and self.target_min is None:
            raise ValidationError(
                {"target_min": _("A range needs its lower end as well.")}
            )
        if (
            self.target_min is not None
            and self.target_max is not None
            and self.target_min > self.target_max
        ):
            raise ValidationError(
                {"target_max": _("The upper end must not be below the lower end.")}
            )

    @property
    def is_outcome(self) -> bool:
        return self.category in OUTCOME_CATEGORIES

    @property
    def has_numeric_target(self) -> bool:
        return self.target_min is not None

    @property
    def is_range(self) -> bool:
        return self.target_max is not None and self.target_max != self.target_min

    @property
    def target_high(self) -> Decimal | None:
        """The number to compare delivery against: a range's upper end."""
        return self.target_max if self.target_max is not None else self.target_min
