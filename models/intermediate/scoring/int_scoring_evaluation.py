"""The fixed catalog score and the learned probability on each validation week.

One row per scorer (`fixed_catalog`, `learned`) and validation week: population,
conversions, k (the week's PQAs), expected conversions in the top k, ROC AUC,
precision and recall at k, lift (python_udfs.learned_scoring.evaluate_week).
"""

import pandas as pd

from python_udfs import learned_scoring as ls
from python_udfs.model_frames import to_pandas


def model(dbt, session):
    dbt.config(materialized="table")
    predictions = to_pandas(dbt.ref("int_accounts_scoring_predictions"))
    validation = predictions[predictions["sample"] == "validation"].sort_values(
        ["week_start", "account_id"], kind="mergesort"
    )
    rows = []
    for week_start, week in validation.groupby("week_start", sort=True):
        labels = week["has_converted"].astype(bool).to_numpy().astype(float)
        k = int(week["is_flagged"].astype(bool).sum())
        model_status = str(week["model_status"].iloc[0])
        for scorer, scores, status in (
            ("fixed_catalog", week["signal_score"].to_numpy(dtype=float), None),
            ("learned", week["conversion_probability"].to_numpy(dtype=float), model_status),
        ):
            m = ls.evaluate_week(scores, labels, k)
            rows.append({"scorer": scorer, "week_start": week_start, **m.__dict__, "model_status": status})
    columns = [
        "scorer",
        "week_start",
        "population_accounts",
        "converted_accounts",
        "top_k",
        "converted_in_top_k",
        "roc_auc",
        "precision_at_k",
        "recall_at_k",
        "lift",
        "model_status",
    ]
    out = pd.DataFrame(rows, columns=columns)
    for column in ("converted_in_top_k", "roc_auc", "precision_at_k", "recall_at_k", "lift"):
        out[column] = out[column].astype("float64")
    for column in ("population_accounts", "converted_accounts", "top_k"):
        out[column] = out[column].astype("int64")
    out["week_start"] = pd.to_datetime(out["week_start"]).dt.date
    out["scorer"] = out["scorer"].astype("string")
    out["model_status"] = out["model_status"].astype("string")
    return out
