"""Multi-touch attribution (contract sections 7, 9, 10) on hand-built raw data.

One `dbt build` of the attribution lineage (upstream models, the three
attribution marts and every test attached to them, unit tests included) on
`fixtures_attribution.ROWS`; the assertions compare the marts with values
computed by hand in the fixture module.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import pytest
from fixtures_attribution import (
    AS_OF_DATE,
    ATTRIBUTION_MODELS,
    EXPECTED_CHANNEL_ROWS,
    EXPECTED_CREDITS,
    EXPECTED_PATHS,
    EXPECTED_TOUCH_ORDER,
    NOT_CONVERSIONS,
    ROWS,
    TOTAL_REVENUE_USD,
)
from plg_test_harness import Warehouse, build_warehouse

ATTRIBUTION_MARTS = ("fct_attribution_touches", "mart_attribution_paths", "mart_channel_attribution")


@pytest.fixture(scope="session")
def wh(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The attribution lineage built once on the hand-built rows."""
    select = [arg for mart in ATTRIBUTION_MARTS for arg in ("--select", f"+{mart}+")]
    return build_warehouse(
        tmp_path_factory,
        "attribution",
        ROWS,
        {"as_of_date": AS_OF_DATE},
        command=("build", *select),
    )


def _touches(wh: Warehouse) -> dict[tuple[str, str], list[dict]]:
    """fct_attribution_touches grouped by conversion, in path order."""
    grouped: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in wh.dicts(
        "select * from marts.fct_attribution_touches order by conversion_type, conversion_id, touch_position"
    ):
        grouped[(row["conversion_type"], row["conversion_id"])].append(row)
    return grouped


