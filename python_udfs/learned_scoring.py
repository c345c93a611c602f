"""Conversion scoring learned from history: features, fit, weights and evaluation.

The dbt Python models of `models/intermediate/scoring/` are thin wrappers over
these functions (they read the SQL models as DataFrames and return one); the
logic lives here as plain, typed, separately tested functions.

* One row per population account and evaluation date (a backtest week's Sunday
  or as_of_date) comes from `int_accounts_scoring_features` (usage, ICP, age,
  label, time split) and `int_accounts_scoring_signals` (per signal type: the
  decayed score and the count in the lookback window, long format).
* `design_matrix` turns them into the model's features: counts that span orders
  of magnitude are log1p-transformed; every point-in-time signal type of the
  catalog gets two columns, even when it never occurred.
* `fit_model` is an L2-regularized logistic regression (scikit-learn, lbfgs,
  fixed random_state) on standardized features, fitted only when the training
  rows hold enough of both classes: otherwise nothing is fitted and the status
  says why (no invented numbers).
* `coefficient_table` reports each feature's standardized coefficient (per
  standard deviation, comparable across features), the per-unit one, its odds
  ratio, and for signal types a suggested catalog weight (`suggested_weights`).
* `evaluate_week` scores one validation week: ROC AUC, precision / recall at the
  top k accounts (k = PQAs that week), lift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

ROW_KEYS = ["evaluation_date", "account_id"]
"""A row of the training set; rows are always sorted by these (fits are order-sensitive)."""

FITTED = "fitted"
NOT_FITTED_SHORT_HISTORY = "not_fitted_short_history"
NOT_FITTED_CLASS_MISSING = "not_fitted_class_missing"
INTERCEPT = "intercept"

SIGNAL_DECIMALS = 10
"""Signal features are rounded to this many decimals: a decayed score summed in another
row order may differ in the last bit, and the fit must not see that."""

SOLVER = "lbfgs"
RANDOM_STATE = 0
MAX_ITER = 5_000


@dataclass(frozen=True)
class Feature:
    """One model input: its name, kind, the signal type it describes (if any) and its formula."""

    name: str
    kind: str
    signal_type: str | None
    description: str


def _log1p(values: pd.Series) -> pd.Series:
    return np.log1p(values.astype(np.float64).clip(lower=0))


# Usage and account features: name -> (kind, source column(s), transform, description).
def usage_features(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """The non-signal features of `frame` (int_accounts_scoring_features rows), by name."""
    return {
        "account_age_days_log1p": _log1p(frame["account_age_days"]),
        "active_iso_weeks_28d": frame["active_iso_weeks_28d"].astype(np.float64),
        "active_users_30d_log1p": _log1p(frame["active_users_30d"]),
        "api_requests_30d_log1p": _log1p(frame["api_requests_30d"]),
        "api_requests_ratio_prior_30d_log": _log1p(frame["api_requests_30d"]) - _log1p(frame["api_requests_prior_30d"]),
        "rate_limit_hits_30d_log1p": _log1p(frame["rate_limit_hits_30d"]),
        "has_core_feature": frame["has_core_feature"].astype(bool).astype(np.float64),
        "icp_criteria_met": frame["icp_criteria_met"].astype(np.float64),
    }


USAGE_FEATURES: tuple[Feature, ...] = (
    Feature("account_age_days_log1p", "account", None, "ln(1 + account age in days)"),
    Feature("active_iso_weeks_28d", "usage", None, "ISO weeks with a core event in the last 28 days"),
    Feature("active_users_30d_log1p", "usage", None, "ln(1 + distinct active users in the last 30 days)"),
    Feature("api_requests_30d_log1p", "usage", None, "ln(1 + API requests in the last 30 days)"),
    Feature(
        "api_requests_ratio_prior_30d_log",
        "usage",
        None,
        "ln((1 + API requests in the last 30 days) / (1 + API requests in the prior 30 days))",
    ),
    Feature("rate_limit_hits_30d_log1p", "usage", None, "ln(1 + rate-limit hits in the last 30 days)"),
    Feature("has_core_feature", "usage", None, "1 when a production deploy or integration happened by the date"),
    Feature("icp_criteria_met", "icp", None, "ICP criteria met (0-5) on the date"),
)


def signal_features(signal_types: list[str]) -> tuple[Feature, ...]:
    """Two features per signal type, in the order of `signal_types`."""
    out: list[Feature] = []
    for signal_type in signal_types:
        out.append(
            Feature(
                f"{signal_type}_decayed_score",
                "signal_decayed_score",
                signal_type,
                f"catalog score of {signal_type} signals in the lookback window (decayed)",
            )
        )
        out.append(
            Feature(
                f"{signal_type}_count", "signal_count", signal_type, f"{signal_type} signals in the lookback window"
            )
        )
    return tuple(out)


def model_features(signal_types: pd.DataFrame) -> tuple[Feature, ...]:
    """Every feature of the model: usage ones, then the point-in-time signal types by name."""
    usable = sorted(signal_types.loc[signal_types["is_point_in_time"].astype(bool), "signal_type"])
    return USAGE_FEATURES + signal_features(usable)


def design_matrix(features: pd.DataFrame, signals: pd.DataFrame, feature_list: tuple[Feature, ...]) -> pd.DataFrame:
    """One row per (evaluation_date, account_id), sorted, with ROW_KEYS, the label columns
    and one float column per feature of `feature_list` (a signal type absent from a row is 0)."""
    rows = features.sort_values(ROW_KEYS, kind="mergesort").reset_index(drop=True)
    out = rows[ROW_KEYS + ["sample", "week_start", "has_converted", "is_flagged", "signal_score"]].copy()
    for name, values in usage_features(rows).items():
        out[name] = values.to_numpy()
    signal_names = [f for f in feature_list if f.signal_type is not None]
    wide = _signals_wide(signals, [f.signal_type for f in signal_names if f.kind == "signal_count"])
    joined = rows[ROW_KEYS].merge(wide, how="left", on=ROW_KEYS) if wide is not None else None
    for feature in signal_names:
        column = feature.name
        if joined is not None and column in joined:
            out[column] = joined[column].fillna(0.0).astype(np.float64).round(SIGNAL_DECIMALS).to_numpy()
        else:
            out[column] = 0.0
    return out


def _signals_wide(signals: pd.DataFrame, signal_types: list[str]) -> pd.DataFrame | None:
    """Long (row, signal_type, decayed_score, signal_count) -> one column per type and measure
    (None when no row carries one of `signal_types`)."""
    usable = signals[signals["signal_type"].isin(signal_types)]
    if usable.empty:
        return None
    wide = usable.pivot_table(
        index=ROW_KEYS, columns="signal_type", values=["decayed_score", "signal_count"], aggfunc="sum", fill_value=0.0
    )
    wide.columns = [f"{t}_{'decayed_score' if measure == 'decayed_score' else 'count'}" for measure, t in wide.columns]
    return wide.reset_index()


@dataclass(frozen=True)
class FitResult:
    """A fitted model (status `fitted`) or why none was fitted (coefficients None)."""

    status: str
    detail: str
    training_rows: int
    training_conversions: int
    intercept: float | None = None
    coefficients: np.ndarray | None = None  # standardized, one per feature
    means: np.ndarray | None = None
    scales: np.ndarray | None = None


def fit_model(
    matrix: pd.DataFrame, feature_list: tuple[Feature, ...], regularization_c: float, min_class_rows: int
) -> FitResult:
    """Fit on the `training` rows of `matrix` when each class has >= `min_class_rows` rows."""
    train = matrix[matrix["sample"] == "training"]
    n = len(train)
    positives = int(train["has_converted"].astype(bool).sum()) if n else 0
    negatives = n - positives
    if n == 0 or (matrix["sample"] == "validation").sum() == 0:
        return FitResult(
            NOT_FITTED_SHORT_HISTORY,
            f"{n} training rows and {int((matrix['sample'] == 'validation').sum())} validation rows: "
            "the history holds no backtest week before the validation weeks whose conversion "
            "window has closed, or no validation week",
            n,
            positives,
        )
    if positives < min_class_rows or negatives < min_class_rows:
        return FitResult(
            NOT_FITTED_CLASS_MISSING,
            f"{n} training rows: {positives} converted, {negatives} not converted; "
            f"each class needs >= {min_class_rows} (var scoring_min_class_rows)",
            n,
            positives,
        )
    x = train[[f.name for f in feature_list]].to_numpy(dtype=np.float64)
    y = train["has_converted"].astype(bool).to_numpy()
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=regularization_c, solver=SOLVER, max_iter=MAX_ITER, random_state=RANDOM_STATE)
    model.fit(scaler.transform(x), y)
    return FitResult(
        FITTED,
        f"{n} training rows: {positives} converted, {negatives} not converted",
        n,
        positives,
        float(model.intercept_[0]),
        model.coef_[0].astype(np.float64),
        scaler.mean_.astype(np.float64),
        scaler.scale_.astype(np.float64),
    )


def per_unit(result: FitResult) -> tuple[float, np.ndarray]:
    """Intercept and coefficients on the features' own units (standardization folded in)."""
    assert result.coefficients is not None and result.means is not None and result.scales is not None
    unit = result.coefficients / result.scales
    return float(result.intercept - float(np.dot(unit, result.means))), unit


