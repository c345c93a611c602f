"""Foundation: staging rejects and dedupe, clock skew, reconciliation, identity,
sessions and channel rules, on the hand-built `core` fixture (contract §2, 3, 7, 10)."""

from __future__ import annotations

import hashlib

import pytest
from fixtures_core import AS_OF, CHANNEL_CASES, ROWS
from plg_test_harness import build_warehouse


@pytest.fixture(scope="session")
def core(tmp_path_factory):
    return build_warehouse(tmp_path_factory, "core", ROWS, {"as_of_date": AS_OF})


EXPECTED_REJECTS = {
    ("product_events", "e_null_name"): "null_event_name",
    ("product_events", "e_bad_json"): "invalid_properties_json",
    ("product_events", "e_json_array"): "invalid_properties_json",
    ("product_events", "e_json_string"): "invalid_properties_json",
    ("product_events", "e_unknown"): "unknown_event_name",
    ("product_events", "e_count_missing"): "invalid_api_call_count",
    ("product_events", "e_count_zero"): "invalid_api_call_count",
    ("product_events", "e_count_negative"): "invalid_api_call_count",
    ("product_events", "e_count_fraction"): "invalid_api_call_count",
    ("product_events", "e_count_plus"): "invalid_api_call_count",
    ("users", "u_bad_email_1"): "malformed_email",
    ("users", "u_bad_email_2"): "malformed_email",
    ("users", "u_bad_email_3"): "malformed_email",
    ("subscription_changes", "c_neg_seats"): "negative_seats",
    ("subscription_changes", "c_neg_mrr"): "negative_mrr",
    ("subscription_changes", "c_paused"): "unknown_status",
    ("marketing_touches", "t_bad_email"): "malformed_email",
    ("community_activity", "ca_bad_email"): "malformed_email",
}


def test_each_reject_reason_is_quarantined(core):
    rows = core.sql("select source_table, record_id, reject_reason from audit.audit_rejected_rows")
    keyed = {(t, r): reason for t, r, reason in rows if r is not None}
    assert keyed == EXPECTED_REJECTS
    null_keys = [(t, reason) for t, r, reason in rows if r is None]
    # two events and one user with a null key: each rejected on its own, never collapsed
    assert sorted(null_keys) == [
        ("product_events", "null_primary_key"),
        ("product_events", "null_primary_key"),
        ("users", "null_primary_key"),
    ]


def test_rejected_rows_keep_the_raw_record_and_a_unique_surrogate_key(core):
    rows = core.dicts("select * from audit.audit_rejected_rows where record_id = 'e_bad_json'")
    assert len(rows) == 1
    assert '"properties":"{bad json"' in rows[0]["raw_record"]
    ids = core.sql("select count(distinct rejected_row_id), count(*) from audit.audit_rejected_rows")[0]
    assert ids[0] == ids[1] == len(EXPECTED_REJECTS) + 3


def test_reconciliation_is_exact_for_every_source(core):
    got = {r["source_table"]: r for r in core.dicts("select * from audit.audit_source_reconciliation")}
    expected = {  # (staged, duplicates, rejected)
        "product_events": (len(ROWS["product_events"]) - 12 - 2, 2, 12),
        "users": (len(ROWS["users"]) - 4, 0, 4),
        "subscription_changes": (1, 1, 3),
        "marketing_touches": (len(ROWS["marketing_touches"]) - 1, 0, 1),
        "community_activity": (0, 0, 1),
        "web_pageviews": (len(ROWS["web_pageviews"]), 0, 0),
        "accounts": (1, 0, 0),
        "firmographics": (0, 0, 0),
        "crm_opportunities": (0, 0, 0),
    }
    for table, (staged, dups, rejected) in expected.items():
        row = got[table]
        assert row["raw_rows"] == len(ROWS.get(table, [])), table
        assert (row["staged_rows"], row["duplicate_rows"], row["rejected_rows"]) == (staged, dups, rejected), table
        assert row["is_balanced"] is True


