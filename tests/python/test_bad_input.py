"""Bad input (issue 8): every kind of dirty raw row has one exact, asserted outcome.

One combined fixture holds every quarantine and keep kind (distinct ids per
kind) and is built once with `dbt build`; the two shape errors (a missing
column, a missing table folder) share one fast `dbt run` of the two base
models. Each kind asserts exactly one of:

- quarantined: its row in `audit.audit_rejected_rows` with the right
  `reject_reason`, and the exact reconciliation of its source table;
- kept: the exact staged / mart values, and the exact reconciliation;
- build error: the message names the table and the column (or folder).

Expected reconciliation is derived from the fixture itself: every row is
tagged staged, duplicate or rejected where it is written.
"""
from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import duckdb
import pytest

from plg_test_harness import Warehouse, event, run_dbt, ts, write_raw

AS_OF = "2024-03-31"

# --- the combined fixture: (raw table, row, outcome) ---------------------------------
STAGED, DUPLICATE, REJECTED = "staged", "duplicate", "rejected"
TAGGED: list[tuple[str, dict[str, Any], str]] = []


def add(table: str, outcome: str, *rows: dict[str, Any]) -> None:
    TAGGED.extend((table, row, outcome) for row in rows)


def user(user_id: str | None, at: str, email: str | None, account_id: str = "bi_acc_team",
         job_title: str | None = None, deleted_at: str | None = None) -> dict[str, Any]:
    return {"user_id": user_id, "account_id": account_id, "email": email, "job_title": job_title,
            "created_at": ts(at) if at else None, "deleted_at": ts(deleted_at) if deleted_at else None}


def change(change_id: str | None, at: str, status: str = "active", seats: int = 2, mrr: float = 40.0,
           plan: str = "team", subscription_id: str | None = "bi_sub") -> dict[str, Any]:
    return {"change_id": change_id, "subscription_id": subscription_id, "account_id": "bi_acc_team",
            "changed_at": ts(at), "plan": plan, "status": status, "seats": seats, "mrr_usd": mrr}


def pageview(pageview_id: str, anonymous_id: str | None, at: str, url: str,
             user_id: str | None = None, referrer: str | None = None) -> dict[str, Any]:
    return {"pageview_id": pageview_id, "anonymous_id": anonymous_id, "user_id": user_id,
            "occurred_at": ts(at), "received_at": ts(at), "url": url, "referrer": referrer}


# baseline: one team account with live users and activity, so every mart builds with content
add("accounts", STAGED,
    {"account_id": "bi_acc_team", "account_name": "BI Corp", "created_at": ts("2024-02-01"),
     "created_by_user_id": "bi_u_owner"},
    # an account with no users: kept everywhere, never a contact, never a PQA
    {"account_id": "bi_acc_empty", "account_name": "Nobody Home", "created_at": ts("2024-02-15"),
     "created_by_user_id": "bi_u_gone"})
add("users", STAGED,
    user("bi_u_owner", "2024-02-01 09:00", "owner@bi-corp.io", job_title="Software Engineer"),
    user("bi_u_second", "2024-02-03 09:00", "second@bi-corp.io", job_title="Engineering Manager"),
    # a deleted CTO: stays in dim_users, never the contact
    user("bi_u_deleted", "2024-02-02 09:00", "cto@bi-corp.io", job_title="CTO", deleted_at="2024-03-01"),
    # spaces and capitals: normalized and kept
    user("bi_u_caps", "2024-02-04 09:00", "  Jane.Doe@BI-Corp.IO "),
    # signs up on 2024-03-05 10:00 after a deploy tracked the day before
    user("bi_u_early", "2024-03-05 10:00", "early@bi-corp.io"))
add("users", REJECTED,
    user("bi_bad_email", "2024-02-05 09:00", "jane.doe@corp"),              # malformed_email
    user(None, "2024-02-05 09:00", "nullkey.user@bi-corp.io"),             # null_primary_key
    user("bi_u_no_created", "", "nocreated@bi-corp.io"))                   # null_timestamp
