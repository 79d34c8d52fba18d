"""What marks a row as synthetic and how to find such rows; which seeds are refused and
how many rows a seed writes."""

from django.db.models import Q

from cities.models import Place
from commitments.models import Network, Pledge, Resolution, Source, Strategy
from commitments.synthetic.shapes import (
    NETWORK_SHARES,
    RESOLUTIONS_PER_PLACE,
    SOURCES_PER_PLACE,
    STRATEGIES_PER_PLACE,
    _members,
)

KEY_PREFIX = "synthetic:"
NAME_PREFIX = "Synthetic"
SLUG_PREFIX = "synthetic-"
URL_PREFIX = "https://synthetic.example/"

MAX_ROWS = 10_000_000


def synthetic_key(kind: str, n: int) -> str:
    return f"{KEY_PREFIX}{kind}:{n}"


def synthetic_name(kind: str, n: int) -> str:
    return f"{NAME_PREFIX} {kind} {n}"


def synthetic_slug(kind: str, n: int) -> str:
    return f"{SLUG_PREFIX}{kind}-{n}"


def synthetic_url(kind: str, n: int) -> str:
    return f"{URL_PREFIX}{kind}/{n}"


# How a synthetic row is recognised in each table that editors or the demo fill.
# Networks and sources have no dataset key: their slug and address tell instead.
SYNTHETIC_ROWS = {
    "places": (Place, Q(dataset_key__startswith=KEY_PREFIX)),
    "networks": (Network, Q(slug__startswith=f"{SLUG_PREFIX}network-")),
    "resolutions": (Resolution, Q(dataset_key__startswith=KEY_PREFIX)),
    "strategies": (Strategy, Q(dataset_key__startswith=KEY_PREFIX)),
    "pledges": (Pledge, Q(dataset_key__startswith=KEY_PREFIX)),
    "sources": (Source, Q(url__startswith=URL_PREFIX)),
}


class SeedRefused(Exception):
    """The sizes make no sense, or the database is not one to seed."""


def _rows(*, synthetic: bool) -> dict[str, int]:
    counts = {
        table: model.objects.filter(condition if synthetic else ~condition).count()
        for table, (model, condition) in SYNTHETIC_ROWS.items()
    }
    return {table: count for table, count in counts.items() if count}


def real_data_present() -> dict[str, int]:
    """Rows that are not synthetic, per table; tables without any are left out."""
    return _rows(synthetic=False)


def synthetic_data_present() -> dict[str, int]:
    return _rows(synthetic=True)


def is_synthetic_database() -> bool:
    """Whether the database holds synthetic rows and nothing else worth keeping."""
    return bool(synthetic_data_present()) and not real_data_present()


def check_sizes(*, places: int, pledges: int, updates: int) -> None:
    for option, value in (
        ("places", places),
        ("pledges", pledges),
        ("updates", updates),
    ):
        if not 0 <= value <= MAX_ROWS:
            raise SeedRefused(
                f"--{option} must be a number from 0 to {MAX_ROWS:,}; got {value:,}."
            )
    if pledges and not places:
        raise SeedRefused(f"--pledges {pledges:,} needs places; --places is 0.")
    if updates and not pledges:
        raise SeedRefused(f"--updates {updates:,} needs pledges; --pledges is 0.")


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{table}: {count:,}" for table, count in counts.items())


def check_database(*, force: bool) -> None:
    """Refuses a database already holding synthetic rows, whose keys the new ones
    would repeat, and one holding real data unless `force`."""
    if existing := synthetic_data_present():
        raise SeedRefused(
            f"The database already holds synthetic rows ({_describe(existing)}); "
            "new ones would repeat their keys. Seed into a fresh database: create "
            "an empty one and migrate it."
        )
    if not force and (real := real_data_present()):
        raise SeedRefused(
            f"The database holds real data ({_describe(real)}). Seed a database "
            "of its own, or pass --force to add the synthetic rows beside the "
            "real ones, which are left untouched."
        )


def planned_counts(*, places: int, pledges: int, updates: int) -> dict[str, int]:
    """The rows `seed()` writes per table, in the order it writes them."""
    check_sizes(places=places, pledges=pledges, updates=updates)
    networks = len(NETWORK_SHARES) if places else 0
    memberships = sum(_members(places, s) for s in NETWORK_SHARES[:networks])
    resolutions = round(places * RESOLUTIONS_PER_PLACE)
    strategies = round(places * STRATEGIES_PER_PLACE)
    return {
        "places": places,
        "sources": places * SOURCES_PER_PLACE,
        "networks": networks,
        "memberships": memberships,
        "resolutions": resolutions,
        "strategies": strategies,
        "pledges": pledges,
        "updates": updates,
        "citations": memberships + resolutions + strategies + pledges + updates,
    }
