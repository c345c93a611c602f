"""Hand-built raw data for the company-level marts (contract §11), as of 2025-06-30.

Every organization or account exists to prove one rule; the expected numbers are
worked out here and asserted in test_company.py. "Active" = a core event in the
30 days up to as_of_date (2025-06-01 .. 2025-06-30).

Organizations (org_domain = the users' email domain):

| org            | accounts | active devs | paid team | enterprise | MRR     | annual     | tier | candidate |
|----------------|----------|-------------|-----------|------------|---------|------------|------|-----------|
| trio.io        | 3        | 2 + 2 + 2   | trio_a    | -          | 100     | 1,200      | 0    | yes       |
| five.io        | 3        | 2 + 2 + 1   | five_a    | -          | 100     | 1,200      | 0    | no (5)    |
| ent.io         | 3        | 2 + 2 + 2   | ent_a     | ent_b      | 600     | 7,200      | 0    | no        |
| tier0.io       | 1        | 0           | yes       | -          | 833.33  | 9,999.96   | 0    | no        |
| tier1.io       | 1        | 0           | yes       | -          | 833.34  | 10,000.08  | 1    | no        |
| tier3.io       | 1        | 0           | yes       | -          | 4166.67 | 50,000.04  | 3    | no        |
| slope.io       | 1        | 0           | yes       | -          | 400     | 4,800      | 0    | no        |
| shrink-org.io  | 1        | 0           | yes       | -          | 100     | 1,200      | 0    | no        |
| flip.io        | 1        | 3           | -         | -          | 0       | -          | -    | (no row)  |

12 x MRR in cents cannot equal $9,999.99 or $10,000 exactly (they are not multiples of
$0.12), so the end-to-end tiers use $9,999.96 / $10,000.08 / $50,000.04 and the dbt unit
test `enterprise_expansion_spend_tier_boundaries` gives $9,999.99, $10,000 and $50,000
directly; test_company.py checks that unit test ran and passed.

Trend: month-end MRR of the six months Jan .. Jun 2025 at x = 0..5; slope = sum((2x - 5) y) / 35.
- trio.io: 0, 0, 100, 100, 100, 100 -> sum = (-1 + 1 + 3 + 5) * 100 = 800, slope 22.857 ->
  22.86; months to $10,000: ceil((833.33.. - 100) * 35 / 800) = ceil(32.08) = 33.
- slope.io: 0, 100, 100, 200, 200, 400 -> sum = -300 - 100 + 200 + 600 + 2000 = 2400, slope
  68.571 -> 68.57; months: ceil((833.33.. - 400) * 35 / 2400) = ceil(6.32) = 7.
- tier0/1/3.io: flat from January -> slope 0 -> months null. shrink-org.io: 200 until
  2025-04-09, then 100 -> 200, 200, 200, 100, 100, 100 -> sum = -5*200 - 3*200 - 200 + 100
  + 300 + 500 = -900, slope -25.71 -> months null.

Champion of trio.io: trio_b_u1 (2 invites, signed up 2025-01-03, VP Engineering) beats
trio_a_u2 (2 invites, 2025-01-05); trio_c_u3 sent 3 but is deleted (excluded; it is still
trio_c's account champion, which counts deleted users).

Revenue retention (accounts rr_grow, rr_shrink, rr_churn, rr_late, created 2024-05-01, no
organization: freemail users). First month with any MRR: 2024-05 -> the mart has 2025-05
and 2025-06.

| account   | paying from       | MRR then | May 2025 | Jun 2025 |
|-----------|-------------------|----------|----------|----------|
| rr_grow   | 2024-05-10        | 100      | 150      | 180      |
| rr_shrink | 2024-05-10        | 200      | 120      | 120      |
| rr_churn  | 2024-05-10        | 50       | 0        | 0        |
| rr_late   | 2024-09-01 (late) | 0        | 300      | 300      |

Base (paying at the end of May / June 2024): grow, shrink, churn; starting 350.
- 2025-05: ending 150 + 120 + 0 = 270: NRR 270/350, GRR (100 + 120 + 0)/350 = 220/350, logo 2/3.
- 2025-06: ending 180 + 120 + 0 = 300: NRR 300/350, GRR 220/350, logo 2/3.
rr_late is left out (not paying a year before). Cohort 2024-05: baseline 350 (May 2024);
in 2024-09 the cohort MRR is 100 + 200 + 50 + 300 = 650: mrr_vs_first_paying_month 650/350,
net_revenue_retention 350/350 = 1.0 (the late converter does not count).

PQA change feed: flip.io (300 employees, software, US: 3 ICP criteria; route sales), three
users. Each active Monday every user makes one api_call of 400 requests (1,200 a day) and
u1 deploys to production on the first. Active Mondays 2025-03-03, 03-10, 06-16, 06-23:
- 2025-03-10: two ISO weeks in the last 28 days, 3 users, 2,400 requests -> qualified;
- 2025-03-31: the week of 03-03 leaves the 28-day window (03-31 - 27 = 03-04) -> disqualified;
- 2025-06-23: two weeks again (06-16, 06-23) -> qualified, still PQA on as_of_date.
Three rows. The alert test starts from COMPANY_BASE (no June Mondays: flip.io is not PQA
on 2025-06-30) and then lands ALERT_DELTA.
"""