def test_duplicate_keeps_the_first_received_copy(core):
    rows = core.sql("select project_id, received_at from staging.stg_raw__product_events where event_id = 'e_dup'")
    assert len(rows) == 1
    assert rows[0][0] == "first_copy"
    assert str(rows[0][1]) == "2024-03-01 10:00:05"


def test_duplicate_change_id_with_different_content_keeps_the_earliest(core):
    rows = core.sql("select mrr_usd, seats, plan, status from staging.stg_raw__subscription_changes")
    assert [(float(m), s, p, st) for m, s, p, st in rows] == [(30.0, 2, "team", "active")]


def test_clock_skew_over_five_minutes_is_corrected_exactly_five_is_kept(core):
    rows = dict(
        (r[0], r[1:])
        for r in core.sql(
            "select event_id, cast(occurred_at as varchar), is_clock_corrected "
            "from staging.stg_raw__product_events where event_id like 'e_skew%'"
        )
    )
    assert rows["e_skew_10"] == ("2024-03-01 10:00:00", True)
    assert rows["e_skew_5"] == ("2024-03-01 10:05:00", False)


def test_valid_edge_values_are_parsed(core):
    rows = {
        r[0]: r[1:]
        for r in core.sql(
            "select event_id, event_name, api_request_count, deploy_environment, project_id "
            "from staging.stg_raw__product_events where event_id in ('e_count_string', 'e_count_int', 'e_odd_case', 'e_null_props')"
        )
    }
    assert rows["e_count_string"][1] == 7
    assert rows["e_count_int"][1] == 12
    assert rows["e_odd_case"][0] == "deployed" and rows["e_odd_case"][2] == "production"
    # null properties reads as {}: the row is valid (staged), its property columns null
    assert rows["e_null_props"] == ("project_created", None, None, None)


def test_email_is_normalized_and_hashed(core):
    email, domain, digest = core.sql(
        "select email, email_domain, email_hash from staging.stg_raw__users where user_id = 'u_stage'"
    )[0]
    assert email == "mixed.case@corp-example.io"
    assert domain == "corp-example.io"
    assert digest == hashlib.sha256(email.encode()).hexdigest()


def test_anonymous_ids_belong_to_the_first_user_seen(core):
    mapping = dict(core.sql("select anonymous_id, user_id from intermediate.int_anonymous_ids_stitched"))
    assert mapping["a_late"] == "u_id1"
    assert mapping["a_two"] == "u_id3"  # seen with u_id3 a day before u_id2
    assert mapping["a_tie"] == "u_id4"  # same instant: smallest user_id


def test_anonymous_page_view_counts_for_the_user_identified_later(core):
    user = core.sql("select user_id from intermediate.int_web_pageviews_stitched where pageview_id = 'pv_anon_1'")[0][0]
    assert user == "u_id1"


def test_sessions_split_after_more_than_thirty_minutes(core):
    rows = core.sql(
        "select session_id, pageviews from intermediate.int_web_sessions_sessionized "
        "where anonymous_id = 'a_sess' order by started_at"
    )
    assert rows == [("pv_s1", 2), ("pv_s3", 1)]


@pytest.mark.parametrize("pageview_id,url,referrer,expected", CHANNEL_CASES)
def test_session_channel_rules(core, pageview_id, url, referrer, expected):
    got = core.sql("select channel from intermediate.int_web_sessions_sessionized where session_id = ?", [pageview_id])
    assert got == [(expected,)]


def test_touchpoints_cover_all_three_sources(core):
    rows = dict(core.sql("select touch_source, count(*) from intermediate.int_touchpoints_classified group by 1"))
    sessions = core.sql("select count(*) from intermediate.int_web_sessions_sessionized")[0][0]
    assert rows["web_session"] == sessions
    assert rows["marketing"] == len(ROWS["marketing_touches"]) - 1
    assert "community" not in rows  # the only community row was rejected