def suggested_weights(log_odds_per_signal: dict[str, float], catalog_weights: dict[str, float]) -> dict[str, float]:
    """Catalog weights learned from the log-odds a fresh signal of each type adds.

    A type's weight is proportional to its log-odds (negative ones become 0, the
    catalog has no negative weights), rescaled so the weights sum to what the
    catalog gives the same types: the learned ranking on the catalog's scale,
    rounded to one decimal. Empty when no type adds positive log-odds.
    """
    positive = {t: max(v, 0.0) for t, v in log_odds_per_signal.items()}
    total_log_odds = sum(positive.values())
    if not total_log_odds > 0:
        return {}
    scale = sum(catalog_weights[t] for t in positive) / total_log_odds
    return {t: round(v * scale, 1) for t, v in positive.items()}


COEFFICIENT_COLUMNS = [
    "feature_name",
    "feature_kind",
    "signal_type",
    "feature_description",
    "coefficient",
    "coefficient_per_unit",
    "odds_ratio",
    "training_mean",
    "training_std",
    "training_rows_nonzero",
    "catalog_weight",
    "log_odds_per_signal",
    "suggested_weight",
    "model_status",
    "status_detail",
    "training_rows",
    "training_conversions",
]


def coefficient_table(
    result: FitResult, matrix: pd.DataFrame, feature_list: tuple[Feature, ...], signal_types: pd.DataFrame
) -> pd.DataFrame:
    """One row per feature plus the intercept; numbers are null unless the model was fitted.

    For a signal type seen in training, `log_odds_per_signal` (on its decayed-score
    row) is what one fresh signal adds to the log-odds: it raises the decayed score
    by the catalog weight and the count by one. `suggested_weight` rescales it (see
    suggested_weights). A type never seen in training gets neither: no evidence.
    """
    train = matrix[matrix["sample"] == "training"]
    weights = dict(zip(signal_types["signal_type"], signal_types["catalog_weight"].astype(float)))
    fitted = result.status == FITTED
    intercept_unit, unit = per_unit(result) if fitted else (None, None)
    index = {f.name: i for i, f in enumerate(feature_list)}
    nonzero = {f.name: int((train[f.name] != 0).sum()) for f in feature_list}

    log_odds: dict[str, float] = {}
    if fitted:
        for f in feature_list:
            if f.kind == "signal_count" and nonzero[f.name] > 0:
                score_name = f"{f.signal_type}_decayed_score"
                log_odds[f.signal_type] = float(unit[index[score_name]] * weights[f.signal_type] + unit[index[f.name]])
    suggested = suggested_weights(log_odds, weights)

    rows = []
    for i, f in enumerate(feature_list):
        is_score_row = f.kind == "signal_decayed_score"
        coefficient = float(result.coefficients[i]) if fitted else None
        rows.append(
            {
                "feature_name": f.name,
                "feature_kind": f.kind,
                "signal_type": f.signal_type,
                "feature_description": f.description,
                "coefficient": coefficient,
                "coefficient_per_unit": float(unit[i]) if fitted else None,
                "odds_ratio": math.exp(coefficient) if coefficient is not None else None,
                "training_mean": float(train[f.name].mean()) if len(train) else None,
                "training_std": float(train[f.name].std(ddof=0)) if len(train) else None,
                "training_rows_nonzero": nonzero[f.name],
                "catalog_weight": weights.get(f.signal_type) if is_score_row else None,
                "log_odds_per_signal": log_odds.get(f.signal_type) if is_score_row else None,
                "suggested_weight": suggested.get(f.signal_type) if is_score_row else None,
            }
        )
    rows.append(
        {
            "feature_name": INTERCEPT,
            "feature_kind": INTERCEPT,
            "signal_type": None,
            "feature_description": "log-odds of converting with every feature at its training mean (standardized)",
            "coefficient": result.intercept if fitted else None,
            "coefficient_per_unit": intercept_unit,
            "odds_ratio": math.exp(result.intercept) if fitted else None,
            "training_mean": None,
            "training_std": None,
            "training_rows_nonzero": None,
            "catalog_weight": None,
            "log_odds_per_signal": None,
            "suggested_weight": None,
        }
    )
    table = pd.DataFrame(rows)
    table["model_status"] = result.status
    table["status_detail"] = result.detail
    table["training_rows"] = result.training_rows
    table["training_conversions"] = result.training_conversions
    return _typed(
        table[COEFFICIENT_COLUMNS],
        {
            "coefficient": "float64",
            "coefficient_per_unit": "float64",
            "odds_ratio": "float64",
            "training_mean": "float64",
            "training_std": "float64",
            "training_rows_nonzero": "Int64",
            "catalog_weight": "float64",
            "log_odds_per_signal": "float64",
            "suggested_weight": "float64",
            "training_rows": "int64",
            "training_conversions": "int64",
        },
    )


