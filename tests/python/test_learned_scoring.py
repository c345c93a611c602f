"""Learned scoring on hand-built history (fixtures_scoring): the planted signal wins,
noise gets ~0, the learned AUC beats the fixed catalog's, nothing is fitted without
conversions, two builds agree, no feature reads the future; plus the pure functions
of python_udfs.learned_scoring on hand-computed numbers."""

from __future__ import annotations

import math
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from fixtures_pqa import AS_OF as PQA_AS_OF
from fixtures_pqa import BACKTEST_ROWS
from fixtures_scoring import VARS, scoring_rows, shifted_after
from plg_test_harness import Warehouse, build_warehouse

from python_udfs import learned_scoring as ls

WEIGHTS = "select * from marts.mart_signal_weights_learned order by feature_name"


@pytest.fixture(scope="session")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build_warehouse(tmp_path_factory, "scoring_planted", scoring_rows(), VARS)


@pytest.fixture(scope="session")
def weights(planted: Warehouse) -> dict[str, dict]:
    return {r["feature_name"]: r for r in planted.dicts(WEIGHTS)}


# ------------------------------------------------------------------ rows and split
def test_rows_are_the_backtest_population_with_its_label(planted: Warehouse) -> None:
    per_week = planted.sql("""
        select f.week_start, count(*), sum(case when f.has_converted then 1 else 0 end),
            b.population_accounts, b.converted_60d
        from intermediate.int_accounts_scoring_features as f
        inner join marts.mart_pqa_backtest as b on f.week_start = b.week_start
        group by f.week_start, b.population_accounts, b.converted_60d""")
    assert len(per_week) == 24
    assert all(
        rows == population and converted == backtest_converted
        for _, rows, converted, population, backtest_converted in per_week
    )
    # week of 2024-01-08 (Sunday 01-14): all 48 accounts; converters 0 and 1 pay 01-17 and 01-24
    assert sorted(per_week)[1][1:3] == (48, 2)


def test_time_split_validates_on_the_last_weeks_and_purges_the_overlap(planted: Warehouse) -> None:
    samples = dict(
        planted.sql("""
        select sample, list(distinct cast(week_start as varchar) order by cast(week_start as varchar))
        from intermediate.int_accounts_scoring_features group by sample""")
    )
    assert samples["validation"] == ["2024-05-20", "2024-05-27", "2024-06-03", "2024-06-10"]
    assert samples["purged"] == ["2024-05-13"]  # Sunday 05-19 + 14 days > 05-26
    assert len(samples["training"]) == 19 and samples["training"][-1] == "2024-05-06"
    assert samples["scoring"] == [None]


def test_planted_signal_is_visible_exactly_on_the_converting_rows(planted: Warehouse) -> None:
    rows = planted.sql("""
        select f.has_converted, s.signal_type is not null as has_contact_view, count(*)
        from intermediate.int_accounts_scoring_features as f
        left join intermediate.int_accounts_scoring_signals as s
            on f.account_id = s.account_id and f.evaluation_date = s.evaluation_date
            and s.signal_type = 'contact_page_viewed'
        where f.sample != 'scoring'
        group by all""")
    assert {(converted, seen) for converted, seen, _ in rows} == {(True, True), (False, False)}


# ------------------------------------------------------------------ the fitted model
def test_planted_signal_gets_the_largest_positive_coefficient(weights: dict[str, dict]) -> None:
    assert {r["model_status"] for r in weights.values()} == {"fitted"}
    features = {name: r for name, r in weights.items() if name != "intercept"}
    top = max(features.values(), key=lambda r: r["coefficient"])
    assert top["signal_type"] == "contact_page_viewed" and top["coefficient"] > 1.0
    assert weights["contact_page_viewed_count"]["coefficient"] > 0
    assert weights["contact_page_viewed_decayed_score"]["coefficient"] > 0


def test_noise_signal_gets_a_coefficient_near_zero(weights: dict[str, dict]) -> None:
    planted = weights["contact_page_viewed_count"]["coefficient"]
    for feature in ("enterprise_feature_viewed_decayed_score", "enterprise_feature_viewed_count"):
        assert abs(weights[feature]["coefficient"]) < 0.05 * planted, feature
    # usage features never vary here: exactly 0
    assert weights["api_requests_30d_log1p"]["coefficient"] == 0.0
    assert weights["api_requests_30d_log1p"]["training_rows_nonzero"] == 0


