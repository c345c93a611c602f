"""Bad input: every kind of dirty raw row has one exact, asserted outcome.

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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from compare_warehouses import compare
from plg_test_harness import Warehouse, account_row, event, run_dbt, subscription_change, ts, user_row, write_raw
from plg_test_harness import pageview as pageview_row
from raw_contract import RAW_SCHEMA, sql_literal

AS_OF = "2024-03-31"

# --- the combined fixture: (raw table, row, outcome) ---------------------------------
STAGED, DUPLICATE, REJECTED = "staged", "duplicate", "rejected"
TAGGED: list[tuple[str, dict[str, Any], str]] = []


def add(table: str, outcome: str, *rows: dict[str, Any]) -> None:
    TAGGED.extend((table, row, outcome) for row in rows)


def user(user_id: str | None, at: str, email: str | None, **details: str) -> dict[str, Any]:
    """A user of the team account (`details`: job_title, deleted_at); an empty `at` stays null."""
    return user_row(user_id, "bi_acc_team", email, at, **details)


def team_event(
    event_id: str, name: str, at: str, user_id: str, properties: dict[str, Any], received_at: str | None = None
) -> dict[str, Any]:
    """A product event of a user of the team account."""
    return event(
        event_id, name, at, user_id=user_id, account_id="bi_acc_team", properties=properties, received_at=received_at
    )


def bi_e_dup_delivery(project_id: str, received_at: str) -> dict[str, Any]:
    """One delivery of the event `bi_e_dup`, delivered twice with different payloads."""
    return team_event(
        "bi_e_dup", "project_created", "2024-03-20 10:00", "bi_u_owner", {"project_id": project_id}, received_at
    )


def change(
    change_id: str | None,
    at: str,
    status: str = "active",
    seats: int = 2,
    mrr: float = 40.0,
    plan: str = "team",
    subscription_id: str | None = "bi_sub",
) -> dict[str, Any]:
    return subscription_change(change_id, subscription_id, "bi_acc_team", at, plan, status, seats, mrr)


def pageview(pageview_id: str, anonymous_id: str | None, at: str, url: str) -> dict[str, Any]:
    """A page view received the moment it happened."""
    return pageview_row(pageview_id, anonymous_id, at, url, received_delay=timedelta(0))


# baseline: one team account with live users and activity, so every mart builds with content
add(
    "accounts",
    STAGED,
    account_row("bi_acc_team", "BI Corp", "2024-02-01", "bi_u_owner"),
    # an account with no users: kept everywhere, never a contact, never a PQA
    account_row("bi_acc_empty", "Nobody Home", "2024-02-15", "bi_u_gone"),
)
add(
    "users",
    STAGED,
    user("bi_u_owner", "2024-02-01 09:00", "owner@bi-corp.io", job_title="Software Engineer"),
    user("bi_u_second", "2024-02-03 09:00", "second@bi-corp.io", job_title="Engineering Manager"),
    # a deleted CTO: stays in dim_users, never the contact
    user("bi_u_deleted", "2024-02-02 09:00", "cto@bi-corp.io", job_title="CTO", deleted_at="2024-03-01"),
    # spaces and capitals: normalized and kept
    user("bi_u_caps", "2024-02-04 09:00", "  Jane.Doe@BI-Corp.IO "),
    # signs up on 2024-03-05 10:00 after a deploy tracked the day before
    user("bi_u_early", "2024-03-05 10:00", "early@bi-corp.io"),
)
add(
    "users",
    REJECTED,
    user("bi_bad_email", "2024-02-05 09:00", "jane.doe@corp"),  # malformed_email
    user(None, "2024-02-05 09:00", "nullkey.user@bi-corp.io"),  # null_primary_key
    user("bi_u_no_created", "", "nocreated@bi-corp.io"),
)  # null_timestamp
add(
    "product_events",
    STAGED,
    team_event("bi_e_deploy", "deployed", "2024-03-25 10:00", "bi_u_owner", {"environment": "production"}),
    team_event("bi_e_invite", "invite_sent", "2024-02-05 10:00", "bi_u_owner", {"invitee_email": "second@bi-corp.io"}),
    team_event("bi_e_calls", "api_call", "2024-03-26 10:00", "bi_u_second", {"count": 40, "status": "success"}),
    # an event before its user's signup: kept, ignored for first value
    team_event("bi_e_before_signup", "deployed", "2024-03-04 10:00", "bi_u_early", {"environment": "preview"}),
    team_event("bi_e_after_signup", "deployed", "2024-03-06 12:00", "bi_u_early", {"environment": "preview"}),
    # client clock in 2031: kept, occurred_at corrected to received_at
    team_event(
        "bi_e_future",
        "project_created",
        "2031-01-01 00:00",
        "bi_u_owner",
        {"project_id": "p1"},
        received_at="2024-03-10 10:00",
    ),
    # a known name in odd case and white space (tab, line break) with a padded
    # digit-string count: kept as api_call, 7 requests
    team_event("bi_e_odd_name", "\t API_Call \n", "2024-03-27 10:00", "bi_u_second", {"count": " \t7\r\n"}),
    # first delivery of an event delivered twice
    bi_e_dup_delivery("first", received_at="2024-03-20 10:00:01"),
)
add(
    "product_events",
    DUPLICATE,
    bi_e_dup_delivery("second", received_at="2024-03-21 08:00"),
)
add(
    "product_events",
    REJECTED,
    event(None, "api_call", "2024-03-01 10:00", anonymous_id="bi_marker_null_event_id", properties={"count": 1}),
    {**event("bi_null_name", "x", "2024-03-01 10:00", user_id="bi_u_owner"), "event_name": None},
    event("bi_bad_json", "deployed", "2024-03-01 10:00", user_id="bi_u_owner", properties='{"environment": '),
    event("bi_unknown_event", "page_scrolled", "2024-03-01 10:00", user_id="bi_u_owner"),
    event("bi_bad_count", "api_call", "2024-03-01 10:00", user_id="bi_u_owner", properties={"count": "ten"}),
    # several rules broken: the first in contract §10 order wins
    {**event("bi_reject_order", "x", "2024-03-01 10:00", user_id="bi_u_owner", properties="[1]"), "event_name": None},
    {
        **event(
            "bi_null_received",
            "deployed",
            "2024-03-01 10:00",
            user_id="bi_u_owner",
            properties={"environment": "preview"},
        ),
        "received_at": None,
    },
)
add(
    "web_pageviews",
    STAGED,
    pageview("bi_pv_noscheme", "bi_anon_1", "2024-03-02 10:00", "devtool.example/pricing?utm_source=Newsletter"),
    pageview(
        "bi_pv_utm_case",
        "bi_anon_2",
        "2024-03-02 11:00",
        "https://devtool.example/docs/?utm_medium=CpC&utm_source=GooGle&utm_campaign=Spring_Launch",
    ),
)
add(
    "web_pageviews", REJECTED, pageview("bi_pv_no_visitor", None, "2024-03-02 12:00", "https://devtool.example/")
)  # null_visitor
add(
    "subscription_changes",
    STAGED,
    change("bi_sub_ok", "2024-03-10 00:00"),
    change("bi_status_case", "2024-03-12 00:00", status=" Past_Due ", subscription_id="bi_sub_2", mrr=10.0),
)
# duplicate change_id with different content: the later-dated copy comes first in the file
add(
    "subscription_changes",
    DUPLICATE,
    change("bi_dup_change", "2024-03-15 00:00", seats=9, mrr=900.0, subscription_id="bi_sub_3"),
)
add(
    "subscription_changes",
    STAGED,
    change("bi_dup_change", "2024-03-14 00:00", seats=3, mrr=30.0, subscription_id="bi_sub_3"),
)
add(
    "subscription_changes",
    REJECTED,
    change("bi_neg_seats", "2024-03-10 00:00", seats=-1),
    change("bi_neg_mrr", "2024-03-10 00:00", mrr=-10.0),
    change("bi_paused", "2024-03-10 00:00", status="paused"),
    change("bi_reject_order_sub", "2024-03-10 00:00", status="paused", seats=-2, mrr=-5.0),
    change("bi_no_sub_id", "2024-03-10 00:00", subscription_id=None),
)
add(
    "marketing_touches",
    STAGED,
    {
        "touch_id": "bi_touch_ok",
        "anonymous_id": None,
        "email": " Owner@BI-Corp.io\t",
        "occurred_at": ts("2024-01-20 10:00"),
        "channel": " Webinar ",
        "campaign": "q1",
    },
)
add(
    "marketing_touches",
    REJECTED,
    {
        "touch_id": "bi_touch_bad_email",
        "anonymous_id": None,
        "email": "owner@@bi-corp.io",
        "occurred_at": ts("2024-01-20 10:00"),
        "channel": "webinar",
        "campaign": None,
    },
)
add(
    "community_activity",
    STAGED,
    {
        "activity_id": "bi_ca_ok",
        "platform": "slack",
        "member_handle": "owner",
        "email": "owner@bi-corp.io",
        "activity_type": "question",
        "body": "how do I deploy?",
        "occurred_at": ts("2024-03-03 10:00"),
    },
)
add(
    "community_activity",
    REJECTED,
    {
        "activity_id": "bi_ca_bad_email",
        "platform": "slack",
        "member_handle": "x",
        "email": "someone at bi-corp.io",
        "activity_type": "message",
        "body": "hi",
        "occurred_at": ts("2024-03-03 10:00"),
    },
)
add(
    "firmographics",
    STAGED,
    {
        "domain": "bi-corp.io",
        "company_name": "BI Corp",
        "employee_count": 120,
        "industry": "software",
        "country": "US",
        "enriched_at": ts("2024-01-01"),
    },
    # the latest enrichment has a negative employee count: kept, count unknown, flagged
    {
        "domain": "bi-corp.io",
        "company_name": "BI Corp",
        "employee_count": -5,
        "industry": "software",
        "country": "US",
        "enriched_at": ts("2024-03-01"),
    },
)
# crm_opportunities: no staged row (the empty-table kind); its rejected rows are below

# values outside the contract: quarantined with a reason of their own, never a crash
add(
    "product_events",
    REJECTED,
    # a future date on both clocks would move the default as_of_date to 2999
    team_event(
        "bi_e_year_2999",
        "deployed",
        "2999-01-01 00:00",
        "bi_u_owner",
        {"environment": "production"},
        received_at="2999-01-01 00:00",
    ),
    # counts beyond the 32-bit range (the first once crashed a cast, the second a sum), then compute units
    # that do not fit a double, are not finite or are negative
    *(
        event(event_id, "api_call", "2024-03-01 10:00", user_id="bi_u_owner", properties=properties)
        for event_id, properties in [
            ("bi_count_huge", '{"count": 99999999999999999999, "status": "success"}'),
            ("bi_count_int64_max", '{"count": 9223372036854775807, "status": "success"}'),
            ("bi_cu_1e400", '{"count": 1, "compute_units": 1e400}'),
            ("bi_cu_infinity", {"count": 1, "compute_units": "Infinity"}),
            ("bi_cu_nan", {"count": 1, "compute_units": "NaN"}),
            ("bi_cu_negative", {"count": 1, "compute_units": -0.5}),
        ]
    ),
)
add("subscription_changes", REJECTED, change("bi_plan_pro", "2024-03-10 00:00", plan="pro"))
add(
    "users",
    REJECTED,
    user("bi_zero_width", "2024-02-05 09:00", "zero\u200bwidth@bi-corp.io"),  # malformed_email
    user("bi_nul_email", "2024-02-05 09:00", "nul\x00byte@bi-corp.io"),
)  # malformed_email
add(
    "users",
    STAGED,
    # an email pasted into a job title is masked, the user kept
    user(
        "bi_u_pii_title", "2024-02-06 09:00", "pii.title@bi-corp.io", job_title="CTO, reach me at cto.direct@bi-corp.io"
    ),
)
add(
    "accounts",
    STAGED,
    account_row("bi_acc_pii", "Ops team (ops.lead@bi-corp.io)", "2024-02-20", "bi_u_owner"),
)
add(
    "marketing_touches",
    STAGED,
    # the contract names no list of channels: kept, and dbt warns about it
    {
        "touch_id": "bi_touch_pigeon",
        "anonymous_id": "bi_anon_1",
        "email": None,
        "occurred_at": ts("2024-01-20 10:00"),
        "channel": "carrier_pigeon",
        "campaign": None,
    },
)
add(
    "community_activity",
    REJECTED,
    {
        "activity_id": "bi_ca_myspace",
        "platform": "MySpace",
        "member_handle": "x",
        "email": None,
        "activity_type": "message",
        "body": "hi",
        "occurred_at": ts("2024-03-03 10:00"),
    },
    {
        "activity_id": "bi_ca_like",
        "platform": "github",
        "member_handle": "x",
        "email": None,
        "activity_type": "like",
        "body": None,
        "occurred_at": ts("2024-03-03 10:00"),
    },
)
add(
    "crm_opportunities",
    REJECTED,
    {
        "opportunity_id": "bi_opp_carrier",
        "org_domain": "bi-corp.io",
        "created_at": ts("2024-03-01"),
        "closed_at": None,
        "stage": "open",
        "amount_usd": 100.0,
        "source": "carrier",
    },
)
add(
    "firmographics",
    STAGED,
    {
        "domain": "pii-corp.io",
        "company_name": "PII Corp <press@pii-corp.io>",
        "employee_count": 10,
        "enriched_at": ts("2024-01-01"),
    },
)

# --- files in other shapes: (table, path below the table folder, Arrow types of
# some columns, rows with their outcome). Other columns take the contract types.
EXTRA_FILES: list[tuple[str, str, dict[str, pa.DataType], list[tuple[dict[str, Any], str]]]] = [
    # a Hive-style partition folder is read like any other file
    (
        "users",
        "dt=2026-12-05/part-000.parquet",
        {},
        [(user("bi_u_hive", "2024-02-07 09:00", "hive@bi-corp.io"), STAGED)],
    ),
    # a zone-aware Parquet timestamp: 09:00 in New York is 14:00 UTC
    (
        "users",
        "part-001-zoned.parquet",
        {"created_at": pa.timestamp("us", tz="America/New_York")},
        [({**user("bi_u_zoned", "", "zoned@bi-corp.io"), "created_at": ts("2024-02-08 14:00")}, STAGED)],
    ),
    # text timestamps: an offset is honoured, text that is no time is quarantined
    (
        "marketing_touches",
        "part-001-text.parquet",
        {"occurred_at": pa.string()},
        [
            (
                {
                    "touch_id": "bi_touch_offset",
                    "email": "owner@bi-corp.io",
                    "occurred_at": "2024-01-21 04:49:07-05:00",
                    "channel": "email",
                },
                STAGED,
            ),
            (
                {
                    "touch_id": "bi_touch_bad_time",
                    "email": "owner@bi-corp.io",
                    "occurred_at": "last tuesday",
                    "channel": "email",
                },
                REJECTED,
            ),
        ],
    ),
    # numbers written as doubles: 2.5 seats are not 2, 10.005 dollars are not 10.01
    (
        "subscription_changes",
        "part-001-double.parquet",
        {"seats": pa.float64(), "mrr_usd": pa.float64()},
        [
            (change("bi_seats_fraction", "2024-03-10 00:00", seats=2.5), REJECTED),
            (change("bi_mrr_fraction", "2024-03-10 00:00", mrr=10.005), REJECTED),
            (change("bi_mrr_infinite", "2024-03-10 00:00", mrr=float("inf")), REJECTED),
            (change("bi_seats_whole_double", "2024-03-11 00:00", seats=4.0, subscription_id="bi_sub_4"), STAGED),
        ],
    ),
    (
        "firmographics",
        "part-001-double.parquet",
        {"employee_count": pa.float64()},
        [
            (
                {
                    "domain": "fraction.io",
                    "company_name": "Fraction",
                    "employee_count": 120.5,
                    "enriched_at": ts("2024-01-01"),
                },
                REJECTED,
            )
        ],
    ),
    (
        "crm_opportunities",
        "part-001-double.parquet",
        {"amount_usd": pa.float64()},
        [
            (
                {
                    "opportunity_id": "bi_opp_huge_amount",
                    "org_domain": "bi-corp.io",
                    "created_at": ts("2024-03-01"),
                    "stage": "open",
                    "amount_usd": 1e12,
                    "source": "inbound",
                },
                REJECTED,
            )
        ],
    ),
]

ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "TIMESTAMP": pa.timestamp("us"),
    "INTEGER": pa.int32(),
    "DECIMAL(12,2)": pa.float64(),
    "DATE": pa.date32(),
}


def write_extra_files(raw_dir: Path) -> None:
    """Write EXTRA_FILES: contract columns, some with the file's own Arrow type."""
    for table, relative, types, rows in EXTRA_FILES:
        columns = {}
        for name, contract_type in RAW_SCHEMA[table]:
            arrow_type = types.get(name, ARROW_TYPES[contract_type])
            values = [row.get(name) for row, _ in rows]
            if pa.types.is_timestamp(arrow_type) and arrow_type.tz:
                values = [pa.scalar(v, pa.timestamp("us", tz="UTC")).cast(arrow_type) if v else None for v in values]
            columns[name] = pa.array(values, arrow_type)
        path = raw_dir / table / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.table(columns), path)


