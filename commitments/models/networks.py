from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cities.choice_labels import ChoiceLabels
from commitments.models.base import FactQuerySet, RecordedModel, dataset_key_unique
from commitments.partial_dates import (
    DatePrecisionField,
    PartialDateAttribute,
    clean_partial_dates,
    partial_date_constraints,
)


class NetworkKind(models.TextChoices):
    CITY_NETWORK = "city_network", _("network of cities")
    CAMPAIGN = "campaign", _("civil-society campaign")
    CHARTER = "charter", _("charter or pledge to sign")
    PROJECT = "project", _("funded project")
    NATIONAL_PROGRAMME = "national_programme", _("national programme")


class Network(ChoiceLabels, models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_('For badges: "IASH".')
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Used in the address of the network's page. Change it rarely."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=NetworkKind.choices,
        help_text=_(
            "A national programme (such as Italy's SAI) is participation in a state "
            "scheme, not a solidarity network: totals keep them apart."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:network-detail", kwargs={"slug": self.slug})


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("member")
    FOUNDING_MEMBER = "founding_member", _("founding member")
    DECLARED = "declared", _("declared itself")
    SIGNATORY = "signatory", _("signatory")
    AWARDED = "awarded", _("status awarded")
    PROJECT_PARTNER = "project_partner", _("project partner")
    PROGRAMME_PARTICIPANT = "programme_participant", _("takes part in the programme")


class MembershipQuerySet(FactQuerySet):
    def in_network(self, network):
        return self.filter(network=network)

    def chronological(self):
        return self.order_by(F("joined_on").asc(nulls_last=True), "network__name")

    def for_profile(self):
        """What a place's page shows of each membership: network and sources."""
        return self.select_related("network").with_citations()

    def for_network_page(self):
        """What a network's page shows of each member, in the order they joined
        (ties by name and id, so that pages of members neither repeat nor skip)."""
        return self.select_related("place").order_by(
            F("joined_on").asc(nulls_last=True), "place__name", "pk"
        )


class Membership(RecordedModel):
    """A place's membership of a network; one per place and network."""

    place = models.ForeignKey(
        "cities.Place",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("place"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("network"),
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
    )
    role_wording = models.CharField(
        _("role as the source words it"),
        max_length=300,
        blank=True,
        help_text=_(
            'The source\'s own words, e.g. "Council of Sanctuary status awarded".'
        ),
    )
    joined_on = models.DateField(
        _("joined"),
        null=True,
        blank=True,
        help_text=_("Date of the decision or award, not of the press report."),
    )
    joined_on_precision = DatePrecisionField()
    left_on = models.DateField(
        _("left"),
        null=True,
        blank=True,
        help_text=_("Date the place left or the status was withdrawn, if it was."),
    )
    left_on_precision = DatePrecisionField()
    note = models.TextField(_("note"), blank=True)

    joined = PartialDateAttribute("joined_on")
    left = PartialDateAttribute("left_on")

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["place__name", "network__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "network"],
                name="membership_once_per_network",
                violation_error_message=_(
                    "This place already has a membership of this network."
                ),
            ),
            models.CheckConstraint(
                condition=Q(joined_on__isnull=True)
                | Q(left_on__isnull=True)
                | Q(joined_on__lte=F("left_on")),
                name="membership_joined_before_left",
                violation_error_message=_("A membership cannot end before it began."),
            ),
            dataset_key_unique("membership"),
            *partial_date_constraints("joined_on", "membership"),
            *partial_date_constraints("left_on", "membership"),
        ]

    def __str__(self):
        return f"{self.place} – {self.network}"

    def clean(self):
        clean_partial_dates(self, "joined_on", "left_on")
