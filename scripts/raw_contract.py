"""The raw input contract: table name -> ordered (column, DuckDB type).

Read from the one declaration of the contract, the `columns:` with
`data_type` of the raw source in models/staging/raw/_raw__sources.yml, and
shared by the demo data generator, the test fixtures and the benchmark, so
they cannot drift from what the build checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

SOURCES_YML = Path(__file__).resolve().parents[1] / "models" / "staging" / "raw" / "_raw__sources.yml"


def _load_raw_schema(path: Path = SOURCES_YML) -> dict[str, list[tuple[str, str]]]:
    """Each raw table's contract columns and types, in declared order."""
    sources = yaml.safe_load(path.read_text())["sources"]
    raw = next(source for source in sources if source["name"] == "raw")
    return {
        table["name"]: [(column["name"], column["data_type"].upper()) for column in table["columns"]]
        for table in raw["tables"]
    }


RAW_SCHEMA: dict[str, list[tuple[str, str]]] = _load_raw_schema()


def sql_literal(text: str | Path) -> str:
    """`text` as an SQL string literal (quotes doubled), for paths in DuckDB statements."""
    value = text.as_posix() if isinstance(text, Path) else text
    return "'" + value.replace("'", "''") + "'"


def write_table(
    out_dir: str | Path,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    file_name: str = "part-000.parquet",
) -> Path:
    """Write `rows` (dicts keyed by column; missing keys are null) as one Parquet
    file of `table` in the exact contract types, and return the file's path.

    Small-data helper for tests and fixtures; the demo generator writes its
    large tables with vectorized DuckDB/Arrow code instead.
    """
    import duckdb  # local import: scripts/ stays importable without duckdb

    columns = RAW_SCHEMA[table]
    folder = Path(out_dir) / table
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    con = duckdb.connect()
    col_sql = ", ".join(f'"{name}" {ctype}' for name, ctype in columns)
    con.execute(f"create table t ({col_sql})")
    placeholders = ", ".join("?" for _ in columns)
    data = [[row.get(name) for name, _ in columns] for row in rows]
    if data:
        con.executemany(f"insert into t values ({placeholders})", data)
    con.execute(f"copy t to {sql_literal(path)} (format parquet)")
    con.close()
    return path
