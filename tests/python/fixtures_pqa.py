"""Hand-built raw data for signals, PQA and the backtest (contract §5, 10).

`pqa_account` builds one account that meets every PQA criterion as of
2024-06-30 (a Sunday); each fixture account overrides exactly one thing. The
backtest dataset is separate so its population is only its own accounts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from plg_test_harness import account_row, empty_rows, event, merge_rows, subscription_change, ts, user_row
from plg_test_harness import pageview as pageview_row

AS_OF = "2024-06-30"

Rows = dict[str, list[dict[str, Any]]]


def firmographics(domain: str, enriched_at: str = "2024-01-01", **overrides: Any) -> dict[str, Any]:
    """An enrichment meeting all 5 ICP criteria unless overridden."""
    row = {
        "domain": domain,
        "company_name": domain.split(".")[0].title(),
        "employee_count": 300,
        "industry": "Software",
        "country": "us",
        "funding_stage": "Series_B",
        "last_funding_at": None,
        "tech_stack": "Kubernetes, AWS",
        "open_engineering_roles": 0,
        "enriched_at": ts(enriched_at),
    }
    row.update(overrides)
    return row


def pqa_account(
    name: str,
    created_at: str = "2024-03-01 09:00",
    active_users: int = 3,
    requests_per_user: int = 400,
    activity_days: tuple[str, ...] = ("2024-06-12", "2024-06-20"),
    production_deploy: bool = True,
    titles: tuple[str | None, ...] = ("CTO", None, None),
    firmo: dict[str, Any] | None = None,
    extra_users: int = 0,
) -> Rows:
    """Account `acc_<name>` with users `<name>_u1..` at domain `<name>.io`.

    Each of `active_users` users makes one api_call of `requests_per_user` on the
    last activity day and a project on the others; user 1 deploys to production
    on the first activity day (preview when `production_deploy` is false).
    """
    account_id = f"acc_{name}"
    domain = f"{name}.io"
    n_users = max(active_users, len(titles)) + extra_users
    users = [
        user_row(
            f"{name}_u{i}",
            account_id,
            f"{name}_u{i}@{domain}",
            ts(created_at) + timedelta(minutes=i),
            job_title=titles[i - 1] if i <= len(titles) else None,
        )
        for i in range(1, n_users + 1)
    ]
    events = []
    for i in range(1, active_users + 1):
        uid = f"{name}_u{i}"
        for d in activity_days[:-1]:
            events.append(
                event(
                    f"{name}_proj_{i}_{d}",
                    "project_created",
                    f"{d} 10:0{i}",
                    user_id=uid,
                    account_id=account_id,
                    properties={"project_id": f"p{i}"},
                )
            )
        events.append(
            event(
                f"{name}_api_{i}",
                "api_call",
                f"{activity_days[-1]} 11:0{i}",
                user_id=uid,
                account_id=account_id,
                properties={"count": requests_per_user, "status": "success", "compute_units": 1.5},
            )
        )
    env = "production" if production_deploy else "preview"
    events.append(
        event(
            f"{name}_deploy",
            "deployed",
            f"{activity_days[0]} 12:00",
            user_id=f"{name}_u1",
            account_id=account_id,
            properties={"environment": env},
        )
    )
    rows = empty_rows()
    rows["accounts"].append(account_row(account_id, name.title(), created_at, f"{name}_u1"))
    rows["users"].extend(users)
    rows["product_events"].extend(events)
    rows["firmographics"].append(firmographics(domain, **(firmo or {})))
    return rows


def subscription(
    change_id: str,
    account: str,
    at: str,
    plan: str,
    mrr: float,
    status: str = "active",
    seats: int = 5,
    subscription_id: str | None = None,
) -> dict[str, Any]:
    return subscription_change(
        change_id, subscription_id or f"sub_{account}", f"acc_{account}", at, plan, status, seats, mrr
    )


def pageview(pv_id: str, user_id: str, at: str, path: str) -> dict[str, Any]:
    """A signed-in view of `path` on the product site, received 1 second later."""
    return pageview_row(
        pv_id,
        f"anon_{user_id}",
        at,
        f"https://devtool.example{path}",
        user_id=user_id,
        received_delay=timedelta(seconds=1),
    )


# ------------------------------------------------------------------ PQA dataset
ACCOUNTS = [
    pqa_account("allgood", titles=("Software Engineer", "Co-founder & CTO", None)),
    pqa_account("oneweek", activity_days=("2024-06-18", "2024-06-20")),  # both days in ISO week 06-17
    pqa_account("young", created_at="2024-06-20 09:00", activity_days=("2024-06-20", "2024-06-24")),
    pqa_account("age14", created_at="2024-06-16 09:00", activity_days=("2024-06-16", "2024-06-20")),
    pqa_account("twousers", active_users=2, requests_per_user=600),
    pqa_account("nocore", production_deploy=False),
    pqa_account("fewcalls", requests_per_user=333),  # 999 requests
    pqa_account("icp2", firmo={"employee_count": 20, "industry": "retail", "funding_stage": "seed"}),
    pqa_account("enterprise"),
    pqa_account("entinactive", activity_days=("2024-05-08", "2024-05-15")),
    pqa_account("inactive", activity_days=("2024-05-08", "2024-05-15")),  # qualified in May
    pqa_account("trial"),  # $0 enterprise trial
    pqa_account("smallco", firmo={"employee_count": 100}),
    pqa_account("nohead", firmo={"employee_count": None}),
    pqa_account("champ", titles=(None, None, None)),
    pqa_account("deadcto", titles=("CTO", "VP of Engineering", None)),
]

SUBSCRIPTIONS = [
    subscription("sc_ent", "enterprise", "2024-04-01 00:00", "enterprise", 2000),
    subscription("sc_entin", "entinactive", "2024-04-01 00:00", "enterprise", 2000),
    subscription("sc_trial", "trial", "2024-06-01 00:00", "Enterprise", 0),
]

EXTRA_EVENTS = [
    # champion: champ_u2 sends two invites, champ_u3 one -> champ_u2 is the contact (no buyer title)
    event(
        "champ_inv1",
        "invite_sent",
        "2024-06-12 13:00",
        user_id="champ_u2",
        account_id="acc_champ",
        properties={"invitee_email": "x@champ.io"},
    ),
    event(
        "champ_inv2",
        "invite_sent",
        "2024-06-12 13:05",
        user_id="champ_u2",
        account_id="acc_champ",
        properties={"invitee_email": "y@champ.io"},
    ),
    event(
        "champ_inv3",
        "invite_sent",
        "2024-06-12 13:10",
        user_id="champ_u3",
        account_id="acc_champ",
        properties={"invitee_email": "z@champ.io"},
    ),
    # allgood: the champion is allgood_u1 but the CTO (allgood_u2) is the buyer
    event(
        "allgood_inv",
        "invite_sent",
        "2024-06-12 13:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"invitee_email": "x@allgood.io"},
    ),
    # product signals on allgood
    event(
        "ag_accept",
        "invite_accepted",
        "2024-06-21 09:00",
        user_id="allgood_u3",
        account_id="acc_allgood",
        properties={"inviter_user_id": "allgood_u1"},
    ),
    event(
        "ag_sso_1",
        "feature_viewed",
        "2024-06-22 09:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"feature": "SSO"},
    ),
    event(
        "ag_sso_2",
        "feature_viewed",
        "2024-06-22 08:00",
        user_id="allgood_u2",
        account_id="acc_allgood",
        properties={"feature": "sso"},
    ),
    event(
        "ag_saml",
        "feature_viewed",
        "2024-06-22 10:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"feature": "saml"},
    ),
    event(
        "ag_billing",
        "feature_viewed",
        "2024-06-22 10:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"feature": "billing"},
    ),
    event(
        "ag_rl_1",
        "rate_limit_hit",
        "2024-06-23 10:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"limit": "rpm"},
    ),
    event(
        "ag_rl_2",
        "rate_limit_hit",
        "2024-06-23 09:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"limit": "rpm"},
    ),
    event(
        "ag_rl_3",
        "rate_limit_hit",
        "2024-06-23 11:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"limit": "rpm"},
    ),
    # prior 30 days: 600 requests -> ratio 1200 / 600 = 2.0x
    event(
        "ag_prior",
        "api_call",
        "2024-05-20 10:00",
        user_id="allgood_u1",
        account_id="acc_allgood",
        properties={"count": 600, "status": "error"},
    ),
]

# usage spike: a quiet account with 100 requests a day for 7 days, then 600 (>= 500 and >= 3 x 100)
SPIKE = pqa_account("spiky", active_users=1, requests_per_user=1, activity_days=("2024-06-01", "2024-06-30"))
SPIKE["product_events"] += [
    event(
        f"spiky_day_{d}",
        "api_call",
        f"2024-06-{d:02d} 10:00",
        user_id="spiky_u1",
        account_id="acc_spiky",
        properties={"count": 100},
    )
    for d in range(1, 8)
] + [
    event(
        "spiky_spike",
        "api_call",
        "2024-06-08 10:00",
        user_id="spiky_u1",
        account_id="acc_spiky",
        properties={"count": 600},
    ),
    event(
        "spiky_nospike",
        "api_call",
        "2024-06-09 10:00",
        user_id="spiky_u1",
        account_id="acc_spiky",
        properties={"count": 514},
    ),  # prior 7 days: 6 x 100 + 600 = 1200 -> needs >= 514.29
]

# decay and tiers: web signals of single accounts
SCORES = merge_rows(
    pqa_account("tierhigh", active_users=1, extra_users=3),
    pqa_account("tiermed", active_users=1),
    pqa_account("decay", active_users=1),
)
SCORES["web_pageviews"] += [
    # tierhigh: four users view /terms on as_of -> 4 x 5 = 20.0 exactly (high)
    *[pageview(f"th_{i}", f"tierhigh_u{i}", "2024-06-30 09:00", "/terms/") for i in range(1, 5)],
    # tiermed: /contact on as_of -> 8.0 exactly (medium)
    pageview("tm_1", "tiermed_u1", "2024-06-30 09:00", "/contact"),
    # decay: /contact at age 14 (4.0) + /pricing at age 7 (3 / sqrt 2) + /pricing at age 89 + one at age 90 (ignored)
    pageview("dc_14", "decay_u1", "2024-06-16 09:00", "/contact"),
    pageview("dc_7", "decay_u1", "2024-06-23 09:00", "/pricing?x=1"),
    pageview("dc_7b", "decay_u1", "2024-06-23 10:00", "/pricing"),  # same user-day: one signal
    pageview("dc_89", "decay_u1", "2024-04-02 09:00", "/pricing"),
    pageview("dc_90", "decay_u1", "2024-04-01 09:00", "/pricing"),
]

# several stakeholders: one org (stake.io) with two accounts; 3 users view pricing/security within 7 days
STAKE = merge_rows(
    pqa_account("stake", active_users=1, extra_users=1),
    {
        "accounts": [account_row("acc_stake2", "Stake 2", "2024-03-01", "stake2_u1")],
        "users": [user_row("stake2_u1", "acc_stake2", "stake2_u1@stake.io", "2024-03-01")],
    },
)
STAKE["web_pageviews"] += [
    pageview("st_1", "stake_u1", "2024-06-10 09:00", "/pricing"),
    pageview("st_2", "stake_u2", "2024-06-11 10:00", "/enterprise"),
    pageview("st_3", "stake2_u1", "2024-06-12 11:00", "/security"),
    pageview("st_4", "stake2_u1", "2024-06-12 12:00", "/pricing"),
]

EXTERNAL = merge_rows(
    pqa_account(
        "funded", active_users=1, firmo={"last_funding_at": ts("2024-01-02").date(), "open_engineering_roles": 5}
    ),  # 180 days
    pqa_account(
        "oldfund", active_users=1, firmo={"last_funding_at": ts("2024-01-01").date(), "open_engineering_roles": 4}
    ),  # 181 days
)

COMMUNITY = {
    "community_activity": [
        {
            "activity_id": "cm_1",
            "platform": "slack",
            "member_handle": "cto",
            "email": " AllGood_U2@allgood.io",
            "activity_type": "message",
            "body": "We need SSO before we can roll this out; we have to decide by end of quarter.",
            "occurred_at": ts("2024-06-25 10:00"),
        },
    ]
}

PQA_ROWS = merge_rows(
    *ACCOUNTS,
    SPIKE,
    SCORES,
    STAKE,
    EXTERNAL,
    COMMUNITY,
    {"subscription_changes": SUBSCRIPTIONS, "product_events": EXTRA_EVENTS},
)
# deadcto: the CTO is deleted -> the VP is the contact
for user in PQA_ROWS["users"]:
    if user["user_id"] == "deadcto_u1":
        user["deleted_at"] = ts("2024-06-01")
# an as_of anchor: the latest staged event is on 2024-06-30
PQA_ROWS["product_events"].append(
    event(
        "anchor",
        "project_created",
        "2024-06-30 23:00",
        user_id="spiky_u1",
        account_id="acc_spiky",
        properties={"project_id": "anchor"},
    )
)


# ------------------------------------------------------------- backtest dataset
def _backtest_account(name: str, active: bool) -> Rows:
    if active:
        return pqa_account(name, created_at="2024-03-04 09:00", activity_days=("2024-04-03", "2024-04-10"))
    return pqa_account(
        name,
        created_at="2024-03-04 09:00",
        active_users=1,
        requests_per_user=10,
        activity_days=("2024-04-03", "2024-04-10"),
    )


BACKTEST_ROWS = merge_rows(
    _backtest_account("bta", True),  # PQA from 2024-04-10, pays 2024-05-01
    _backtest_account("btb", False),  # never PQA, pays 2024-04-20
    _backtest_account("btc1", False),  # never PQA, never pays
    _backtest_account("btc2", False),
    _backtest_account("btd", True),  # PQA from 2024-04-10, never pays
    {
        "subscription_changes": [
            subscription("bt_a_paid", "bta", "2024-05-01 10:00", "team", 100),
            subscription("bt_b_trial", "btb", "2024-04-01 10:00", "team", 0),
            subscription("bt_b_paid", "btb", "2024-04-20 10:00", "team", 50),
        ],
        "product_events": [
            event(
                "bt_anchor",
                "project_created",
                "2024-06-30 12:00",
                user_id="btc1_u1",
                account_id="acc_btc1",
                properties={"project_id": "x"},
            )
        ],
    },
)
