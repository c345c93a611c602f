"""Data tests on the event-grain tables test, on an incremental run, only the rows
that run can have written (macros/test_scope.sql), and every row on a full refresh
or a first build; on the hand-built `core` fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fixtures_core import AS_OF, ROWS
from plg_test_harness import Warehouse, build_warehouse, run_dbt

SCOPED_TEST = "not_null_stg_raw__product_events_received_at"
WINDOW = "received_at >= ("


@pytest.fixture(scope="session")
def core(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build_warehouse(tmp_path_factory, "core", ROWS, {"as_of_date": AS_OF})


def compiled_test(core: Warehouse, work: Path, *flags: str) -> str:
    """Compile the event-grain tests on a copy of the built warehouse; the SQL of one of them."""
    work.mkdir()
    shutil.copy2(core.db_path, work / "plg.duckdb")
    select = ["--select", "stg_raw__product_events,resource_type:test"]
    result = run_dbt(["compile", *select, *flags], work, work / "plg.duckdb", core.raw_dir, {"as_of_date": AS_OF})
    assert result.returncode == 0, result.output[-3000:]
    (path,) = (work / "target" / "compiled").rglob(f"{SCOPED_TEST}.sql")
    return path.read_text()


def test_first_build_tests_every_row(core: Warehouse) -> None:
    compiled = (core.work_dir / "target" / "compiled").rglob(f"{SCOPED_TEST}.sql")
    (sql,) = [path.read_text() for path in compiled]
    assert WINDOW not in sql
    assert "1 = 1" in sql


def test_incremental_run_tests_only_the_reloaded_window(core: Warehouse, tmp_path: Path) -> None:
    sql = compiled_test(core, tmp_path / "incremental")
    assert WINDOW in sql
    assert "interval 3 day" in sql.replace("'", "").lower() or "-3" in sql
    assert "or received_at is null" in sql


def test_full_refresh_tests_every_row(core: Warehouse, tmp_path: Path) -> None:
    sql = compiled_test(core, tmp_path / "full", "--full-refresh")
    assert WINDOW not in sql
    assert "1 = 1" in sql