def test_suggested_weights_rank_the_planted_signal_first_on_the_catalog_scale(weights: dict[str, dict]) -> None:
    suggested = {r["signal_type"]: r["suggested_weight"] for r in weights.values() if r["suggested_weight"] is not None}
    assert set(suggested) == {"contact_page_viewed", "enterprise_feature_viewed"}  # the types seen in training
    # catalog: contact 8 + enterprise feature 6 = 14, almost all of it to the planted signal
    assert math.isclose(sum(suggested.values()), 14.0, abs_tol=0.1)
    assert suggested["contact_page_viewed"] >= 13.0
    assert weights["usage_spike_decayed_score"]["suggested_weight"] is None  # never seen: no evidence
    for r in weights.values():
        if r["odds_ratio"] is not None:
            assert math.isclose(r["odds_ratio"], math.exp(r["coefficient"]), rel_tol=1e-12)


def test_learned_auc_beats_the_fixed_catalog(planted: Warehouse) -> None:
    rows = planted.dicts("select * from marts.mart_scoring_evaluation order by week_start, scorer")
    assert len(rows) == 8
    by = {(r["scorer"], str(r["week_start"])): r for r in rows}
    for week in ("2024-05-20", "2024-05-27", "2024-06-03", "2024-06-10"):
        learned, fixed = by[("learned", week)], by[("fixed_catalog", week)]
        assert learned["roc_auc"] == 1.0
        assert fixed["roc_auc"] < 0.9
        assert learned["top_k"] == 0 and learned["precision_at_k"] is None  # no PQA in this history
        assert learned["population_accounts"] == fixed["population_accounts"]


def test_probabilities_on_as_of_date(planted: Warehouse) -> None:
    rows = {r["account_id"]: r for r in planted.dicts("select * from marts.mart_conversion_probability")}
    assert len(rows) == 48
    paid = {a for a, r in rows.items() if not r["is_scored"]}
    # converters 0..23 pay 01-17 .. 06-26: all on or before 06-30
    assert paid == {f"acc_conv{i:02d}" for i in range(24)}
    assert all(rows[a]["conversion_probability"] is None for a in paid)
    scored = [r for r in rows.values() if r["is_scored"]]
    assert all(0 < r["conversion_probability"] < 0.5 for r in scored)  # no contact view among them
    assert {r["model_status"] for r in rows.values()} == {"fitted"}


def test_calibration_deciles_cover_every_validation_row(planted: Warehouse) -> None:
    deciles = planted.sql("select probability_decile, validation_rows from marts.mart_scoring_calibration order by 1")
    validation = planted.sql(
        "select count(*) from intermediate.int_accounts_scoring_features where sample = 'validation'"
    )[0][0]
    assert [d for d, _ in deciles] == list(range(1, 11))
    assert sum(n for _, n in deciles) == validation


# ------------------------------------------------------------------ not fitted
@pytest.fixture(scope="session")
def no_conversions(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return build_warehouse(tmp_path_factory, "scoring_no_conversions", scoring_rows(with_conversions=False), VARS)


def test_no_conversions_fits_nothing_and_invents_nothing(no_conversions: Warehouse) -> None:
    weights = no_conversions.dicts(WEIGHTS)
    assert {r["model_status"] for r in weights} == {"not_fitted_class_missing"}
    assert weights[0]["status_detail"].startswith("912 training rows: 0 converted, 912 not converted")
    assert all(
        r[c] is None for r in weights for c in ("coefficient", "coefficient_per_unit", "odds_ratio", "suggested_weight")
    )
    probabilities = no_conversions.dicts("select * from marts.mart_conversion_probability")
    assert len(probabilities) == 48 and all(r["is_scored"] for r in probabilities)
    assert all(
        r["conversion_probability"] is None and r["model_status"] == "not_fitted_class_missing" for r in probabilities
    )
    assert no_conversions.sql("select count(*) from marts.mart_scoring_calibration") == [(0,)]
    learned = no_conversions.dicts("select * from marts.mart_scoring_evaluation where scorer = 'learned'")
    assert len(learned) == 4
    assert all(r["roc_auc"] is None and r["precision_at_k"] is None and r["lift"] is None for r in learned)


def test_short_history_is_not_fitted(tmp_path_factory: pytest.TempPathFactory) -> None:
    # the PQA backtest fixture: 8 backtest weeks, all of them validation weeks by default
    wh = build_warehouse(tmp_path_factory, "backtest", BACKTEST_ROWS, {"as_of_date": PQA_AS_OF})
    statuses = wh.sql("select distinct model_status, coefficient from marts.mart_signal_weights_learned")
    assert statuses == [("not_fitted_short_history", None)]
    assert wh.sql("select count(*), count(roc_auc) from marts.mart_scoring_evaluation where scorer = 'learned'") == [
        (8, 0)
    ]


# ------------------------------------------------------------------ determinism, leakage
def test_two_builds_give_identical_coefficients(tmp_path_factory: pytest.TempPathFactory, planted: Warehouse) -> None:
    again = build_warehouse(tmp_path_factory, "scoring_planted_again", scoring_rows(), VARS, command=NO_TESTS)
    query = (
        "select feature_name, coefficient, coefficient_per_unit, suggested_weight from "
        "marts.mart_signal_weights_learned order by feature_name"
    )
    assert again.sql(query) == planted.sql(query)
    probabilities = "select account_id, conversion_probability from marts.mart_conversion_probability order by 1"
    assert again.sql(probabilities) == planted.sql(probabilities)


CUT = datetime(2024, 3, 20)  # a Wednesday, before its SSO and contact views


def rounded(rows: list[tuple]) -> list[tuple]:
    """Doubles to 9 decimals: a sum of decayed scores may differ in the last bit with row order."""
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]


