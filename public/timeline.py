"""A place's timeline: its resolutions, strategies, pledges and updates in one line."""

from dataclasses import dataclass
from datetime import date

from commitments.partial_dates import PartialDate, Precision


@dataclass
class TimelineItem:
    """One entry of a place's timeline: a resolution, strategy, pledge or update."""

    kind: str  # "resolution", "strategy", "pledge", "outcome" or "update"
    fact: object
    date: PartialDate | None
    # Sorts by this day when not by `date` (an update known only as "2020" is
    # stored as 1 Jan 2020, but never comes before its pledge of March 2020).
    sort_day: date | None = None

    @property
    def sort_key(self):
        day = self.sort_day or (self.date.value if self.date else None)
        # Undated items last; on the same day a pledge comes before its updates.
        return (day is None, day, TIMELINE_KINDS.index(self.kind))


TIMELINE_KINDS = ("resolution", "strategy", "pledge", "outcome", "update")


def strategy_date(strategy) -> PartialDate | None:
    if strategy.adopted:
        return strategy.adopted
    if strategy.year_start:
        return PartialDate(date(strategy.year_start, 1, 1), Precision.YEAR)
    return None


def build_timeline(
    resolutions, strategies, pledges, *, updates_limit: int | None = None
) -> list[TimelineItem]:
    """Resolutions, strategies, pledges and their (prefetched) updates, by date;
    of the updates, the newest `updates_limit` (all when None).

    Also sets on each pledge its `last_update` (the latest dated public update).
    """
    items = [TimelineItem("resolution", r, r.adopted) for r in resolutions]
    updates = []
    items += [TimelineItem("strategy", s, strategy_date(s)) for s in strategies]
    for pledge in pledges:
        kind = "outcome" if pledge.is_outcome else "pledge"
        items.append(TimelineItem(kind, pledge, pledge.announced))
        dated = [update for update in pledge.updates.all() if update.happened]
        pledge.last_update = max(dated, key=lambda u: u.happened_on, default=None)
        # A progress bar needs a positive target and cannot run past it.
        if pledge.delivered is not None and pledge.target_high:
            pledge.progress_value = min(pledge.delivered, pledge.target_high)
        for update in pledge.updates.all():
            day = update.happened_on
            if day and pledge.announced_on:
                day = max(day, pledge.announced_on)
            updates.append(TimelineItem("update", update, update.happened, day))
    if updates_limit is not None and len(updates) > updates_limit:
        # Undated updates count as the oldest here, whatever their place below.
        updates.sort(key=lambda item: (item.sort_key[1] is not None, item.sort_key[1]))
        updates = updates[len(updates) - updates_limit :]
    items += updates
    # Stable: items of one kind on one date keep their queryset order.
    return sorted(items, key=lambda item: item.sort_key)