def _typed(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """Columns cast to stable dtypes, so an all-null column is not written as an untyped one."""
    frame = frame.copy()
    for column, dtype in dtypes.items():
        frame[column] = (
            pd.array(frame[column].tolist(), dtype=dtype) if dtype == "Int64" else frame[column].astype(dtype)
        )
    for column in frame.columns:
        if column not in dtypes and frame[column].dtype == object:
            frame[column] = frame[column].astype("string")
    return frame


def coefficients_from_table(table: pd.DataFrame, feature_list: tuple[Feature, ...]) -> tuple[float, np.ndarray] | None:
    """Per-unit intercept and coefficients (in `feature_list` order) of a fitted table, else None."""
    if table.empty or table["model_status"].iloc[0] != FITTED:
        return None
    by_name = dict(zip(table["feature_name"], table["coefficient_per_unit"]))
    return float(by_name[INTERCEPT]), np.array([by_name[f.name] for f in feature_list], dtype=np.float64)


def predict(
    matrix: pd.DataFrame, feature_list: tuple[Feature, ...], coefficients: tuple[float, np.ndarray] | None
) -> np.ndarray:
    """Conversion probability per row of `matrix` (NaN everywhere when nothing was fitted)."""
    if coefficients is None:
        return np.full(len(matrix), np.nan)
    intercept, unit = coefficients
    logit = intercept + matrix[[f.name for f in feature_list]].to_numpy(dtype=np.float64) @ unit
    return 1.0 / (1.0 + np.exp(-logit))


@dataclass(frozen=True)
class WeekMetrics:
    """How one scorer ranked one week's population; None where undefined."""

    population_accounts: int
    converted_accounts: int
    top_k: int
    converted_in_top_k: float | None
    roc_auc: float | None
    precision_at_k: float | None
    recall_at_k: float | None
    lift: float | None


def expected_hits_at_k(scores: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Expected converted accounts among the top `k` by score, ties broken at random.

    Accounts scoring above the k-th score all count; the group tied with it fills
    the remaining places, each with the group's conversion rate. So a scorer that
    gives everyone 0 gets the base rate, not whatever an id order would give.
    """
    if k <= 0 or len(scores) == 0:
        return 0.0
    k = min(k, len(scores))
    threshold = np.sort(scores)[::-1][k - 1]
    above = scores > threshold
    tied = scores == threshold
    places_left = k - int(above.sum())
    return float(labels[above].sum() + places_left * labels[tied].sum() / tied.sum())


def evaluate_week(scores: np.ndarray, labels: np.ndarray, k: int) -> WeekMetrics:
    """ROC AUC, precision and recall at the top k and lift of one week's scores."""
    n = len(labels)
    converted = int(labels.sum())
    if np.isnan(scores).any():
        return WeekMetrics(n, converted, k, None, None, None, None, None)
    auc = float(roc_auc_score(labels, scores)) if 0 < converted < n else None
    hits = expected_hits_at_k(scores, labels, k) if k > 0 else None
    precision = hits / min(k, n) if hits is not None and n else None
    recall = hits / converted if hits is not None and converted else None
    lift = precision / (converted / n) if precision is not None and converted else None
    return WeekMetrics(n, converted, k, hits, auc, precision, recall, lift)
