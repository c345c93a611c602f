"""Run dbt on Spark in-process: create the SparkSession, register the Python
UDFs on it, then run dbt (dbtRunner) with the `spark` target, whose
`method: session` reuses that session.

usage: spark_build.py [dbt args ...]     e.g. spark_build.py build --vars '{raw_path: data/raw}'

Environment: PLG_SPARK_MASTER (default local[2]), PLG_SPARK_WAREHOUSE (default
target/spark-warehouse: the tables' Parquet files and the Derby metastore that
keeps the catalog between runs), PLG_SPARK_DRIVER_MEMORY (default 2g). The
session time zone is UTC whatever the machine's TZ.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[1]


def spark_session(warehouse_dir: Path | None = None) -> Any:
    """The SparkSession dbt will reuse (created once per process), UDFs registered."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from python_udfs.spark import register_spark_udfs

    warehouse = (warehouse_dir or Path(os.environ.get("PLG_SPARK_WAREHOUSE", "target/spark-warehouse"))).resolve()
    warehouse.mkdir(parents=True, exist_ok=True)
    metastore = f"jdbc:derby:;databaseName={warehouse / 'metastore_db'};create=true"
    spark = (
        SparkSession.builder.master(os.environ.get("PLG_SPARK_MASTER", "local[2]"))
        .appName("plg_warehouse")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", metastore)
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={warehouse}")
        .config("spark.driver.memory", os.environ.get("PLG_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.sql.shuffle.partitions", os.environ.get("PLG_SPARK_SHUFFLE_PARTITIONS", "4"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        .enableHiveSupport()
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    register_spark_udfs(spark)
    return spark


class SessionPythonJobHelper:
    """Runs a dbt Python model on the in-process SparkSession.

    dbt-spark submits Python models only to Databricks clusters (its
    `all_purpose_cluster` and `job_cluster` methods); with `method: session`
    the compiled model (the model's code plus dbt-spark's wrapper, which calls
    `model(dbt, spark)` and saves the result with `saveAsTable`) is run here,
    in this process, on the session the SQL models use.
    """

    def __init__(self, parsed_model: dict[str, Any], credential: Any) -> None:
        self.path = str(parsed_model.get("original_file_path", parsed_model.get("name", "model")))

    def submit(self, compiled_code: str) -> None:
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
        exec(compile(compiled_code, self.path, "exec"), {"__name__": "dbt_python_model", "spark": spark})  # noqa: S102


def enable_session_python_models() -> None:
    """Make `session` the submission method of Python models on the `spark` target."""
    from dbt.adapters.spark.impl import SparkAdapter

    if getattr(SparkAdapter, "_plg_session_python_models", False):
        return
    helpers = SparkAdapter.python_submission_helpers.fget
    default_method = SparkAdapter.default_python_submission_method.fget

    def python_submission_helpers(self: Any) -> dict[str, Any]:
        return {**helpers(self), "session": SessionPythonJobHelper}

    def default_python_submission_method(self: Any) -> str:
        is_session = str(getattr(self.config.credentials.method, "value", self.config.credentials.method)) == "session"
        return "session" if is_session else default_method(self)

    SparkAdapter.python_submission_helpers = property(python_submission_helpers)  # type: ignore[method-assign]
    SparkAdapter.default_python_submission_method = property(default_python_submission_method)  # type: ignore[method-assign]
    SparkAdapter._plg_session_python_models = True  # type: ignore[attr-defined]


def run_dbt(args: Sequence[str]) -> bool:
    """Run one dbt command on the `spark` target in this process; True on success."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("PLG_TARGET", "spark")
    os.environ.setdefault("PLG_SPARK_WORKDIR", os.getcwd())
    os.environ.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    spark_session()
    enable_session_python_models()
    result = dbtRunner().invoke([*args, "--project-dir", str(PROJECT_DIR)])
    return bool(result.success)


def main(argv: Sequence[str]) -> int:
    """Entry point: exit 0 when dbt succeeded."""
    return 0 if run_dbt(argv or ["build"]) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(PROJECT_DIR))
    raise SystemExit(main(sys.argv[1:]))
