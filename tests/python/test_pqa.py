"""Signals, PQA and backtest (contract §5, 9, 10) on hand-built fixtures, as of 2024-06-30."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from fixtures_pqa import AS_OF, BACKTEST_ROWS, PQA_ROWS
from plg_test_harness import build_warehouse


@pytest.fixture(scope="session")
def wh(tmp_path_factory):
    return build_warehouse(tmp_path_factory, "pqa", PQA_ROWS, {"as_of_date": AS_OF})


@pytest.fixture(scope="session")
def pqa(wh):
    return {r["account_id"].removeprefix("acc_"): r for r in wh.dicts("select * from marts.mart_pqa")}


def signals(wh, account: str, signal_type: str | None = None) -> list[dict]:
    query = "select * from marts.fct_account_signals where account_id = ?"
    params = [f"acc_{account}"]
    if signal_type:
        query += " and signal_type = ?"
        params.append(signal_type)
    return wh.dicts(query + " order by signal_at", params)


# ------------------------------------------------------------------- usage criteria
def test_account_meeting_everything_is_a_pqa(pqa):
    row = pqa["allgood"]
    assert row["is_active_2_weeks"] is True
    assert row["active_users_30d"] == 3
    assert row["has_core_feature"] is True
    assert row["api_requests_30d"] == 1200
    assert row["api_requests_prior_30d"] == 600
    assert row["icp_criteria_met"] == 5
    assert (row["is_excluded"], row["exclusion_reason"]) == (False, None)
    assert row["is_pqa"] is True
    assert row["route"] == "sales"
    assert str(row["as_of_date"]) == AS_OF


@pytest.mark.parametrize(
    "account,field,value",
    [
        ("oneweek", "is_active_2_weeks", False),  # both active days in one ISO week
        ("young", "is_active_2_weeks", False),  # account 10 days old
        ("twousers", "active_users_30d", 2),
        ("nocore", "has_core_feature", False),  # preview deploy only
        ("fewcalls", "api_requests_30d", 999),
        ("icp2", "icp_criteria_met", 2),
    ],
)
def test_missing_exactly_one_criterion_is_not_a_pqa(pqa, account, field, value):
    row = pqa[account]
    assert row[field] == value
    assert row["is_pqa"] is False
    assert row["is_excluded"] is False


def test_fourteen_days_old_is_old_enough(pqa):
    assert pqa["age14"]["is_active_2_weeks"] is True
    assert pqa["age14"]["is_pqa"] is True
    assert pqa["age14"]["first_qualified_at"] == datetime(2024, 6, 30)


@pytest.mark.parametrize(
    "account,reason",
    [
        ("enterprise", "enterprise_plan"),
        ("entinactive", "enterprise_plan"),  # enterprise wins over inactivity
        ("inactive", "inactive_30d"),
    ],
)
def test_exclusions(pqa, account, reason):
    assert pqa[account]["is_excluded"] is True
    assert pqa[account]["exclusion_reason"] == reason
    assert pqa[account]["is_pqa"] is False


def test_zero_dollar_enterprise_trial_is_not_excluded(pqa):
    assert pqa["trial"]["is_excluded"] is False
    assert pqa["trial"]["is_pqa"] is True


def test_first_qualified_at_is_kept_for_an_account_no_longer_qualified(pqa):
    assert pqa["inactive"]["first_qualified_at"] == datetime(2024, 5, 15)
    assert pqa["allgood"]["first_qualified_at"] == datetime(2024, 6, 20)
    assert pqa["enterprise"]["first_qualified_at"] is None
    assert pqa["oneweek"]["first_qualified_at"] is None


def test_route(pqa):
    assert pqa["smallco"]["route"] == "self_serve"  # PQA with 100 employees
    assert pqa["nohead"]["is_pqa"] is True  # 4 ICP criteria without a head count
    assert pqa["nohead"]["route"] == "self_serve"
    assert pqa["fewcalls"]["route"] == "self_serve"  # not a PQA


# ------------------------------------------------------------------- contact
def test_buyer_persona_is_chosen_over_the_champion(pqa):
    assert pqa["allgood"]["contact_user_id"] == "allgood_u2"  # Co-founder & CTO; u1 sent the invite
    assert pqa["allgood"]["contact_persona"] == "cto"
    assert pqa["allgood"]["contact_email"] == "allgood_u2@allgood.io"
    assert pqa["allgood"]["contact_rule"] == "buyer_persona"


def test_champion_without_buyer(pqa):
    assert pqa["champ"]["contact_user_id"] == "champ_u2"
    assert pqa["champ"]["contact_rule"] == "champion"


def test_deleted_cto_is_never_the_contact(pqa):
    assert pqa["deadcto"]["contact_user_id"] == "deadcto_u2"
    assert pqa["deadcto"]["contact_persona"] == "vp_engineering"


def test_reason_text(pqa):
    assert pqa["allgood"]["reason"] == (
        "3 active developers; 1,200 API requests in 30d (2.0x prior 30d); 3 rate-limit hits; enterprise features viewed"
    )


# ------------------------------------------------------------------- signals and score
def test_decayed_score_against_hand_computed_values(pqa):
    expected = 8 * 0.5 + 3 * 0.5 ** (7 / 14) + 3 * 0.5 ** (89 / 14)  # the age-90 view is outside the window
    assert pqa["decay"]["signal_score"] == pytest.approx(expected, abs=1e-9)
    assert pqa["decay"]["intent_tier"] == "low"


def test_tier_boundaries_are_inclusive(pqa):
    assert pqa["tierhigh"]["signal_score"] == pytest.approx(20.0)
    assert pqa["tierhigh"]["intent_tier"] == "high"
    assert pqa["tiermed"]["signal_score"] == pytest.approx(8.0)
    assert pqa["tiermed"]["intent_tier"] == "medium"


def test_page_view_signal_is_one_per_user_day_at_the_first_view(wh):
    rows = signals(wh, "decay", "pricing_page_viewed")
    assert [str(r["signal_at"]) for r in rows] == ["2024-04-01 09:00:00", "2024-04-02 09:00:00", "2024-06-23 09:00:00"]


def test_usage_spike_rule(wh):
    rows = signals(wh, "spiky", "usage_spike")
    # 06-08: 600 >= 500 and >= 3 x 100; 06-09: 514 < 3 x 1200 / 7; 06-01: only 100 requests
    assert [str(r["signal_at"]) for r in rows] == ["2024-06-08 00:00:00"]


def test_product_signals(wh):
    assert [str(r["signal_at"]) for r in signals(wh, "allgood", "enterprise_feature_viewed")] == [
        "2024-06-22 08:00:00",
        "2024-06-22 10:00:00",
    ]  # sso (first of two views), saml; billing is not
    assert [str(r["signal_at"]) for r in signals(wh, "allgood", "rate_limit_hit")] == ["2024-06-23 09:00:00"]
    assert [str(r["signal_at"]) for r in signals(wh, "allgood", "team_expansion")] == ["2024-06-21 09:00:00"]


def test_community_signals_reach_the_account_by_email(wh):
    types = sorted(r["signal_type"] for r in signals(wh, "allgood") if r["signal_source"] == "community")
    assert types == ["decision_timeline", "enterprise_feature_request"]


def test_several_stakeholders_goes_to_every_account_of_the_org(wh):
    for account in ("stake", "stake2"):
        rows = signals(wh, account, "several_stakeholders")
        assert [str(r["signal_at"]) for r in rows] == ["2024-06-12 11:00:00"], account
        assert rows[0]["weight"] == 10


def test_external_signals_at_the_180_day_edge(wh):
    assert [str(r["signal_at"]) for r in signals(wh, "funded", "recent_funding")] == ["2024-01-02 00:00:00"]
    assert [str(r["signal_at"]) for r in signals(wh, "funded", "hiring_engineers")] == ["2024-01-01 00:00:00"]
    assert signals(wh, "oldfund", "recent_funding") == []
    assert signals(wh, "oldfund", "hiring_engineers") == []


def test_signal_score_sums_every_signal_of_the_last_90_days(wh, pqa):
    rows = wh.dicts("select weight, signal_date from marts.fct_account_signals where account_id = 'acc_allgood'")
    as_of = datetime(2024, 6, 30).date()
    expected = sum(
        r["weight"] * 0.5 ** ((as_of - r["signal_date"]).days / 14)
        for r in rows
        if 0 <= (as_of - r["signal_date"]).days <= 89
    )
    assert len(rows) >= 7
    assert pqa["allgood"]["signal_score"] == pytest.approx(expected, abs=1e-9)


# ------------------------------------------------------------------- backtest
@pytest.fixture(scope="session")
def backtest(tmp_path_factory):
    wh = build_warehouse(tmp_path_factory, "backtest", BACKTEST_ROWS, {"as_of_date": AS_OF})
    return {str(r["week_start"]): r for r in wh.dicts("select * from marts.mart_pqa_backtest")}


def test_backtest_weeks_stop_when_60_days_have_not_passed(backtest):
    assert sorted(backtest) == [
        "2024-03-04",
        "2024-03-11",
        "2024-03-18",
        "2024-03-25",
        "2024-04-01",
        "2024-04-08",
        "2024-04-15",
        "2024-04-22",
    ]


@pytest.mark.parametrize(
    "week,expected",
    [
        # (population, flagged, flagged converted, unflagged, unflagged converted, precision, recall, lift)
        ("2024-04-01", (5, 0, 0, 5, 2, None, 0.0, None)),
        ("2024-04-08", (5, 2, 1, 3, 1, 0.5, 0.5, 1.25)),
        ("2024-04-15", (4, 2, 1, 2, 0, 0.5, 1.0, 2.0)),
        ("2024-04-22", (4, 2, 1, 2, 0, 0.5, 1.0, 2.0)),
    ],
)
def test_backtest_numbers(backtest, week, expected):
    row = backtest[week]
    got = (
        row["population_accounts"],
        row["flagged_accounts"],
        row["flagged_converted_60d"],
        row["unflagged_accounts"],
        row["unflagged_converted_60d"],
        row["precision"],
        row["recall"],
        row["lift"],
    )
    assert got[:5] == expected[:5]
    for value, want in zip(got[5:], expected[5:]):
        assert (value is None and want is None) or math.isclose(value, want)