def rows_by_table() -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, row, _ in TAGGED:
        rows.setdefault(table, []).append(row)
    return rows


def expected_reconciliation(table: str) -> tuple[int, int, int, int]:
    """(raw, staged, duplicate, rejected) from the fixture's own tags."""
    counts = Counter(outcome for t, _, outcome in TAGGED if t == table)
    counts.update(outcome for t, _, _, rows in EXTRA_FILES if t == table for _, outcome in rows)
    raw = sum(counts.values())
    return raw, counts[STAGED], counts[DUPLICATE], counts[REJECTED]


# --- builds ----------------------------------------------------------------------------


@dataclass
class BadInputBuild:
    warehouse: Warehouse
    shape_error_output: str = ""
    shape_error_raw: Path = field(default_factory=Path)
    other_zone_warehouse: Warehouse | None = None


def rewrite_raw_table(raw_dir: Path, table: str, select_list: str, file_name: str = "part-000.parquet") -> None:
    """Rewrite one Parquet file of a raw table as `select <select_list>` of itself."""
    path = raw_dir / table / file_name
    tmp = path.with_suffix(".tmp")
    con = duckdb.connect()
    con.execute(
        f"copy (select {select_list} from read_parquet(?)) to {sql_literal(tmp)} (format parquet)", [path.as_posix()]
    )
    con.close()
    tmp.replace(path)