from __future__ import annotations

from typing import Any

from fixtures_revenue import account, change, invite, merge
from plg_test_harness import event, ts

AS_OF = "2025-06-30"

Rows = dict[str, list[dict[str, Any]]]


def core(event_id: str, user_id: str, name: str, at: str, requests: int = 10) -> dict[str, Any]:
    """An api_call of `requests` requests by `user_id` of account `acc_<name>`."""
    return event(
        event_id,
        "api_call",
        at,
        user_id=user_id,
        account_id=f"acc_{name}",
        properties={"count": requests, "status": "success", "compute_units": 1},
    )


def org_account(name: str, domain: str, created_at: str, active_users: int, users: int = 2) -> Rows:
    """Account `acc_<name>` of `domain` with `users` users (u1, u2, ... signed up with the
    account); the first `active_users` make an api_call on 2025-06-20, the others one on
    2025-05-01 (outside the 30-day window)."""
    part = account(name, created_at, [(f"u{i}", created_at) for i in range(1, users + 1)], domain=domain)
    part["product_events"] = [
        core(f"e_{name}_u{i}", f"{name}_u{i}", name, "2025-06-20 10:00" if i <= active_users else "2025-05-01 10:00")
        for i in range(1, users + 1)
    ]
    return part


def flat_payer(name: str, domain: str, mrr_usd: float, since: str = "2025-01-10 10:00") -> Rows:
    """A one-user account of `domain` paying `mrr_usd` on the team plan from `since`."""
    part = account(name, "2025-01-02 10:00", domain=domain)
    part["subscription_changes"] = [change(f"c_{name}_1", f"s_{name}", name, since, "team", "active", 5, mrr_usd)]
    return part


