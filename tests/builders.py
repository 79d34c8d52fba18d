"""Keyword builders for tests: each creates the parents it needs.

Facts are published unless a test says otherwise (review_state=...).

Every value is synthetic test data; none of it describes a real city's commitments.
"""

from datetime import date
from itertools import count

from cities.models import Place
from commitments.models import (
    Citation,
    Membership,
    Network,
    NetworkKind,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    PledgeUpdate,
    Practice,
    Resolution,
    ResolutionKind,
    ReviewState,
    Source,
    Strategy,
    StrategyStatus,
)

_serial = count(1)


def _n() -> int:
    return next(_serial)


def make_place(**overrides) -> Place:
    n = _n()
    fields = {
        "name": f"Testville {n}",
        "slug": f"testville-{n}",
        "country": "DE",
        "region": "Testland",
    }
    fields.update(overrides)
    return Place.objects.create(**fields)


def make_network(**overrides) -> Network:
    n = _n()
    fields = {
        "name": f"Test network {n}",
        "slug": f"test-network-{n}",
        "kind": NetworkKind.CITY_NETWORK,
    }
    fields.update(overrides)
    return Network.objects.create(**fields)


def make_source(**overrides) -> Source:
    fields = {"url": f"https://example.org/source/{_n()}"}
    fields.update(overrides)
    return Source.objects.create(**fields)


def cite(fact, *, source=None, quote="A quote proving the fact.") -> Citation:
    """Attach a source to any fact; the fact's kind picks the citation's column."""
    column = {
        Membership: "membership",
        Resolution: "resolution",
        Strategy: "strategy",
        Pledge: "pledge",
        PledgeUpdate: "update",
        Practice: "practice",
    }[type(fact)]
    return Citation.objects.create(
        source=source or make_source(), quote=quote, **{column: fact}
    )


def make_membership(place=None, network=None, **overrides) -> Membership:
    fields = {
        "place": place or make_place(),
        "network": network or make_network(),
    }
    fields["review_state"] = ReviewState.PUBLISHED
    fields.update(overrides)
    return Membership.objects.create(**fields)


def make_resolution(place=None, **overrides) -> Resolution:
    fields = {
        "place": place or make_place(),
        "title": f"Test resolution {_n()}",
        "kind": ResolutionKind.COUNCIL_RESOLUTION,
        "adopted_on": date(2019, 2, 28),
        "adopted_on_precision": "day",
    }
    fields["review_state"] = ReviewState.PUBLISHED
    fields.update(overrides)
    return Resolution.objects.create(**fields)


def make_strategy(place=None, **overrides) -> Strategy:
    fields = {
        "place": place or make_place(),
        "title": f"Test strategy {_n()}",
        "status": StrategyStatus.ADOPTED,
        "year_start": 2020,
    }
    fields["review_state"] = ReviewState.PUBLISHED
    fields.update(overrides)
    return Strategy.objects.create(**fields)


def make_pledge(place=None, **overrides) -> Pledge:
    fields = {
        "place": place or make_place(),
        "title": f"Test pledge {_n()}",
        "category": PledgeCategory.ADDITIONAL_RECEPTION,
        "target_min": 100,
        "unit": "persons",
        "status": PledgeStatus.ADOPTED,
        "announced_on": date(2020, 3, 1),
        "announced_on_precision": "month",
    }
    fields["review_state"] = ReviewState.PUBLISHED
    fields.update(overrides)
    return Pledge.objects.create(**fields)


def make_update(pledge=None, **overrides) -> PledgeUpdate:
    fields = {
        "pledge": pledge or make_pledge(),
        "status": PledgeStatus.IN_PROGRESS,
        "happened_on": date(2021, 1, 1),
        "happened_on_precision": "year",
    }
    fields["review_state"] = ReviewState.PUBLISHED
    fields.update(overrides)
    return PledgeUpdate.objects.create(**fields)


def make_practice(place=None, **overrides) -> Practice:
    fields = {"place": place or make_place(), "title": f"Test practice {_n()}"}
    fields["review_state"] = ReviewState.PUBLISHED
    fields.update(overrides)
    return Practice.objects.create(**fields)


def make_account(*, group: str | None = None, places=(), **overrides):
    """A user; `group` names a role ("City editors"), `places` assigns them.

    Staff unless told otherwise. Pass `password=` to set one; otherwise the account
    has none, like a freshly invited editor.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.models import PlaceAssignment

    n = _n()
    password = overrides.pop("password", None)
    fields = {
        "username": f"editor{n}@example.org",
        "email": f"editor{n}@example.org",
        "is_staff": True,
    }
    fields.update(overrides)
    user = get_user_model().objects.create_user(password=password, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for place in places:
        PlaceAssignment.objects.create(user=user, place=place)
    return user


def make_city_editor(*places, **overrides):
    """A member of "City editors" assigned to the given places."""
    return make_account(group="City editors", places=places, **overrides)


def make_network_editor(**overrides):
    return make_account(group="Network editors", **overrides)
