#!/usr/bin/env python3
"""Replay a raw folder (contract §1) as a landing zone that fills up in arrival batches.

usage: split_raw_batches.py --raw data/raw --out DIR --cuts 2024-04-01,2024-05-20

Writes DIR/batch_1 .. DIR/batch_<n+1>: each is the complete raw folder as it
stood just before a cut (the last one holds everything), ready for
`dbt build --vars '{raw_path: DIR/batch_k}'` to rehearse incremental runs.

How rows arrive:

- Event tables (`product_events`, `web_pageviews`) land by server clock: a row
  lands at its `received_at` (or at an optional `_landed_at`, for rows loaded
  late). Rows are written in one Parquet file per landing segment, the
  segments being delimited by the cut dates (`landed_<segment start>.parquet`,
  the first segment `landed_1970-01-01.parquet`). The landing zone before a
  cut holds the files of the segments before it, so a later batch only adds
  files, as a real landing zone does.
- Snapshot tables (users, accounts, ...) are exported whole each time: the
  file before a cut holds the rows whose own timestamp (`created_at`,
  `changed_at`, `occurred_at`, `enriched_at`) is before the cut, or null.

Several splits can share one layout written with the union of their cuts:
the final landing zone is then byte-identical whatever the split.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from raw_contract import RAW_SCHEMA  # noqa: E402

EVENT_TABLES = ("product_events", "web_pageviews")
SNAPSHOT_CLOCKS = {
    "users": "created_at",
    "accounts": "created_at",
    "subscription_changes": "changed_at",
    "marketing_touches": "occurred_at",
    "community_activity": "occurred_at",
    "firmographics": "enriched_at",
    "crm_opportunities": "created_at",
}
LANDED_AT = "_landed_at"  # optional: when an event row reached the landing zone (default received_at)
ORDER = "_ord"  # original row order (file name, then row number), kept in snapshot exports
SNAPSHOT_FILE = "part-000.parquet"
FIRST_SEGMENT = date(1970, 1, 1)
MANIFEST = "_layout.json"


def load_raw(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> None:
    """Load every raw table into `con` as a table of the same name, plus `_landed_at` and `_ord`."""
    for table, columns in RAW_SCHEMA.items():
        select = ", ".join(f'cast("{name}" as {ctype}) as "{name}"' for name, ctype in columns)
        con.execute(f"""
            create or replace table {table} as
            select {select}, cast(null as timestamp) as {LANDED_AT},
                row_number() over (order by filename, file_row_number) as {ORDER}
            from read_parquet('{raw_dir}/{table}/*.parquet', filename = true, file_row_number = true,
                              union_by_name = true)
        """)


def append_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Append rows (dicts by column; `_landed_at` optional) after the table's existing rows."""
    names = [name for name, _ in RAW_SCHEMA[table]] + [LANDED_AT]
    start = con.execute(f"select coalesce(max({ORDER}), 0) from {table}").fetchone()[0]
    data = [[row.get(name) for name in names] + [start + i + 1] for i, row in enumerate(rows)]
    if data:
        placeholders = ", ".join("?" for _ in range(len(names) + 1))
        con.executemany(f"insert into {table} ({', '.join(names)}, {ORDER}) values ({placeholders})", data)


def _raw_columns(table: str) -> str:
    return ", ".join(f'"{name}"' for name, _ in RAW_SCHEMA[table])


