"""On PostgreSQL the database writes the exports itself (`copy_out`): byte for byte
what the Python writer writes, for every table, in CSV and JSON."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from commitments.filters import PledgeFilter
from commitments.models import Pledge, ReviewState
from opendata.exports import copy_out, writers
from opendata.exports.tables import TABLES
from tests.builders import (
    cite,
    make_membership,
    make_network,
    make_place,
    make_pledge,
    make_practice,
    make_resolution,
    make_source,
    make_strategy,
    make_update,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="COPY is PostgreSQL's; CI runs this file against PostgreSQL",
    ),
]

# Text that CSV must quote or JSON must escape, and text that needs neither.
AWKWARD = [
    'Köln, "Stadt"',
    "two\nlines",
    "windows\r\nline",
    "tab\there",
    "bell\x07 and \\ backslash",
    "\\.",
    " leading space",
    "emoji 🙂 and ä",
    "",
]
TARGETS = [("12.50", "20.00"), ("20", None), ("0.5", "1000000"), (None, None)]
PRECISIONS = ["day", "month", "year", "by_day", "by_month", "by_year"]


def awkward_dataset():
    """A few rows of every table, with every kind of cell the writers format."""
    network = make_network(description=AWKWARD[0])
    sources = [make_source(url=f"https://example.org/{n}") for n in "zma"]
    for n, text in enumerate(AWKWARD):
        place = make_place(
            name=f"Place {text} {n}",
            local_name=text,
            latitude="52.520000" if n % 2 else None,
            longitude="13.405000" if n % 2 else None,
            population=None if n % 3 else 1000 * n,
        )
        precision = PRECISIONS[n % len(PRECISIONS)]
        pledge = make_pledge(
            place=place,
            title=text or "Untitled",
            summary=text,
            target_min=TARGETS[n % len(TARGETS)][0],
            target_max=TARGETS[n % len(TARGETS)][1],
            announced_on=None if n == 0 else date(2019, 2, 28),
            announced_on_precision="" if n == 0 else precision,
        )
        # The same date twice: the rows are ordered by place, date, then id.
        make_pledge(place=place, announced_on=date(2019, 2, 28))
        update = make_update(pledge=pledge, summary=text, delivered_quantity=n or None)
        facts = [
            make_membership(place=place, network=network, note=text),
            make_resolution(place=place, summary=text),
            make_strategy(
                place=place,
                summary=text,
                adopted_on=date(2020, 1, 1),
                adopted_on_precision=precision,
            ),
            pledge,
            update,
            make_practice(place=place, summary=text),
        ]
        # No source, one, or three cited out of the order of their ids.
        for fact in facts:
            for turn in range(n % 3 if n % 3 < 2 else 3):
                cite(fact, source=sources[(n + turn) % 3], quote=text)
    # Whole seconds, which Python writes without microseconds.
    Pledge.objects.filter(pk=pledge.pk).update(
        updated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    )
    make_pledge(title="A draft", review_state=ReviewState.DRAFT)


def written(queryset, columns, *, in_python: bool, monkeypatch) -> tuple[bytes, bytes]:
    """The CSV and JSON of the queryset, by one writer or the other."""
    with monkeypatch.context() as patch:
        if in_python:
            patch.setattr(copy_out, "can_copy", lambda queryset, columns: False)
        csv_bytes = b"".join(writers.csv_blocks(queryset, columns, bom=True))
        json_bytes = b"".join(writers.json_blocks(queryset, columns))
    return csv_bytes, json_bytes


@pytest.mark.parametrize("table", TABLES)
def test_postgresql_writes_every_table_as_python_does(monkeypatch, table):
    awkward_dataset()
    spec = TABLES[table]
    columns = spec.column_list("https://example.org")

    with CaptureQueriesContext(connection) as queries:
        copied = written(
            spec.queryset(), columns, in_python=False, monkeypatch=monkeypatch
        )
    in_python = written(
        spec.queryset(), columns, in_python=True, monkeypatch=monkeypatch
    )

    assert any(query["sql"].startswith("COPY") for query in queries)
    assert copied[0].count(b"\r\n") > 1  # a row besides the header
    assert copied == in_python


def test_a_filtered_export_is_written_alike_and_keeps_the_list_order(monkeypatch):
    awkward_dataset()
    berlin = make_place(name="Berlin", country="DE")
    for title in ("B", "A", "C"):
        pledge = make_pledge(
            place=berlin, title=title, announced_on=None, announced_on_precision=""
        )
        cite(pledge)
    make_pledge(place=make_place(country="FR"))
    pledges = PledgeFilter(
        QueryDict("country=DE&q="), queryset=TABLES["pledges"].queryset()
    ).qs
    columns = TABLES["pledges"].column_list("https://example.org")

    copied = written(pledges, columns, in_python=False, monkeypatch=monkeypatch)
    in_python = written(pledges, columns, in_python=True, monkeypatch=monkeypatch)

    assert copied == in_python
    ids = [line.split(b",")[0] for line in copied[0].split(b"\r\n")[1:-1]]
    assert [int(pk) for pk in ids if pk.isdigit()] == list(
        pledges.values_list("pk", flat=True)
    )


def test_the_copy_streams_in_blocks_and_stopping_early_frees_the_connection(
    monkeypatch,
):
    monkeypatch.setattr(copy_out, "ROWS_PER_BLOCK", 3)
    place = make_place()
    for _n in range(10):
        cite(make_pledge(place=place))
    spec = TABLES["pledges"]

    blocks = writers.csv_blocks(spec.queryset(), spec.column_list())
    next(blocks)  # the header
    assert next(blocks).count(b"\r\n") == 3
    # The reader went away: the server closes the response and so the blocks.
    blocks.close()

    assert Pledge.objects.count() == 10  # the connection answers again