NO_TESTS = ("build", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")


def test_shifting_the_future_leaves_earlier_rows_unchanged(
    tmp_path_factory: pytest.TempPathFactory, planted: Warehouse
) -> None:
    shifted = build_warehouse(
        tmp_path_factory, "scoring_shifted", shifted_after(scoring_rows(), CUT, 9), VARS, command=NO_TESTS
    )
    before = CUT.date()
    features = (
        "select * exclude (has_converted) from intermediate.int_accounts_scoring_features "
        "where evaluation_date < ? order by account_id, evaluation_date"
    )
    signals = (
        "select * from intermediate.int_accounts_scoring_signals "
        "where evaluation_date < ? order by account_id, evaluation_date, signal_type"
    )
    earlier = rounded(planted.sql(features, [before]))
    assert len(earlier) == 11 * 48 - sum(range(10))  # Sundays 01-07 .. 03-17, minus accounts paid by then
    assert rounded(shifted.sql(features, [before])) == earlier
    assert rounded(shifted.sql(signals, [before])) == rounded(planted.sql(signals, [before]))
    # the shift did change later rows (the test would notice a leak)
    later = features.replace("< ?", ">= ?")
    assert rounded(shifted.sql(later, [before])) != rounded(planted.sql(later, [before]))


# ------------------------------------------------------------------ pure functions
def test_expected_hits_at_k_shares_ties_at_the_boundary() -> None:
    scores = np.array([3.0, 2.0, 2.0, 2.0, 1.0])
    labels = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    # top 2: the 3.0 (not converted) + one of three tied at 2.0 with 2/3 converted
    assert math.isclose(ls.expected_hits_at_k(scores, labels, 2), 2 / 3)
    assert ls.expected_hits_at_k(scores, labels, 4) == 2.0
    assert math.isclose(ls.expected_hits_at_k(np.zeros(5), labels, 2), 2 * 3 / 5)  # all tied: base rate


def test_evaluate_week_on_hand_computed_numbers() -> None:
    scores = np.array([0.9, 0.8, 0.3, 0.2])
    labels = np.array([1.0, 0.0, 1.0, 0.0])
    m = ls.evaluate_week(scores, labels, 2)
    assert m.roc_auc == 0.75  # pairs (pos, neg): 0.9>0.8, 0.9>0.2, 0.3<0.8, 0.3>0.2
    assert (m.converted_in_top_k, m.precision_at_k, m.recall_at_k, m.lift) == (1.0, 0.5, 0.5, 1.0)
    none = ls.evaluate_week(scores, np.zeros(4), 0)
    assert (none.roc_auc, none.precision_at_k, none.recall_at_k, none.lift) == (None, None, None, None)
    unfitted = ls.evaluate_week(np.full(4, np.nan), labels, 2)
    assert (unfitted.roc_auc, unfitted.precision_at_k, unfitted.converted_in_top_k) == (None, None, None)


def test_suggested_weights_rescale_positive_log_odds_to_the_catalog_total() -> None:
    got = ls.suggested_weights({"a": 2.0, "b": 1.0, "c": -0.5}, {"a": 3.0, "b": 5.0, "c": 4.0})
    # positive log-odds 2 : 1 : 0, catalog total 12 -> 8, 4, 0
    assert got == {"a": 8.0, "b": 4.0, "c": 0.0}
    assert ls.suggested_weights({"a": -1.0}, {"a": 3.0}) == {}


def test_fit_refuses_a_missing_class() -> None:
    matrix = pd.DataFrame({"sample": ["training"] * 6 + ["validation"], "has_converted": [False] * 7})
    result = ls.fit_model(matrix, (), regularization_c=1.0, min_class_rows=1)
    assert result.status == ls.NOT_FITTED_CLASS_MISSING and result.coefficients is None
    assert ls.fit_model(matrix.assign(sample="validation"), (), 1.0, 1).status == ls.NOT_FITTED_SHORT_HISTORY
