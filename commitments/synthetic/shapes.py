"""How the synthetic rows spread: sizes per place, weighted choices and dates.

The shapes follow the real dataset's: pledges per place fall off like Zipf's law (place
1 is by far the busiest, most places have a handful), a few percent of every fact is not
published, and every status, category, kind and date precision occurs.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from cities.models import PlaceKind
from commitments.models import (
    MembershipRole,
    Period,
    PledgeCategory,
    PledgeStatus,
    Qualifier,
    ResolutionKind,
    ReviewState,
    StrategyStatus,
    Unit,
)
from commitments.partial_dates import Precision

RESOLUTIONS_PER_PLACE = 1.0
STRATEGIES_PER_PLACE = 0.3
SOURCES_PER_PLACE = 2
# Share of the places in each synthetic network, from the largest to the smallest.
NETWORK_SHARES = (0.30, 0.15, 0.08, 0.05, 0.03, 0.02)
# Zipf exponents: pledges crowd into the busiest places, resolutions less so.
PLEDGE_SKEW = 1.0
FACT_SKEW = 0.5

FIRST_DAY = date(2015, 1, 1).toordinal()
LAST_ANNOUNCED = date(2024, 12, 31).toordinal()
LAST_DAY = date(2025, 6, 30).toordinal()


def _members(places: int, share: float) -> int:
    return min(places, max(1, round(places * share)))


@dataclass(frozen=True)
class _Weighted:
    """Values drawn by weight, except that row n < len(values) takes values[n], so that
    even a small run shows every value."""

    values: tuple
    cum_weights: tuple

    def pick(self, rng: random.Random, n: int | None):
        if n is not None and n < len(self.values):
            return self.values[n]
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


def _weighted(values: Sequence, weights: Sequence[int]) -> _Weighted:
    """`values` in the order of their choices class, so a weight sits beside each."""
    pairs = list(zip(values, weights, strict=True))
    return _Weighted(tuple(values), tuple(accumulate(weight for _, weight in pairs)))


COUNTRIES = _weighted(
    ("DE", "IT", "FR", "ES", "PL", "NL", "BE", "AT", "GR", "SE", "CZ", "RO", "PT"),
    (30, 15, 12, 10, 8, 6, 5, 4, 4, 3, 2, 2, 1),
)
LANGUAGES = {"AT": "de", "BE": "fr", "CZ": "cs", "GR": "el", "SE": "sv", "RO": "ro"}
CURRENCIES = {"CZ": Unit.CZK, "PL": Unit.PLN, "RO": Unit.RON}
PLACE_KINDS = _weighted(PlaceKind.values, (80, *[2] * 10))
REVIEW = _weighted(ReviewState.values, (2, 2, 1, 95))  # drafts, submitted, returned
DATED = _weighted(Precision.values, (40, 20, 15, 5, 5, 5))
DATES = _weighted((*Precision.values, None), (40, 20, 15, 5, 5, 5, 10))  # None: undated
CATEGORIES = _weighted(PledgeCategory.values, (25, 15, 10, 10, 10, 8, 8, 8, 6))
FUNDING = (
    PledgeCategory.SEA_RESCUE_FUNDING,
    PledgeCategory.INTEGRATION_FUNDING,
    PledgeCategory.RECEPTION_FUNDING,
)
STATUSES = _weighted(PledgeStatus.values, (15, 20, 20, 8, 8, 10, 5, 5, 4, 5))
TARGETS = _weighted(("single", "range", "none"), (60, 20, 20))
QUALIFIERS = _weighted(Qualifier.values, (50, 25, 10, 10, 5))
PERIODS = _weighted(Period.values, (80, 2, 5, 13))
PEOPLE_UNITS = (Unit.PERSONS, Unit.UNACCOMPANIED_MINORS, Unit.CHILDREN, Unit.FAMILIES)
PEOPLE_UNITS += (Unit.PERSONS, Unit.PLACES, Unit.BEDS)
RESOLUTION_KINDS = _weighted(ResolutionKind.values, (40, *[4] * 13))
STRATEGY_STATUSES = _weighted(StrategyStatus.values, (1,) * 6)
ROLES = _weighted(MembershipRole.values, (70, *[5] * 6))
BODIES = ("city council", "mayor", "committee for social affairs", "district council")


def _truncate(day: date, precision: str) -> date:
    """A month or year date is stored as its first day (see partial_dates)."""
    if precision in (Precision.MONTH, Precision.BY_MONTH):
        return day.replace(day=1)
    if precision in (Precision.YEAR, Precision.BY_YEAR):
        return date(day.year, 1, 1)
    return day


def _next_period(start: date, precision: str) -> date:
    if precision in (Precision.MONTH, Precision.BY_MONTH):
        return (start + timedelta(days=31)).replace(day=1)
    if precision in (Precision.YEAR, Precision.BY_YEAR):
        return date(start.year + 1, 1, 1)
    return start + timedelta(days=1)


def partial_date(
    rng: random.Random, n: int | None, *, after: int = 0, dates: _Weighted = DATES
) -> tuple[date | None, str]:
    """A date and its precision; with `after` (an ordinal), strictly later than it
    even once cut to its month or year."""
    precision = dates.pick(rng, n)
    if precision is None:
        return None, ""
    if not after:
        day = date.fromordinal(rng.randint(FIRST_DAY, LAST_ANNOUNCED))
        return _truncate(day, precision), precision
    day = date.fromordinal(rng.randint(after + 1, LAST_DAY))
    start = _truncate(day, precision)
    if start.toordinal() <= after:
        start = _next_period(start, precision)
    return start, precision
