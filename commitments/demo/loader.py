"""Load the bundled real dataset (data/demo/*.csv) into the database.

All or nothing: the whole load runs in one transaction, and the first bad row aborts it
with its file, line and reason. A record already loaded (found by its dataset key) is
never touched again, so a second run changes nothing and an editor's later changes
survive. The files' own wordings are kept beside the values they map to.
"""

import csv
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django_countries import countries

from cities.models import Place, PlaceKind
from commitments.demo import mappings
from commitments.models import (
    Citation,
    Membership,
    Network,
    Pledge,
    PledgeUpdate,
    Practice,
    Resolution,
    ResolutionKind,
    ReviewState,
    Source,
    Strategy,
)
from commitments.partial_dates import PartialDate


class DatasetError(Exception):
    """A row that cannot be loaded; says where, so the file can be fixed."""

    def __init__(self, filename: str, line: int, reason: str):
        super().__init__(f"{filename}, line {line}: {reason}")
        self.filename = filename
        self.line = line
        self.reason = reason


@dataclass
class Row:
    filename: str
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column].strip()

    def error(self, reason: str) -> DatasetError:
        return DatasetError(self.filename, self.line, reason)


@dataclass
class LoadSummary:
    created: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        names = list(dict.fromkeys([*self.created, *self.kept]))
        return [
            f"{name}: {self.created[name]} created, {self.kept[name]} already present"
            for name in names
        ]


def read_rows(path: Path) -> Iterator[Row]:
    """Rows with the line each starts on (a quoted field may span lines)."""
    if not path.is_file():
        raise DatasetError(path.name, 0, "file not found")
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        last_line = 1
        try:
            for values in reader:
                start, last_line = last_line + 1, reader.line_num
                if None in values or None in values.values():
                    raise DatasetError(
                        path.name, start, "wrong number of columns for the header"
                    )
                yield Row(path.name, start, values)
        except (csv.Error, UnicodeDecodeError) as error:
            raise DatasetError(path.name, last_line + 1, str(error)) from None