add("product_events", STAGED,
    event("bi_e_deploy", "deployed", "2024-03-25 10:00", user_id="bi_u_owner", account_id="bi_acc_team",
          properties={"environment": "production"}),
    event("bi_e_invite", "invite_sent", "2024-02-05 10:00", user_id="bi_u_owner", account_id="bi_acc_team",
          properties={"invitee_email": "second@bi-corp.io"}),
    event("bi_e_calls", "api_call", "2024-03-26 10:00", user_id="bi_u_second", account_id="bi_acc_team",
          properties={"count": 40, "status": "success"}),
    # an event before its user's signup: kept, ignored for first value
    event("bi_e_before_signup", "deployed", "2024-03-04 10:00", user_id="bi_u_early", account_id="bi_acc_team",
          properties={"environment": "preview"}),
    event("bi_e_after_signup", "deployed", "2024-03-06 12:00", user_id="bi_u_early", account_id="bi_acc_team",
          properties={"environment": "preview"}),
    # client clock in 2031: kept, occurred_at corrected to received_at
    event("bi_e_future", "project_created", "2031-01-01 00:00", user_id="bi_u_owner", account_id="bi_acc_team",
          properties={"project_id": "p1"}, received_at="2024-03-10 10:00"),
    # a known name in odd case with a digit-string count: kept as api_call, 7 requests
    event("bi_e_odd_name", " API_Call ", "2024-03-27 10:00", user_id="bi_u_second", account_id="bi_acc_team",
          properties={"count": " 7 "}),
    # first delivery of an event delivered twice
    event("bi_e_dup", "project_created", "2024-03-20 10:00", user_id="bi_u_owner", account_id="bi_acc_team",
          properties={"project_id": "first"}, received_at="2024-03-20 10:00:01"))
add("product_events", DUPLICATE,
    event("bi_e_dup", "project_created", "2024-03-20 10:00", user_id="bi_u_owner", account_id="bi_acc_team",
          properties={"project_id": "second"}, received_at="2024-03-21 08:00"))
add("product_events", REJECTED,
    event(None, "api_call", "2024-03-01 10:00", anonymous_id="bi_marker_null_event_id", properties={"count": 1}),
    {**event("bi_null_name", "x", "2024-03-01 10:00", user_id="bi_u_owner"), "event_name": None},
    event("bi_bad_json", "deployed", "2024-03-01 10:00", user_id="bi_u_owner", properties='{"environment": '),
    event("bi_unknown_event", "page_scrolled", "2024-03-01 10:00", user_id="bi_u_owner"),
    event("bi_bad_count", "api_call", "2024-03-01 10:00", user_id="bi_u_owner", properties={"count": "ten"}),
    # several rules broken: the first in SPEC 10 order wins
    {**event("bi_reject_order", "x", "2024-03-01 10:00", user_id="bi_u_owner", properties="[1]"), "event_name": None},
    {**event("bi_null_received", "deployed", "2024-03-01 10:00", user_id="bi_u_owner",
             properties={"environment": "preview"}), "received_at": None})
add("web_pageviews", STAGED,
    pageview("bi_pv_noscheme", "bi_anon_1", "2024-03-02 10:00", "devtool.example/pricing?utm_source=Newsletter"),
    pageview("bi_pv_utm_case", "bi_anon_2", "2024-03-02 11:00",
             "https://devtool.example/docs/?utm_medium=CpC&utm_source=GooGle&utm_campaign=Spring_Launch"))
add("web_pageviews", REJECTED,
    pageview("bi_pv_no_visitor", None, "2024-03-02 12:00", "https://devtool.example/"))  # null_visitor
add("subscription_changes", STAGED,
    change("bi_sub_ok", "2024-03-10 00:00"),
    change("bi_status_case", "2024-03-12 00:00", status=" Past_Due ", subscription_id="bi_sub_2", mrr=10.0))
# duplicate change_id with different content: the later-dated copy comes first in the file
add("subscription_changes", DUPLICATE,
    change("bi_dup_change", "2024-03-15 00:00", seats=9, mrr=900.0, subscription_id="bi_sub_3"))
add("subscription_changes", STAGED,
    change("bi_dup_change", "2024-03-14 00:00", seats=3, mrr=30.0, subscription_id="bi_sub_3"))
add("subscription_changes", REJECTED,
    change("bi_neg_seats", "2024-03-10 00:00", seats=-1),
    change("bi_neg_mrr", "2024-03-10 00:00", mrr=-10.0),
    change("bi_paused", "2024-03-10 00:00", status="paused"),
    change("bi_reject_order_sub", "2024-03-10 00:00", status="paused", seats=-2, mrr=-5.0),
    change("bi_no_sub_id", "2024-03-10 00:00", subscription_id=None))
add("marketing_touches", STAGED,
    {"touch_id": "bi_touch_ok", "anonymous_id": None, "email": " Owner@BI-Corp.io ",
     "occurred_at": ts("2024-01-20 10:00"), "channel": " Webinar ", "campaign": "q1"})
