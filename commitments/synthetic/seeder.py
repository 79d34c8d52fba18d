"""Writes the synthetic rows a batch at a time: `seed()` and its `_Seeder`."""

import random
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from itertools import accumulate
from typing import Any

from django.db import transaction
from django.db.models import Model

from cities.models import Place
from commitments.caching import bump_facts_version
from commitments.models import (
    Citation,
    Membership,
    Network,
    NetworkKind,
    Period,
    Pledge,
    PledgeCategory,
    PledgeUpdate,
    Resolution,
    Source,
    Strategy,
    Unit,
)
from commitments.synthetic.naming import (
    check_database,
    planned_counts,
    synthetic_key,
    synthetic_name,
    synthetic_slug,
    synthetic_url,
)
from commitments.synthetic.shapes import (
    BODIES,
    CATEGORIES,
    COUNTRIES,
    CURRENCIES,
    DATED,
    FACT_SKEW,
    FIRST_DAY,
    FUNDING,
    LANGUAGES,
    NETWORK_SHARES,
    PEOPLE_UNITS,
    PERIODS,
    PLACE_KINDS,
    PLEDGE_SKEW,
    QUALIFIERS,
    RESOLUTION_KINDS,
    REVIEW,
    ROLES,
    SOURCES_PER_PLACE,
    STATUSES,
    STRATEGY_STATUSES,
    TARGETS,
    _members,
    partial_date,
)

# Rows per INSERT; Django lowers it on SQLite, whose statements take fewer parameters.
BATCH_SIZE = 5_000

QUOTE = "Synthetic quote: made up for benchmarks, true of nothing."

Progress = Callable[[str, int], None]


def _chunks(total: int) -> Iterator[range]:
    """Rows are built a batch at a time, so a million updates never sit in memory."""
    for start in range(0, total, BATCH_SIZE):
        yield range(start, min(start + BATCH_SIZE, total))


