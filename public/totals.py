"""Headline totals: what places promised and what was received, adding like units only.

The rules every total here follows:

- People are counted only in units that are people: persons, unaccompanied minors,
  children. Families, households, reception places, beds and dwellings are not people
  and are never converted into them. Euros are added as money, apart; other currencies
  are not converted and not added. Euros pledged are a place's own promises only.
- A place's own promises, its shares of national schemes (category
  `federal_programme_share`) and reported outcomes (category `reception_reported`) are
  three separate totals, never added to each other.
- A pledge that restates another (`overlaps`) is left out (`countable()`), so one
  promise is counted once.
- A range counts its lower end (`target_min`); "up to", "about", "at least" targets
  count the number as stated.
- A figure per day, month or year counts once per period when the number of periods is
  known ("5,000 euros a year for 2 years" is 10,000); without it, it is left out,
  since an open-ended rate has no total.
- Only published facts count (`public()`).

Each function runs one aggregate query, however many pledges there are.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from commitments.models import Pledge, PledgeCategory, PledgeStatus, Unit
from commitments.models.pledges import NATIONAL_SCHEME_CATEGORIES, OUTCOME_CATEGORIES

PEOPLE_UNITS = (Unit.PERSONS, Unit.UNACCOMPANIED_MINORS, Unit.CHILDREN)
ZERO = Decimal(0)

_IS_PEOPLE = Q(unit__in=PEOPLE_UNITS)
_IS_EUROS = Q(unit=Unit.EUR)
_IS_OUTCOME = Q(category__in=OUTCOME_CATEGORIES)
_IS_SHARE = Q(category__in=NATIONAL_SCHEME_CATEGORIES)
_IS_OWN = ~_IS_OUTCOME & ~_IS_SHARE


def counted_figure():
    """The number a pledge adds to a total, or NULL when it adds nothing."""
    return Case(
        When(period="", then=F("target_min")),
        When(period_count__isnull=False, then=F("target_min") * F("period_count")),
        default=Value(None),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )


def _sum(condition: Q, expression="counted"):
    return Coalesce(
        Sum(expression, filter=condition),
        Value(ZERO),
        output_field=DecimalField(max_digits=20, decimal_places=2),
    )


# The named totals, each a condition on the countable public pledges.
FIGURES = {
    "people_pledged": _IS_OWN & _IS_PEOPLE,
    "people_in_national_shares": _IS_SHARE & _IS_PEOPLE,
    "people_received": _IS_OUTCOME & _IS_PEOPLE,
    "euros_pledged": _IS_OWN & _IS_EUROS,
}


@dataclass
class Totals:
    people_pledged: Decimal = ZERO
    people_in_national_shares: Decimal = ZERO
    people_received: Decimal = ZERO
    euros_pledged: Decimal = ZERO
    # People delivered on promises (own or national shares) as the latest progress
    # update giving a figure says; a separate number, never added to people_received.
    people_delivered_per_updates: Decimal = ZERO
    ranges_counted_at_lower_end: int = 0


def _countable(pledges=None):
    if pledges is None:
        pledges = Pledge.objects.all()
    return pledges.public().countable()


def status_counts(pledges=None) -> dict[str, int]:
    """How many public promises have each status (statuses without any left out).

    Counts promises only (reported outcomes are not promises with a status to track);
    every public promise counts here, overlapping ones too, since a status is per row.
    """
    if pledges is None:
        pledges = Pledge.objects.all()
    return dict(
        pledges.public()
        .promises()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def pledges_by_status(pledges=None, counts=None) -> list[tuple[str, str, int]]:
    """(status, its label, count) for every status, in the taxonomy's order;
    from `counts` (as status_counts() gives them) when given, else counted."""
    if counts is None:
        counts = status_counts(pledges)
    return [
        (value, label, counts.get(value, 0)) for value, label in PledgeStatus.choices
    ]


@dataclass
class GroupTotals:
    """Totals of one country or one category: people and euros, pledged and received."""

    key: str
    label: str = ""
    pledges: int = 0
    people_pledged: Decimal = ZERO
    people_in_national_shares: Decimal = ZERO
    people_received: Decimal = ZERO
    people_delivered_per_updates: Decimal = ZERO
    euros_pledged: Decimal = ZERO


_ADDED = (
    "people_pledged",
    "people_in_national_shares",
    "people_received",
    "people_delivered_per_updates",
    "euros_pledged",
)


@dataclass
class Summary:
    """The headline totals, and the same per country and per category (unlabelled:
    a summary holds numbers only, so it can be kept in a cache for every language)."""

    totals: Totals
    by_country: list[GroupTotals]
    by_category: list[GroupTotals]


def summary(pledges=None) -> Summary:
    """Totals, per country and per category, in one query grouped by both.

    Each pledge's delivered figure is looked up once for all three, and the groups
    (countries times categories, not pledges) are added up here.
    """
    rows = (
        _countable(pledges)
        .with_delivered()
        .annotate(counted=counted_figure())
        .values("place__country", "category")
        .annotate(
            n=Count("pk"),
            **{name: _sum(condition) for name, condition in FIGURES.items()},
            people_delivered_per_updates=_sum(
                ~_IS_OUTCOME & _IS_PEOPLE, "delivered_per_updates"
            ),
            ranges_counted_at_lower_end=Count(
                "pk",
                filter=Q(target_max__gt=F("target_min")) & (_IS_PEOPLE | _IS_EUROS),
            ),
        )
        .order_by()
    )
    overall = Totals()
    countries: dict[str, GroupTotals] = {}
    categories: dict[str, GroupTotals] = {}
    for row in rows:
        overall.ranges_counted_at_lower_end += row["ranges_counted_at_lower_end"]
        for key, groups in (
            (row["place__country"], countries),
            (row["category"], categories),
        ):
            group = groups.setdefault(key, GroupTotals(key=key))
            group.pledges += row["n"]
            for name in _ADDED:
                setattr(group, name, getattr(group, name) + row[name])
        for name in _ADDED:
            setattr(overall, name, getattr(overall, name) + row[name])
    return Summary(
        totals=overall,
        by_country=[countries[key] for key in sorted(countries)],
        by_category=[
            categories[value] for value in PledgeCategory.values if value in categories
        ],
    )


def totals(pledges=None) -> Totals:
    """The headline totals of `pledges` (all pledges if None)."""
    return summary(pledges).totals


def totals_by_country(pledges=None) -> list[GroupTotals]:
    """Totals per country code; labels are left to the caller."""
    return summary(pledges).by_country


def labelled_categories(groups: list[GroupTotals]) -> list[GroupTotals]:
    """The groups of a summary's `by_category`, each labelled in the active language."""
    labels = dict(PledgeCategory.choices)
    return [replace(group, label=labels[group.key]) for group in groups]


def totals_by_category(pledges=None) -> list[GroupTotals]:
    """Totals per pledge category, labelled, in the taxonomy's order."""
    return labelled_categories(summary(pledges).by_category)