def add_extra_column(raw_dir: Path, table: str, column: str, value: str) -> None:
    """Rewrite a raw table's Parquet with one unexpected extra column."""
    rewrite_raw_table(raw_dir, table, f"*, '{value}' as {column}")


def split_without_columns(raw_dir: Path, table: str, columns: list[str]) -> None:
    """Move a raw table's last row to a second file that lacks `columns`."""
    first = raw_dir / table / "part-000.parquet"
    second, rest = raw_dir / table / "part-001.parquet", first.with_suffix(".rest")
    con = duckdb.connect()
    con.execute("create table t as select * from read_parquet(?)", [first.as_posix()])
    n = con.execute("select count(*) from t").fetchone()[0]
    con.execute(
        f"copy (select * exclude ({', '.join(columns)}) from t offset {n - 1}) "
        f"to {sql_literal(second)} (format parquet)"
    )
    con.execute(f"copy (select * from t limit {n - 1}) to {sql_literal(rest)} (format parquet)")
    con.close()
    rest.replace(first)


# the warehouse is built from a folder whose name holds a space and a quote
RAW_FOLDER = "raw dir o'brien"


@pytest.fixture(scope="session")
def bad_input(tmp_path_factory: pytest.TempPathFactory) -> BadInputBuild:
    work = tmp_path_factory.mktemp("bad_input")
    raw, db = work / RAW_FOLDER, work / "plg.duckdb"
    write_raw(raw, rows_by_table())
    write_extra_files(raw)
    add_extra_column(raw, "accounts", "plan_tier", "gold")
    # shape errors: a copy of the raw folder where users is split in two files and
    # the second lacks email and deleted_at, seats is a boolean in one file, and the
    # firmographics folder is gone
    broken = work / "raw_broken"
    shutil.copytree(raw, broken)
    split_without_columns(broken, "users", ["email", "deleted_at"])
    rewrite_raw_table(broken, "subscription_changes", "* replace (seats > 2 as seats)")
    shutil.rmtree(broken / "firmographics")
    vars_ = {"as_of_date": AS_OF}
    zone = work / "new_york"
    with ThreadPoolExecutor(max_workers=3) as pool:  # independent: run side by side
        build = pool.submit(run_dbt, ["build"], work, db, raw, vars_)
        # the same files built on a machine whose local zone is New York
        other_zone = pool.submit(run_dbt, ["build"], zone, zone / "plg.duckdb", raw, vars_, {"TZ": "America/New_York"})
        shape = pool.submit(
            run_dbt,
            ["run", "--select", "base_raw__users", "base_raw__firmographics", "base_raw__subscription_changes"],
            work / "shape",
            work / "shape.duckdb",
            broken,
        )
        result, other_result, shape_result = build.result(), other_zone.result(), shape.result()
    for name, outcome in (("bad-input fixture", result), ("bad-input fixture under TZ=America/New_York", other_result)):
        if outcome.returncode != 0:
            raise AssertionError(f"dbt build of the {name} failed:\n" + "\n".join(outcome.output.splitlines()[-60:]))
    return BadInputBuild(
        Warehouse(db, raw, work, result),
        shape_result.output,
        broken,
        Warehouse(zone / "plg.duckdb", raw, zone, other_result),
    )


