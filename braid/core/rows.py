"""Plain rows into a table, without a model instance per row: PostgreSQL's COPY, SQLite's
executemany. For derived tables written in bulk (the scorecard's aggregates): Django's
`bulk_create` spends most of its time preparing each field of each instance, which for 4,000
aggregates was longer than the database's own work."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert `rows` (tuples in the order of `columns`, database values: ids, numbers, None)
    into `model`'s table in the current transaction. No save(), no signals, no defaults: give
    every column the table needs."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))  # noqa: S608 - names quoted, values bound
