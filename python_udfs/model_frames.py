"""Inputs of the dbt Python models as pandas DataFrames, on either engine.

`dbt.ref()` gives a DuckDB relation on DuckDB (`.df()`) and a Spark DataFrame
on Spark (`.toPandas()`). On Spark, dates are read as timestamps and decimals
as doubles first, so the frames carry the dtypes DuckDB's `.df()` gives
(datetime64 and float64) and the model code is the same on both engines.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def to_pandas(relation: Any) -> pd.DataFrame:
    """The rows of a model's input relation as a pandas DataFrame."""
    if hasattr(relation, "toPandas"):
        return _spark_to_pandas(relation)
    return relation.df()


def _spark_to_pandas(frame: Any) -> pd.DataFrame:
    from pyspark.sql import functions as F
    from pyspark.sql.types import DateType, DecimalType

    columns = []
    for field in frame.schema.fields:
        column = F.col(f"`{field.name}`")
        if isinstance(field.dataType, DateType):
            column = column.cast("timestamp")
        elif isinstance(field.dataType, DecimalType):
            column = column.cast("double")
        columns.append(column.alias(field.name))
    return frame.select(*columns).toPandas()
