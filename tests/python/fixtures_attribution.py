"""Hand-built raw rows for the attribution tests (contract sections 3, 7, 10).

Every scenario is its own account (own corporate email domain) so the
expectations can be read scenario by scenario. `as_of_date` is set by hand to
2024-06-30: rows dated after it must be ignored.

Scenarios (conversion -> what it checks):
- ch_n1     n = 1: one marketing touch 10 days before; every credit 1.
- ch_n2     n = 2: marketing 14 days before, community 7 days before.
- ch_n5     n = 5: touches 35, 28, 14, 7 and 3.5 days before (fractional days
            in time decay); two of them are web sessions (referrer google,
            then utm_medium=CPC).
- ch_edge   a touch exactly 90 days before (kept), one a second earlier and one
            at the conversion instant (both dropped).
- ch_tie    four touches at one instant: marketing (ids y..., z...), web
            session, community -> order marketing, marketing, web, community.
- ch_anon   retroactive identity: two cookies browse anonymously, one is
            identified later by a product event carrying anonymous_id and
            user_id, the other by a page view carrying both.
- ch_rep    repeated channels collapse in the path.
- ch_org_a  first paid of one account of orgco.com: only that account's users.
- opp_org   closed_won of orgco.com: touches of users of both accounts of the
            organization, a freemail user included; account = the earliest.
- dup_id    a first paid change without touchpoints (direct, credit 1) ...
- dup_id    ... and a closed_won opportunity with the *same id* (no matching
            organization, null amount: revenue 0, account null, direct).
Not conversions: a $0 trial, a first paid change after as_of, an open
opportunity, a closed_won without closed_at, one closed after as_of, a
closed_lost.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plg_test_harness import account_row, event, subscription_change, ts, user_row
from plg_test_harness import pageview as pageview_row

AS_OF_DATE = "2024-06-30"

_users: list[dict[str, Any]] = []
_accounts: list[dict[str, Any]] = []
_changes: list[dict[str, Any]] = []
_touches: list[dict[str, Any]] = []
_community: list[dict[str, Any]] = []
_pageviews: list[dict[str, Any]] = []
_opportunities: list[dict[str, Any]] = []
_events: list[dict[str, Any]] = []


def account(account_id: str, created: str, *users: tuple[str, str]) -> None:
    """An account created at `created` with its users (user_id, email), created with it."""
    _accounts.append(account_row(account_id, account_id.upper(), created, users[0][0]))
    for user_id, email in users:
        _users.append(user_row(user_id, account_id, email, created))


def paid(change_id: str, account_id: str, at: str, mrr: str, status: str = "active") -> None:
    """A subscription change on plan team."""
    _changes.append(
        subscription_change(change_id, f"sub_{account_id}", account_id, at, "team", status, 3, Decimal(mrr))
    )


def marketing(touch_id: str, email: str, at: str, channel: str) -> None:
    """A marketing touch matched to its user by email."""
    _touches.append(
        {
            "touch_id": touch_id,
            "anonymous_id": None,
            "email": email,
            "occurred_at": ts(at),
            "channel": channel,
            "campaign": None,
        }
    )


def community(activity_id: str, email: str, at: str) -> None:
    """A community message matched to its user by email."""
    _community.append(
        {
            "activity_id": activity_id,
            "platform": "slack",
            "member_handle": email.split("@")[0],
            "email": email,
            "activity_type": "message",
            "body": "hello",
            "occurred_at": ts(at),
        }
    )


def pageview(
    pageview_id: str,
    anonymous_id: str | None,
    at: str,
    url: str = "https://devtool.example/",
    referrer: str | None = None,
    user_id: str | None = None,
) -> None:
    """A page view (received 2 seconds later)."""
    _pageviews.append(pageview_row(pageview_id, anonymous_id, at, url, referrer, user_id))


def opportunity(
    opportunity_id: str,
    org_domain: str,
    stage: str,
    created: str,
    closed: str | None,
    amount: str | None,
) -> None:
    """A CRM opportunity."""
    _opportunities.append(
        {
            "opportunity_id": opportunity_id,
            "org_domain": org_domain,
            "created_at": ts(created),
            "closed_at": ts(closed) if closed else None,
            "stage": stage,
            "amount_usd": Decimal(amount) if amount is not None else None,
            "source": "inbound",
        }
    )


# --- n = 1 ------------------------------------------------------------------
account("acc_n1", "2024-01-01 00:00", ("u_n1", "ann@n1corp.com"))
paid("ch_n1_trial", "acc_n1", "2024-05-01 00:00", "0.00")  # $0 trial: not paid
marketing("mt_n1", "ann@n1corp.com", "2024-05-10 00:00", "  Webinar ")
paid("ch_n1", "acc_n1", "2024-05-20 00:00", "100.00")

# --- n = 2 ------------------------------------------------------------------
account("acc_n2", "2024-01-01 00:00", ("u_n2", "bob@n2corp.com"))
marketing("mt_n2", "bob@n2corp.com", "2024-05-06 00:00", "paid_search")
community("ca_n2", "bob@n2corp.com", "2024-05-13 00:00")
paid("ch_n2", "acc_n2", "2024-05-20 00:00", "50.00")

# --- n = 5 ------------------------------------------------------------------
account("acc_n5", "2024-01-01 00:00", ("u_n5", "cat@n5corp.com"))
marketing("mt_n5_1", "cat@n5corp.com", "2024-04-27 00:00", "webinar")  # 35 days before
pageview(  # 28 days before: organic_search
    "pv_n5_1",
    "anon_n5",
    "2024-05-04 00:00",
    "https://devtool.example/blog/post",
    "https://www.google.com/search?q=devtool",
    user_id="u_n5",
)
pageview("pv_n5_1b", "anon_n5", "2024-05-04 00:20", "https://devtool.example/pricing")  # same session
community("ca_n5", "cat@n5corp.com", "2024-05-18 00:00")  # 14 days before
marketing("mt_n5_2", "cat@n5corp.com", "2024-05-25 00:00", "email")  # 7 days before
pageview(  # 3.5 days before: paid_search
    "pv_n5_2",
    "anon_n5",
    "2024-05-28 12:00",
    "https://devtool.example/?utm_source=google&utm_medium=CPC",
)
paid("ch_n5", "acc_n5", "2024-06-01 00:00", "200.00")

# --- lookback edge --------------------------------------------------------------
account("acc_edge", "2024-01-01 00:00", ("u_edge", "dan@edgecorp.com"))
marketing("mt_edge_in", "dan@edgecorp.com", "2024-03-03 12:00:00", "webinar")  # exactly 90 days
marketing("mt_edge_out", "dan@edgecorp.com", "2024-03-03 11:59:59", "events")  # 90 days + 1 s
marketing("mt_edge_at", "dan@edgecorp.com", "2024-06-01 12:00:00", "paid_social")  # the conversion instant
paid("ch_edge", "acc_edge", "2024-06-01 12:00:00", "10.00")

# --- ties at one instant ----------------------------------------------------------
account("acc_tie", "2024-01-01 00:00", ("u_tie", "eve@tiecorp.com"))
community("a_tie_com", "eve@tiecorp.com", "2024-05-01 10:00")
pageview("b_tie_pv", "anon_tie", "2024-05-01 10:00", user_id="u_tie")  # no referrer: direct
marketing("z_tie_mkt", "eve@tiecorp.com", "2024-05-01 10:00", "events")
marketing("y_tie_mkt", "eve@tiecorp.com", "2024-05-01 10:00", "webinar")
paid("ch_tie", "acc_tie", "2024-05-10 00:00", "20.00")

# --- retroactively identified anonymous visitor ----------------------------------
account("acc_anon", "2024-04-20 10:00", ("u_anon", "fay@anoncorp.com"))
pageview("pv_g1_1", "anon_g1", "2024-04-01 09:00", "https://devtool.example/pricing?utm_medium=cpc")
pageview("pv_g1_2", "anon_g1", "2024-04-01 09:10", "https://devtool.example/docs/quickstart")
pageview(
    "pv_g2_1",
    "anon_g2",
    "2024-04-05 15:00",
    "https://devtool.example/",
    "https://news.ycombinator.com/item?id=1",
)
pageview("pv_never", "anon_never", "2024-04-06 15:00", "https://devtool.example/")  # never identified
_events.append(  # identifies anon_g1 three weeks after its page views
    event(
        "ev_g1",
        "signed_up",
        "2024-04-20 10:00",
        user_id="u_anon",
        account_id="acc_anon",
        anonymous_id="anon_g1",
        properties={"plan": "free"},
    )
)
pageview(  # identifies anon_g2 (a page view with both ids); own-site referrer: direct
    "pv_g2_2",
    "anon_g2",
    "2024-04-25 08:00",
    "https://devtool.example/app",
    "https://docs.devtool.example/guide",
    user_id="u_anon",
)
paid("ch_anon", "acc_anon", "2024-05-15 00:00", "30.00")

# --- repeated channels -------------------------------------------------------------
account("acc_rep", "2024-01-01 00:00", ("u_rep", "gus@repcorp.com"))
marketing("mt_rep_1", "gus@repcorp.com", "2024-06-01 00:00", "webinar")
marketing("mt_rep_2", "gus@repcorp.com", "2024-06-02 00:00", "webinar")
marketing("mt_rep_3", "gus@repcorp.com", "2024-06-03 00:00", "paid_search")
marketing("mt_rep_4", "gus@repcorp.com", "2024-06-04 00:00", "paid_search")
marketing("mt_rep_5", "gus@repcorp.com", "2024-06-05 00:00", "webinar")
paid("ch_rep", "acc_rep", "2024-06-15 00:00", "40.00")

# --- an organization with two accounts ------------------------------------------------
account("acc_org_a", "2024-01-10 00:00", ("u_oa", "hal@orgco.com"))
account("acc_org_b", "2024-01-05 00:00", ("u_ob", "ian@orgco.com"), ("u_oc", "jo.freemail@gmail.com"))
marketing("mt_oa", "hal@orgco.com", "2024-05-01 00:00", "events")
pageview(
    "pv_ob", "anon_ob", "2024-05-15 00:00", "https://devtool.example/", "https://github.com/acme/repo", user_id="u_ob"
)
community("ca_oc", "jo.freemail@gmail.com", "2024-06-01 00:00")
paid("ch_org_a", "acc_org_a", "2024-05-20 00:00", "70.00")
opportunity("opp_org", " OrgCo.COM ", " Closed_Won ", "2024-03-01 00:00", "2024-06-10 00:00", "50000.00")
opportunity("opp_open", "orgco.com", "negotiation", "2024-03-01 00:00", None, "9000.00")
opportunity("opp_no_close", "orgco.com", "closed_won", "2024-03-01 00:00", None, "9000.00")
opportunity("opp_late", "orgco.com", "closed_won", "2024-03-01 00:00", "2024-07-05 00:00", "9000.00")
opportunity("opp_lost", "orgco.com", "closed_lost", "2024-03-01 00:00", "2024-05-01 00:00", "9000.00")

# --- no touchpoints; a change_id equal to an opportunity_id --------------------------------
account("acc_dir", "2024-01-01 00:00", ("u_dir", "kim@gmail.com"))
marketing("mt_dir_old", "kim@gmail.com", "2024-01-02 00:00", "webinar")  # long before the lookback
paid("dup_id", "acc_dir", "2024-06-20 00:00", "25.50")
opportunity("dup_id", "nomatch.io", "closed_won", "2024-05-01 00:00", "2024-06-25 00:00", None)

# --- paid after as_of: not a conversion ---------------------------------------------------
account("acc_late", "2024-01-01 00:00", ("u_late", "lea@latecorp.com"))
marketing("mt_late", "lea@latecorp.com", "2024-06-20 00:00", "webinar")
paid("ch_late", "acc_late", "2024-07-02 00:00", "90.00")

ROWS: dict[str, list[dict[str, Any]]] = {
    "users": _users,
    "accounts": _accounts,
    "subscription_changes": _changes,
    "marketing_touches": _touches,
    "community_activity": _community,
    "web_pageviews": _pageviews,
    "crm_opportunities": _opportunities,
    "product_events": _events,
}

# --- expectations ------------------------------------------------------------------------------
# mart_attribution_paths rows: (conversion_type, conversion_id), (account_id, org_domain, converted_at,
# revenue_usd, touch_count, days_first_touch_to_conversion), channel_path[, channel_path_collapsed when
# collapsing repeats changes the path]
_EXPECTED_PATH_ROWS: list[tuple[Any, ...]] = [
    (("first_paid", "ch_n1"), ("acc_n1", "n1corp.com", "2024-05-20 00:00", "1200.00", 1, 10), "webinar"),
    (("first_paid", "ch_n2"), ("acc_n2", "n2corp.com", "2024-05-20 00:00", "600.00", 2, 14), "paid_search > community"),
    (
        ("first_paid", "ch_n5"),
        ("acc_n5", "n5corp.com", "2024-06-01 00:00", "2400.00", 5, 35),
        "webinar > organic_search > community > email > paid_search",
    ),
    (("first_paid", "ch_edge"), ("acc_edge", "edgecorp.com", "2024-06-01 12:00", "120.00", 1, 90), "webinar"),
    (
        ("first_paid", "ch_tie"),
        ("acc_tie", "tiecorp.com", "2024-05-10 00:00", "240.00", 4, 9),
        "webinar > events > direct > community",
    ),
    (
        ("first_paid", "ch_anon"),
        ("acc_anon", "anoncorp.com", "2024-05-15 00:00", "360.00", 3, 44),
        "paid_search > organic_social > direct",
    ),
    (
        ("first_paid", "ch_rep"),
        ("acc_rep", "repcorp.com", "2024-06-15 00:00", "480.00", 5, 14),
        "webinar > webinar > paid_search > paid_search > webinar",
        "webinar > paid_search > webinar",
    ),
    (("first_paid", "ch_org_a"), ("acc_org_a", "orgco.com", "2024-05-20 00:00", "840.00", 1, 19), "events"),
    (
        ("closed_won", "opp_org"),
        ("acc_org_b", "orgco.com", "2024-06-10 00:00", "50000.00", 3, 40),
        "events > github > community",
    ),
    (("first_paid", "dup_id"), ("acc_dir", None, "2024-06-20 00:00", "306.00", 1, 0), "direct"),
    (("closed_won", "dup_id"), (None, "nomatch.io", "2024-06-25 00:00", "0.00", 1, 0), "direct"),
]


def _expected_paths(rows: list[tuple[Any, ...]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(conversion_type, conversion_id) -> mart_attribution_paths row, from the table above."""
    expected = {}
    for key, (account_id, org_domain, converted_at, revenue_usd, touch_count, days), path, *collapsed in rows:
        expected[key] = dict(
            account_id=account_id,
            org_domain=org_domain,
            converted_at=ts(converted_at),
            revenue_usd=Decimal(revenue_usd),
            channel_path=path,
            channel_path_collapsed=collapsed[0] if collapsed else path,
            touch_count=touch_count,
            days_first_touch_to_conversion=days,
        )
    return expected


