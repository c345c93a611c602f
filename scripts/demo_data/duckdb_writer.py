"""DuckDB writer: id-formatting macros and the Parquet part writer."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import pyarrow as pa
from raw_contract import RAW_SCHEMA, sql_literal

SQL_MACROS = [
    # readable sequential ids for the app-database tables, random-looking ones for trackers
    "create macro uid(i) as case when i >= 0 then 'usr_' || lpad(i::varchar, 7, '0') end",
    "create macro aid(i) as case when i >= 0 then 'acc_' || lpad(i::varchar, 7, '0') end",
    # (i * odd + salt) mod 2^k is a bijection: unique, random-looking, reproducible
    "create macro anon(i) as case when i >= 0 then "
    "'anon_' || lpad(lower(to_hex((i * 2654435761) % 4294967296)), 8, '0') end",
    "create macro hexid(prefix, i, salt) as case when i >= 0 then "
    "prefix || lpad(lower(to_hex((i * 2654435761 + salt) % 1099511627776)), 10, '0') end",
    "create macro seqid(prefix, i) as case when i >= 0 then printf('%s%07d', prefix, i) end",
]


def _connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the id-formatting macros."""
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = true")
    for macro in SQL_MACROS:
        con.execute(macro)
    return con


def _write_part(
    con: duckdb.DuckDBPyConnection, table: str, source: pa.Table, exprs: Mapping[str, str], out: Path, part: int = 0
) -> int:
    """Write `source` as `out/<table>/part-NNN.parquet`, each contract column computed by
    its SQL expression in `exprs` and cast to the exact RAW_SCHEMA type. Returns rows."""
    select = ",\n  ".join(f"cast({exprs[name]} as {ctype}) as {name}" for name, ctype in RAW_SCHEMA[table])
    path = out / table / f"part-{part:03d}.parquet"
    con.register("src", source)
    try:
        con.execute(f"copy (select {select} from src) to {sql_literal(path)} (format parquet)")
    finally:
        con.unregister("src")
    return source.num_rows
