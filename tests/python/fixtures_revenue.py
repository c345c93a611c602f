"""Hand-built raw data for the revenue and expansion marts (contract §6, 9, 10), as of 2024-06-30.

Every account exists to prove one rule; the expected numbers are in the
comments here and asserted in test_revenue.py. Cohorts (creation months):

- 2024-01: bridge, sameday, i2t_edge, i2t_late
- 2024-02: overlap, lastday
- 2024-03: nrr_a, nrr_b, nrr_c        (MRR 1.2x the first paying month in April; NRR 1.0)
- 2024-04: instant
- 2024-05: young, old_free, trial

Month-end MRR of known accounts (USD):

| account   | Jan | Feb | Mar | Apr | May | Jun |
|-----------|-----|-----|-----|-----|-----|-----|
| bridge    |   0 | 100 | 150 | 120 |   0 |  80 |
| sameday   |   0 |  40 |  40 |   0 |   0 |   0 |
| i2t_edge  |   0 |   0 |  25 |  25 |  25 |  25 |
| i2t_late  |   0 |   0 |  25 |  25 |  25 |  25 |
| overlap   |     |   0 |  50 |  80 |  80 |  80 |
| lastday   |     |   0 |  60 |  60 |   0 |   0 |
| nrr_a     |     |     |  60 |  90 |  90 |  90 |
| nrr_b     |     |     |  40 |  10 |  10 |   0 |
| nrr_c     |     |     |   0 |  20 |  20 |  20 |
| instant   |     |     |     |   0 |  70 | 140 |
| total     |   0 | 140 | 450 | 430 | 320 | 460 |
"""

from __future__ import annotations

from typing import Any

from plg_test_harness import account_row, event, merge_rows, subscription_change, ts, user_row

AS_OF = "2024-06-30"

Rows = dict[str, list[dict[str, Any]]]


def account(name: str, created_at: str, users: list[tuple[str, str]] | None = None, domain: str | None = None) -> Rows:
    """Account `acc_<name>`; `users` are (user suffix, created_at), the first is the creator.

    Without `users` the account gets one user `<name>_u1` created with the account.
    """
    domain = domain or f"{name.replace('_', '-')}-co.io"
    users = users or [("u1", created_at)]
    user_rows = [user_row(f"{name}_{suffix}", f"acc_{name}", f"{suffix}@{domain}", at) for suffix, at in users]
    return {
        "accounts": [account_row(f"acc_{name}", name.title(), created_at, user_rows[0]["user_id"])],
        "users": user_rows,
    }


def change(
    change_id: str, subscription_id: str, name: str, at: str, plan: str, status: str, seats: int, mrr_usd: float
) -> dict[str, Any]:
    """One subscription change of account `acc_<name>`."""
    return subscription_change(change_id, subscription_id, f"acc_{name}", at, plan, status, seats, mrr_usd)


def invite(event_id: str, user_id: str, name: str, at: str) -> dict[str, Any]:
    return event(
        event_id,
        "invite_sent",
        at,
        user_id=user_id,
        account_id=f"acc_{name}",
        properties={"invitee_email": f"{event_id}@example.org"},
    )


def api_call(event_id: str, user_id: str, name: str, at: str) -> dict[str, Any]:
    return event(
        event_id,
        "api_call",
        at,
        user_id=user_id,
        account_id=f"acc_{name}",
        properties={"count": 10, "status": "success", "compute_units": 1},
    )