EXPECTED_PATHS = _expected_paths(_EXPECTED_PATH_ROWS)

TOTAL_REVENUE_USD = Decimal("56546.00")  # sum of the revenues above, by hand

# (conversion_type, conversion_id) -> touches in path order: (touchpoint_id, touch_source, channel)
EXPECTED_TOUCH_ORDER: dict[tuple[str, str], list[tuple[str | None, str, str]]] = {
    ("first_paid", "ch_edge"): [("mt_edge_in", "marketing", "webinar")],
    ("first_paid", "ch_tie"): [
        ("y_tie_mkt", "marketing", "webinar"),
        ("z_tie_mkt", "marketing", "events"),
        ("b_tie_pv", "web_session", "direct"),
        ("a_tie_com", "community", "community"),
    ],
    ("first_paid", "ch_anon"): [
        ("pv_g1_1", "web_session", "paid_search"),
        ("pv_g2_1", "web_session", "organic_social"),
        ("pv_g2_2", "web_session", "direct"),
    ],
    ("first_paid", "ch_org_a"): [("mt_oa", "marketing", "events")],
    ("closed_won", "opp_org"): [
        ("mt_oa", "marketing", "events"),
        ("pv_ob", "web_session", "github"),
        ("ca_oc", "community", "community"),
    ],
    ("first_paid", "dup_id"): [(None, "none", "direct")],
    ("closed_won", "dup_id"): [(None, "none", "direct")],
}

