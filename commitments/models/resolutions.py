from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.models import Place
from commitments.models.base import FactQuerySet, RecordedModel, dataset_key_unique
from commitments.models.pledges import Pledge
from commitments.partial_dates import (
    DatePrecisionField,
    PartialDateAttribute,
    clean_partial_dates,
    in_years,
    partial_date_constraints,
)


class ResolutionKind(models.TextChoices):
    COUNCIL_RESOLUTION = "council_resolution", _("council resolution")
    COUNCIL_PLEDGE = "council_pledge", _("council pledge")
    COUNCIL_AMENDMENT = "council_amendment", _("council amendment")
    COUNCIL_REPEAL = "council_repeal", _("council repeal")
    COUNCIL_MOTION_REJECTED = "council_motion_rejected", _("council motion rejected")
    COMMITTEE_RESOLUTION = "committee_resolution", _("committee resolution")
    COMMITTEE_MOTION_REJECTED = (
        "committee_motion_rejected",
        _("committee motion rejected"),
    )
    PARLIAMENT_RESOLUTION = "parliament_resolution", _("city parliament resolution")
    SENATE_DECISION = "senate_decision", _("senate decision (city-state government)")
    MAYORAL_ORDER = "mayoral_order", _("mayoral order")
    MAYORAL_LETTER = "mayoral_letter", _("mayoral letter")
    JOINT_DECLARATION = "joint_declaration", _("joint declaration")
    CITY_CHARTER = "city_charter", _("city charter")
    OFFICIAL_STATEMENT = "official_statement", _("official statement (no decision)")


# Kinds that record no decision in favour: a statement, or a motion voted down.
NOT_ADOPTED_KINDS = (
    ResolutionKind.OFFICIAL_STATEMENT,
    ResolutionKind.COUNCIL_MOTION_REJECTED,
    ResolutionKind.COMMITTEE_MOTION_REJECTED,
)


class ResolutionQuerySet(FactQuerySet):
    def chronological(self):
        return self.order_by(F("adopted_on").asc(nulls_last=True), "title")

    def adopted(self):
        """Acts that a body actually passed (repeals included: they are decisions)."""
        return self.exclude(kind__in=NOT_ADOPTED_KINDS)

    def adopted_in_years(self, year_from: int | None, year_to: int | None):
        """Dated within the years; "by 2022" is no later than 2022, never 2022."""
        return self.filter(in_years("adopted_on", year_from, year_to))

    def for_list(self):
        """The explorer's rows with their places, in a stable order."""
        return self.select_related("place").order_by(
            "place__name", F("adopted_on").asc(nulls_last=True), "pk"
        )

    def for_profile(self):
        return self.with_citations()

    def for_detail(self):
        """One resolution's page: its place, the acts it repeals or that repeal it,
        co-signatories, the pledges resting on it, and sources."""
        return (
            self.with_citations()
            .select_related("place", "repeals")
            .prefetch_related(
                Prefetch("repealed_by", queryset=self.model.objects.public()),
                Prefetch("co_signatories", queryset=Place.objects.public()),
                Prefetch("pledges", queryset=Pledge.objects.public().chronological()),
            )
        )


class Resolution(RecordedModel):
    """A dated act of a council, committee, mayor, or several places jointly."""

    place = models.ForeignKey(
        "cities.Place",
        on_delete=models.PROTECT,
        related_name="resolutions",
        verbose_name=_("place"),
    )
    title = models.CharField(_("title"), max_length=300)
    original_title = models.CharField(
        _("original title"),
        max_length=300,
        blank=True,
        help_text=_("Title in the language of the document, where it differs."),
    )
    original_language = models.CharField(
        _("original language"),
        max_length=12,
        blank=True,
        help_text=_('Language code of the original title, e.g. "de".'),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=ResolutionKind.choices)
    adopted_on = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("Date the body voted or the act was signed, not the press date."),
    )
    adopted_on_precision = DatePrecisionField()
    adopting_body = models.CharField(
        _("adopting body"),
        max_length=200,
        blank=True,
        help_text=_('E.g. "city council", "committee for social affairs", "mayor".'),
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=120,
        blank=True,
        help_text=_('The council\'s own number, e.g. "Drucksache 2895/2018 N15".'),
    )
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(
        _("votes against"), null=True, blank=True
    )
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    vote_note = models.CharField(
        _("vote note"),
        max_length=300,
        blank=True,
        help_text=_('E.g. "unanimous", "against the votes of CDU".'),
    )
    summary = models.TextField(_("summary"), blank=True)
    text_url = models.URLField(
        _("text of the act"),
        max_length=500,
        blank=True,
        help_text=_("Link to the text of the act itself, where published."),
    )
    co_signatories = models.ManyToManyField(
        "cities.Place",
        blank=True,
        related_name="co_signed_resolutions",
        verbose_name=_("co-signatories"),
        help_text=_(
            "For a joint letter or declaration: the other places that signed it. Each "
            "signing place keeps its own record."
        ),
    )
    repeals = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repealed_by",
        verbose_name=_("repeals"),
        help_text=_("For a repeal or amendment: the act it repeals or amends."),
    )

    adopted = PartialDateAttribute("adopted_on")

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords(m2m_fields=[co_signatories])

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["place__name", "adopted_on"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            dataset_key_unique("resolution"),
            *partial_date_constraints("adopted_on", "resolution"),
            models.CheckConstraint(
                condition=~Q(repeals=F("id")),
                name="resolution_not_repealing_itself",
                violation_error_message=_("A resolution cannot repeal itself."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:resolution-detail", kwargs={"pk": self.pk})

    def clean(self):
        clean_partial_dates(self, "adopted_on")

    @property
    def is_adopted(self) -> bool:
        return self.kind not in NOT_ADOPTED_KINDS
