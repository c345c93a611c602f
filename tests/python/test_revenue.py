"""Revenue and expansion marts (contract §6, 9, 10) on hand-built fixtures, as of 2024-06-30.

The fixture accounts and their expected month-end MRR are described in
fixtures_revenue.py; every number asserted here was computed by hand from it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from fixtures_revenue import AS_OF, EXPECTED_MRR, EXPECTED_TOTAL_MRR, REVENUE_ROWS
from plg_test_harness import build_warehouse


@pytest.fixture(scope="session")
def wh(tmp_path_factory):
    return build_warehouse(tmp_path_factory, "revenue", REVENUE_ROWS, {"as_of_date": AS_OF})


@pytest.fixture(scope="session")
def movements(wh):
    rows = wh.dicts("select * from marts.fct_mrr_movements order by account_id, month_start")
    out: dict[str, dict[str, dict]] = {}
    for row in rows:
        out.setdefault(row["account_id"], {})[str(row["month_start"])] = row
    return out


@pytest.fixture(scope="session")
def expansion(wh):
    return {r["account_id"].removeprefix("acc_"): r for r in wh.dicts("select * from marts.mart_account_expansion")}


@pytest.fixture(scope="session")
def dim(wh):
    return {r["account_id"].removeprefix("acc_"): r for r in wh.dicts("select * from marts.dim_accounts")}


@pytest.fixture(scope="session")
def cohorts(wh):
    return {
        (str(r["cohort_month"]), r["months_since_creation"]): r
        for r in wh.dicts("select * from marts.mart_expansion_cohorts")
    }


def kinds(movements, account: str) -> list[tuple[str, str, Decimal, Decimal, Decimal]]:
    return [
        (month, r["movement_type"], r["previous_mrr_usd"], r["mrr_usd"], r["movement_usd"])
        for month, r in sorted(movements[f"acc_{account}"].items())
    ]


# ------------------------------------------------------------------ MRR movements
def test_bridge_account_goes_new_expansion_contraction_churn_reactivation(movements):
    assert kinds(movements, "bridge") == [
        ("2024-02-01", "new", Decimal("0.00"), Decimal("100.00"), Decimal("100.00")),
        ("2024-03-01", "expansion", Decimal("100.00"), Decimal("150.00"), Decimal("50.00")),
        ("2024-04-01", "contraction", Decimal("150.00"), Decimal("120.00"), Decimal("-30.00")),
        ("2024-05-01", "churn", Decimal("120.00"), Decimal("0.00"), Decimal("-120.00")),
        ("2024-06-01", "reactivation", Decimal("0.00"), Decimal("80.00"), Decimal("80.00")),
    ]
    # the change of 2024-07-02 (after as_of_date) is ignored
    assert movements["acc_bridge"]["2024-06-01"]["seats"] == 4


def test_month_end_mrr_of_every_account(movements):
    got = {account: {month: int(r["mrr_usd"]) for month, r in months.items()} for account, months in movements.items()}
    assert got == EXPECTED_MRR


def test_overlapping_subscriptions_add_up_and_past_due_counts(movements):
    assert [(m, t, int(u)) for m, t, _, _, u in kinds(movements, "overlap")] == [
        ("2024-03-01", "new", 50),
        ("2024-04-01", "expansion", 30),
        ("2024-05-01", "flat", 0),
        ("2024-06-01", "flat", 0),
    ]
    # May: team (past_due, 5 seats) + enterprise (3 seats)
    assert movements["acc_overlap"]["2024-05-01"]["mrr_usd"] == Decimal("80.00")
    assert movements["acc_overlap"]["2024-05-01"]["seats"] == 8


def test_upgrade_and_cancel_on_the_same_day_ends_canceled(movements):
    assert [(m, t, int(u)) for m, t, _, _, u in kinds(movements, "sameday")] == [
        ("2024-02-01", "new", 40),
        ("2024-03-01", "flat", 0),
        ("2024-04-01", "churn", -40),
        ("2024-05-01", "flat", 0),
        ("2024-06-01", "flat", 0),
    ]


def test_same_instant_larger_change_id_is_later(movements):
    assert [(m, t, int(r)) for m, t, _, r, _ in kinds(movements, "instant")] == [
        ("2024-05-01", "new", 70),
        ("2024-06-01", "expansion", 140),
    ]


def test_change_on_the_last_day_of_a_month_counts_for_that_month(movements):
    assert [(m, t, int(r)) for m, t, _, r, _ in kinds(movements, "lastday")] == [
        ("2024-03-01", "new", 60),
        ("2024-04-01", "flat", 60),
        ("2024-05-01", "churn", 0),
        ("2024-06-01", "flat", 0),
    ]


def test_never_paying_and_unknown_accounts_have_no_movements(movements):
    for account in ("acc_trial", "acc_young", "acc_old_free", "acc_ghost"):
        assert account not in movements
    assert sum(len(months) for months in movements.values()) == 39


def test_money_is_decimal(wh):
    types = dict(
        wh.sql(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_mrr_movements'"
        )
    )
    assert types["mrr_usd"] == types["previous_mrr_usd"] == types["movement_usd"] == "DECIMAL(18,2)"
    assert types["month_start"] == "DATE"


def test_sum_of_movements_equals_change_in_total_mrr(wh, movements):
    monthly = dict(
        (str(m), t)
        for m, t in wh.sql(
            "select month_start, sum(mrr_usd) from intermediate.int_accounts_mrr_monthly group by month_start"
        )
    )
    assert {m: int(t) for m, t in monthly.items()} == EXPECTED_TOTAL_MRR
    by_month: dict[str, Decimal] = {}
    for months in movements.values():
        for month, row in months.items():
            by_month[month] = by_month.get(month, Decimal(0)) + row["movement_usd"]
    months = sorted(monthly)
    for previous, month in zip(months, months[1:]):
        assert by_month.get(month, Decimal(0)) == monthly[month] - monthly[previous], month
    assert {m: int(v) for m, v in by_month.items()} == {
        "2024-02-01": 140,
        "2024-03-01": 310,
        "2024-04-01": -20,
        "2024-05-01": -110,
        "2024-06-01": 140,
    }


def test_monthly_spine_runs_from_creation_month_to_as_of_month(wh):
    rows = dict(wh.sql("select account_id, count(*) from intermediate.int_accounts_mrr_monthly group by 1"))
    assert rows["acc_bridge"] == 6 and rows["acc_overlap"] == 5 and rows["acc_trial"] == 2
    assert "acc_ghost" not in rows
    assert sum(rows.values()) == 55


# --------------------------------------------------------------- account expansion
def test_team_formed_counts_deleted_users(expansion):
    assert expansion["bridge"]["team_formed_at"] == datetime(2024, 1, 11, 8, 0)
    assert expansion["overlap"]["team_formed_at"] == datetime(2024, 3, 15, 10, 0)
    assert expansion["sameday"]["team_formed_at"] is None


def test_paid_team_and_time_to_team_in_calendar_days(expansion):
    bridge = expansion["bridge"]
    assert bridge["first_paid_at"] == bridge["paid_team_at"] == datetime(2024, 2, 5, 1, 0)
    assert bridge["time_to_team_days"] == 26  # 25.1 days elapsed, 26 dates apart
    assert expansion["overlap"]["time_to_team_days"] == 10
    assert expansion["lastday"]["time_to_team_days"] == 50
    assert expansion["instant"]["first_paid_at"] == datetime(2024, 5, 10, 10, 0)
    assert expansion["trial"]["first_paid_at"] is None  # a $0 trial is not paid
    assert expansion["young"]["time_to_team_days"] is None


@pytest.mark.parametrize(
    "account,expected",
    [
        ("bridge", True),
        ("i2t_edge", True),  # exactly created_at + 60 days
        ("i2t_late", False),  # one second later
        ("young", None),  # unpaid, 59 days old
        ("trial", None),  # unpaid ($0 trial), 41 days old
        ("old_free", False),  # unpaid, 60 days old
        ("lastday", True),
    ],
)
def test_i2t_60d(expansion, account, expected):
    assert expansion[account]["is_i2t_60d"] is expected


def test_champion_tie_broken_by_signup_time_and_retention_window(expansion):
    assert expansion["bridge"]["champion_user_id"] == "bridge_u3"
    assert expansion["bridge"]["champion_invites_sent"] == 2
    assert expansion["bridge"]["is_champion_retained"] is True  # core event on as_of - 29
    assert expansion["overlap"]["champion_user_id"] == "overlap_u1"
    assert expansion["overlap"]["is_champion_retained"] is False  # last one on as_of - 30
    assert expansion["sameday"]["champion_user_id"] is None
    assert expansion["sameday"]["is_champion_retained"] is None


def test_current_position_in_expansion_mart(expansion):
    assert (expansion["bridge"]["current_seats"], expansion["bridge"]["current_mrr_usd"]) == (4, Decimal("80.00"))
    assert (expansion["overlap"]["current_seats"], expansion["overlap"]["current_mrr_usd"]) == (8, Decimal("80.00"))
    assert (expansion["trial"]["current_seats"], expansion["trial"]["current_mrr_usd"]) == (10, Decimal("0.00"))
    assert expansion["sameday"]["current_seats"] == 0


# ------------------------------------------------------------------- dim_accounts
def test_dim_accounts_current_plan(dim):
    assert {name: row["current_plan"] for name, row in dim.items()} == {
        "bridge": "team",
        "overlap": "enterprise",
        "sameday": "free",
        "instant": "team",
        "lastday": "free",
        "nrr_a": "team",
        "nrr_b": "free",
        "nrr_c": "team",
        "young": "free",
        "old_free": "free",
        "trial": "free",
        "i2t_edge": "team",
        "i2t_late": "team",
    }
    assert (dim["trial"]["current_seats"], dim["trial"]["current_mrr_usd"]) == (10, Decimal("0.00"))
    assert dim["instant"]["current_mrr_usd"] == Decimal("140.00")


def test_dim_accounts_firmographics_and_champion(dim):
    bridge = dim["bridge"]
    assert bridge["org_domain"] == "bridge-co.io"
    assert (
        bridge["company_name"],
        bridge["employee_count"],
        bridge["industry"],
        bridge["country"],
        bridge["funding_stage"],
    ) == ("Bridge Co", 250, "software", "US", "series_b")
    assert bridge["champion_user_id"] == "bridge_u3"
    assert bridge["users_total"] == 4
    assert dim["overlap"]["employee_count"] is None
    assert "ghost" not in dim


# ------------------------------------------------------------------------ cohorts
def test_cohort_nrr_follows_the_first_paying_month_accounts(cohorts):
    march = [cohorts[("2024-03-01", m)] for m in range(4)]
    assert [r["cohort_accounts"] for r in march] == [3, 3, 3, 3]
    assert [r["active_accounts"] for r in march] == [2, 1, 0, 0]
    assert [r["paying_accounts"] for r in march] == [2, 3, 3, 2]
    assert [r["seats"] for r in march] == [10, 12, 12, 11]
    assert [r["mrr_usd"] for r in march] == [Decimal(v) for v in ("100.00", "120.00", "120.00", "110.00")]
    # base = nrr_a (60) and nrr_b (40), paying at the end of March; nrr_c starts paying in
    # April and counts only in the whole-cohort ratio: (90 + 10) / 100, then 90 / 100
    assert [r["base_accounts_mrr_usd"] for r in march] == [Decimal(v) for v in ("100.00", "100.00", "100.00", "90.00")]
    assert [r["net_revenue_retention"] for r in march] == [1.0, 1.0, 1.0, 0.9]
    assert [r["mrr_vs_first_paying_month"] for r in march] == [1.0, 1.2, 1.2, 1.1]
    assert [r["expansion_mrr_share"] for r in march] == [0.0, 0.6, None, None]
    april = march[1]
    assert (
        april["new_mrr_usd"],
        april["expansion_mrr_usd"],
        april["contraction_mrr_usd"],
        april["churned_mrr_usd"],
        april["net_new_mrr_usd"],
    ) == (20, 30, -30, 0, 20)
    assert march[3]["churned_mrr_usd"] == -10


def test_cohort_nrr_is_null_before_first_paying_month(cohorts):
    january = [cohorts[("2024-01-01", m)] for m in range(6)]
    assert [r["mrr_usd"] for r in january] == [Decimal(v) for v in ("0", "140", "240", "170", "50", "130")]
    assert january[0]["net_revenue_retention"] is None
    assert january[0]["mrr_vs_first_paying_month"] is None
    assert january[1]["net_revenue_retention"] == 1.0
    # base: bridge and sameday (paying at the end of February); i2t_edge and i2t_late start in March
    assert january[2]["net_revenue_retention"] == pytest.approx((150 + 40) / 140)
    assert january[2]["mrr_vs_first_paying_month"] == pytest.approx(240 / 140)
    assert [r["expansion_mrr_share"] for r in january] == [None, 0.0, 0.5, None, None, 0.0]
    assert [r["active_accounts"] for r in january] == [1, 1, 0, 0, 0, 1]


def test_cohort_that_never_paid(cohorts):
    may = [cohorts[("2024-05-01", m)] for m in range(2)]
    assert [(r["cohort_accounts"], r["paying_accounts"], r["seats"], r["mrr_usd"]) for r in may] == [
        (3, 0, 0, Decimal("0.00")),
        (3, 0, 10, Decimal("0.00")),
    ]
    assert [r["net_revenue_retention"] for r in may] == [None, None]
    assert [r["mrr_vs_first_paying_month"] for r in may] == [None, None]


def test_cohort_grid_runs_through_the_as_of_month(cohorts):
    assert len(cohorts) == 6 + 5 + 4 + 3 + 2
    assert max(str(r["month_start"]) for r in cohorts.values()) == "2024-06-01"
    assert cohorts[("2024-04-01", 2)]["month_start"] == date(2024, 6, 1)
    assert all(str(r["month_start"]) <= AS_OF for r in cohorts.values())


def test_build_ran_the_revenue_data_and_unit_tests(wh):
    out = wh.result.output
    for name in (
        "revenue_mrr_bridge_balances",
        "test_mrr_movements_classification",
        "revenue_current_mrr_matches_bridge",
    ):
        assert name in out
