"""Helpers to write raw fixtures, run dbt on them and read the results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from raw_contract import RAW_SCHEMA, write_table

PROJECT_DIR = Path(__file__).resolve().parents[2]
DBT = str(PROJECT_DIR / ".venv" / "bin" / "dbt")
_CACHE: dict[str, Warehouse] = {}

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


@dataclass
class DbtResult:
    """Outcome of one dbt invocation: exit code and combined output."""

    returncode: int
    output: str


@dataclass
class Warehouse:
    """A built DuckDB file and the folders it was built from."""

    db_path: Path
    raw_dir: Path
    work_dir: Path
    result: DbtResult

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection (close it when done, or use `sql`)."""
        return duckdb.connect(str(self.db_path), read_only=True)

    def sql(self, query: str, params: Sequence[Any] | None = None) -> list[tuple]:
        """Run a query and return all rows."""
        con = self.connect()
        try:
            return con.execute(query, params or []).fetchall()
        finally:
            con.close()

    def dicts(self, query: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return rows as dicts keyed by column name."""
        con = self.connect()
        try:
            cur = con.execute(query, params or [])
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]
        finally:
            con.close()


def empty_rows() -> dict[str, list[dict[str, Any]]]:
    """An empty row list for every raw table of the contract."""
    return {table: [] for table in RAW_SCHEMA}


def merge_rows(*parts: Rows) -> dict[str, list[dict[str, Any]]]:
    """The rows of several fixtures, table by table, in order."""
    out = empty_rows()
    for part in parts:
        for table, rows in part.items():
            out[table].extend(rows)
    return out


def write_raw(raw_dir: Path, rows: Rows) -> None:
    """Write every raw table (missing tables as empty files) in the contract types."""
    for table in RAW_SCHEMA:
        write_table(raw_dir, table, rows.get(table, []))


def run_dbt(
    args: Sequence[str],
    work_dir: Path,
    db_path: Path,
    raw_dir: Path,
    dbt_vars: Mapping[str, Any] | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> DbtResult:
    """Run one dbt command against `db_path` with raw data from `raw_dir`
    (`extra_env` adds or overrides environment variables, e.g. `TZ`)."""
    all_vars = {"raw_path": str(raw_dir), **(dbt_vars or {})}
    env = {
        **os.environ,
        "PLG_DUCKDB_PATH": str(db_path),
        "PLG_PROJECT_DIR": str(PROJECT_DIR),
        "PLG_TEMP_DIR": str(work_dir / "duckdb_tmp"),
        "DBT_PROFILES_DIR": os.environ.get("PLG_TEST_PROFILES_DIR", str(PROJECT_DIR)),
        "GX_ANALYTICS_ENABLED": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    cmd = [
        DBT,
        *args,
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--vars",
        json.dumps(all_vars),
    ]
    proc = subprocess.run(cmd, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    return DbtResult(proc.returncode, proc.stdout + proc.stderr)


def generate_demo_data(out: Path, users: int, seed: int, end_date: str, days: int | None = None) -> None:
    """Write the demo raw data (scripts/generate_raw_data.py) to `out`; raises if the generator fails."""
    args = ["--users", str(users), "--seed", str(seed), "--end-date", end_date, "--out", str(out)]
    if days is not None:
        args += ["--days", str(days)]
    subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "generate_raw_data.py"), *args],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)},
    )


def build_warehouse(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    rows: Rows,
    dbt_vars: Mapping[str, Any] | None = None,
    command: Sequence[str] = ("build",),
    expect_success: bool = True,
) -> Warehouse:
    """Write `rows`, run `dbt build` once per session per `name`, return the warehouse."""
    if name in _CACHE:
        return _CACHE[name]
    work_dir = tmp_path_factory.mktemp(f"wh_{name}")
    raw_dir = work_dir / "raw"
    db_path = work_dir / "plg.duckdb"
    write_raw(raw_dir, rows)
    result = run_dbt(list(command), work_dir, db_path, raw_dir, dbt_vars)
    if expect_success and result.returncode != 0:
        tail = "\n".join(result.output.splitlines()[-60:])
        raise AssertionError(f"dbt {' '.join(command)} failed for fixture '{name}':\n{tail}")
    wh = Warehouse(db_path, raw_dir, work_dir, result)
    _CACHE[name] = wh
    return wh


def ts(value: str | datetime) -> datetime:
    """'2024-01-02 03:04[:05]' -> datetime (fixtures read better with strings); a datetime passes."""
    if isinstance(value, datetime):
        return value
    fmt = "%Y-%m-%d %H:%M:%S" if value.count(":") == 2 else "%Y-%m-%d %H:%M" if ":" in value else "%Y-%m-%d"
    return datetime.strptime(value, fmt)


def event(
    event_id: str | None,
    name: str,
    at: str | datetime,
    user_id: str | None = None,
    account_id: str | None = None,
    anonymous_id: str | None = None,
    properties: dict[str, Any] | str | None = None,
    received_delay: timedelta = timedelta(seconds=5),
    received_at: str | datetime | None = None,
) -> dict[str, Any]:
    """A product event row; properties dicts are serialized as JSON."""
    occurred = ts(at)
    props = properties if isinstance(properties, str) or properties is None else json.dumps(properties)
    return {
        "event_id": event_id,
        "event_name": name,
        "user_id": user_id,
        "anonymous_id": anonymous_id,
        "account_id": account_id,
        "occurred_at": occurred,
        "received_at": ts(received_at) if received_at else occurred + received_delay,
        "properties": props if props is not None else "{}",
    }


def pageview(
    pageview_id: str,
    anonymous_id: str | None,
    at: str | datetime,
    url: str = "https://devtool.example/",
    referrer: str | None = None,
    user_id: str | None = None,
    received_delay: timedelta = timedelta(seconds=2),
    received_at: str | datetime | None = None,
) -> dict[str, Any]:
    """A web page view row (received `received_delay` later unless `received_at` is given)."""
    occurred = ts(at)
    return {
        "pageview_id": pageview_id,
        "anonymous_id": anonymous_id,
        "user_id": user_id,
        "occurred_at": occurred,
        "received_at": ts(received_at) if received_at else occurred + received_delay,
        "url": url,
        "referrer": referrer,
    }


def account_row(
    account_id: str, account_name: str, created_at: str | datetime, created_by_user_id: str
) -> dict[str, Any]:
    """An accounts row."""
    return {
        "account_id": account_id,
        "account_name": account_name,
        "created_at": ts(created_at),
        "created_by_user_id": created_by_user_id,
    }


def user_row(
    user_id: str | None,
    account_id: str,
    email: str | None,
    created_at: str | datetime | None,
    job_title: str | None = None,
    deleted_at: str | datetime | None = None,
) -> dict[str, Any]:
    """A users row; an empty `created_at` or `deleted_at` stays null."""
    return {
        "user_id": user_id,
        "account_id": account_id,
        "email": email,
        "job_title": job_title,
        "created_at": ts(created_at) if created_at else None,
        "deleted_at": ts(deleted_at) if deleted_at else None,
    }


def subscription_change(
    change_id: str | None,
    subscription_id: str | None,
    account_id: str,
    at: str | datetime,
    plan: str,
    status: str,
    seats: int,
    mrr_usd: Any,
) -> dict[str, Any]:
    """A subscription_changes row."""
    return {
        "change_id": change_id,
        "subscription_id": subscription_id,
        "account_id": account_id,
        "changed_at": ts(at),
        "plan": plan,
        "status": status,
        "seats": seats,
        "mrr_usd": mrr_usd,
    }
