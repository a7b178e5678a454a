"""Files of every schema version that shipped, read as the current version.

What each version changed (``warehouse/schemas.py``):

* **1**: ``articles.cited_documents`` is a list of document numbers (``["12-NQ/TW"]``); no
  ``articles.parser_version``; ``source_health`` without ``pages_reused``, ``pages_skipped``,
  ``layout_drift`` and ``fallback_pages`` (the very first files also had ``articles.cluster_id``).
* **2**: ``cited_documents`` is a list of ``{document, kind, kind_name, number, year, issuer}``;
  ``source_health`` gains ``pages_reused`` and ``pages_skipped``.
* **3**: ``articles.parser_version``, ``source_health.layout_drift`` and ``fallback_pages``.
* **4**: ``articles.outlet_tag`` (the tag a lead began with, now taken out of ``lead``; NULL on older
  rows, whose leads still carry it until the night is re-extracted).

The upgrade is driven by the columns a file has, not by its version number: a column the current
schema added is NULL on older rows, a column it dropped is left out, and a version-1 document number
becomes the struct ``transforms.documents`` gives it (kind and issuer from the number, the kind's
name from ``KIND_NAMES``; the year is NULL, version 1 never read it). Each row keeps the
``schema_version`` it was written with, so ``schema_version < 4`` still tells which rows a re-extraction
would improve. Two readers use the same rules: :func:`upgrade_table` (pyarrow: compaction, ``bantin
doctor --upgrade``) and :func:`upgrade_select` (the SQL of the DuckDB views), and a test checks that
they agree.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa

from transforms.documents import KIND_NAMES, CitedDocument
from warehouse.quarantine import read_or_set_aside
from warehouse.schemas import SCHEMA_VERSION, TABLES

SHIPPED_VERSIONS = (1, 2, 3, 4)
# How version 1 wrote a cited document: number, kind code, issuer (its DOCUMENT_NUMBER, nothing else).
# Written in the syntax both Python's re and DuckDB's RE2 read, so both readers parse it alike.
V1_DOCUMENT = r"^\s*0*(\d{1,4})\s*-\s*([A-ZĐ]{2,4})\s*/\s*([A-ZĐ]{2,8})\s*$"
_V1_DOCUMENT = re.compile(V1_DOCUMENT)
DOCUMENT_STRINGS = (pa.list_(pa.string()), pa.list_(pa.large_string()), pa.large_list(pa.string()))


class UpgradeError(ValueError):
    """A file cannot be read as the current schema (a required column is missing)."""


def file_version(metadata: dict[bytes, bytes] | None) -> int | None:
    """The ``schema_version`` a file's Parquet metadata records, or None when it records none."""
    raw = (metadata or {}).get(b"schema_version")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def v1_citation(document: str) -> CitedDocument | None:
    """The struct of a version-1 document number ("12-NQ/TW"), or None when it is not one."""
    found = _V1_DOCUMENT.match(document)
    if found is None:
        return None
    number, kind, issuer = int(found.group(1)), found.group(2), found.group(3)
    return CitedDocument(document=f"{number}-{kind}/{issuer}", kind=kind, kind_name=KIND_NAMES.get(kind, kind),
                         number=number, year=None, issuer=issuer)  # fmt: skip


def v1_citations(documents: list[str] | None) -> list[CitedDocument] | None:
    if documents is None:
        return None
    return [citation for document in documents if (citation := v1_citation(document)) is not None]


def upgrade_table(table: pa.Table, name: str) -> pa.Table:
    """``table`` (rows of table ``name`` in any shipped schema version) in the current schema."""
    schema = TABLES[name]
    columns = []
    for field in schema:
        if field.name not in table.column_names:
            if not field.nullable:
                raise UpgradeError(f"{name}: column {field.name!r} is missing and has no value to give older rows")
            columns.append(pa.nulls(len(table), field.type))
            continue
        column = table[field.name]
        if field.name == "cited_documents" and column.type in DOCUMENT_STRINGS:
            column = pa.array([v1_citations(documents) for documents in column.to_pylist()], type=field.type)
        columns.append(column.cast(field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _v1_citations_sql(column: str) -> str:
    """SQL of :func:`v1_citations`: the same pattern, kind names from the same dictionary."""
    pattern = "'" + V1_DOCUMENT.replace("'", "''") + "'"
    names = " ".join(f"WHEN '{kind}' THEN '{name}'" for kind, name in KIND_NAMES.items())
    parsed = (f"{{'document': CAST(TRY_CAST(regexp_extract(d, {pattern}, 1) AS INTEGER) AS VARCHAR) || '-' || "
              f"regexp_extract(d, {pattern}, 2) || '/' || regexp_extract(d, {pattern}, 3), "
              f"'kind': regexp_extract(d, {pattern}, 2), "
              f"'kind_name': CASE regexp_extract(d, {pattern}, 2) {names} ELSE regexp_extract(d, {pattern}, 2) END, "
              f"'number': TRY_CAST(regexp_extract(d, {pattern}, 1) AS INTEGER), 'year': CAST(NULL AS SMALLINT), "
              f"'issuer': regexp_extract(d, {pattern}, 3)}}")  # fmt: skip
    return f"list_transform(list_filter({column}, lambda d: regexp_matches(d, {pattern})), lambda d: {parsed})"


def upgrade_select(name: str, columns: dict[str, str], target_types: dict[str, str]) -> str:
    """The SELECT list that reads a file group with ``columns`` (name -> DuckDB type) as table ``name``'s
    current columns (``target_types``: name -> DuckDB type)."""
    parts = []
    for field in TABLES[name]:
        quoted = f'"{field.name}"'
        target = target_types[field.name]
        if field.name not in columns:  # NULL even where the schema wants a value: a view shows what is there
            parts.append(f"CAST(NULL AS {target}) AS {quoted}")
        elif field.name == "cited_documents" and columns[field.name] == "VARCHAR[]":
            parts.append(f"CAST({_v1_citations_sql(quoted)} AS {target}) AS {quoted}")
        elif columns[field.name] == target:
            parts.append(quoted)
        else:
            parts.append(f"CAST({quoted} AS {target}) AS {quoted}")
    return ", ".join(parts)


def is_current(version: int | None) -> bool:
    return version == SCHEMA_VERSION


def read_upgraded(root: Path, path: Path, name: str) -> pa.Table:
    """The rows of one file of table ``name`` in the current schema, for a writer that holds the file's
    partition lock and rewrites it (compaction): a damaged file is quarantined, with a warning naming it,
    and gives no rows."""
    table = read_or_set_aside(root, path, lock_held=True)
    return upgrade_table(table, name) if table is not None else TABLES[name].empty_table()
