"""Activation (contract §4, 9, 10) on the hand-built `core` fixture, as of 2024-03-31."""

from __future__ import annotations

import pytest
from fixtures_core import AS_OF, ROWS
from plg_test_harness import build_warehouse


@pytest.fixture(scope="session")
def core(tmp_path_factory):
    return build_warehouse(tmp_path_factory, "core", ROWS, {"as_of_date": AS_OF})


@pytest.fixture(scope="session")
def activation(core):
    return {r["user_id"]: r for r in core.dicts("select * from marts.mart_activation")}


def test_deploy_37_minutes_after_signup(activation):
    row = activation["ua_37"]
    assert str(row["first_value_at"]) == "2024-01-01 10:37:00"
    assert row["time_to_first_value_minutes"] == 37
    assert row["is_activated"] is True


def test_minutes_are_floored_not_boundary_counts(activation):
    assert activation["ua_38"]["time_to_first_value_minutes"] == 38  # 38.5 minutes elapsed


def test_deploy_on_day_15_is_not_activated_exactly_14_days_is(activation):
    assert activation["ua_day15"]["is_activated"] is False
    assert activation["ua_day15"]["time_to_first_value_minutes"] == 14 * 24 * 60
    assert activation["ua_day14"]["is_activated"] is True


def test_deploy_before_signup_is_ignored(activation):
    row = activation["ua_before"]
    assert row["first_value_at"] is None
    assert row["time_to_first_value_minutes"] is None
    assert row["is_activated"] is False  # false, never null


def test_retention_windows_by_date(activation):
    assert activation["ur_d30"]["retained_d30"] is True  # active on signup + 30
    assert activation["ur_d30"]["retained_d60"] is False
    assert activation["ur_d60"]["retained_d30"] is False  # active on + 29 only
    assert activation["ur_d60"]["retained_d60"] is True  # active on + 89
    assert activation["ur_open"]["retained_d30"] is None  # window still open
    assert activation["ur_open"]["retained_d60"] is None
    # active on signup + 59 (the last day of the window), known exactly on as_of (signup + 60)
    assert activation["ur_edge"]["retained_d30"] is True
    assert activation["ur_edge"]["retained_d60"] is None


def test_first_touchpoint_before_signup_wins(activation):
    assert activation["uc_multi"]["acquisition_channel"] == "webinar"
    assert activation["uc_multi"]["acquisition_touch_source"] == "marketing"


def test_marketing_wins_a_tie_with_a_web_session(activation):
    assert activation["uc_tie"]["acquisition_channel"] == "event"


def test_no_touchpoint_is_direct(activation):
    assert activation["ua_day15"]["acquisition_channel"] == "direct"
    assert activation["ua_day15"]["acquisition_touch_source"] is None


def test_signup_week_is_the_iso_monday(activation):
    assert str(activation["ua_before"]["signup_week"]) == "2024-01-01"  # a Wednesday
    assert str(activation["uz_1"]["signup_week"]) == "2024-01-22"


def test_funnel_rates_and_continuous_median(core):
    rows = {
        (str(r["signup_week"]), r["acquisition_channel"]): r
        for r in core.dicts("select * from marts.mart_activation_funnel")
    }
    webinar = rows[("2024-01-01", "webinar")]
    assert (webinar["signups"], webinar["activated_users"]) == (3, 2)
    assert webinar["activation_rate"] == pytest.approx(2 / 3)
    assert webinar["median_time_to_first_value_minutes"] == 37.5
    direct = rows[("2024-01-01", "direct")]
    assert (direct["signups"], direct["activated_users"]) == (2, 1)
    assert direct["median_time_to_first_value_minutes"] == 14 * 24 * 60


def test_week_with_zero_activations(core):
    row = core.dicts("select * from marts.mart_activation_funnel where signup_week = date '2024-01-22'")
    assert len(row) == 1
    assert (row[0]["signups"], row[0]["activated_users"]) == (3, 0)
    assert row[0]["activation_rate"] == 0.0
    assert row[0]["median_time_to_first_value_minutes"] is None


def test_retention_counts_in_funnel(core):
    row = core.dicts("select * from marts.mart_activation_funnel where signup_week = date '2023-12-11'")[0]
    assert (row["retained_d30_users"], row["retention_d30_eligible_users"]) == (1, 2)
    assert (row["retained_d60_users"], row["retention_d60_eligible_users"]) == (1, 2)


def test_dim_users_keeps_deleted_users_and_hides_raw_email(core):
    row = core.dicts("select * from marts.dim_users where user_id = 'ud_deleted'")[0]
    assert row["is_deleted"] is True
    columns = {
        r[0] for r in core.sql("select column_name from information_schema.columns where table_name = 'dim_users'")
    }
    assert "email" not in columns
    assert {"email_hash", "email_domain", "persona", "org_domain"} <= columns


def test_dim_users_has_every_staged_user(core):
    staged = core.sql("select count(*) from staging.stg_raw__users")[0][0]
    assert core.sql("select count(*) from marts.dim_users")[0][0] == staged
    assert core.sql("select count(*) from marts.mart_activation")[0][0] == staged
