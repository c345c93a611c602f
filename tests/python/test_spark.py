"""The project on Apache Spark (dbt-spark, `session` method, local[2]) gives the
same public marts as on DuckDB.

A small demo data set (`scripts/generate_raw_data.py`, 60 users, 180 days) lands in two
arrival batches (`scripts/split_raw_batches.py`). Spark builds its seeds and
models twice in one warehouse, once per batch, each in a process of its own
(scripts/spark_build.py: the session, the Python UDFs as pandas UDFs, dbt
in-process); DuckDB builds them once on everything with `--full-refresh`.
Every public mart must then hold the same rows on both engines: same columns,
same keys, text, dates, timestamps and money exactly equal, doubles within
1e-9 relative. The tables of a Spark build are Parquet files under its
warehouse folder, read back here with DuckDB.

Data tests and unit tests run on Spark in `make build-spark`, not here: the
build of models alone keeps this test at a few minutes on two cores.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from plg_test_harness import PROJECT_DIR, DbtResult, generate_demo_data, run_dbt
from split_raw_batches import fill_landing_zone, load_raw, write_layout

from python_udfs import spark as spark_udfs
from python_udfs.community_intent import classify_community_text
from python_udfs.persona import persona_from_title
from python_udfs.scoring import decayed_signal_score
from quality.marts import MARTS_SCHEMA, PUBLISHED_MARTS

USERS = 60
SEED = 5
END_DATE = "2024-06-30"
CUT = date(2024, 5, 1)
MODELS_ONLY = ["build", "--resource-type", "seed", "--resource-type", "model"]
REL_TOL = 1e-9
# Public marts the small fixture leaves empty on both engines (too few paying
# organizations, renewals and scored weeks at 60 users): compared all the same,
# and each must stay empty on DuckDB, so a fixture that starts filling one
# fails here until the mart leaves this list and is checked for rows.
EMPTY_ON_SMALL_FIXTURE = frozenset({"mart_enterprise_expansion", "mart_revenue_retention", "mart_scoring_calibration"})


def run_spark_dbt(args: list[str], work_dir: Path, raw_dir: Path, warehouse: Path) -> DbtResult:
    """One dbt command on the `spark` target, in a process of its own."""
    env = {
        **os.environ,
        "PLG_PROJECT_DIR": str(PROJECT_DIR),
        "PLG_SPARK_WAREHOUSE": str(warehouse),
        "PLG_TARGET": "spark",
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "PYTHONPATH": str(PROJECT_DIR),
    }
    cmd = [
        sys.executable,
        str(PROJECT_DIR / "scripts" / "spark_build.py"),
        *args,
        "--target-path",
        str(work_dir / "target_spark"),
        "--log-path",
        str(work_dir / "logs_spark"),
        "--vars",
        f'{{"raw_path": "{raw_dir}", "as_of_date": "{END_DATE}"}}',
    ]
    proc = subprocess.run(cmd, check=False, cwd=work_dir, env=env, capture_output=True, text=True)
    return DbtResult(proc.returncode, proc.stdout + proc.stderr)


def _dbt_summary(result: DbtResult) -> str:
    lines = [line for line in result.output.splitlines() if not line.startswith('{"ts"')]
    return "\n".join(lines[-60:])


def spark_mart_rows(warehouse: Path, mart: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a mart built by Spark (its Parquet files)."""
    folder = warehouse / f"{MARTS_SCHEMA}.db" / mart
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        cur = con.execute(f"select * from read_parquet('{folder}/*.parquet')")
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()