# Exact credits by hand, in path order:
# (touchpoint_id, days_before_conversion, first, last, linear, time_decay, position_based)
EXPECTED_CREDITS: dict[tuple[str, str], list[tuple[str | None, float, float, float, float, float, float]]] = {
    ("first_paid", "ch_n1"): [("mt_n1", 10.0, 1.0, 1.0, 1.0, 1.0, 1.0)],
    # weights 0.25 and 0.5 -> 1/3 and 2/3
    ("first_paid", "ch_n2"): [
        ("mt_n2", 14.0, 1.0, 0.0, 0.5, 1 / 3, 0.5),
        ("ca_n2", 7.0, 0.0, 1.0, 0.5, 2 / 3, 0.5),
    ],
    # days 35, 28, 14, 7, 3.5 -> weights 0.5 ^ (d / 7) = 1/32, 1/16, 1/4, 1/2, 1/sqrt(2);
    # sum 1.5508567811865475; credit = weight / sum
    ("first_paid", "ch_n5"): [
        ("mt_n5_1", 35.0, 1.0, 0.0, 0.2, 0.020150152083089765, 0.4),
        ("pv_n5_1", 28.0, 0.0, 0.0, 0.2, 0.04030030416617953, 0.2 / 3),
        ("ca_n5", 14.0, 0.0, 0.0, 0.2, 0.16120121666471812, 0.2 / 3),
        ("mt_n5_2", 7.0, 0.0, 0.0, 0.2, 0.32240243332943624, 0.2 / 3),
        ("pv_n5_2", 3.5, 0.0, 1.0, 0.2, 0.45594589375657635, 0.4),
    ],
    ("first_paid", "dup_id"): [(None, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0)],
}