class _Seeder:
    """Writes the tables in order; keeps only ids and the few fields later rows need.

    Rows are numbered n = 0, 1, ... per table and named n + 1. A row's owner is the
    index of its place (of its pledge, for an update) among those written.
    """

    def __init__(
        self, *, planned: dict[str, int], rng: random.Random, progress: Progress | None
    ):
        self.planned = planned
        self.rng = rng
        self.progress = progress
        self.counts: dict[str, int] = defaultdict(int)
        self.place_ids: list[int] = []
        self.place_countries: list[str] = []
        self.source_ids: list[int] = []
        self.resolutions_of: dict[int, list[int]] = defaultdict(list)
        self.strategies_of: dict[int, list[int]] = defaultdict(list)
        # Per pledge, for its updates: id, place, announcement and target.
        self.pledge_ids = array("q")
        self.pledge_places = array("q")
        self.pledge_announced = array("q")  # an ordinal, 0 when undated
        self.pledge_targets = array("q")  # the upper end, 0 when none stated

    def count(self, table: str, rows: int) -> None:
        self.counts[table] += rows
        if self.progress:
            self.progress(table, rows)

    def batches(
        self,
        table: str,
        owners: Callable[[range], Sequence],
        build: Callable[[int, Any], Model],
    ) -> Iterator[tuple[list[int], Sequence]]:
        """Build and insert the table's rows; yield each batch's ids and owners."""
        for rows in _chunks(self.planned[table]):
            batch_owners = owners(rows)
            batch = [build(n, o) for n, o in zip(rows, batch_owners, strict=True)]
            # The builder decides the model: every row of a batch is of the same one.
            created = type(batch[0]).objects.bulk_create(batch, batch_size=BATCH_SIZE)
            self.count(table, len(created))
            yield [row.pk for row in created], batch_owners

    def by_activity(self, skew: float) -> Callable[[range], list[int]]:
        """Places drawn by Zipf weights 1/rank**skew: place 1 first, a long tail."""
        places = range(len(self.place_ids))
        weights = list(accumulate(1 / rank**skew for rank in range(1, len(places) + 1)))
        return lambda rows: self.rng.choices(places, cum_weights=weights, k=len(rows))

    def cite(self, column: str, fact_ids: list[int], places: Sequence[int]) -> None:
        """One citation per fact, mostly from one of its place's own sources, now and
        then from any place's (a national paper reporting on it)."""
        rng, sources, rows = self.rng, self.source_ids, []
        for fact_id, place in zip(fact_ids, places, strict=True):
            if rng.random() < 0.1:
                source = sources[rng.randrange(len(sources))]
            else:
                first = place * SOURCES_PER_PLACE
                source = sources[first + rng.randrange(SOURCES_PER_PLACE)]
            fact = {f"{column}_id": fact_id}
            rows.append(Citation(source_id=source, quote=QUOTE, **fact))
        Citation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.count("citations", len(rows))

    def run(self) -> None:
        for ids, _ in self.batches("places", list, self.place):
            self.place_ids += ids
        for ids, _ in self.batches("sources", list, self.source):
            self.source_ids += ids
        network_ids = []
        for ids, _ in self.batches("networks", list, self.network):
            network_ids += ids
        # Each network draws its members apart: a place is in none, one or more.
        places = range(len(self.place_ids))
        members = [
            (network_id, place)
            for network_id, share in zip(network_ids, NETWORK_SHARES, strict=False)
            for place in self.rng.sample(places, _members(len(places), share))
        ]

        def in_turn(rows: range) -> list[tuple[int, int]]:
            return members[rows.start : rows.stop]

        for ids, owners in self.batches("memberships", in_turn, self.membership):
            self.cite("membership", ids, [place for _, place in owners])
        for ids, places in self.batches(
            "resolutions", self.by_activity(FACT_SKEW), self.resolution
        ):
            for place, pk in zip(places, ids, strict=True):
                self.resolutions_of[place].append(pk)
            self.cite("resolution", ids, places)
        for ids, places in self.batches(
            "strategies", self.by_activity(FACT_SKEW), self.strategy
        ):
            for place, pk in zip(places, ids, strict=True):
                self.strategies_of[place].append(pk)
            self.cite("strategy", ids, places)
        for ids, places in self.batches(
            "pledges", self.by_activity(PLEDGE_SKEW), self.pledge
        ):
            self.pledge_ids.extend(ids)
            self.pledge_places.extend(places)
            self.cite("pledge", ids, places)
        # Updates fall on pledges evenly, so busy places get more of them.
        pledges = range(len(self.pledge_ids))

        def any_pledges(rows: range) -> list[int]:
            return self.rng.choices(pledges, k=len(rows))

        for ids, owners in self.batches("updates", any_pledges, self.update):
            self.cite("update", ids, [self.pledge_places[p] for p in owners])

    def place(self, n: int, _) -> Place:
        rng = self.rng
        country = COUNTRIES.pick(rng, n)
        self.place_countries.append(country)
        # Busy places are mostly big ones: the population falls with the rank.
        population = max(300, int(2_000_000 / (n + 1) ** 0.8 * rng.uniform(0.5, 1.5)))
        located = rng.random() < 0.9
        return Place(
            name=synthetic_name("place", n + 1),
            slug=synthetic_slug("place", n + 1),
            dataset_key=synthetic_key("place", n + 1),
            kind=PLACE_KINDS.pick(rng, n),
            country=country,
            region=synthetic_name("region", rng.randint(1, 20)),
            population=population,
            population_year=rng.randint(2018, 2024),
            latitude=Decimal(f"{rng.uniform(36, 70):.5f}") if located else None,
            longitude=Decimal(f"{rng.uniform(-10, 30):.5f}") if located else None,
            website=synthetic_url("place", n + 1),
        )

    def source(self, n: int, _) -> Source:
        place = n // SOURCES_PER_PLACE
        country = self.place_countries[place]
        published_on, precision = partial_date(self.rng, n)
        return Source(
            url=synthetic_url("source", n + 1),
            title=synthetic_name("source", n + 1),
            publisher=synthetic_name("place", place + 1),
            language=LANGUAGES.get(country, country.lower()),
            published_on=published_on,
            published_on_precision=precision,
        )

    def network(self, j: int, _) -> Network:
        return Network(
            name=synthetic_name("network", j + 1),
            short_name=f"SN{j + 1}",
            slug=synthetic_slug("network", j + 1),
            kind=NetworkKind.values[j % len(NetworkKind.values)],
            description="A synthetic network for benchmarks; it does not exist.",
            website=synthetic_url("network", j + 1),
        )

    def membership(self, n: int, member: tuple[int, int]) -> Membership:
        network_id, place = member
        joined_on, joined_precision = partial_date(self.rng, n)
        left_on, left_precision = None, ""
        if joined_on and self.rng.random() < 0.1:
            after = joined_on.toordinal()
            left_on, left_precision = partial_date(
                self.rng, None, after=after, dates=DATED
            )
        return Membership(
            place_id=self.place_ids[place],
            network_id=network_id,
            role=ROLES.pick(self.rng, n),
            joined_on=joined_on,
            joined_on_precision=joined_precision,
            left_on=left_on,
            left_on_precision=left_precision,
            review_state=REVIEW.pick(self.rng, n),
            dataset_key=synthetic_key("membership", n + 1),
        )

    def resolution(self, n: int, place: int) -> Resolution:
        rng = self.rng
        adopted_on, precision = partial_date(self.rng, n)
        voted = rng.random() < 0.5
        return Resolution(
            place_id=self.place_ids[place],
            title=synthetic_name("resolution", n + 1),
            kind=RESOLUTION_KINDS.pick(rng, n),
            adopted_on=adopted_on,
            adopted_on_precision=precision,
            adopting_body=rng.choice(BODIES),
            reference_number=f"SYN/{n + 1}",
            votes_for=rng.randint(10, 60) if voted else None,
            votes_against=rng.randint(0, 20) if voted else None,
            summary="Synthetic resolution for benchmarks; no real act.",
            review_state=REVIEW.pick(rng, n),
            dataset_key=synthetic_key("resolution", n + 1),
        )

    def strategy(self, n: int, place: int) -> Strategy:
        rng = self.rng
        adopted_on, precision = partial_date(self.rng, n)
        year_start = adopted_on.year if adopted_on else rng.randint(2012, 2024)
        open_ended = rng.random() < 0.3
        return Strategy(
            place_id=self.place_ids[place],
            title=synthetic_name("strategy", n + 1),
            status=STRATEGY_STATUSES.pick(rng, n),
            year_start=year_start,
            year_end=None if open_ended else year_start + rng.randint(0, 6),
            adopted_on=adopted_on,
            adopted_on_precision=precision,
            summary="Synthetic strategy for benchmarks; no real plan.",
            document_url=synthetic_url("strategy", n + 1),
            review_state=REVIEW.pick(rng, n),
            dataset_key=synthetic_key("strategy", n + 1),
        )

    def pledge(self, n: int, place: int) -> Pledge:
        rng = self.rng
        category, shape = CATEGORIES.pick(rng, n), TARGETS.pick(rng, n)
        if category in FUNDING:
            unit = CURRENCIES.get(self.place_countries[place], Unit.EUR)
            size = rng.randint(1, 500) * 1000
        elif category == PledgeCategory.TECHNICAL_ASSISTANCE:
            unit, size = rng.choice((Unit.VISITS, Unit.AGREEMENTS)), rng.randint(1, 20)
        else:  # people: many small offers, a few large ones
            unit = rng.choice(PEOPLE_UNITS)
            size = min(50_000, int(rng.paretovariate(1.2) * 10))
        low, high = {
            "single": (size, None),
            "range": (size, size + rng.randint(1, size)),
            "none": (None, None),
        }[shape]
        period = PERIODS.pick(rng, n) if low is not None else Period.ONCE
        announced_on, precision = partial_date(self.rng, n)
        self.pledge_announced.append(announced_on.toordinal() if announced_on else 0)
        self.pledge_targets.append(high or low or 0)
        # Some rest on one of their place's resolutions or strategies.
        resolutions = self.resolutions_of.get(place)
        strategies = self.strategies_of.get(place)
        resolution = strategy = None
        if resolutions and rng.random() < 0.4:
            resolution = rng.choice(resolutions)
        if strategies and rng.random() < 0.15:
            strategy = rng.choice(strategies)
        return Pledge(
            place_id=self.place_ids[place],
            title=synthetic_name("pledge", n + 1),
            category=category,
            summary="Synthetic pledge for benchmarks; nobody promised it.",
            target_min=low,
            target_max=high,
            qualifier=QUALIFIERS.pick(rng, n) if shape == "single" else "",
            unit=unit if low is not None else "",
            period=period,
            period_count=rng.choice((None, 2, 3)) if period else None,
            announced_on=announced_on,
            announced_on_precision=precision,
            status=STATUSES.pick(rng, n),
            resolution_id=resolution,
            strategy_id=strategy,
            review_state=REVIEW.pick(rng, n),
            dataset_key=synthetic_key("pledge", n + 1),
        )

    def update(self, n: int, pledge: int) -> PledgeUpdate:
        rng = self.rng
        # After the announcement; an undated pledge's updates only after FIRST_DAY.
        after = self.pledge_announced[pledge] or FIRST_DAY
        happened_on, precision = partial_date(self.rng, n, after=after)
        target = self.pledge_targets[pledge]
        delivered = None
        if target and rng.random() < 0.5:
            delivered = int(target * rng.uniform(0, 1.2))
        return PledgeUpdate(
            pledge_id=self.pledge_ids[pledge],
            happened_on=happened_on,
            happened_on_precision=precision,
            status=STATUSES.pick(rng, n),
            delivered_quantity=delivered,
            summary=synthetic_name("update", n + 1),
            review_state=REVIEW.pick(rng, n),
            dataset_key=synthetic_key("update", n + 1),
        )


def seed(
    *,
    places: int,
    pledges: int,
    updates: int,
    seed: int,
    force: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write synthetic rows in one transaction; return the rows written per table.

    Refuses (SeedRefused) a database holding real data unless `force`, and always one
    already holding synthetic rows, whose keys the new ones would repeat. `progress`
    is called with a table and a number of rows after each batch.
    """
    planned = planned_counts(places=places, pledges=pledges, updates=updates)
    with transaction.atomic():
        check_database(force=force)
        seeder = _Seeder(planned=planned, rng=random.Random(seed), progress=progress)
        seeder.run()
        # bulk_create sends no post_save, so the cached pages learn of it here.
        transaction.on_commit(bump_facts_version)
    return {table: seeder.counts[table] for table in planned}