# --- the kinds --------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of bad input and the exact outcome it must have."""

    name: str
    tables: tuple[str, ...] = ()  # source tables whose reconciliation must be exact
    reject: tuple[str, str, str] | None = None  # (source_table, record_id or raw marker, reject_reason)
    query: str = ""  # kept kinds: a query ...
    expected: Any = None  # ... and its exact rows
    error: Callable[[Path], list[str]] | None = None  # error kinds: fragments the output must contain


def quarantined(name: str, table: str, record: str, reason: str) -> Kind:
    return Kind(name, (table,), reject=(table, record, reason))


def kept(name: str, tables: tuple[str, ...], query: str, expected: Any) -> Kind:
    return Kind(name, tables, query=query, expected=expected)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


KINDS: list[Kind] = [
    # quarantine: every reason of contract §2 / 10, in order, then the project's additions
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
    kept(
        "future_timestamp_clock_corrected",
        ("product_events",),
        "select cast(occurred_at as varchar), cast(client_occurred_at as varchar), is_clock_corrected "
        "from staging.stg_raw__product_events where event_id = 'bi_e_future'",
        [("2024-03-10 10:00:00", "2031-01-01 00:00:00", True)],
    ),
    kept(
        "future_timestamp_counts_on_received_day",
        ("product_events",),
        "select cast(activity_date as varchar), events from intermediate.int_users_activity_daily "
        "where user_id = 'bi_u_owner' and activity_date = '2024-03-10'",
        [("2024-03-10", 1)],
    ),
    kept(
        "event_before_signup_ignored_for_first_value",
        ("product_events", "users"),
        "select (select count(*) from staging.stg_raw__product_events where event_id = 'bi_e_before_signup'), "
        "cast(first_value_at as varchar), time_to_first_value_minutes, is_activated "
        "from marts.mart_activation where user_id = 'bi_u_early'",
        [(1, "2024-03-06 12:00:00", 1560, True)],
    ),
    kept(
        "known_status_in_odd_case",
        ("subscription_changes",),
        "select status from staging.stg_raw__subscription_changes where change_id = 'bi_status_case'",
        [("past_due",)],
    ),
    kept(
        "deleted_user_kept_never_contact",
        ("users",),
        "select (select is_deleted from marts.dim_users where user_id = 'bi_u_deleted'), "
        "(select persona from marts.dim_users where user_id = 'bi_u_deleted'), "
        "contact_user_id != 'bi_u_deleted' and contact_user_id is not null "
        "from marts.mart_pqa where account_id = 'bi_acc_team'",
        [(True, "cto", True)],
    ),
    kept(
        "account_with_no_users",
        ("accounts",),
        "select d.current_plan, d.champion_user_id, p.active_users_30d, p.is_pqa, p.contact_user_id, "
        "p.contact_email, (select count(*) from marts.dim_users where account_id = 'bi_acc_empty') "
        "from marts.dim_accounts as d join marts.mart_pqa as p using (account_id) "
        "where account_id = 'bi_acc_empty'",
        [("free", None, 0, False, None, None, 0)],
    ),
    kept(
        "email_spaces_and_capitals_normalized",
        ("users",),
        "select s.email, d.email_domain, d.email_hash from staging.stg_raw__users as s "
        "join marts.dim_users as d using (user_id) where user_id = 'bi_u_caps'",
        [("jane.doe@bi-corp.io", "bi-corp.io", sha256("jane.doe@bi-corp.io"))],
    ),
    kept(
        "url_without_scheme",
        ("web_pageviews",),
        "select page_path, utm_source from staging.stg_raw__web_pageviews where pageview_id = 'bi_pv_noscheme'",
        [("/pricing", "newsletter")],
    ),
    kept(
        "utm_value_in_odd_case",
        ("web_pageviews",),
        "select p.utm_medium, p.utm_source, p.utm_campaign, s.channel from staging.stg_raw__web_pageviews as p "
        "join intermediate.int_web_sessions_sessionized as s on s.session_id = p.pageview_id "
        "where p.pageview_id = 'bi_pv_utm_case'",
        [("cpc", "google", "spring_launch", "paid_search")],
    ),
    kept(
        "negative_employee_count",
        ("firmographics",),
        "select employee_count, is_employee_count_invalid, "
        "(select employee_count from marts.dim_accounts where account_id = 'bi_acc_team') "
        "from staging.stg_raw__firmographics where domain = 'bi-corp.io' and enriched_at = '2024-03-01'",
        [(None, True, None)],
    ),
    kept(
        "extra_unexpected_column",
        ("accounts",),
        "select count(*), count(*) filter (where column_name = 'plan_tier') from information_schema.columns "
        "where table_schema = 'staging' and table_name = 'stg_raw__accounts'",
        [(4 + 2, 0)],
    ),
    kept(
        "empty_table",
        ("crm_opportunities",),
        "select (select count(*) from staging.stg_raw__crm_opportunities), "
        "(select count(*) from marts.mart_attribution_paths where conversion_type = 'closed_won')",
        [(0, 0)],
    ),
    kept(
        "duplicate_change_id_first_by_changed_at",
        ("subscription_changes",),
        "select cast(changed_at as varchar), seats, mrr_usd from staging.stg_raw__subscription_changes "
        "where change_id = 'bi_dup_change'",
        [("2024-03-14 00:00:00", 3, 30)],
    ),
    kept(
        "duplicate_event_first_received",
        ("product_events",),
        "select project_id from staging.stg_raw__product_events where event_id = 'bi_e_dup'",
        [("first",)],
    ),
    kept(
        "odd_case_event_name_normalized",
        ("product_events",),
        "select event_name, api_request_count from staging.stg_raw__product_events where event_id = 'bi_e_odd_name'",
        [("api_call", 7)],
    ),
    # values outside the contract: quarantined, never a crash, never in a mart
    quarantined("future_timestamp_both_clocks", "product_events", "bi_e_year_2999", "future_timestamp"),
    kept(
        "future_event_leaves_default_as_of_alone",
        ("product_events",),
        "select cast(max(occurred_at) as varchar) from staging.stg_raw__product_events",
        [("2024-03-27 10:00:00",)],
    ),
    quarantined("api_count_beyond_int64", "product_events", "bi_count_huge", "invalid_api_call_count"),
    quarantined("api_count_int64_max", "product_events", "bi_count_int64_max", "invalid_api_call_count"),
    quarantined("compute_units_1e400", "product_events", "bi_cu_1e400", "invalid_compute_units"),
    quarantined("compute_units_infinity", "product_events", "bi_cu_infinity", "invalid_compute_units"),
    quarantined("compute_units_nan", "product_events", "bi_cu_nan", "invalid_compute_units"),
    quarantined("compute_units_negative", "product_events", "bi_cu_negative", "invalid_compute_units"),
    quarantined("fractional_seats", "subscription_changes", "bi_seats_fraction", "invalid_seats"),
    quarantined("mrr_beyond_cents", "subscription_changes", "bi_mrr_fraction", "invalid_mrr"),
    quarantined("mrr_infinite", "subscription_changes", "bi_mrr_infinite", "invalid_mrr"),
    kept(
        "whole_seats_written_as_double",
        ("subscription_changes",),
        "select seats from staging.stg_raw__subscription_changes where change_id = 'bi_seats_whole_double'",
        [(4,)],
    ),
    quarantined("unknown_plan", "subscription_changes", "bi_plan_pro", "unknown_plan"),
    kept(
        "channel_outside_the_known_list_kept",
        ("marketing_touches",),
        "select channel from staging.stg_raw__marketing_touches where touch_id = 'bi_touch_pigeon'",
        [("carrier_pigeon",)],
    ),
    quarantined("unknown_platform", "community_activity", "bi_ca_myspace", "unknown_platform"),
    quarantined("unknown_activity_type", "community_activity", "bi_ca_like", "unknown_activity_type"),
    quarantined("unknown_opportunity_source", "crm_opportunities", "bi_opp_carrier", "unknown_source"),
    quarantined("amount_beyond_decimal", "crm_opportunities", "bi_opp_huge_amount", "invalid_amount"),
    quarantined(
        "fractional_employee_count", "firmographics", "fraction.io|2024-01-01 00:00:00", "invalid_employee_count"
    ),
    quarantined("zero_width_space_in_email", "users", "bi_zero_width", "malformed_email"),
    quarantined("nul_in_email", "users", "bi_nul_email", "malformed_email"),
    # time zones: stored instants are UTC whatever the file's zone or the machine's TZ
    quarantined("text_timestamp_not_a_time", "marketing_touches", "bi_touch_bad_time", "invalid_timestamp"),
    kept(
        "text_timestamp_offset_to_utc",
        ("marketing_touches",),
        "select cast(occurred_at as varchar) from staging.stg_raw__marketing_touches "
        "where touch_id = 'bi_touch_offset'",
        [("2024-01-21 09:49:07",)],
    ),
    kept(
        "zoned_parquet_timestamp_to_utc",
        ("users",),
        "select cast(created_at as varchar) from staging.stg_raw__users where user_id = 'bi_u_zoned'",
        [("2024-02-08 14:00:00",)],
    ),
    # every file is read, at any depth, and reconciliation counts each one
    kept(
        "hive_partition_folder_read",
        ("users",),
        "select (select count(*) from staging.stg_raw__users where user_id = 'bi_u_hive'), "
        "landed_files, raw_files, is_complete from audit.audit_source_reconciliation "
        "where source_table = 'users'",
        [(1, 3, 3, True)],
    ),
    kept(
        "every_landed_row_read",
        (),
        "select count(*) filter (where is_complete), count(*) from audit.audit_source_reconciliation",
        [(9, 9)],
    ),
    kept(
        "raw_path_with_space_and_quote",
        ("users",),
        "select count(*) from staging.stg_raw__users where _file_name like '%o''brien%'",
        [(expected_reconciliation("users")[1],)],
    ),
    # PII in free text is masked in the models, the row kept
    kept(
        "email_in_job_title_masked",
        ("users",),
        "select job_title from staging.stg_raw__users where user_id = 'bi_u_pii_title'",
        [("CTO, reach me at [email removed]",)],
    ),
    kept(
        "email_in_account_name_masked",
        ("accounts",),
        "select account_name from marts.dim_accounts where account_id = 'bi_acc_pii'",
        [("Ops team ([email removed])",)],
    ),
    kept(
        "email_in_company_name_masked",
        ("firmographics",),
        "select company_name from staging.stg_raw__firmographics where domain = 'pii-corp.io'",
        [("PII Corp <[email removed]>",)],
    ),
    kept(
        "raw_record_only_on_rejected_rows",
        (),
        " union all ".join(
            f"select count(*) from staging.base_raw__{table} where reject_reason is null and raw_record is not null"
            for table in RAW_SCHEMA
        ),
        [(0,)] * len(RAW_SCHEMA),
    ),
    # build errors: the message names the table, the file and the column, or the folder
    Kind(
        "column_missing_in_one_file_of_a_split_folder",
        error=lambda raw: [
            "raw table 'users' does not match the contract",
            f"file '{raw}/users/part-001.parquet': column 'deleted_at' is missing (contract type timestamp)",
            f"file '{raw}/users/part-001.parquet': column 'email' is missing (contract type varchar)",
        ],
    ),
    Kind(
        "incompatible_column_type",
        error=lambda raw: [
            f"file '{raw}/subscription_changes/part-000.parquet': column 'seats' has type BOOLEAN "
            "(contract type integer)"
        ],
    ),
    Kind(
        "missing_table_folder",
        error=lambda raw: ["raw table 'firmographics': no Parquet files in folder", f"'{raw}/firmographics'"],
    ),
]