def dataset_key(kind: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"{kind}:{digest}"


class Loader:
    def __init__(self, directory: Path):
        self.directory = directory
        self.summary = LoadSummary()
        self.places: dict[tuple[str, str], Place] = {}
        self.sources: dict[str, Source] = {}
        self.pledge_statuses = mappings.pledge_statuses()
        self.strategy_statuses = mappings.strategy_statuses()
        self.roles = mappings.membership_roles()
        self.units = mappings.units()
        self.networks = mappings.networks()
        self.loaded_keys: dict[type, set[str]] = {}

    def rows(self, filename: str) -> Iterator[Row]:
        return read_rows(self.directory / filename)

    def run(self) -> LoadSummary:
        with transaction.atomic():
            self.load_places()
            self.load_memberships()
            self.load_resolutions()
            self.load_strategies()
            self.load_pledges()
            self.load_updates()
            self.load_practices()
            self.link_overlaps()
        return self.summary

    # --- helpers -------------------------------------------------------------

    def save(self, row: Row, record, label: str):
        """Validate fields like a form would, then save; a failure names the row.

        Database constraints are left to the database (checking each in Python costs
        a query per constraint and row); a violation is reported with its message.
        """
        try:
            record.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise row.error(_describe(error)) from None
        try:
            record.save()
        except IntegrityError as error:
            raise row.error(_constraint_message(record, error)) from None
        self.summary.created[label] += 1
        return record

    def existing(self, model, key: str, label: str) -> bool:
        """Whether a record was loaded from this row before; it is then left alone."""
        if model not in self.loaded_keys:
            self.loaded_keys[model] = set(
                model.objects.exclude(dataset_key="").values_list(
                    "dataset_key", flat=True
                )
            )
        if key in self.loaded_keys[model]:
            self.summary.kept[label] += 1
            return True
        return False

    def place(self, row: Row) -> Place:
        place = self.places.get((row["country_iso2"], row["city"]))
        if place is None:
            raise row.error(
                f"no place {row['city']!r} in {row['country_iso2']!r} in cities.csv"
            )
        return place

    def source(self, row: Row, url: str) -> Source:
        if url not in self.sources:
            source = Source.objects.filter(url=url).first()
            if source is None:
                source = self.save(row, Source(url=url), "sources")
            self.sources[url] = source
        return self.sources[url]

    def require_source(self, row: Row) -> None:
        if not row["source_url"]:
            raise row.error("source_url is empty: every fact needs a source")

    def cite(self, row: Row, **fact) -> None:
        citation = Citation(
            source=self.source(row, row["source_url"]), quote=row["snippet"], **fact
        )
        self.save(row, citation, "citations")

    def mapped(self, row: Row, table: dict, column: str, table_file: str):
        wording = row[column]
        if wording not in table:
            raise row.error(
                f"{column} {wording!r} has no mapping in commitments/demo/{table_file}"
            )
        return table[wording]

    # --- files ---------------------------------------------------------------

    def load_places(self) -> None:
        self.slugs = set(Place.objects.values_list("slug", flat=True))
        by_key = {}
        for row in self.rows("cities.csv"):
            key = dataset_key("place", row["country_iso2"], row["name"])
            place = self.new_place(row, key)
            if self.existing(Place, key, "places"):
                by_key[key] = (row["country_iso2"], row["name"])
            else:
                self.save_place(row, place)
                self.places[row["country_iso2"], row["name"]] = place
        for place in Place.objects.filter(dataset_key__in=by_key):
            self.places[by_key[place.dataset_key]] = place

    def new_place(self, row: Row, key: str) -> Place:
        country = row["country_iso2"]
        if country not in dict(countries):
            raise row.error(f"{country!r} is not an ISO 3166 country code")
        kind = row["kind"].replace(" ", "_").replace("-", "_")
        if kind not in PlaceKind.values:
            raise row.error(f"unknown kind of place {row['kind']!r}")
        return Place(
            name=row["name"],
            local_name=row["geonames_name"],
            kind=kind,
            country=country,
            region=row["region"],
            population=_number(row, "population", int),
            population_year=_number(row, "population_year", int),
            latitude=_number(row, "lat", Decimal),
            longitude=_number(row, "lon", Decimal),
            geonames_id=_number(row, "geonames_id", int),
            geo_source=row["geo_source"],
            source_url=row["source_url"],
            dataset_key=key,
        )

    def save_place(self, row: Row, place: Place) -> None:
        place.slug = self.free_slug(place.name, place.country.code)
        self.save(row, place, "places")

    def free_slug(self, name: str, country: str) -> str:
        base = slugify(name) or "place"
        candidates = [base, f"{base}-{country.lower()}"]
        suffix = 2
        while candidates[-1] in self.slugs:
            candidates.append(f"{base}-{country.lower()}-{suffix}")
            suffix += 1
        slug = next(
            candidate for candidate in candidates if candidate not in self.slugs
        )
        self.slugs.add(slug)
        return slug

    def load_memberships(self) -> None:
        # The same place and network twice is one membership with every source.
        groups: dict[tuple, list[Row]] = defaultdict(list)
        for row in self.rows("memberships.csv"):
            network = self.mapped(row, self.networks, "network", "networks.csv")
            self.mapped(row, self.roles, "role", "membership_roles.csv")
            self.require_source(row)
            self.place(row)
            self.partial_date(row, "joined_on")
            groups[row["country_iso2"], row["city"], network.slug].append(row)
        for (country, city, slug), rows in groups.items():
            key = dataset_key("membership", country, city, slug)
            if self.existing(Membership, key, "memberships"):
                continue
            dated = [(self.partial_date(row, "joined_on"), row) for row in rows]
            best_date, best = max(dated, key=_most_precise_first)
            wordings = list(dict.fromkeys(row["role"] for row in rows if row["role"]))
            membership = Membership(
                place=self.place(best),
                network=self.network(best),
                role=self.roles[best["role"]],
                role_wording="; ".join(wordings),
                dataset_key=key,
            )
            membership.joined = best_date
            membership.review_state = ReviewState.PUBLISHED
            self.save(best, membership, "memberships")
            for row in rows:
                self.cite(row, membership=membership)

    def network(self, row: Row) -> Network:
        reading = self.networks[row["network"]]
        network = Network.objects.filter(slug=reading.slug).first()
        if network is None:
            network = Network(
                name=reading.name,
                short_name=reading.short_name,
                slug=reading.slug,
                kind=reading.kind,
            )
            self.save(row, network, "networks")
        return network

    def load_resolutions(self) -> None:
        for row in self.rows("resolutions.csv"):
            if row["kind"] not in ResolutionKind.values:
                raise row.error(f"unknown kind of resolution {row['kind']!r}")
            resolution = Resolution(
                place=self.place(row),
                title=row["title"],
                kind=row["kind"],
                summary=row["summary"],
                dataset_key=self.fact_key("resolution", row, row["title"]),
            )
            resolution.adopted = self.partial_date(row, "adopted_on")
            self.save_fact(row, resolution, "resolutions", "resolution")

    def load_strategies(self) -> None:
        replacements = []
        for row in self.rows("strategies.csv"):
            strategy = Strategy(
                place=self.place(row),
                title=row["title"],
                status=self.mapped(
                    row, self.strategy_statuses, "status", "strategy_statuses.csv"
                ),
                status_wording=row["status"],
                year_start=_number(row, "year_start", int),
                year_end=_number(row, "year_end", int),
                summary=row["summary"],
                dataset_key=self.fact_key("strategy", row, row["title"]),
            )
            if (
                self.save_fact(row, strategy, "strategies", "strategy")
                and (row["replaces"])
            ):
                replacements.append((row, strategy))
        for row, strategy in replacements:
            earlier = Strategy.objects.filter(
                place=strategy.place, title=row["replaces"]
            ).first()
            if earlier is None:
                raise row.error(
                    f"replaces {row['replaces']!r}, which is no strategy of this place"
                )
            strategy.replaces = earlier
            strategy.save(update_fields=["replaces"])

    def load_pledges(self) -> None:
        for row in self.rows("pledges.csv"):
            unit = self.mapped(row, self.units, "unit", "units.csv")
            target_min, target_max = _target(row)
            pledge = Pledge(
                place=self.place(row),
                title=row["title"],
                category=row["category"],
                summary=row["summary"],
                target_min=target_min,
                target_max=target_max,
                qualifier=unit.qualifier,
                unit=unit.unit,
                period=unit.period,
                period_count=unit.period_count,
                unit_wording=row["unit"],
                status=self.mapped(
                    row, self.pledge_statuses, "status", "pledge_statuses.csv"
                ),
                status_wording=row["status"],
                dataset_key=self.fact_key("pledge", row, row["title"]),
            )
            pledge.announced = self.partial_date(row, "announced_on")
            self.save_fact(row, pledge, "pledges", "pledge")

    def load_updates(self) -> None:
        for row in self.rows("updates.csv"):
            pledge = Pledge.objects.filter(
                place=self.place(row), title=row["pledge_title"]
            ).first()
            if pledge is None:
                raise row.error(f"no pledge titled {row['pledge_title']!r} here")
            update = PledgeUpdate(
                pledge=pledge,
                status=self.mapped(
                    row, self.pledge_statuses, "status", "pledge_statuses.csv"
                ),
                status_wording=row["status"],
                delivered_quantity=_number(row, "delivered_quantity", Decimal),
                summary=row["summary"],
                dataset_key=self.fact_key(
                    "update", row, row["pledge_title"], row["date"], row["status"]
                ),
            )
            update.happened = self.partial_date(row, "date")
            self.save_fact(row, update, "progress updates", "update")

    def load_practices(self) -> None:
        for row in self.rows("practices.csv"):
            practice = Practice(
                place=self.place(row),
                title=row["title"],
                summary=row["summary"],
                dataset_key=self.fact_key("practice", row, row["title"]),
            )
            practice.started = self.partial_date(row, "since")
            self.save_fact(row, practice, "practices", "practice")

    def save_fact(self, row: Row, record, label: str, cited_as: str) -> bool:
        """Save a fact read from a row with its citation; False if loaded before."""
        self.require_source(row)
        if self.existing(type(record), record.dataset_key, label):
            return False
        # The dataset was gathered and checked against its sources: it is published.
        record.review_state = ReviewState.PUBLISHED
        self.save(row, record, label)
        self.cite(row, **{cited_as: record})
        return True

    def link_overlaps(self) -> None:
        for entry in mappings.pledge_overlaps():
            pledges = Pledge.objects.filter(
                place__country=entry["country_iso2"], place__name=entry["city"]
            )
            pledge = pledges.filter(title=entry["title"]).first()
            overlapped = pledges.filter(title=entry["overlaps_title"]).first()
            if pledge is None or overlapped is None:
                raise DatasetError(
                    "pledge_overlaps.csv", 0, f"no such pledges: {entry['title']!r}"
                )
            if pledge.overlaps_id is None and pledge.dataset_key:
                pledge.overlaps = overlapped
                pledge.save(update_fields=["overlaps"])

    def fact_key(self, kind: str, row: Row, *parts: str) -> str:
        return dataset_key(kind, row["country_iso2"], row["city"], *parts)

    def partial_date(self, row: Row, column: str) -> PartialDate | None:
        try:
            return PartialDate.parse(row[column])
        except ValidationError as error:
            raise row.error(f"{column}: {error.messages[0]}") from None


def _most_precise_first(dated: tuple[PartialDate | None, Row]):
    value = dated[0]
    if value is None:
        return (-1, 0, 0)
    # More precise wins; between equals, the earlier date (a later "by" list).
    return (*value.specificity, -value.value.toordinal())


def _number(row: Row, column: str, kind):
    text = row[column]
    if not text:
        return None
    try:
        return kind(text)
    except (ValueError, InvalidOperation):
        raise row.error(f"{column} {text!r} is not a number") from None


def _target(row: Row) -> tuple[Decimal | None, Decimal | None]:
    """ "" is no number stated, "100" one number, "200-300" a range."""
    text = row["target_quantity"]
    if not text:
        return None, None
    low, sep, high = text.partition("-")
    try:
        low_value = Decimal(low)
        high_value = Decimal(high) if sep else None
    except InvalidOperation:
        raise row.error(
            f"target_quantity {text!r} is neither a number nor a range like 200-300"
        ) from None
    if high_value is not None and high_value < low_value:
        raise row.error(f"target_quantity {text!r}: the range is upside down")
    return low_value, high_value


def _constraint_message(record, error: IntegrityError) -> str:
    """The editor-facing message of the constraint the database names, if any."""
    for constraint in record._meta.constraints:
        if constraint.name in str(error):
            return str(constraint.get_violation_error_message())
    return f"the database refused the row ({error})"


def _describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def load_dataset(directory: Path) -> LoadSummary:
    return Loader(directory).run()