# --- bridge: 0 -> 100 -> 150 -> 120 -> 0 -> 80 (new, expansion, contraction, churn, reactivation)
# created 2024-01-10 23:00, paid team 2024-02-05 01:00: 26 calendar days (25.1 elapsed).
# Users by created_at: u1, u4 (deleted later, still forms the team 2024-01-11 08:00), u3, u2.
# Champion: u2 and u3 sent 2 invites each, u1 one; u3 signed up first -> bridge_u3 (not the
# smaller user_id). bridge_u3 has a core event on 2024-06-01 = as_of - 29 -> retained.
BRIDGE = merge_rows(
    account(
        "bridge",
        "2024-01-10 23:00",
        [
            ("u1", "2024-01-10 23:00"),
            ("u4", "2024-01-11 08:00"),
            ("u3", "2024-01-12 09:00"),
            ("u2", "2024-01-20 09:00"),
        ],
    ),
    {
        "subscription_changes": [
            change("c_br_1", "s_br_1", "bridge", "2024-02-05 01:00", "team", "active", 5, 100),
            change("c_br_2", "s_br_1", "bridge", "2024-03-10 10:00", "team", "active", 8, 150),
            change("c_br_3", "s_br_1", "bridge", "2024-04-15 10:00", "team", "active", 6, 120),
            # a cancellation keeps its mrr_usd on the row: canceled never counts
            change("c_br_4", "s_br_1", "bridge", "2024-05-20 10:00", "team", "canceled", 6, 120),
            change("c_br_5", "s_br_2", "bridge", "2024-06-03 10:00", "team", "active", 4, 80),
            # after as_of_date: ignored
            change("c_br_6", "s_br_2", "bridge", "2024-07-02 10:00", "team", "active", 10, 999),
        ],
        "product_events": [
            invite("e_br_inv_1", "bridge_u1", "bridge", "2024-01-11 10:00"),
            invite("e_br_inv_2", "bridge_u2", "bridge", "2024-01-21 10:00"),
            invite("e_br_inv_3", "bridge_u2", "bridge", "2024-01-22 10:00"),
            invite("e_br_inv_4", "bridge_u3", "bridge", "2024-01-13 10:00"),
            invite("e_br_inv_5", "bridge_u3", "bridge", "2024-01-14 10:00"),
            api_call("e_br_api_1", "bridge_u3", "bridge", "2024-06-01 00:30"),
            api_call("e_br_api_2", "bridge_u1", "bridge", "2024-02-10 10:00"),
        ],
        "firmographics": [
            {
                "domain": "bridge-co.io",
                "company_name": "Bridge Old",
                "employee_count": 100,
                "industry": "internet",
                "country": "GB",
                "funding_stage": "seed",
                "last_funding_at": None,
                "tech_stack": "aws",
                "open_engineering_roles": 1,
                "enriched_at": ts("2024-01-01"),
            },
            {
                "domain": "bridge-co.io",
                "company_name": "Bridge Co",
                "employee_count": 250,
                "industry": "software",
                "country": "US",
                "funding_stage": "series_b",
                "last_funding_at": None,
                "tech_stack": "aws",
                "open_engineering_roles": 2,
                "enriched_at": ts("2024-05-01"),
            },
            # enriched after as_of_date: ignored
            {
                "domain": "bridge-co.io",
                "company_name": "Bridge Future",
                "employee_count": 999,
                "industry": "retail",
                "country": "FR",
                "funding_stage": "growth",
                "last_funding_at": None,
                "tech_stack": "aws",
                "open_engineering_roles": 3,
                "enriched_at": ts("2024-07-10"),
            },
        ],
    },
)

# --- overlap: two overlapping subscriptions (team 50 from 2024-03-01, enterprise 30 from
# 2024-04-10); the team one is past_due during May and still counts -> 0, 50, 80, 80, 80.
# Current: enterprise, 80 USD, 8 seats. Champion overlap_u1 (one invite); its last core
# event is 2024-05-31 (as_of - 30) and one on 2024-07-01 is after as_of -> not retained.
OVERLAP = merge_rows(
    account("overlap", "2024-02-20 10:00", [("u1", "2024-02-20 10:00"), ("u2", "2024-03-15 10:00")]),
    {
        "subscription_changes": [
            change("c_ov_1", "s_ov_team", "overlap", "2024-03-01 09:00", "team", "active", 5, 50),
            change("c_ov_2", "s_ov_ent", "overlap", "2024-04-10 09:00", "enterprise", "active", 3, 30),
            change("c_ov_3", "s_ov_team", "overlap", "2024-05-05 09:00", "team", "past_due", 5, 50),
            change("c_ov_4", "s_ov_team", "overlap", "2024-06-10 09:00", "team", "active", 5, 50),
        ],
        "product_events": [
            invite("e_ov_inv_1", "overlap_u1", "overlap", "2024-03-10 10:00"),
            api_call("e_ov_api_1", "overlap_u1", "overlap", "2024-05-31 23:59"),
            api_call("e_ov_api_2", "overlap_u1", "overlap", "2024-07-01 10:00"),
        ],
    },
)