def write_layout(con: duckdb.DuckDBPyConnection, layout_dir: Path, cuts: Sequence[date]) -> None:
    """Write the event tables in one file per landing segment and whole snapshots of the others."""
    starts = [FIRST_SEGMENT, *sorted(set(cuts))]
    landing = f"coalesce({LANDED_AT}, received_at, occurred_at, timestamp '1970-01-01')"
    segment = " ".join(
        f"when {landing} >= date '{s.isoformat()}' then date '{s.isoformat()}'" for s in reversed(starts)
    )
    for table in EVENT_TABLES:
        folder = layout_dir / table
        folder.mkdir(parents=True, exist_ok=True)
        for start in starts:
            con.execute(f"""
                copy (
                    select {_raw_columns(table)} from {table}
                    where (case {segment} else date '{FIRST_SEGMENT.isoformat()}' end) = date '{start.isoformat()}'
                    order by coalesce(received_at, occurred_at), {ORDER}
                ) to '{folder / f"landed_{start.isoformat()}.parquet"}' (format parquet)
            """)
    (layout_dir / "_snapshots").mkdir(parents=True, exist_ok=True)
    for table in SNAPSHOT_CLOCKS:
        con.execute(f"""
            copy (select {_raw_columns(table)}, {ORDER} from {table} order by {ORDER})
            to '{layout_dir / "_snapshots" / f"{table}.parquet"}' (format parquet)
        """)
    (layout_dir / MANIFEST).write_text(json.dumps({"cuts": [c.isoformat() for c in starts[1:]]}))


def segment_start(path: Path) -> date:
    """Landing segment of a file `landed_<start>.parquet`."""
    return date.fromisoformat(path.stem.removeprefix("landed_"))


def fill_landing_zone(layout_dir: Path, landing_dir: Path, cut: date | None) -> None:
    """Make `landing_dir` hold exactly what had landed before `cut` (None: everything)."""
    cuts = json.loads((layout_dir / MANIFEST).read_text())["cuts"]
    if cut is not None and cut.isoformat() not in cuts:
        raise ValueError(f"cut {cut} is not a segment boundary of {layout_dir} ({cuts})")
    for table in EVENT_TABLES:
        target = landing_dir / table
        target.mkdir(parents=True, exist_ok=True)
        wanted = {
            p.name: p for p in (layout_dir / table).glob("landed_*.parquet") if cut is None or segment_start(p) < cut
        }
        for present in target.glob("*.parquet"):
            if present.name not in wanted:
                present.unlink()
        for name, source in sorted(wanted.items()):
            if not (target / name).exists():
                shutil.copy2(source, target / name)
    con = duckdb.connect()
    try:
        for table, clock in SNAPSHOT_CLOCKS.items():
            target = landing_dir / table
            target.mkdir(parents=True, exist_ok=True)
            keep = "true" if cut is None else f"{clock} is null or {clock} < date '{cut.isoformat()}'"
            tmp = target / f".{SNAPSHOT_FILE}.tmp"
            con.execute(f"""
                copy (select {_raw_columns(table)}
                      from read_parquet('{layout_dir / "_snapshots" / f"{table}.parquet"}')
                      where {keep} order by {ORDER})
                to '{tmp}' (format parquet)
            """)
            tmp.replace(target / SNAPSHOT_FILE)
    finally:
        con.close()


def write_batches(raw_dir: Path, out_dir: Path, cuts: Sequence[date]) -> list[Path]:
    """Split `raw_dir` at `cuts` into cumulative landing folders out/batch_1 .. batch_<n+1>."""
    layout = out_dir / "_layout"
    con = duckdb.connect()
    try:
        load_raw(con, raw_dir)
        write_layout(con, layout, cuts)
    finally:
        con.close()
    batches = []
    for index, cut in enumerate([*sorted(cuts), None], start=1):
        folder = out_dir / f"batch_{index}"
        fill_landing_zone(layout, folder, cut)
        batches.append(folder)
    return batches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="raw folder (one sub-folder per table)")
    parser.add_argument("--out", type=Path, required=True, help="folder for batch_1 .. batch_n")
    parser.add_argument("--cuts", required=True, help="comma-separated dates, e.g. 2024-04-01,2024-05-20")
    args = parser.parse_args(argv)
    cuts = [date.fromisoformat(c.strip()) for c in args.cuts.split(",") if c.strip()]
    for folder in write_batches(args.raw, args.out, cuts):
        print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