def test_dbt_tests_and_unit_tests_ran_and_passed(wh: Warehouse) -> None:
    """The yml tests of the attribution models (generic, unit) ran in the build and passed."""
    results = json.loads((wh.work_dir / "target" / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"]: r["status"] for r in results}
    attribution_tests = {
        k: v
        for k, v in statuses.items()
        if ("attribution" in k or "conversion" in k) and k.split(".")[0] in ("test", "unit_test")
    }
    assert not [k for k, v in attribution_tests.items() if v != "pass"]
    names = " ".join(attribution_tests)
    for expected in (
        "attribution_credits_sum_to_one",
        "attribution_credit_in_unit_interval",
        "attribution_channel_totals_balance",
        "test_attribution_credits_single_touch",
        "test_attribution_credits_two_touches",
        "test_attribution_credits_five_touches",
        "test_attribution_paths_collapse_and_direct",
        "test_conversion_touches_lookback_edge_ties_and_organization",
    ):
        assert expected in names, expected


def test_one_path_row_per_conversion_as_computed_by_hand(wh: Warehouse) -> None:
    rows = wh.dicts("select * from marts.mart_attribution_paths")
    actual = {(r["conversion_type"], r["conversion_id"]): r for r in rows}
    assert len(rows) == len(actual)
    assert set(actual) == set(EXPECTED_PATHS)
    for key, expected in EXPECTED_PATHS.items():
        got = {column: actual[key][column] for column in expected}
        assert got == expected, key


def test_not_conversions_are_absent(wh: Warehouse) -> None:
    """$0 trial, paid after as_of, open / unclosed / closed-after-as_of / lost opportunities."""
    ids = {r[0] for r in wh.sql("select conversion_id from marts.mart_attribution_paths")}
    assert ids.isdisjoint(NOT_CONVERSIONS)


def test_colliding_change_and_opportunity_ids_stay_two_conversions(wh: Warehouse) -> None:
    rows = wh.dicts(
        "select conversion_type, conversion_key, attribution_touch_id from marts.fct_attribution_touches "
        "where conversion_id = 'dup_id' order by conversion_type"
    )
    assert [r["conversion_type"] for r in rows] == ["closed_won", "first_paid"]
    assert [r["conversion_key"] for r in rows] == ["closed_won:dup_id", "first_paid:dup_id"]
    assert rows[0]["attribution_touch_id"] != rows[1]["attribution_touch_id"]


def test_touch_order_ties_lookback_identity_and_organization(wh: Warehouse) -> None:
    """Lookback edge kept / a second earlier and the conversion instant dropped;
    ties marketing > web session > community > id; retroactively identified
    anonymous sessions count; closed_won reaches every account of the org."""
    touches = _touches(wh)
    for key, expected in EXPECTED_TOUCH_ORDER.items():
        got = [(t["touchpoint_id"], t["touch_source"], t["channel"]) for t in touches[key]]
        assert got == expected, key
        assert [t["touch_position"] for t in touches[key]] == list(range(1, len(expected) + 1))


def test_lookback_edge_is_exactly_90_days(wh: Warehouse) -> None:
    (edge,) = _touches(wh)[("first_paid", "ch_edge")]
    assert edge["days_before_conversion"] == 90.0
    ids = {
        r[0] for r in wh.sql("select touchpoint_id from marts.fct_attribution_touches where touchpoint_id is not null")
    }
    assert {"mt_edge_out", "mt_edge_at", "mt_dir_old", "pv_never", "mt_late"}.isdisjoint(ids)


def test_credits_match_hand_computation(wh: Warehouse) -> None:
    touches = _touches(wh)
    for key, expected_rows in EXPECTED_CREDITS.items():
        got = touches[key]
        assert len(got) == len(expected_rows), key
        for row, (touchpoint_id, days, first, last, linear, decay, position) in zip(got, expected_rows):
            assert row["touchpoint_id"] == touchpoint_id, key
            assert row["days_before_conversion"] == pytest.approx(days, abs=1e-12)
            assert row["first_touch_credit"] == first
            assert row["last_touch_credit"] == last
            assert row["linear_credit"] == pytest.approx(linear, abs=1e-12)
            assert row["time_decay_credit"] == pytest.approx(decay, abs=1e-12)
            assert row["position_based_credit"] == pytest.approx(position, abs=1e-12)


def test_conversion_without_touchpoints_is_direct_with_full_credit(wh: Warehouse) -> None:
    for key in (("first_paid", "dup_id"), ("closed_won", "dup_id")):
        (touch,) = _touches(wh)[key]
        assert touch["touch_source"] == "none"
        assert touch["channel"] == "direct"
        assert touch["touched_at"] == EXPECTED_PATHS[key]["converted_at"]
        assert touch["touchpoint_id"] is None
        assert [touch[f"{m}_credit"] for m in ATTRIBUTION_MODELS] == [1.0] * 5


def test_credits_are_fractions_summing_to_one_per_conversion(wh: Warehouse) -> None:
    touches = _touches(wh)
    assert set(touches) == set(EXPECTED_PATHS)
    for key, rows in touches.items():
        for model in ATTRIBUTION_MODELS:
            credits = [r[f"{model}_credit"] for r in rows]
            assert all(0.0 <= c <= 1.0 for c in credits), (key, model)
            assert sum(credits) == pytest.approx(1.0, abs=1e-9), (key, model)


def test_channel_mart_balances_to_conversions_and_revenue(wh: Warehouse) -> None:
    rows = wh.dicts("select * from marts.mart_channel_attribution")
    by_model: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_model[row["attribution_model"]].append(row)
    assert sorted(by_model) == sorted(ATTRIBUTION_MODELS)
    channels = {r["channel"] for r in rows}
    for model, model_rows in by_model.items():
        assert {r["channel"] for r in model_rows} == channels, model
        assert sum(r["credited_conversions"] for r in model_rows) == pytest.approx(len(EXPECTED_PATHS), abs=1e-9)
        revenue = sum((r["credited_revenue_usd"] for r in model_rows), Decimal("0"))
        assert abs(revenue - TOTAL_REVENUE_USD) <= Decimal("0.01") * len(model_rows), model


def test_channel_mart_rows_computed_by_hand(wh: Warehouse) -> None:
    actual = {
        (r["channel"], r["attribution_model"]): r for r in wh.dicts("select * from marts.mart_channel_attribution")
    }
    for key, (conversions, revenue) in EXPECTED_CHANNEL_ROWS.items():
        assert actual[key]["credited_conversions"] == pytest.approx(conversions, abs=1e-12), key
        assert actual[key]["credited_revenue_usd"] == revenue, key