# --- sameday: 40 USD team from 2024-02-01; on 2024-04-12 an upgrade to enterprise 400 (09:00)
# and a cancel (17:00, smaller change_id, first in the file): the day ends canceled, the
# upgrade never holds -> 0, 40, 40, 0, 0, 0 (April: churn -40). Current: free, 0 seats.
SAMEDAY = merge_rows(
    account("sameday", "2024-01-15 12:00"),
    {
        "subscription_changes": [
            change("c_sd_2", "s_sd", "sameday", "2024-04-12 17:00", "enterprise", "canceled", 10, 400),
            change("c_sd_1", "s_sd", "sameday", "2024-02-01 10:00", "team", "active", 2, 40),
            change("c_sd_3", "s_sd", "sameday", "2024-04-12 09:00", "enterprise", "active", 10, 400),
        ],
    },
)

# --- instant: two changes of one subscription at the same instant: the larger change_id
# (c_in_3, active 140) is the later one, although it comes first in the file -> April 0,
# May 70 (new), June 140 (expansion).
INSTANT = merge_rows(
    account("instant", "2024-04-20 10:00"),
    {
        "subscription_changes": [
            change("c_in_1", "s_in", "instant", "2024-05-10 10:00", "team", "active", 3, 70),
            change("c_in_3", "s_in", "instant", "2024-06-15 12:00", "team", "active", 6, 140),
            change("c_in_2", "s_in", "instant", "2024-06-15 12:00", "team", "canceled", 3, 70),
        ],
    },
)

# --- lastday: starts paying on the last day of March (23:30) and cancels on the last day of
# May (00:05) -> Feb 0, Mar 60 (new), Apr 60, May 0 (churn), Jun 0 (flat).
# Paid team 2024-03-31 23:30, created 2024-02-10 08:00: 50 days, within 60.
LASTDAY = merge_rows(
    account("lastday", "2024-02-10 08:00"),
    {
        "subscription_changes": [
            change("c_ld_1", "s_ld", "lastday", "2024-03-31 23:30", "team", "active", 3, 60),
            change("c_ld_2", "s_ld", "lastday", "2024-05-31 00:05", "team", "canceled", 3, 60),
        ],
    },
)

# --- March cohort: MRR 100 in March (first month with MRR > 0), 120 in April and May
# (mrr_vs_first_paying_month exactly 1.2), 110 in June (1.1). NRR follows nrr_a and nrr_b only
# (nrr_c starts paying in April): 100 / 100 in April and May, 90 / 100 in June. April
# movements: new 20 (c), expansion 30 (a), contraction -30 (b): expansion share
# 30 / (20 + 30) = 0.6. Active accounts: March a, b;
# April a (c only hit a rate limit, not a core event); May, June none.
NRR = merge_rows(
    account("nrr_a", "2024-03-02 10:00"),
    account("nrr_b", "2024-03-05 10:00"),
    account("nrr_c", "2024-03-28 10:00"),
    {
        "subscription_changes": [
            change("c_na_1", "s_na", "nrr_a", "2024-03-20 10:00", "team", "active", 6, 60),
            change("c_na_2", "s_na", "nrr_a", "2024-04-08 10:00", "team", "active", 9, 90),
            change("c_nb_1", "s_nb", "nrr_b", "2024-03-25 10:00", "team", "active", 4, 40),
            change("c_nb_2", "s_nb", "nrr_b", "2024-04-18 10:00", "team", "active", 1, 10),
            change("c_nb_3", "s_nb", "nrr_b", "2024-06-05 10:00", "team", "canceled", 1, 10),
            change("c_nc_1", "s_nc", "nrr_c", "2024-04-22 10:00", "team", "active", 2, 20),
        ],
        "product_events": [
            api_call("e_na_api_1", "nrr_a_u1", "nrr_a", "2024-03-03 10:00"),
            api_call("e_na_api_2", "nrr_a_u1", "nrr_a", "2024-04-10 10:00"),
            api_call("e_nb_api_1", "nrr_b_u1", "nrr_b", "2024-03-06 10:00"),
            event(
                "e_nc_rate",
                "rate_limit_hit",
                "2024-04-11 10:00",
                user_id="nrr_c_u1",
                account_id="acc_nrr_c",
                properties={"limit": "requests"},
            ),
        ],
    },
)

