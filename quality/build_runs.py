"""The warehouse's own record of the dbt invocations that changed it.

`macros/build_runs.sql` (on-run-start / on-run-end hooks) inserts a `start`
row when `dbt build`, `run`, `seed`, `snapshot`, `retry` or `clone` begins and
an `end` row, with the number of failed nodes, when it finishes. A build that
was killed or crashed leaves a `start` row without its `end` row. The
checkpoint and the publish gate read the latest invocation from here and
compare it with the `run_results.json` they are given.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import duckdb

BUILD_RUNS_TABLE = "_plg_build_runs"


@dataclass(frozen=True)
class BuildRun:
    """One dbt invocation as the warehouse recorded it."""

    invocation_id: str
    command: str
    started_at: datetime
    ended_at: datetime | None
    problems: int | None  # failed nodes (error, fail, runtime error); None while not ended

    @property
    def finished(self) -> bool:
        return self.ended_at is not None

    def describe(self) -> str:
        """`dbt build` invocation <id> started <UTC time>, and how it ended."""
        text = f"`dbt {self.command}` invocation {self.invocation_id} started {self.started_at:%Y-%m-%d %H:%M:%S} UTC"
        if not self.finished:
            return text + " and never finished (killed or crashed)"
        return text + (f", finished with {self.problems} failed nodes" if self.problems else ", finished cleanly")

    def as_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(self).items()}


def latest_build_run(con: duckdb.DuckDBPyConnection) -> BuildRun | None:
    """The dbt invocation that started last (None when the warehouse holds no record)."""
    found = con.execute(
        "select schema_name from duckdb_tables() where database_name = current_database() and table_name = ?",
        [BUILD_RUNS_TABLE],
    ).fetchall()
    if not found:
        return None
    table = f'"{found[0][0]}".{BUILD_RUNS_TABLE}'
    row = con.execute(f"""
        select
            started.invocation_id, started.command, started.recorded_at, ended.recorded_at, ended.problems
        from {table} as started
        left join {table} as ended
            on ended.invocation_id = started.invocation_id and ended.phase = 'end'
        where started.phase = 'start'
        order by started.recorded_at desc
        limit 1
    """).fetchone()
    return BuildRun(*row) if row else None


def read_latest_build_run(db_path: str) -> BuildRun | None:
    """`latest_build_run` of a DuckDB file, opened read-only."""
    con = duckdb.connect(db_path, read_only=True)
    try:
        return latest_build_run(con)
    finally:
        con.close()