add("marketing_touches", REJECTED,
    {"touch_id": "bi_touch_bad_email", "anonymous_id": None, "email": "owner@@bi-corp.io",
     "occurred_at": ts("2024-01-20 10:00"), "channel": "webinar", "campaign": None})
add("community_activity", STAGED,
    {"activity_id": "bi_ca_ok", "platform": "slack", "member_handle": "owner", "email": "owner@bi-corp.io",
     "activity_type": "question", "body": "how do I deploy?", "occurred_at": ts("2024-03-03 10:00")})
add("community_activity", REJECTED,
    {"activity_id": "bi_ca_bad_email", "platform": "slack", "member_handle": "x", "email": "someone at bi-corp.io",
     "activity_type": "message", "body": "hi", "occurred_at": ts("2024-03-03 10:00")})
add("firmographics", STAGED,
    {"domain": "bi-corp.io", "company_name": "BI Corp", "employee_count": 120, "industry": "software",
     "country": "US", "enriched_at": ts("2024-01-01")},
    # the latest enrichment has a negative employee count: kept, count unknown, flagged
    {"domain": "bi-corp.io", "company_name": "BI Corp", "employee_count": -5, "industry": "software",
     "country": "US", "enriched_at": ts("2024-03-01")})
# crm_opportunities: an empty table (a Parquet file with zero rows)


def rows_by_table() -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, row, _ in TAGGED:
        rows.setdefault(table, []).append(row)
    return rows


def expected_reconciliation(table: str) -> tuple[int, int, int, int]:
    """(raw, staged, duplicate, rejected) from the fixture's own tags."""
    counts = Counter(outcome for t, _, outcome in TAGGED if t == table)
    raw = sum(counts.values())
    return raw, counts[STAGED], counts[DUPLICATE], counts[REJECTED]


# --- builds ----------------------------------------------------------------------------

@dataclass
class BadInputBuild:
    warehouse: Warehouse
    shape_error_output: str = ""
    shape_error_raw: Path = field(default_factory=Path)


def rewrite_raw_table(raw_dir: Path, table: str, select_list: str) -> None:
    """Rewrite a raw table's Parquet file as `select <select_list>` of itself."""
    path = raw_dir / table / "part-000.parquet"
    tmp = path.with_suffix(".tmp")
    con = duckdb.connect()
    con.execute(f"copy (select {select_list} from read_parquet('{path}')) to '{tmp}' (format parquet)")
    con.close()
    tmp.replace(path)


def add_extra_column(raw_dir: Path, table: str, column: str, value: str) -> None:
    """Rewrite a raw table's Parquet with one unexpected extra column."""
    rewrite_raw_table(raw_dir, table, f"*, '{value}' as {column}")


def drop_column(raw_dir: Path, table: str, column: str) -> None:
    """Rewrite a raw table's Parquet without one of its columns."""
    rewrite_raw_table(raw_dir, table, f"* exclude ({column})")


@pytest.fixture(scope="session")
def bad_input(tmp_path_factory: pytest.TempPathFactory) -> BadInputBuild:
    work = tmp_path_factory.mktemp("bad_input")
    raw, db = work / "raw", work / "plg.duckdb"
    write_raw(raw, rows_by_table())
    add_extra_column(raw, "accounts", "plan_tier", "gold")
    # shape errors: a copy of the raw folder without users.email and without the firmographics folder
    broken = work / "raw_broken"
    shutil.copytree(raw, broken)
    drop_column(broken, "users", "email")
    shutil.rmtree(broken / "firmographics")
    with ThreadPoolExecutor(max_workers=2) as pool:  # independent: run side by side
        build = pool.submit(run_dbt, ["build"], work, db, raw, {"as_of_date": AS_OF})
        shape = pool.submit(run_dbt, ["run", "--select", "base_raw__users", "base_raw__firmographics"],
                            work / "shape", work / "shape.duckdb", broken)
        result, shape_result = build.result(), shape.result()
    if result.returncode != 0:
        raise AssertionError("dbt build of the bad-input fixture failed:\n" + "\n".join(result.output.splitlines()[-60:]))
    return BadInputBuild(Warehouse(db, raw, work, result), shape_result.output, broken)


# --- the kinds --------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """One kind of bad input and the exact outcome it must have."""

    name: str
    tables: tuple[str, ...] = ()           # source tables whose reconciliation must be exact
    reject: tuple[str, str, str] | None = None   # (source_table, record_id or raw marker, reject_reason)
    query: str = ""                         # kept kinds: a query ...
    expected: Any = None                    # ... and its exact rows
    error: Callable[[Path], list[str]] | None = None   # error kinds: fragments the output must contain


