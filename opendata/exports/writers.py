"""A table's rows written as CSV or JSON and streamed, in blocks of bytes.

On PostgreSQL, the database writes the rows itself (`copy_out`). Elsewhere, one
`values_list()` query reads the rows as tuples in chunks, so memory stays flat
however many rows there are; the sources of each chunk's facts come in one more
query per chunk, and each chunk is written as one block.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from operator import itemgetter

from django.db.models import F
from django.db.models.lookups import In
from django.http import StreamingHttpResponse
from django.utils import translation

from commitments.models import Citation
from opendata.exports import copy_out
from opendata.exports.columns import Column

CHUNK_SIZE = 2000


def _row_maker(columns: list[Column], position: dict[str, int], sources: dict):
    """A function from a row's tuple to its list of cells.

    One itemgetter picks each column's first value; a column with a function of that
    value replaces it in place, a column reading several values gets them from the
    row. (A function call for every cell would cost more than reading the row.)
    """
    firsts = [position[column.reads[0]] for column in columns]
    pick = itemgetter(*firsts) if len(firsts) > 1 else lambda row: (row[firsts[0]],)
    of_value = []
    of_values = []
    for number, column in enumerate(columns):
        if len(column.reads) > 1:
            values = itemgetter(*[position[path] for path in column.reads])
            of_values.append((number, column.cell, values))
        elif column.cites:
            of_value.append((number, _cited(column.cell, sources)))
        elif column.cell is not None:
            of_value.append((number, column.cell))

    def make(row: tuple) -> list:
        cells = list(pick(row))
        for number, cell in of_value:
            cells[number] = cell(cells[number])
        for number, cell, values in of_values:
            cells[number] = cell(*values(row))
        return cells

    return make


def _cited(cell, sources: dict):
    """The cell of a fact's id: `cell` of the addresses of its sources."""
    return lambda fact_id: cell(sources.get(fact_id, ()))


class _InArray(In):
    """`IN`, with the whole list as one array parameter on PostgreSQL: building and
    parsing a placeholder per id costs more than the query itself."""

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, list(self.rhs))


def _source_urls(fact: str, ids: list) -> dict[int, list[str]]:
    """The addresses of the sources cited for each fact, in citation order."""
    urls = {}
    citations = (
        Citation.objects.filter(_InArray(F(f"{fact}_id"), ids))
        .order_by("id")
        .values_list(f"{fact}_id", "source__url")
    )
    for fact_id, url in citations:
        urls.setdefault(fact_id, []).append(url)
    return urls


def row_chunks(queryset, columns: list[Column]) -> Iterator[list[list]]:
    """The records as lists of cells, a chunk of up to CHUNK_SIZE rows at a time."""
    paths = list(dict.fromkeys(path for column in columns for path in column.reads))
    position = {path: index for index, path in enumerate(paths)}
    # The current chunk's source addresses by fact id, for the column citing them.
    sources = {}
    make = _row_maker(columns, position, sources)
    cited = next((column for column in columns if column.cites), None)
    values = queryset.values_list(*paths).iterator(chunk_size=CHUNK_SIZE)
    # Exports are in English whatever the page's language, like the column names.
    with translation.override("en"):
        while chunk := list(islice(values, CHUNK_SIZE)):
            if cited:
                key = position[cited.reads[0]]
                sources.clear()
                sources.update(_source_urls(cited.cites, [row[key] for row in chunk]))
            yield [make(row) for row in chunk]


def _csv_text(rows: list[list]) -> str:
    out = io.StringIO()
    # csv.writer writes None as an empty field.
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _csv_header(columns: list[Column]) -> str:
    return _csv_text([[column.name for column in columns]])


def csv_blocks(
    queryset, columns: list[Column], *, bom: bool = False
) -> Iterator[bytes]:
    """The header, then one block of lines per chunk of rows.

    A block per chunk rather than a line per row: each piece handed to the server is
    a call and a write of its own, which cost more than the row's text."""
    header = _csv_header(columns)
    yield (("\ufeff" + header) if bom else header).encode()
    for block, _rows in _csv_lines(queryset, columns):
        yield block


def _csv_lines(queryset, columns: list[Column]) -> Iterator[tuple[bytes, int]]:
    """Blocks of CSV lines, each with the number of rows it holds."""
    if copy_out.can_copy(queryset, columns):
        yield from copy_out.csv_lines(queryset, columns)
        return
    for chunk in row_chunks(queryset, columns):
        yield _csv_text(chunk).encode(), len(chunk)


def json_blocks(queryset, columns: list[Column]) -> Iterator[bytes]:
    """A JSON array of objects, one object a line, one block per chunk of rows.

    Written compactly and in UTF-8, exactly as PostgreSQL's row_to_json writes it."""
    yield b"["
    separator = b"\n"
    for block in _json_objects(queryset, columns):
        yield separator + block
        separator = b",\n"
    yield b"\n]\n"


def _json_objects(queryset, columns: list[Column]) -> Iterator[bytes]:
    if copy_out.can_copy(queryset, columns):
        yield from copy_out.json_objects(queryset, columns)
        return
    names = [column.name for column in columns]
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for chunk in row_chunks(queryset, columns):
        objects = [encode(dict(zip(names, row, strict=True))) for row in chunk]
        yield ",\n".join(objects).encode()


def write_csv(path, queryset, columns: list[Column]) -> int:
    """Write a table to a file; return how many rows it has."""
    count = 0
    with open(path, "wb") as out:
        out.write(_csv_header(columns).encode())
        for block, rows in _csv_lines(queryset, columns):
            out.write(block)
            count += rows
    return count


def csv_response(blocks: Iterable[bytes], filename: str) -> StreamingHttpResponse:
    return _streamed(blocks, "text/csv", f'attachment; filename="{filename}"')


def json_response(blocks: Iterable[bytes], filename: str) -> StreamingHttpResponse:
    return _streamed(blocks, "application/json", f'inline; filename="{filename}"')


def _streamed(blocks: Iterable[bytes], media_type: str, disposition: str):
    response = StreamingHttpResponse(
        blocks, content_type=f"{media_type}; charset=utf-8"
    )
    response["Content-Disposition"] = disposition
    return response
