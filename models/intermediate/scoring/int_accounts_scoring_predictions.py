"""Conversion probability of every validation and scoring row, from the fitted model.

One row per population account and evaluation date of the `validation` and
`scoring` samples: the learned probability (null when no model was fitted) next
to the fixed catalog's signal score, the label and the PQA flag. The model is
applied as fitted in int_scoring_model_coefficients (never refitted here).
"""

from python_udfs import learned_scoring as ls
from python_udfs.model_frames import to_pandas


def model(dbt, session):
    dbt.config(materialized="table")
    features = to_pandas(dbt.ref("int_accounts_scoring_features").filter("sample in ('validation', 'scoring')"))
    signals = to_pandas(dbt.ref("int_accounts_scoring_signals"))
    signal_types = to_pandas(dbt.ref("int_scoring_signal_types"))
    coefficients = to_pandas(dbt.ref("int_scoring_model_coefficients"))

    feature_list = ls.model_features(signal_types)
    matrix = ls.design_matrix(features, signals, feature_list)
    out = matrix[
        ["evaluation_date", "account_id", "week_start", "sample", "has_converted", "is_flagged", "signal_score"]
    ].copy()
    out["conversion_probability"] = ls.predict(
        matrix, feature_list, ls.coefficients_from_table(coefficients, feature_list)
    )
    out["model_status"] = coefficients["model_status"].iloc[0] if len(coefficients) else ls.NOT_FITTED_SHORT_HISTORY
    out["sample"] = out["sample"].astype("string")
    out["model_status"] = out["model_status"].astype("string")
    out["conversion_probability"] = out["conversion_probability"].astype("float64")
    return out