def assert_reconciled(wh: Warehouse, table: str) -> None:
    got = wh.sql(
        "select raw_rows, staged_rows, duplicate_rows, rejected_rows, is_balanced "
        "from audit.audit_source_reconciliation where source_table = ?",
        [table],
    )
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
            [table, record, record],
        )
        assert rows == [(reason,)]
        # and never staged
        key = {
            "product_events": "event_id",
            "users": "user_id",
            "subscription_changes": "change_id",
            "web_pageviews": "pageview_id",
            "marketing_touches": "touch_id",
            "community_activity": "activity_id",
            "crm_opportunities": "opportunity_id",
            "firmographics": "domain || '|' || cast(enriched_at as varchar)",
        }[table]
        assert wh.sql(f"select count(*) from staging.stg_raw__{table} where {key} = ?", [record]) == [(0,)]
    else:
        assert wh.sql(kind.query) == kind.expected
    for table in kind.tables:
        assert_reconciled(wh, table)


def test_same_relations_in_any_time_zone(bad_input: BadInputBuild) -> None:
    """The same files built under TZ=America/New_York give every relation row for row."""
    other = bad_input.other_zone_warehouse
    assert other is not None
    schemas = ("staging", "intermediate", "marts", "audit")
    assert compare(str(bad_input.warehouse.db_path), str(other.db_path), schemas) == []