def quarantined(name: str, table: str, record: str, reason: str) -> Kind:
    return Kind(name, (table,), reject=(table, record, reason))


def kept(name: str, tables: tuple[str, ...], query: str, expected: Any) -> Kind:
    return Kind(name, tables, query=query, expected=expected)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


KINDS: list[Kind] = [
    # quarantine: every reason of SPEC 2 / 10, in order, then the project's additions
    quarantined("null_primary_key", "product_events", "bi_marker_null_event_id", "null_primary_key"),
    quarantined("null_primary_key_user", "users", "nullkey.user@bi-corp.io", "null_primary_key"),
    quarantined("null_event_name", "product_events", "bi_null_name", "null_event_name"),
    quarantined("invalid_properties_json", "product_events", "bi_bad_json", "invalid_properties_json"),
    quarantined("unknown_event_name", "product_events", "bi_unknown_event", "unknown_event_name"),
    quarantined("invalid_api_call_count", "product_events", "bi_bad_count", "invalid_api_call_count"),
    quarantined("negative_seats", "subscription_changes", "bi_neg_seats", "negative_seats"),
    quarantined("negative_mrr", "subscription_changes", "bi_neg_mrr", "negative_mrr"),
    quarantined("malformed_email", "users", "bi_bad_email", "malformed_email"),
    quarantined("malformed_email_touch", "marketing_touches", "bi_touch_bad_email", "malformed_email"),
    quarantined("malformed_email_community", "community_activity", "bi_ca_bad_email", "malformed_email"),
    quarantined("unknown_status", "subscription_changes", "bi_paused", "unknown_status"),
    quarantined("first_reason_wins_event", "product_events", "bi_reject_order", "null_event_name"),
    quarantined("first_reason_wins_subscription", "subscription_changes", "bi_reject_order_sub", "negative_seats"),
    quarantined("null_timestamp", "product_events", "bi_null_received", "null_timestamp"),
    quarantined("null_timestamp_user", "users", "bi_u_no_created", "null_timestamp"),
    quarantined("null_visitor", "web_pageviews", "bi_pv_no_visitor", "null_visitor"),
    quarantined("null_subscription_id", "subscription_changes", "bi_no_sub_id", "null_subscription_id"),
    # kept, with the exact staged / mart values
    kept("future_timestamp_clock_corrected", ("product_events",),
         "select cast(occurred_at as varchar), cast(client_occurred_at as varchar), is_clock_corrected "
         "from staging.stg_raw__product_events where event_id = 'bi_e_future'",
         [("2024-03-10 10:00:00", "2031-01-01 00:00:00", True)]),
    kept("future_timestamp_counts_on_received_day", ("product_events",),
         "select cast(activity_date as varchar), events from intermediate.int_users_activity_daily "
         "where user_id = 'bi_u_owner' and activity_date = '2024-03-10'",
         [("2024-03-10", 1)]),
    kept("event_before_signup_ignored_for_first_value", ("product_events", "users"),
         "select (select count(*) from staging.stg_raw__product_events where event_id = 'bi_e_before_signup'), "
         "cast(first_value_at as varchar), time_to_first_value_minutes, is_activated "
         "from marts.mart_activation where user_id = 'bi_u_early'",
         [(1, "2024-03-06 12:00:00", 1560, True)]),
    kept("known_status_in_odd_case", ("subscription_changes",),
         "select status from staging.stg_raw__subscription_changes where change_id = 'bi_status_case'",
         [("past_due",)]),
    kept("deleted_user_kept_never_contact", ("users",),
         "select (select is_deleted from marts.dim_users where user_id = 'bi_u_deleted'), "
         "(select persona from marts.dim_users where user_id = 'bi_u_deleted'), "
         "contact_user_id != 'bi_u_deleted' and contact_user_id is not null "
         "from marts.mart_pqa where account_id = 'bi_acc_team'",
         [(True, "cto", True)]),
    kept("account_with_no_users", ("accounts",),
         "select d.current_plan, d.champion_user_id, p.active_users_30d, p.is_pqa, p.contact_user_id, "
         "p.contact_email, (select count(*) from marts.dim_users where account_id = 'bi_acc_empty') "
         "from marts.dim_accounts as d join marts.mart_pqa as p using (account_id) "
         "where account_id = 'bi_acc_empty'",
         [("free", None, 0, False, None, None, 0)]),
    kept("email_spaces_and_capitals_normalized", ("users",),
         "select s.email, d.email_domain, d.email_hash from staging.stg_raw__users as s "
         "join marts.dim_users as d using (user_id) where user_id = 'bi_u_caps'",
         [("jane.doe@bi-corp.io", "bi-corp.io", sha256("jane.doe@bi-corp.io"))]),
    kept("url_without_scheme", ("web_pageviews",),
         "select page_path, utm_source from staging.stg_raw__web_pageviews where pageview_id = 'bi_pv_noscheme'",
         [("/pricing", "newsletter")]),
    kept("utm_value_in_odd_case", ("web_pageviews",),
         "select p.utm_medium, p.utm_source, p.utm_campaign, s.channel from staging.stg_raw__web_pageviews as p "
         "join intermediate.int_web_sessions_sessionized as s on s.session_id = p.pageview_id "
         "where p.pageview_id = 'bi_pv_utm_case'",
         [("cpc", "google", "spring_launch", "paid_search")]),
    kept("negative_employee_count", ("firmographics",),
         "select employee_count, is_employee_count_invalid, "
         "(select employee_count from marts.dim_accounts where account_id = 'bi_acc_team') "
         "from staging.stg_raw__firmographics where domain = 'bi-corp.io' and enriched_at = '2024-03-01'",
         [(None, True, None)]),
    kept("extra_unexpected_column", ("accounts",),
         "select count(*), count(*) filter (where column_name = 'plan_tier') from information_schema.columns "
         "where table_schema = 'staging' and table_name = 'stg_raw__accounts'",
         [(4 + 2, 0)]),
    kept("empty_table", ("crm_opportunities",),
         "select (select count(*) from staging.stg_raw__crm_opportunities), "
         "(select count(*) from marts.mart_attribution_paths where conversion_type = 'closed_won')",
         [(0, 0)]),
    kept("duplicate_change_id_first_by_changed_at", ("subscription_changes",),
         "select cast(changed_at as varchar), seats, mrr_usd from staging.stg_raw__subscription_changes "
         "where change_id = 'bi_dup_change'",
         [("2024-03-14 00:00:00", 3, 30)]),
    kept("duplicate_event_first_received", ("product_events",),
         "select project_id from staging.stg_raw__product_events where event_id = 'bi_e_dup'",
         [("first",)]),
    kept("odd_case_event_name_normalized", ("product_events",),
         "select event_name, api_request_count from staging.stg_raw__product_events where event_id = 'bi_e_odd_name'",
         [("api_call", 7)]),
    # build errors: the message names the table and the column, or the folder
    Kind("missing_required_column", error=lambda raw: [
        "raw table 'users' is missing required column(s): email", f"folder '{raw}/users'"]),
    Kind("missing_table_folder", error=lambda raw: [
        "raw table 'firmographics': no Parquet files in folder", f"'{raw}/firmographics'"]),
]


