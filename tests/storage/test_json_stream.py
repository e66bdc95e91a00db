"""The export reader: the same rows as json.loads for any layout, one row at a time."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amends.storage.json_stream import Header, Row, TableStart, read_items

cells = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
tables = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.lists(st.lists(cells, max_size=5), max_size=6),
    max_size=3,
)
layouts = st.sampled_from(
    [{}, {"indent": 2}, {"separators": (",", ":")}, {"indent": "\t", "ensure_ascii": False}]
)


def _document(content: dict[str, list[list[Any]]]) -> dict[str, Any]:
    return {
        "format": "amends-export",
        "version": 1,
        "schema": "0001",
        "tables": {name: {"columns": ["a"], "rows": rows} for name, rows in content.items()},
    }


def _expected(document: dict[str, Any]) -> list[object]:
    items: list[object] = [Header({k: v for k, v in document.items() if k != "tables"})]
    for name, table in document["tables"].items():
        items.append(TableStart(name, table["columns"]))
        items.extend(Row(values) for values in table["rows"])
    return items


@settings(max_examples=150, deadline=None)
@given(content=tables, layout=layouts, chunk=st.integers(min_value=1, max_value=64))
def test_any_layout_and_chunk_size_reads_the_same_rows_as_json_loads(
    content: dict[str, list[list[Any]]], layout: dict[str, Any], chunk: int
) -> None:
    text = json.dumps(_document(content), **layout)

    items = list(read_items(io.StringIO(text), chunk=chunk))

    assert items == _expected(json.loads(text))


def test_a_number_split_across_chunks_is_read_whole() -> None:
    text = json.dumps(_document({"events": [[1234567890123], [0.000123]]}))

    rows = [item for item in read_items(io.StringIO(text), chunk=3) if isinstance(item, Row)]

    assert rows == [Row([1234567890123]), Row([0.000123])]


@settings(max_examples=100, deadline=None)
@given(content=tables, cut=st.floats(min_value=0, max_value=0.999))
def test_a_cut_short_export_is_always_an_error(
    content: dict[str, list[list[Any]]], cut: float
) -> None:
    text = json.dumps(_document(content), indent=2)

    with pytest.raises(ValueError):
        list(read_items(io.StringIO(text[: int(len(text) * cut)]), chunk=16))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"format": 1}', 'no "tables"'),
        ('{"tables": {}} trailing', "after the end"),
        ('{"tables": {"events": {"columns": []}}}', "has no rows"),
        ('{"tables": {"events": {"rows": [], "extra": 1}}}', "unexpected key"),
        ('{"tables": {"events": {"rows": [[1] [2]]}}}', "between rows"),
        ("[]", "a JSON object"),
        ('{\n"tables": {\n"events": {"rows": [\n[1],\n[2, }', "on line 5"),
    ],
)
def test_a_misshapen_export_names_the_problem_and_line(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        list(read_items(io.StringIO(text), chunk=4))
