"""Years of past nights under a benchmark night: a warehouse whose every earlier night is a shifted copy of one real night.

``build_history(base, night, nights, out)`` copies every partition of ``night`` in the warehouse
``base`` (written by a real run of the pipeline, e.g. the night benchmark's 7 sites x 500 articles)
to each of the ``nights`` nights before it, then compacts as a long-running deployment would
(``warehouse.compaction.compact``: monthly files for the compacted tables, the last 7 nights
nightly). In each copy, ``k`` nights back:

* dates and times move ``k`` days back (publication, event day, crawl date, fetch time);
* URLs get the path prefix ``/h<k>/`` and ids (article, cluster, event) the prefix ``h<k>-``, so
  every night holds its own articles (the seen-URL index grows with the history, as it does for real);
* the facts that key threads (people, officials, cases, communes, names) get the suffix `` h<k>``: a
  month's copies of one night would otherwise all share their facts and join into threads no real
  months of news make;
* ``raw_pages`` keeps no HTML (three years of pages would not fit this disk; no step of a night reads
  an earlier night's HTML, and Parquet reads the columns it needs only).

Copies share their text with the night they copy, so a new night's articles find copies among the
last nights' (their clusters and events link to them): the same for every history length, which is
what comparing lengths needs.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from warehouse.compaction import compact
from warehouse.storage import read_partition, write_partition

URL_COLUMNS = frozenset({"url", "final_url", "canonical_url"})
# The facts threads are keyed on (article_facts): each copy's are its own, as different months' news's are.
OWN_FACT_COLUMNS = frozenset({"people", "officials", "cases", "communes", "lead_communes", "names"})
ID_COLUMNS = frozenset({"article_id", "cluster_id", "event_id"})
PARTITION = re.compile(r"^crawl_date=(\d{4}-\d{2}-\d{2})(?:/source=(.+))?$")


def night_partitions(base: Path, night: date) -> list[tuple[str, str | None]]:
    """(table, source or None) of every partition ``night`` has in ``base``."""
    found = []
    for table_dir in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for file in sorted(table_dir.glob(f"crawl_date={night.isoformat()}/**/part-0.parquet")):
            match = PARTITION.match(str(file.parent.relative_to(table_dir)))
            if match:
                found.append((table_dir.name, match.group(2)))
    return found


def shifted(table: pa.Table, days: int) -> pa.Table:
    """``table`` as the copy ``days`` nights back holds it (see the module's docstring)."""
    columns = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_date32(field.type):
            column = pc.subtract(pc.cast(column, pa.int32()), pa.scalar(days, pa.int32())).cast(pa.int32()).cast(pa.date32())
        elif pa.types.is_timestamp(field.type):
            column = pc.subtract(column, pa.scalar(timedelta(days=days), pa.duration(field.type.unit)))
        elif field.name in URL_COLUMNS:
            column = pc.replace_substring_regex(column, r"^(https?://[^/]+)/", rf"\1/h{days}/")
        elif field.name in ID_COLUMNS:
            column = pc.binary_join_element_wise(f"h{days}-", column, "")
        elif field.name in OWN_FACT_COLUMNS:
            column = pa.chunked_array([suffixed(chunk, f" h{days}") for chunk in column.chunks], field.type)
        elif field.name == "html":
            column = pa.nulls(len(table), field.type)
        elif field.name == "follows":
            column = pa.array(
                [[{**event, "event_id": f"h{days}-{event['event_id']}"} for event in events] for events in column.to_pylist()],
                field.type,
            )
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def suffixed(lists: pa.ListArray, suffix: str) -> pa.ListArray:
    """Every string of a list<string> array with ``suffix`` appended."""
    values = pc.binary_join_element_wise(lists.values, suffix, "")
    return pa.ListArray.from_arrays(lists.offsets, values, mask=lists.is_null())


def build_history(base: Path, night: date, nights: int, out: Path) -> float:
    """Write ``nights`` shifted copies of ``night`` before it into ``out``, compact; return the seconds taken."""
    started = time.perf_counter()
    partitions = [(table, source, read_partition(base, table, night, source)) for table, source in night_partitions(base, night)]
    for k in range(1, nights + 1):
        day = night - timedelta(days=k)
        for table, source, contents in partitions:
            assert contents is not None
            write_partition(shifted(contents, k), out, table, day, source)
        if k % 100 == 0:
            print(f"    {k} of {nights} past nights written", flush=True)
    compact(out, older_than=night - timedelta(days=7))
    return time.perf_counter() - started