def assert_reconciled(wh: Warehouse, table: str) -> None:
    got = wh.sql("select raw_rows, staged_rows, duplicate_rows, rejected_rows, is_balanced "
                 "from audit.audit_source_reconciliation where source_table = ?", [table])
    assert got == [(*expected_reconciliation(table), True)], f"reconciliation of {table}"


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_bad_input(bad_input: BadInputBuild, kind: Kind) -> None:
    wh = bad_input.warehouse
    if kind.error:
        output = bad_input.shape_error_output
        assert "Compilation Error" in output or "ERROR" in output
        for fragment in kind.error(bad_input.shape_error_raw):
            assert fragment in output, f"expected {fragment!r} in:\n{output[-3000:]}"
        return
    if kind.reject:
        table, record, reason = kind.reject
        rows = wh.sql(
            "select reject_reason from audit.audit_rejected_rows where source_table = ? "
            "and (record_id = ? or (record_id is null and raw_record like '%' || ? || '%'))",
            [table, record, record])
        assert rows == [(reason,)]
        # and never staged
        key = {"product_events": "event_id", "users": "user_id", "subscription_changes": "change_id",
               "web_pageviews": "pageview_id", "marketing_touches": "touch_id",
               "community_activity": "activity_id"}[table]
        assert wh.sql(f"select count(*) from staging.stg_raw__{table} where {key} = ?", [record]) == [(0,)]
    else:
        assert wh.sql(kind.query) == kind.expected
    for table in kind.tables:
        assert_reconciled(wh, table)
