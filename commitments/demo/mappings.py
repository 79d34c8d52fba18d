"""The hand-made tables that map the dataset's free-text wordings onto our choices.

Each table is a CSV beside this module (see README.md there); a wording the dataset uses
but a table lacks is an error, never a silent default.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from commitments.models import (
    MembershipRole,
    NetworkKind,
    Period,
    PledgeStatus,
    Qualifier,
    StrategyStatus,
    Unit,
)

MAPPINGS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class UnitReading:
    unit: str
    qualifier: str
    period: str
    period_count: int | None


@dataclass(frozen=True)
class NetworkReading:
    name: str
    short_name: str
    slug: str
    kind: str


class MappingError(Exception):
    pass


def _rows(filename: str) -> list[dict[str, str]]:
    with open(MAPPINGS_DIR / filename, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _checked(filename: str, row: dict, column: str, allowed) -> str:
    value = row[column]
    if value not in allowed:
        raise MappingError(
            f"{filename}: {column} {value!r} for {row['wording']!r} is not one of "
            f"{sorted(allowed)}"
        )
    return value


def _table(filename: str, read) -> dict[str, object]:
    table = {}
    for row in _rows(filename):
        if row["wording"] in table:
            raise MappingError(f"{filename}: {row['wording']!r} is mapped twice")
        table[row["wording"]] = read(filename, row)
    return table


def pledge_statuses() -> dict[str, str]:
    return _table(
        "pledge_statuses.csv",
        lambda f, row: _checked(f, row, "status", PledgeStatus.values),
    )


def strategy_statuses() -> dict[str, str]:
    return _table(
        "strategy_statuses.csv",
        lambda f, row: _checked(f, row, "status", StrategyStatus.values),
    )


def membership_roles() -> dict[str, str]:
    return _table(
        "membership_roles.csv",
        lambda f, row: _checked(f, row, "role", MembershipRole.values),
    )


def units() -> dict[str, UnitReading]:
    def read(f, row):
        count = row["period_count"]
        return UnitReading(
            unit=_checked(f, row, "unit", [*Unit.values, ""]),
            qualifier=_checked(f, row, "qualifier", Qualifier.values),
            period=_checked(f, row, "period", Period.values),
            period_count=int(count) if count else None,
        )

    return _table("units.csv", read)


def networks() -> dict[str, NetworkReading]:
    return _table(
        "networks.csv",
        lambda f, row: NetworkReading(
            name=row["name"],
            short_name=row["short_name"],
            slug=row["slug"],
            kind=_checked(f, row, "kind", NetworkKind.values),
        ),
    )


def pledge_overlaps() -> list[dict[str, str]]:
    """Pledges the dataset says restate another: country, city, title, overlaps."""
    return _rows("pledge_overlaps.csv")