# --- trio.io: 3 accounts x 2 active developers, one paid team -> candidate
TRIO = merge(
    org_account("trio_a", "trio.io", "2025-01-05 10:00", active_users=2),
    org_account("trio_b", "trio.io", "2025-01-03 10:00", active_users=2),
    org_account("trio_c", "trio.io", "2025-01-07 10:00", active_users=2, users=3),
    {
        "subscription_changes": [
            change("c_trio_1", "s_trio", "trio_a", "2025-03-05 10:00", "team", "active", 3, 100),
        ],
        "product_events": [
            invite("e_trio_inv_1", "trio_b_u1", "trio_b", "2025-02-01 10:00"),
            invite("e_trio_inv_2", "trio_b_u1", "trio_b", "2025-02-02 10:00"),
            invite("e_trio_inv_3", "trio_a_u2", "trio_a", "2025-02-01 11:00"),
            invite("e_trio_inv_4", "trio_a_u2", "trio_a", "2025-02-02 11:00"),
            invite("e_trio_inv_5", "trio_c_u3", "trio_c", "2025-02-01 12:00"),
            invite("e_trio_inv_6", "trio_c_u3", "trio_c", "2025-02-02 12:00"),
            invite("e_trio_inv_7", "trio_c_u3", "trio_c", "2025-02-03 12:00"),
        ],
    },
)
for _user in TRIO["users"]:
    if _user["user_id"] == "trio_b_u1":
        _user["job_title"] = "VP Engineering"
    if _user["user_id"] == "trio_c_u3":
        _user["deleted_at"] = ts("2025-04-01")

# --- five.io: 2 + 2 + 1 = 5 active developers (five_c_u2 last active in May) -> not a candidate
FIVE = merge(
    org_account("five_a", "five.io", "2025-01-05 10:00", active_users=2),
    org_account("five_b", "five.io", "2025-01-06 10:00", active_users=2),
    org_account("five_c", "five.io", "2025-01-07 10:00", active_users=1),
    {"subscription_changes": [change("c_five_1", "s_five", "five_a", "2025-03-05 10:00", "team", "active", 3, 100)]},
)

# --- ent.io: 6 active developers, a paid team and an enterprise account -> not a candidate
ENT = merge(
    org_account("ent_a", "ent.io", "2025-01-05 10:00", active_users=2),
    org_account("ent_b", "ent.io", "2025-01-06 10:00", active_users=2),
    org_account("ent_c", "ent.io", "2025-01-07 10:00", active_users=2),
    {
        "subscription_changes": [
            change("c_ent_1", "s_ent_a", "ent_a", "2025-03-05 10:00", "team", "active", 3, 100),
            change("c_ent_2", "s_ent_b", "ent_b", "2025-03-05 10:00", "enterprise", "active", 10, 500),
        ],
    },
)

# --- spend tiers (flat since January: slope 0, months_to_next_threshold null)
TIERS = merge(
    flat_payer("tier0", "tier0.io", 833.33),
    flat_payer("tier1", "tier1.io", 833.34),
    flat_payer("tier3", "tier3.io", 4166.67),
)

# --- trends: growing (7 months to $10,000) and shrinking (null)
SLOPE = merge(
    account("slope", "2025-01-02 10:00", domain="slope.io"),
    {
        "subscription_changes": [
            change("c_slope_1", "s_slope", "slope", "2025-02-10 10:00", "team", "active", 5, 100),
            change("c_slope_2", "s_slope", "slope", "2025-04-10 10:00", "team", "active", 10, 200),
            change("c_slope_3", "s_slope", "slope", "2025-06-10 10:00", "team", "active", 20, 400),
        ],
    },
)
SHRINK = merge(
    account("shrink", "2024-12-02 10:00", domain="shrink-org.io"),
    {
        "subscription_changes": [
            change("c_shrink_1", "s_shrink", "shrink", "2024-12-10 10:00", "team", "active", 10, 200),
            change("c_shrink_2", "s_shrink", "shrink", "2025-04-10 10:00", "team", "active", 5, 100),
        ],
    },
)