# --- May cohort: I2T window by date. young: 59 days old, unpaid -> is_i2t_60d null.
# old_free: 60 days old, unpaid -> false. trial: a $0 enterprise trial of 10 seats ->
# current_plan free, 10 seats, 0 MRR, never in fct_mrr_movements, I2T null (young).
MAY = merge_rows(
    account("young", "2024-05-02 10:00"),
    account("old_free", "2024-05-01 10:00"),
    account("trial", "2024-05-20 10:00"),
    {
        "subscription_changes": [
            change("c_tr_1", "s_tr", "trial", "2024-06-01 10:00", "enterprise", "active", 10, 0),
        ],
    },
)

# --- I2T on timestamps: paid team exactly 60 days after created_at -> true; one second
# later -> false. Both pay 25 USD from 2024-03-05 on.
I2T = merge_rows(
    account("i2t_edge", "2024-01-05 12:00:00"),
    account("i2t_late", "2024-01-05 12:00:00"),
    {
        "subscription_changes": [
            change("c_ie_1", "s_ie", "i2t_edge", "2024-03-05 12:00:00", "team", "active", 1, 25),
            change("c_il_1", "s_il", "i2t_late", "2024-03-05 12:00:01", "team", "active", 1, 25),
        ],
    },
)

# --- a subscription of an account missing from the accounts snapshot: never joins.
GHOST = {
    "subscription_changes": [
        subscription_change("c_ghost_1", "s_ghost", "acc_ghost", "2024-03-01 10:00", "team", "active", 5, 500),
    ],
}

REVENUE_ROWS = merge_rows(BRIDGE, OVERLAP, SAMEDAY, INSTANT, LASTDAY, NRR, MAY, I2T, GHOST)

# Expected month-end MRR per account (USD), from the table in the module docstring.
EXPECTED_MRR = {
    "acc_bridge": {"2024-02-01": 100, "2024-03-01": 150, "2024-04-01": 120, "2024-05-01": 0, "2024-06-01": 80},
    "acc_sameday": {"2024-02-01": 40, "2024-03-01": 40, "2024-04-01": 0, "2024-05-01": 0, "2024-06-01": 0},
    "acc_i2t_edge": {"2024-03-01": 25, "2024-04-01": 25, "2024-05-01": 25, "2024-06-01": 25},
    "acc_i2t_late": {"2024-03-01": 25, "2024-04-01": 25, "2024-05-01": 25, "2024-06-01": 25},
    "acc_overlap": {"2024-03-01": 50, "2024-04-01": 80, "2024-05-01": 80, "2024-06-01": 80},
    "acc_lastday": {"2024-03-01": 60, "2024-04-01": 60, "2024-05-01": 0, "2024-06-01": 0},
    "acc_nrr_a": {"2024-03-01": 60, "2024-04-01": 90, "2024-05-01": 90, "2024-06-01": 90},
    "acc_nrr_b": {"2024-03-01": 40, "2024-04-01": 10, "2024-05-01": 10, "2024-06-01": 0},
    "acc_nrr_c": {"2024-04-01": 20, "2024-05-01": 20, "2024-06-01": 20},
    "acc_instant": {"2024-05-01": 70, "2024-06-01": 140},
}
EXPECTED_TOTAL_MRR = {
    "2024-01-01": 0,
    "2024-02-01": 140,
    "2024-03-01": 450,
    "2024-04-01": 430,
    "2024-05-01": 320,
    "2024-06-01": 460,
}
