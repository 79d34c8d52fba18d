from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from cities.choice_labels import ChoiceLabels
from commitments.models.sources import Citation


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    RETURNED = "returned", _("returned to the city")
    PUBLISHED = "published", _("published")


class RecordedModel(ChoiceLabels, models.Model):
    """What every fact shares: its review state, when it was written, its dataset row.

    Only published facts are public; city staff write drafts, editors publish them.
    """

    review_state = models.CharField(
        _("review state"),
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        help_text=_("Only published records appear on the public site."),
    )
    review_comment = models.TextField(
        _("review comment"),
        blank=True,
        help_text=_("Why an editor returned the record, for the city to act on."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

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
        return self.filter(review_state=ReviewState.PUBLISHED)

    def in_country(self, *codes: str):
        return self.filter(place__country__in=[code.upper() for code in codes])

    def for_place(self, place):
        return self.filter(place=place)

    def of_members_of(self, network):
        """Facts of places that are published members of `network`."""
        # Through the places' memberships, so that this base module need not import
        # the networks module built on it. One filter() call: both conditions hold
        # for the same membership, of which a place has one per network.
        return self.filter(
            place__memberships__network=network,
            place__memberships__review_state=ReviewState.PUBLISHED,
        )

    def search(self, text: str):
        """Facts whose title or summary contains `text` (facts that have both)."""
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text))

    def with_citations(self):
        """Each fact's citations with their sources, in one query for all rows."""
        return self.prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source"))
        )