# --- revenue retention: expands, contracts, churns, starts paying inside the window
RETENTION = merge(
    account("rr_grow", "2024-05-01 10:00", domain="gmail.com"),
    account("rr_shrink", "2024-05-01 11:00", domain="gmail.com"),
    account("rr_churn", "2024-05-01 12:00", domain="gmail.com"),
    account("rr_late", "2024-05-01 13:00", domain="gmail.com"),
    {
        "subscription_changes": [
            change("c_rr_g1", "s_rr_g", "rr_grow", "2024-05-10 10:00", "team", "active", 5, 100),
            change("c_rr_g2", "s_rr_g", "rr_grow", "2025-03-01 10:00", "team", "active", 8, 150),
            change("c_rr_g3", "s_rr_g", "rr_grow", "2025-06-05 10:00", "team", "active", 9, 180),
            change("c_rr_s1", "s_rr_s", "rr_shrink", "2024-05-10 10:00", "team", "active", 10, 200),
            change("c_rr_s2", "s_rr_s", "rr_shrink", "2025-02-01 10:00", "team", "active", 6, 120),
            change("c_rr_c1", "s_rr_c", "rr_churn", "2024-05-10 10:00", "team", "active", 2, 50),
            change("c_rr_c2", "s_rr_c", "rr_churn", "2025-04-15 10:00", "team", "canceled", 2, 50),
            change("c_rr_l1", "s_rr_l", "rr_late", "2024-09-01 10:00", "team", "active", 15, 300),
        ],
    },
)
# freemail users: these accounts have no organization
for _user in RETENTION["users"]:
    _user["email"] = f"{_user['user_id']}@gmail.com"


# --- flip.io: qualifies, drops out, qualifies again
FLIP_EARLY_MONDAYS = ("2025-03-03", "2025-03-10")
FLIP_LATE_MONDAYS = ("2025-06-16", "2025-06-23")
FLIP_FIRMOGRAPHICS = {
    "domain": "flip.io",
    "company_name": "Flip Labs",
    "employee_count": 300,
    "industry": "software",
    "country": "US",
    "funding_stage": "seed",
    "last_funding_at": None,
    "tech_stack": "rust",
    "open_engineering_roles": 0,
    "enriched_at": ts("2025-01-01"),
}


def flip_account() -> Rows:
    """flip.io's account, users, firmographics and its first production deploy."""
    part = account(
        "flip",
        "2025-01-02 10:00",
        [("u1", "2025-01-02 10:00"), ("u2", "2025-01-02 11:00"), ("u3", "2025-01-02 12:00")],
        domain="flip.io",
    )
    part["product_events"] = [
        event(
            "e_flip_deploy",
            "deployed",
            "2025-03-03 09:00",
            user_id="flip_u1",
            account_id="acc_flip",
            properties={"environment": "production"},
        )
    ]
    part["firmographics"] = [dict(FLIP_FIRMOGRAPHICS)]
    return part


def flip_mondays(mondays: tuple[str, ...], received_at: str | None = None) -> list[dict[str, Any]]:
    """One 400-request api_call per flip.io user on each Monday (received late when `received_at`)."""
    rows = []
    for day in mondays:
        for i in (1, 2, 3):
            row = core(f"e_flip_{day}_u{i}", f"flip_u{i}", "flip", f"{day} 10:0{i}", requests=400)
            if received_at:
                row["received_at"] = ts(received_at)
            rows.append(row)
    return rows


COMPANY_BASE = merge(
    TRIO,
    FIVE,
    ENT,
    TIERS,
    SLOPE,
    SHRINK,
    RETENTION,
    flip_account(),
    {"product_events": flip_mondays(FLIP_EARLY_MONDAYS)},
)
COMPANY_ROWS = merge(COMPANY_BASE, {"product_events": flip_mondays(FLIP_LATE_MONDAYS)})

# --- alerts: a first run on COMPANY_BASE (flip.io not PQA on as_of_date; trio.io the only
# candidate), then a landing file with late-received events: flip.io's June Mondays (it
# qualifies on 2025-06-23) and a June core event of five_c_u2 (five.io reaches 6 active
# developers and becomes a candidate).
ALERT_DELTA = {
    "product_events": [
        *flip_mondays(FLIP_LATE_MONDAYS, received_at="2025-06-30 08:00"),
        {**core("e_five_c_u2_june", "five_c_u2", "five_c", "2025-06-21 10:00"), "received_at": ts("2025-06-30 08:00")},
    ],
}
