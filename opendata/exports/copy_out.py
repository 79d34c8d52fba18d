"""Whole tables written by PostgreSQL itself, with `COPY (query) TO STDOUT`.

Reading every row into Python only to write it out again is what limited the exports
(about 40,000 rows/s). Each column's `sql` makes its cell in the query as text
identical to the Python cell, so PostgreSQL writes the CSV lines, or each row's JSON
object with `row_to_json`, and Python only passes them on, a block at a time.
The rows are the queryset's, in its order: the query is built from its own SQL.

COPY sends one message per row, which lets the CSV end each line with "\\r\\n" as
Python's csv module does (COPY ends them with "\\n").
"""

from collections.abc import Iterator

from django.contrib.postgres.aggregates import StringAgg
from django.db import connections, transaction
from django.db.models import F, OrderBy, TextField, Value
from django.db.models.functions import NullIf

from commitments.models import Citation
from opendata.exports.columns import SOURCE_SEPARATOR, Column

ROWS_PER_BLOCK = 2000

# A JSON text never holds a raw control character, so with these for delimiter and
# quote, COPY's CSV writes each object exactly as row_to_json made it.
_AS_IS = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"


def can_copy(queryset, columns: list[Column]) -> bool:
    return connections[queryset.db].vendor == "postgresql" and all(
        column.sql is not None or column.cites for column in columns
    )


def csv_lines(queryset, columns: list[Column]) -> Iterator[tuple[bytes, int]]:
    """The rows as CSV lines ending in CRLF, a block of them at a time, with the
    number of rows in each."""
    # Python's csv writes None and "" alike, as nothing; COPY would quote "".
    cells = [
        NullIf(cell, Value(""), output_field=TextField())
        if column.type == "string" and cell is not None
        else cell
        for column, cell in zip(columns, _cells(columns), strict=True)
    ]
    query = _select(queryset, columns, cells)
    for rows in _copied_blocks(queryset.db, f"COPY ({query}) TO STDOUT (FORMAT csv)"):
        yield b"\r\n".join(rows) + b"\r\n", len(rows)


def json_objects(queryset, columns: list[Column]) -> Iterator[bytes]:
    """The rows as JSON objects, one a line, joined by commas, a block at a time."""
    query = _select(queryset, columns, _cells(columns), for_json=True)
    # The subquery keeps its order: PostgreSQL does not merge a sorted subquery.
    objects = f"SELECT row_to_json(r) FROM ({query}) r"
    for rows in _copied_blocks(queryset.db, f"COPY ({objects}) TO STDOUT ({_AS_IS})"):
        yield b",\n".join(rows)


def _cells(columns: list[Column]) -> list:
    """Each column's cell; a citing column's (None here) is joined in by `_select`."""
    return [None if column.cites else column.sql for column in columns]


def _select(queryset, columns: list[Column], cells: list, for_json=False) -> str:
    """SQL selecting the cells of the queryset's rows, in its order.

    When a column cites sources, the sources of all the rows' facts come grouped
    by fact and joined in by hash, which costs half as much as a subquery per row;
    so the rows are sorted after that join, by the queryset's own ordering.
    """
    connection = connections[queryset.db]
    orderings = _orderings(queryset)
    keys = {f"order_{n}": ordering.expression for n, ordering in enumerate(orderings)}
    selected = {f"cell_{n}": cell for n, cell in enumerate(cells) if cell is not None}
    rows = (
        queryset.order_by()
        .annotate(**selected, fact_key=F("pk"), **keys)
        .values_list(*selected, "fact_key", *keys)
    )
    # A fact without sources has an empty cell, as in Python: "" in JSON.
    sources = "COALESCE(s.urls, '')" if for_json else "s.urls"
    outer = []
    for n, (column, cell) in enumerate(zip(columns, cells, strict=True)):
        text = f"q.cell_{n}" if cell is not None else sources
        name = connection.ops.quote_name(column.name)
        outer.append(f"{text} AS {name}" if for_json else text)
    sql = f"SELECT {', '.join(outer)} FROM ({_sql(rows)}) q"
    cited = next((column.cites for column in columns if column.cites), None)
    if cited:
        sql += (
            f" LEFT JOIN ({_sql(_sources(queryset, cited))}) s ON s.fact = q.fact_key"
        )
    order = ", ".join(
        f"q.{key} {'DESC' if ordering.descending else 'ASC'}"
        + (" NULLS FIRST" if ordering.nulls_first else "")
        + (" NULLS LAST" if ordering.nulls_last else "")
        for key, ordering in zip(keys, orderings, strict=True)
    )
    return f"{sql} ORDER BY {order}" if order else sql


def _sources(queryset, fact: str):
    """The addresses of the sources of the queryset's facts, in citation order."""
    return (
        Citation.objects.filter(**{f"{fact}__in": queryset.order_by().values("pk")})
        .order_by()
        .values(fact=F(f"{fact}_id"))
        .annotate(urls=StringAgg("source__url", SOURCE_SEPARATOR, order_by="id"))
        .values_list("fact", "urls")
    )


def _orderings(queryset) -> list[OrderBy]:
    """The queryset's ordering as expressions, as Django would sort its rows."""
    query = queryset.query
    names = query.order_by or (
        query.get_meta().ordering if query.default_ordering else ()
    )
    orderings = []
    for name in names:
        if isinstance(name, str):
            descending = name.startswith("-")
            name = OrderBy(F(name.lstrip("-")), descending=descending)
        elif not isinstance(name, OrderBy):
            name = OrderBy(name)
        orderings.append(name)
    return orderings


def _sql(queryset) -> str:
    """The queryset's SQL with its parameters bound: COPY takes no parameters."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return connections[queryset.db].ops.compose_sql(sql, params)


def _copied_blocks(using: str, statement: str) -> Iterator[list[bytes]]:
    """The rows COPY writes, without their line ends, in lists of ROWS_PER_BLOCK."""
    with transaction.atomic(using), connections[using].cursor() as cursor:
        # In one process: a parallel plan groups all the sources in every worker.
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield from _blocks(cursor, statement)


def _blocks(cursor, statement: str) -> Iterator[list[bytes]]:
    with cursor.copy(statement) as copy:
        rows = []
        for row in copy:
            rows.append(bytes(row[:-1]))
            if len(rows) == ROWS_PER_BLOCK:
                yield rows
                rows = []
        if rows:
            yield rows
