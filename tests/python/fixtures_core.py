"""Hand-built raw data for the foundation and activation tests (as_of 2024-03-31).

Every row exists to prove one rule of contract sections 2, 3, 4, 7 and 10; the
expected answers live next to the assertions in test_foundation.py and
test_activation.py.
"""

from __future__ import annotations

from typing import Any

from plg_test_harness import account_row, event, pageview, subscription_change, ts, user_row

AS_OF = "2024-03-31"


def _user(
    user_id: str, at: str, email: str | None = None, account_id: str = "acc_core", **details: str
) -> dict[str, Any]:
    """A user (`details`: job_title, deleted_at), by default of acc_core with a corporate email."""
    return user_row(user_id, account_id, email if email is not None else f"{user_id}@corp-example.io", at, **details)


# --- staging: rejects, dedupe, clock skew ------------------------------------
DIRTY_EVENTS = [
    event(None, "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"count": 1}),
    event(None, "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"count": 1}),
    {**event("e_null_name", "x", "2024-03-01 10:00", user_id="u_stage"), "event_name": None},
    event("e_bad_json", "deployed", "2024-03-01 10:00", user_id="u_stage", properties="{bad json"),
    event("e_json_array", "deployed", "2024-03-01 10:00", user_id="u_stage", properties="[1, 2]"),
    event("e_json_string", "deployed", "2024-03-01 10:00", user_id="u_stage", properties='"text"'),
    event("e_unknown", "page_scrolled", "2024-03-01 10:00", user_id="u_stage"),
    event("e_count_missing", "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"status": "success"}),
    event("e_count_zero", "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"count": 0}),
    event("e_count_negative", "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"count": -3}),
    event("e_count_fraction", "api_call", "2024-03-01 10:00", user_id="u_stage", properties='{"count": 2.0}'),
    event("e_count_plus", "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"count": "+5"}),
]
VALID_STAGE_EVENTS = [
    event("e_count_string", "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"count": " 7 "}),
    event("e_count_int", "api_call", "2024-03-01 10:00", user_id="u_stage", properties={"count": 12}),
    event("e_null_props", "project_created", "2024-03-01 10:00", user_id="u_stage", properties=None),
    event("e_odd_case", " Deployed ", "2024-03-01 10:00", user_id="u_stage", properties={"environment": "Production"}),
    # duplicate delivered later: the later-received copy comes first in the file
    *(
        event(
            "e_dup",
            "project_created",
            "2024-03-01 10:00",
            user_id="u_stage",
            properties={"project_id": copy},
            received_at=received_at,
        )
        for copy, received_at in [
            ("late_copy", "2024-03-01 12:00"),
            ("first_copy", "2024-03-01 10:00:05"),
            ("third_copy", "2024-03-02 09:00"),
        ]
    ),
    # clock skew: 10 minutes ahead (corrected) and exactly 5 minutes ahead (kept)
    event("e_skew_10", "project_created", "2024-03-01 10:10", user_id="u_stage", received_at="2024-03-01 10:00"),
    event("e_skew_5", "project_created", "2024-03-01 10:05", user_id="u_stage", received_at="2024-03-01 10:00"),
]

STAGE_USERS = [
    _user("u_stage", "2024-02-01 09:00", email="\t Mixed.Case@Corp-Example.IO \n"),
    _user("u_bad_email_1", "2024-02-01 09:00", email="no-at-sign.corp-example.io"),
    _user("u_bad_email_2", "2024-02-01 09:00", email="two@@corp-example.io"),
    _user("u_bad_email_3", "2024-02-01 09:00", email="nodot@localhost"),
    _user("u_null_email", "2024-02-01 09:00", email=None) | {"email": None},
    {**_user("u_x", "2024-02-01 09:00"), "user_id": None},
]

STAGE_SUBSCRIPTIONS = [
    subscription_change("c_neg_seats", "s_bad", "acc_core", "2024-02-01", "team", "active", -1, 10),
    subscription_change("c_neg_mrr", "s_bad", "acc_core", "2024-02-01", "team", "active", 1, -10),
    subscription_change("c_paused", "s_bad", "acc_core", "2024-02-01", "team", "Paused", 1, 10),
    subscription_change("c_ok", "s_ok", "acc_core", "2024-02-01", "Team", " Active ", 2, 30),
    subscription_change("c_ok", "s_ok", "acc_core", "2024-02-02", "team", "active", 9, 99),
]

STAGE_TOUCHES = [
    {
        "touch_id": "t_bad_email",
        "anonymous_id": None,
        "email": "bad-email",
        "occurred_at": ts("2024-01-01"),
        "channel": "webinar",
        "campaign": None,
    },
]
STAGE_COMMUNITY = [
    {
        "activity_id": "ca_bad_email",
        "platform": "slack",
        "member_handle": "x",
        "email": "x@y",
        "activity_type": "message",
        "body": "hi",
        "occurred_at": ts("2024-01-01"),
    },
]

# --- identity -----------------------------------------------------------------
IDENTITY_PAGEVIEWS = [
    # a_late: anonymous first, identified two days later -> both views belong to u_id1
    pageview("pv_anon_1", "a_late", "2024-01-01 08:00", "https://devtool.example/docs/quickstart"),
    pageview("pv_anon_2", "a_late", "2024-01-03 08:00", "https://devtool.example/pricing", user_id="u_id1"),
    # a_two: seen with u_id3 first (earlier), then with u_id2 -> u_id3
    pageview("pv_two_1", "a_two", "2024-01-05 08:00", "https://devtool.example/", user_id="u_id3"),
    pageview("pv_two_2", "a_two", "2024-01-06 08:00", "https://devtool.example/", user_id="u_id2"),
]
IDENTITY_EVENTS = [
    # a_tie: seen with u_id5 and u_id4 at the same instant -> the smaller user_id, u_id4
    event("e_tie_5", "project_created", "2024-01-07 08:00", user_id="u_id5", anonymous_id="a_tie"),
    event("e_tie_4", "project_created", "2024-01-07 08:00", user_id="u_id4", anonymous_id="a_tie"),
]
IDENTITY_USERS = [_user(u, "2023-12-01 00:00") for u in ("u_id1", "u_id2", "u_id3", "u_id4", "u_id5")]

# --- sessions: 30 minutes exactly stays, 31 minutes splits --------------------
SESSION_PAGEVIEWS = [
    pageview("pv_s1", "a_sess", "2024-02-01 10:00", "https://devtool.example/"),
    pageview("pv_s2", "a_sess", "2024-02-01 10:30", "https://devtool.example/docs"),
    pageview("pv_s3", "a_sess", "2024-02-01 11:01", "https://devtool.example/blog/x"),
]

# --- channel rules: (pageview id, url, referrer, expected channel) ------------
CHANNEL_CASES = [
    ("ch_cpc", "https://devtool.example/?utm_source=google&utm_medium=CPC", "https://www.google.com/", "paid_search"),
    ("ch_ppc", "https://devtool.example/?utm_medium=ppc", None, "paid_search"),
    ("ch_paid_social", "https://devtool.example/?utm_medium=paid_social", "https://x.com/ad", "paid_social"),
    ("ch_email", "https://devtool.example/?utm_medium=Email", None, "email"),
    ("ch_newsletter", "https://devtool.example/pricing?utm_campaign=q1&utm_medium=newsletter", None, "email"),
    ("ch_partner", "https://devtool.example/?utm_medium=partner", None, "partner"),
    ("ch_referral_utm", "https://devtool.example/?utm_medium=referral", None, "referral"),
    ("ch_other_campaign", "https://devtool.example/?utm_medium=banner", None, "other_campaign"),
    (
        "ch_empty_utm",
        "https://devtool.example/?utm_medium=&utm_source=x",
        "https://www.google.com/search?q=a",
        "organic_search",
    ),
    ("ch_google", "https://devtool.example/", "https://www.google.co.uk/search?q=x", "organic_search"),
    ("ch_bing_noscheme", "devtool.example/pricing", "bing.com/search?q=x", "organic_search"),
    ("ch_ddg", "https://devtool.example/", "https://duckduckgo.com/", "organic_search"),
    ("ch_yahoo", "https://devtool.example/", "https://search.yahoo.com/", "organic_search"),
    ("ch_twitter", "https://devtool.example/", "https://twitter.com/someone", "organic_social"),
    ("ch_x", "https://devtool.example/", "https://x.com/someone", "organic_social"),
    ("ch_linkedin", "https://devtool.example/", "https://www.linkedin.com/feed", "organic_social"),
    ("ch_old_reddit", "https://devtool.example/", "https://old.reddit.com/r/devops", "organic_social"),
    ("ch_hn", "https://devtool.example/", "https://news.ycombinator.com/item?id=1", "organic_social"),
    ("ch_github", "https://devtool.example/", "https://github.com/org/repo", "github"),
    ("ch_gist", "https://devtool.example/", "https://gist.github.com/x", "github"),
    ("ch_not_github", "https://devtool.example/", "https://notgithub.com/x", "referral"),
    ("ch_not_twitter", "https://devtool.example/", "https://mytwitter.com/x", "referral"),
    ("ch_own_site", "https://devtool.example/", "https://devtool.example/blog", "direct"),
    ("ch_own_subdomain", "https://devtool.example/", "https://docs.devtool.example/x", "direct"),
    ("ch_no_referrer", "https://devtool.example/", None, "direct"),
    ("ch_blog_referral", "https://devtool.example/", "https://blog.example.org/post", "referral"),
]
CHANNEL_PAGEVIEWS = [
    pageview(pv_id, f"anon_{pv_id}", "2024-02-10 12:00", url, referrer) for pv_id, url, referrer, _ in CHANNEL_CASES
]

# --- activation ----------------------------------------------------------------
# Week of 2024-01-01 (Monday): ua_37, ua_38 and ua_before come through a webinar touch
# before signup; ua_day15 and ua_day14 have no touchpoint (direct).
ACTIVATION_USERS = [
    _user("ua_37", "2024-01-01 10:00"),
    _user("ua_38", "2024-01-01 11:00"),
    _user("ua_day15", "2024-01-02 09:00"),
    _user("ua_day14", "2024-01-02 09:00"),
    _user("ua_before", "2024-01-03 12:00"),
    # retention (signup 2023-12-15: d30 = 2024-01-14 .. 2024-02-12, d60 = 2024-02-13 .. 2024-03-13)
    _user("ur_d30", "2023-12-15 10:00"),
    _user("ur_d60", "2023-12-15 10:00"),
    _user("ur_open", "2024-02-10 10:00"),  # d30 known from 2024-04-10 > as_of: null
    _user("ur_edge", "2024-01-31 10:00"),  # d30 known exactly on as_of (2024-03-31); d60 null
    # acquisition channel: two touchpoints before signup and one after
    _user("uc_multi", "2024-01-10 12:00", email="uc_multi@corp-example.io"),
    # tie at the same instant: marketing beats web session
    _user("uc_tie", "2024-01-10 12:00", email="uc_tie@corp-example.io"),
    # a week with sign-ups and zero activations (week of 2024-01-22)
    _user("uz_1", "2024-01-23 10:00"),
    _user("uz_2", "2024-01-24 10:00"),
    # a deleted user stays in dim_users
    _user("ud_deleted", "2024-01-24 10:00", deleted_at="2024-02-01 00:00"),
]
ACTIVATION_EVENTS = [
    event("ev_37", "deployed", "2024-01-01 10:37", user_id="ua_37", properties={"environment": "preview"}),
    event("ev_37b", "deployed", "2024-01-01 12:00", user_id="ua_37", properties={"environment": "production"}),
    event("ev_38", "deployed", "2024-01-01 11:38:30", user_id="ua_38", properties={"environment": "preview"}),
    event("ev_day15", "deployed", "2024-01-16 09:00:01", user_id="ua_day15", properties={"environment": "preview"}),
    event("ev_day14", "deployed", "2024-01-16 09:00:00", user_id="ua_day14", properties={"environment": "preview"}),
    # deploy before signup, tracked anonymously and stitched: ignored for first value
    event("ev_before", "deployed", "2024-01-03 11:00", anonymous_id="a_before", properties={"environment": "preview"}),
    event(
        "ev_before_id",
        "signed_up",
        "2024-01-03 12:00",
        user_id="ua_before",
        anonymous_id="a_before",
        properties={"plan": "free"},
    ),
    event("ev_r30", "api_call", "2024-01-14 08:00", user_id="ur_d30", properties={"count": 3}),
    event("ev_r29", "api_call", "2024-01-13 08:00", user_id="ur_d60", properties={"count": 3}),
    event("ev_r89", "project_created", "2024-03-13 08:00", user_id="ur_d60", properties={"project_id": "p"}),
    # a non-core event on day +30 does not retain
    event("ev_open", "feature_viewed", "2024-03-11 08:00", user_id="ur_open", properties={"feature": "billing"}),
    event("ev_edge", "invite_sent", "2024-03-30 08:00", user_id="ur_edge", properties={"invitee_email": "a@b.io"}),
    # the as_of date: latest occurred_at of staged events is 2024-03-31
    event("ev_asof", "project_created", "2024-03-31 23:00", user_id="u_stage", properties={"project_id": "z"}),
]
ACTIVATION_TOUCHES = [
    {
        "touch_id": f"mt_{u}",
        "anonymous_id": None,
        "email": f"{u}@corp-example.io",
        "occurred_at": ts("2023-12-30 09:00"),
        "channel": " Webinar ",
        "campaign": "dec",
    }
    for u in ("ua_37", "ua_38", "ua_before")
] + [
    {
        "touch_id": "mt_multi_first",
        "anonymous_id": None,
        "email": "UC_MULTI@corp-example.io ",
        "occurred_at": ts("2024-01-08 12:00"),
        "channel": "webinar",
        "campaign": None,
    },
    {
        "touch_id": "mt_multi_after",
        "anonymous_id": None,
        "email": "uc_multi@corp-example.io",
        "occurred_at": ts("2024-01-11 12:00"),
        "channel": "paid_social",
        "campaign": None,
    },
    {
        "touch_id": "mt_tie",
        "anonymous_id": "a_tie_user",
        "email": None,
        "occurred_at": ts("2024-01-09 12:00"),
        "channel": "event",
        "campaign": None,
    },
]
ACTIVATION_PAGEVIEWS = [
    pageview("pv_multi_google", "a_multi", "2024-01-09 12:00", "https://devtool.example/", "https://www.google.com/"),
    pageview("pv_multi_login", "a_multi", "2024-01-10 12:00", "https://devtool.example/app", user_id="uc_multi"),
    pageview("pv_tie_session", "a_tie_user", "2024-01-09 12:00", "https://devtool.example/", "https://github.com/x"),
    pageview("pv_tie_login", "a_tie_user", "2024-01-10 12:00", "https://devtool.example/app", user_id="uc_tie"),
]

ACCOUNTS = [
    account_row("acc_core", "Core Co", "2023-12-01", "u_stage"),
]

ROWS: dict[str, list[dict[str, Any]]] = {
    "product_events": DIRTY_EVENTS + VALID_STAGE_EVENTS + IDENTITY_EVENTS + ACTIVATION_EVENTS,
    "web_pageviews": IDENTITY_PAGEVIEWS + SESSION_PAGEVIEWS + CHANNEL_PAGEVIEWS + ACTIVATION_PAGEVIEWS,
    "users": STAGE_USERS + IDENTITY_USERS + ACTIVATION_USERS,
    "accounts": ACCOUNTS,
    "subscription_changes": STAGE_SUBSCRIPTIONS,
    "marketing_touches": STAGE_TOUCHES + ACTIVATION_TOUCHES,
    "community_activity": STAGE_COMMUNITY,
}