def duckdb_mart_rows(db_path: Path, mart: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a mart built by DuckDB."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        cur = con.execute(f"select * from {MARTS_SCHEMA}.{mart}")
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()


def _normalized(value: Any) -> Any:
    """One value in a form both engines' Parquet/DuckDB types compare in:
    zone-aware timestamps as naive UTC, lists as tuples."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, list):
        return tuple(_normalized(v) for v in value)
    return value


def _sort_key(row: tuple) -> tuple:
    return tuple((v is None, str(v) if not isinstance(v, float) else f"{v:.6e}") for v in row)


def _values_equal(left: Any, right: Any) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=REL_TOL, abs_tol=0.0) or left == right
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left == right
    return left == right


def mart_differences(expected: tuple[list[str], list[tuple]], actual: tuple[list[str], list[tuple]]) -> list[str]:
    """What differs between two versions of one mart (empty when equal)."""
    (exp_cols, exp_rows), (act_cols, act_rows) = expected, actual
    if exp_cols != act_cols:
        return [f"columns differ: {exp_cols} != {act_cols}"]
    if len(exp_rows) != len(act_rows):
        return [f"{len(exp_rows)} rows on DuckDB, {len(act_rows)} on Spark"]
    exp_sorted = sorted((tuple(_normalized(v) for v in r) for r in exp_rows), key=_sort_key)
    act_sorted = sorted((tuple(_normalized(v) for v in r) for r in act_rows), key=_sort_key)
    problems = []
    for exp_row, act_row in zip(exp_sorted, act_sorted):
        for column, exp_value, act_value in zip(exp_cols, exp_row, act_row):
            if not _values_equal(exp_value, act_value):
                problems.append(f"row {exp_row[:2]}: {column} = {exp_value!r} on DuckDB, {act_value!r} on Spark")
        if len(problems) >= 5:
            break
    return problems


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Spark built over two arrival batches, DuckDB with a full refresh on all of them."""
    work = tmp_path_factory.mktemp("spark_vs_duckdb")
    demo = work / "demo"
    generate_demo_data(demo, users=USERS, seed=SEED, end_date=END_DATE, days=180)
    layout, landing = work / "layout", work / "landing"
    con = duckdb.connect()
    try:
        load_raw(con, demo)
        write_layout(con, layout, [CUT])
    finally:
        con.close()
    warehouse = work / "spark-warehouse"

    fill_landing_zone(layout, landing, CUT)
    first = run_spark_dbt(MODELS_ONLY, work, landing, warehouse)
    assert first.returncode == 0, f"Spark build of batch 1 failed:\n{_dbt_summary(first)}"
    first_counts = {m: len(spark_mart_rows(warehouse, m)[1]) for m in PUBLISHED_MARTS}

    fill_landing_zone(layout, landing, None)
    second = run_spark_dbt(MODELS_ONLY, work, landing, warehouse)
    assert second.returncode == 0, f"Spark build of batch 2 failed:\n{_dbt_summary(second)}"

    db_path = work / "plg.duckdb"
    full = run_dbt([*MODELS_ONLY, "--full-refresh"], work, db_path, landing, {"as_of_date": END_DATE})
    assert full.returncode == 0, f"DuckDB build failed:\n{_dbt_summary(full)}"
    return {"warehouse": warehouse, "db_path": db_path, "first_counts": first_counts}


@pytest.mark.parametrize("mart", PUBLISHED_MARTS)
def test_public_mart_equal_on_spark_and_duckdb(engines: dict[str, Any], mart: str) -> None:
    expected = duckdb_mart_rows(engines["db_path"], mart)
    actual = spark_mart_rows(engines["warehouse"], mart)
    if mart in EMPTY_ON_SMALL_FIXTURE:
        assert not expected[1], f"{mart} has rows on DuckDB now: drop it from EMPTY_ON_SMALL_FIXTURE"
    else:
        assert expected[1], f"{mart} is empty on DuckDB: the fixture does not exercise it"
    problems = mart_differences(expected, actual)
    assert not problems, f"{mart} differs between DuckDB and Spark:\n" + "\n".join(problems)


def test_second_arrival_batch_changed_the_spark_marts(engines: dict[str, Any]) -> None:
    """The second run read the second batch (the equality above is no left-over of the first)."""
    final = {m: len(spark_mart_rows(engines["warehouse"], m)[1]) for m in PUBLISHED_MARTS}
    assert final["fct_account_signals"] > engines["first_counts"]["fct_account_signals"]
    assert final["dim_users"] > engines["first_counts"]["dim_users"]


# --- the pandas UDF bodies (no Spark needed) -----------------------------------------


def test_spark_persona_udf_body_matches_the_scalar_function() -> None:
    titles = ["CTO", None, "Sr. Dir. Eng", "CTO", "Barista"]
    got = spark_udfs._persona(pd.Series(titles, dtype=object)).tolist()
    assert got == [persona_from_title(t) for t in titles]
    assert got[1] is None


def test_spark_classify_udf_body_matches_the_scalar_function() -> None:
    bodies = pd.Series(["We need SSO and an enterprise contract by Q3", None, "How do I set up the CLI?"])
    competitors = pd.Series([np.array(["acme"]), np.array(["acme"]), None])
    got = spark_udfs._classify(bodies, competitors).tolist()
    assert got == [
        classify_community_text(bodies[0], ["acme"]),
        [],
        classify_community_text(bodies[2], None),
    ]


def test_spark_decay_udf_body_halves_per_half_life_and_keeps_nulls() -> None:
    got = spark_udfs._decayed(pd.Series([8.0, 8.0, None]), pd.Series([14.0, 0.0, 3.0]), pd.Series([14.0, 14.0, 14.0]))
    assert got[0] == 4.0 == decayed_signal_score(8.0, 14.0, 14.0)
    assert got[1] == 8.0
    assert math.isnan(got[2])
