"""The project's Python UDFs as vectorized (pandas / Arrow) Spark UDFs.

The same Arrow functions that python_udfs.plugin registers on DuckDB are
wrapped as pandas UDFs (Spark ships each batch to Python through Arrow) and
registered on a SparkSession under the SQL names the macros call
(macros/udfs.sql): ``persona_from_title``, ``classify_community_text``,
``decayed_signal_score``. Register them on the session dbt uses *before* dbt
runs (scripts/spark_build.py does both in one process); on a cluster, run
``register_spark_udfs(spark)`` in the session that serves dbt (docs/spark.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from python_udfs.community_intent import classify_community_text_arrow
from python_udfs.persona import persona_from_title_arrow
from python_udfs.scoring import decayed_signal_score_arrow


def _persona(titles: pd.Series) -> pd.Series:
    """persona_from_title over one batch: null in, null out."""
    result = persona_from_title_arrow(pa.array(titles, type=pa.string(), from_pandas=True))
    return pd.Series(result.to_pylist(), index=titles.index, dtype=object)


def _classify(bodies: pd.Series, competitor_lists: pd.Series) -> pd.Series:
    """classify_community_text over one batch: a list of labels per row."""
    lists = [None if v is None else [str(x) for x in v] for v in competitor_lists]
    result = classify_community_text_arrow(
        pa.array(bodies, type=pa.string(), from_pandas=True),
        pa.array(lists, type=pa.list_(pa.string())),
    )
    return pd.Series(result.to_pylist(), index=bodies.index, dtype=object)


def _decayed(weight: pd.Series, age_days: pd.Series, half_life_days: pd.Series) -> pd.Series:
    """decayed_signal_score over one batch: null in any input gives null."""

    def column(values: pd.Series) -> pa.Array:
        return pa.array(values, type=pa.float64(), from_pandas=True)

    result = decayed_signal_score_arrow(column(weight), column(age_days), column(half_life_days))
    return pd.Series(result.to_pandas(), index=weight.index, dtype="float64")


def register_spark_udfs(spark: Any) -> None:
    """Register every UDF on `spark` (a SparkSession); re-registering replaces it."""
    from pyspark.sql.functions import pandas_udf

    spark.udf.register("persona_from_title", pandas_udf(_persona, "string"))
    spark.udf.register("classify_community_text", pandas_udf(_classify, "array<string>"))
    spark.udf.register("decayed_signal_score", pandas_udf(_decayed, "double"))
