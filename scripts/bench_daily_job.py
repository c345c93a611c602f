#!/usr/bin/env python3
"""Time the Dagster daily job against the `make` steps it replaces, on the same data.

usage: scripts/bench_daily_job.py [--raw data/raw] [--rounds 1]

Each round runs, one after the other on the current warehouse (incremental
builds, as every day):
  make steps   `dbt build`, scripts/run_checkpoint.py, scripts/publish_marts.py
               (the commands of `make dbt-build checkpoint publish`)
  daily job    `plg_daily` in this process on a DAGSTER_HOME instance in a
               temporary folder with orchestration/dagster.yaml (SQLite
               event log, as under `make orchestrate`):
               dbt source freshness, the same dbt build, checkpoint and publish
and prints both wall-clock times and their ratio (target: at most 1.2).
Run it from the project folder with the project's Python after `make build`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def project_env(raw: str) -> dict[str, str]:
    """The environment the Makefile exports, plus the venv's bin on PATH (dbt for dagster-dbt)."""
    return {
        **os.environ,
        "PLG_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "PLG_RAW_PATH": raw,
        "PYTHONPATH": str(PROJECT_DIR),
        "GX_ANALYTICS_ENABLED": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }


def time_make_steps(raw: str, env: dict[str, str]) -> float:
    bin_dir = Path(sys.executable).parent
    db = env.get("PLG_DUCKDB_PATH", "target/plg.duckdb")
    commands = [
        [str(bin_dir / "dbt"), "build", "--vars", json.dumps({"raw_path": raw})],
        [sys.executable, "scripts/run_checkpoint.py", "--db", db, "--out", "target/gx"],
        [sys.executable, "scripts/publish_marts.py", "--db", db, "--out", "target/published"],
    ]
    start = time.perf_counter()
    for cmd in commands:
        proc = subprocess.run(cmd, check=False, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return time.perf_counter() - start


def time_daily_job(env: dict[str, str]) -> tuple[float, float]:
    """Wall clock of loading the definitions and running plg_daily, and the run's own duration."""
    os.environ.update(env)
    sys.path.insert(0, str(PROJECT_DIR))
    from dagster import DagsterInstance

    from orchestration.dbt_project import plg_dbt_project
    from orchestration.pipeline import DAILY_JOB, build_definitions
    from orchestration.settings import PlgSettings

    plg_dbt_project.preparer.prepare(plg_dbt_project)
    with tempfile.TemporaryDirectory() as home:
        # the instance `make orchestrate` runs with (orchestration/dagster.yaml: SQLite storage)
        shutil.copy(PROJECT_DIR / "orchestration" / "dagster.yaml", Path(home, "dagster.yaml"))
        os.environ["DAGSTER_HOME"] = home
        start = time.perf_counter()
        job = build_definitions(PlgSettings.from_env()).resolve_job_def(DAILY_JOB)
        with DagsterInstance.get() as instance:
            result = job.execute_in_process(instance=instance, run_config=QUIET_CONSOLE, raise_on_error=False)
            stats = instance.get_run_stats(result.run_id)
        wall = time.perf_counter() - start
    if not result.success:
        raise SystemExit("plg_daily failed")
    return wall, (stats.end_time or 0) - (stats.start_time or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default="data/raw", help="raw_path var (default data/raw)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    env = project_env(args.raw)
    os.chdir(PROJECT_DIR)
    for round_no in range(1, args.rounds + 1):
        make_s = time_make_steps(args.raw, env)
        job_wall, job_run = time_daily_job(env)
        print(
            f"round {round_no}: make steps {make_s:.1f} s | daily job {job_wall:.1f} s wall "
            f"(run {job_run:.1f} s) | ratio {job_wall / make_s:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
