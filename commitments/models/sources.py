from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commitments.partial_dates import (
    DatePrecisionField,
    PartialDateAttribute,
    clean_partial_dates,
    partial_date_constraints,
)

# The facts a citation can support; exactly one of these is set on each citation.
CITED_FACTS = ("membership", "resolution", "strategy", "pledge", "update", "practice")


class Source(models.Model):
    """A published page or document that facts rest on."""

    url = models.URLField(_("address"), max_length=500, unique=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Who published it: a city, a newspaper, a party, an NGO..."),
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        blank=True,
        help_text=_('Language code of the page, e.g. "de", "en", "pl".'),
    )
    published_on = models.DateField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Date printed on the page, not the day you read it."),
    )
    published_on_precision = DatePrecisionField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    published = PartialDateAttribute("published_on")

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    class Meta:
        ordering = ["url"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [*partial_date_constraints("published_on", "source")]

    def __str__(self):
        return self.title or self.url

    def clean(self):
        clean_partial_dates(self, "published_on")


def _cited_fact(model: str, verbose_name):
    return models.ForeignKey(
        f"commitments.{model}",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=verbose_name,
    )


def _exactly_one_of(fields: tuple[str, ...]) -> Q:
    condition = Q()
    for chosen in fields:
        branch = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                branch &= Q(**{f"{other}__isnull": True})
        condition |= branch
    return condition


class Citation(models.Model):
    """One source backing one fact, with the short quote from it proving the fact."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name=_("source"),
    )
    quote = models.TextField(
        _("quote"),
        blank=True,
        help_text=_("A short verbatim quote from the source that proves the fact."),
    )
    membership = _cited_fact("Membership", _("membership"))
    resolution = _cited_fact("Resolution", _("resolution"))
    strategy = _cited_fact("Strategy", _("strategy"))
    pledge = _cited_fact("Pledge", _("pledge"))
    update = _cited_fact("PledgeUpdate", _("progress update"))
    practice = _cited_fact("Practice", _("practice"))

    # Every create, change and delete, with who and when; editors can revert.
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one_of(CITED_FACTS),
                name="citation_cites_exactly_one_fact",
                violation_error_message=_("A citation backs exactly one fact."),
            ),
            *[
                models.UniqueConstraint(
                    fields=["source", fact],
                    condition=Q(**{f"{fact}__isnull": False}),
                    name=f"citation_source_once_per_{fact}",
                    violation_error_message=_(
                        "This source is already cited for this fact; add the passage "
                        "to its quote instead."
                    ),
                )
                for fact in CITED_FACTS
            ],
        ]

    def __str__(self):
        return str(self.source)
