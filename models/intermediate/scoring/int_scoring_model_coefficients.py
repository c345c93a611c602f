"""The learned scoring model: fitted once per build on the training weeks.

One row per feature (and the intercept): standardized and per-unit coefficients,
odds ratio, training statistics and, for signal types, the suggested catalog
weight; `model_status` says whether a model was fitted and `status_detail` why
not. The logic is python_udfs.learned_scoring; this is the dbt wrapper.
"""

from python_udfs import learned_scoring as ls
from python_udfs.model_frames import to_pandas


def model(dbt, session):
    dbt.config(materialized="table")
    # only the rows the fit looks at (training) or counts (validation)
    features = to_pandas(dbt.ref("int_accounts_scoring_features").filter("sample in ('training', 'validation')"))
    signals = to_pandas(dbt.ref("int_accounts_scoring_signals"))
    signal_types = to_pandas(dbt.ref("int_scoring_signal_types"))

    feature_list = ls.model_features(signal_types)
    matrix = ls.design_matrix(features, signals, feature_list)
    result = ls.fit_model(
        matrix,
        feature_list,
        regularization_c=float(dbt.config.get("regularization_c")),
        min_class_rows=int(dbt.config.get("min_class_rows")),
    )
    return ls.coefficient_table(result, matrix, feature_list, signal_types)