# Hand-computed rows of mart_channel_attribution:
# (channel, attribution_model) -> (credited_conversions, credited_revenue_usd)
EXPECTED_CHANNEL_ROWS: dict[tuple[str, str], tuple[float, Decimal]] = {
    # first touch direct: the two conversions without touchpoints (306 + 0)
    ("direct", "first_touch"): (2.0, Decimal("306.00")),
    # last touch direct: those two and ch_anon (ends with an own-site session): 306 + 0 + 360
    ("direct", "last_touch"): (3.0, Decimal("666.00")),
    # linear community: ch_n2 1/2 of 600, ch_n5 1/5 of 2400, ch_tie 1/4 of 240, opp_org 1/3 of 50000
    ("community", "linear"): (0.5 + 0.2 + 0.25 + 1 / 3, Decimal("17506.67")),
    # first touch webinar: ch_n1, ch_n5, ch_edge, ch_tie, ch_rep
    ("webinar", "first_touch"): (5.0, Decimal("4440.00")),
    # position based github: the middle of opp_org's three touches gets 0.2 of 50000
    ("github", "position_based"): (0.2, Decimal("10000.00")),
}

NOT_CONVERSIONS = ["ch_n1_trial", "ch_late", "opp_open", "opp_no_close", "opp_late", "opp_lost"]
ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based"]
