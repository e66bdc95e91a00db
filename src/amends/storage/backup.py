"""Versioned JSON export, restore and forget for every table amends owns.

The export is generic: every table of `Base.metadata.sorted_tables` (after importing the
modules in TABLE_MODULES), rows ordered by primary key, one row per line:

    {
      "format": "amends-export",
      "version": 1,
      "schema": "0001",
      "tables": {
        "events": {
          "columns": ["id", "kind", "at", "data", "recorded_at"],
          "rows": [
            [1, "urge", "2026-03-01T21:30:00+00:00", "{\"note\":\"...\"}", "..."]
          ]
        }
      }
    }

There is deliberately no export time in it, so export -> forget -> restore -> export gives the
same bytes. Restore validates every row before it writes and runs in the caller's transaction.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Column, Table, func, literal, select, text
from sqlalchemy.orm import Session

from amends.core.errors import AmendsError
from amends.storage import json_stream
from amends.storage.tables import Base

FORMAT = "amends-export"
VERSION = 1
TABLE_MODULES: tuple[str, ...] = ("amends.storage.tables", "amends.storage.chats")
_BATCH = 1000
_HINT = "Use a file written by `amends export`; this one may be damaged or cut short."


def user_tables() -> list[Table]:
    """Every table amends owns, parents before children."""
    for name in TABLE_MODULES:
        importlib.import_module(name)
    return list(Base.metadata.sorted_tables)


def is_empty(session: Session) -> bool:
    for table in user_tables():
        if session.execute(select(literal(1)).select_from(table).limit(1)).first():
            return False
    return True


def count_rows(session: Session) -> dict[str, int]:
    return {
        t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
        for t in user_tables()
    }


def write_export(session: Session, stream: TextIO, schema: str) -> dict[str, int]:
    """Streams every table to `stream`; returns the row count of each table."""
    counts: dict[str, int] = {}
    tables = user_tables()
    stream.write(f'{{\n  "format": "{FORMAT}",\n  "version": {VERSION},\n')
    stream.write(f'  "schema": {_dump(schema)},\n  "tables": {{')
    for index, table in enumerate(tables):
        columns = [column.name for column in table.columns]
        stream.write("," if index else "")
        stream.write(f'\n    {_dump(table.name)}: {{\n      "columns": {_dump(columns)},\n')
        stream.write('      "rows": [')
        counts[table.name] = 0
        for row in _rows(session, table):
            stream.write(",\n        " if counts[table.name] else "\n        ")
            stream.write(_dump([_to_json(value) for value in row]))
            counts[table.name] += 1
        stream.write("\n      ]\n    }" if counts[table.name] else "]\n    }")
    stream.write("\n  }\n}\n" if tables else "}\n}\n")
    return counts


def restore(session: Session, stream: TextIO, known_schemas: list[str]) -> dict[str, int]:
    """Reads an export into the caller's transaction; returns the row count of each table.

    1. check the header (format, version, schema) before any row is read,
    2. for each table, check its column list against the table,
    3. check each row and insert rows in batches, so memory stays flat on huge exports,
    4. move PostgreSQL id sequences past the restored ids.
    Any problem raises AmendsError; the caller's transaction then rolls everything back.
    """
    by_name = {table.name: table for table in user_tables()}
    counts: dict[str, int] = {}
    table: Table | None = None
    columns: list[Column[Any]] = []
    batch: list[dict[str, Any]] = []
    for item in _items(stream):
        if isinstance(item, json_stream.Header):
            _check_header(item.fields, known_schemas)
        elif isinstance(item, json_stream.TableStart):
            _insert(session, table, batch)
            table = _start_table(by_name, item.name, counts)
            columns = _columns(table, item.columns)
        elif table is not None:
            counts[table.name] += 1
            batch.append(_row(table, columns, item.values, counts[table.name]))
            if len(batch) >= _BATCH:
                _insert(session, table, batch)
    _insert(session, table, batch)
    for name in counts:
        _reset_sequence(session, by_name[name])
    return counts


def forget(session: Session) -> dict[str, int]:
    """Deletes every row of every table (children first); returns how many each table had."""
    counts = count_rows(session)
    for table in reversed(user_tables()):
        session.execute(table.delete())
    return counts


def _rows(session: Session, table: Table) -> Iterator[Any]:
    query = select(table).order_by(*table.primary_key.columns)
    yield from session.execute(query, execution_options={"yield_per": _BATCH})


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _to_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _items(stream: TextIO) -> Iterator[json_stream.Item]:
    try:
        yield from json_stream.read_items(stream)
    except UnicodeDecodeError:
        raise AmendsError("The export is not UTF-8 text.", _HINT) from None
    except ValueError as error:
        raise AmendsError(f"The export is damaged or cut short ({error}).", _HINT) from None


def _insert(session: Session, table: Table | None, batch: list[dict[str, Any]]) -> None:
    if table is not None and batch:
        session.execute(table.insert(), batch)
    batch.clear()


def _check_header(header: dict[str, Any], known_schemas: list[str]) -> None:
    if header.get("format") != FORMAT:
        raise AmendsError("The file is not an amends export.", _HINT)
    if header.get("version") != VERSION:
        raise AmendsError(
            f"The export has format version {header.get('version')!r}; "
            f"this amends reads version {VERSION}.",
            "Restore it with the amends version that wrote it.",
        )
    if header.get("schema") not in known_schemas:
        raise AmendsError(
            f"The export has schema {header.get('schema')!r}, which this amends does not know.",
            "Restore it with the amends version that wrote it, or upgrade amends.",
        )


def _start_table(by_name: dict[str, Table], name: str, counts: dict[str, int]) -> Table:
    if name not in by_name:
        raise AmendsError(f"The export has a table {name!r} this amends does not know.", _HINT)
    if name in counts:
        raise AmendsError(f"The export has table {name!r} twice.", _HINT)
    counts[name] = 0
    return by_name[name]


def _row(table: Table, columns: list[Column[Any]], values: Any, number: int) -> dict[str, Any]:
    if not isinstance(values, list) or len(values) != len(columns):
        shown = ", ".join(column.name for column in columns)
        raise AmendsError(
            f"Row {number} of {table.name!r} does not have the {len(columns)} columns {shown}.",
            _HINT,
        )
    where = f"row {number} of {table.name!r}"
    return {c.name: _from_json(v, c, where) for c, v in zip(columns, values, strict=True)}


def _columns(table: Table, names: Any) -> list[Column[Any]]:
    if not isinstance(names, list) or len({str(name) for name in names}) != len(names):
        raise AmendsError(f"Table {table.name!r} in the export has no valid column list.", _HINT)
    unknown = [n for n in names if n not in table.columns]
    required = [
        c.name
        for c in table.columns
        if c.name not in names and not (c.nullable or c.default or c.server_default)
    ]
    if unknown or required:
        problem = f"unknown columns {unknown}" if unknown else f"missing columns {required}"
        raise AmendsError(f"Table {table.name!r} in the export has {problem}.", _HINT)
    return [table.columns[n] for n in names]


def _from_json(value: Any, column: Column[Any], where: str) -> Any:
    if value is None:
        if column.nullable and not column.primary_key:
            return None
        raise AmendsError(f"Column {column.name!r} is empty in {where}.", _HINT)
    try:
        expected = column.type.python_type
    except NotImplementedError:  # a type with no Python equivalent: the database checks it
        return value
    try:
        if expected in (datetime, date) and isinstance(value, str):
            return expected.fromisoformat(value)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
    except ValueError:
        pass
    if isinstance(value, expected) and (expected is bool or not isinstance(value, bool)):
        return value
    raise AmendsError(
        f"Column {column.name!r} in {where} should hold {expected.__name__}, not {_short(value)}.",
        _HINT,
    )


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _reset_sequence(session: Session, table: Table) -> None:
    """After explicit ids are inserted, PostgreSQL's serial sequence must start past them."""
    column = table.autoincrement_column
    if column is None or session.get_bind().dialect.name != "postgresql":
        return
    quote = session.get_bind().dialect.identifier_preparer
    name = quote.quote(column.name)
    statement = text(
        f"SELECT setval(pg_get_serial_sequence(:table, :column), "
        f"COALESCE(MAX({name}), 1), MAX({name}) IS NOT NULL) FROM {quote.format_table(table)}"
    )
    session.execute(statement, {"table": table.name, "column": column.name})
