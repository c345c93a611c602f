"""Tests of the demo data generator (scripts/generate_raw_data.py).

The generator feeds `make build`, so it must honour the raw contract (contract §1)
exactly, be reproducible, keep timestamps inside the history window, and plant
every kind of dirty row the cleaning rules of contract §2 and 10 are about. A small
population (200 users) keeps the whole module to a few seconds.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import generate_raw_data as gen  # noqa: E402
from raw_contract import RAW_SCHEMA  # noqa: E402

END = date(2024, 6, 30)
END_TS = datetime(2024, 6, 30, 23, 59, 59)
DAYS = 120
USERS = 200
SEED = 7
EVENT_NAMES = (
    "('signed_up', 'project_created', 'api_call', 'deployed', 'integration_connected', "
    "'invite_sent', 'invite_accepted', 'rate_limit_hit', 'feature_viewed')"
)


def _generate(out: Path, seed: int = SEED, users: int = USERS, days: int = DAYS) -> dict[str, int]:
    return gen.generate(gen.Config(users=users, seed=seed, out=out, end_date=END, days=days))


def _connect(raw: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per raw table."""
    con = duckdb.connect()
    for table in RAW_SCHEMA:
        con.execute(f"create view {table} as select * from read_parquet('{(raw / table).as_posix()}/*.parquet')")
    return con


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("raw_a")
    _generate(out)
    return out


@pytest.fixture(scope="module")
def con(raw: Path) -> duckdb.DuckDBPyConnection:
    connection = _connect(raw)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """A larger population over the default history: enough accounts for revenue and PQA."""
    out = tmp_path_factory.mktemp("raw_story")
    _generate(out, users=800, days=gen.DEFAULT_DAYS)
    connection = _connect(out)
    yield connection
    connection.close()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


# ---------------------------------------------------------------------------------------------
# contract
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(RAW_SCHEMA))
def test_table_has_exact_contract_columns_and_types(raw: Path, table: str) -> None:
    files = sorted((raw / table).glob("*.parquet"))
    assert files, f"no parquet files for {table}"
    described = duckdb.sql(f"describe select * from read_parquet('{(raw / table).as_posix()}/*.parquet')").fetchall()
    assert [(row[0], row[1]) for row in described] == RAW_SCHEMA[table]


@pytest.mark.parametrize("table", list(RAW_SCHEMA))
def test_every_table_has_rows(con: duckdb.DuckDBPyConnection, table: str) -> None:
    assert _scalar(con, f"select count(*) from {table}") > 0


def test_cli_prints_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["--users", "60", "--seed", "3", "--out", str(tmp_path), "--end-date", "2024-06-30"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    for table in RAW_SCHEMA:
        assert f"{table}=" in lines[0]


def test_default_end_date_is_today_utc(tmp_path: Path) -> None:
    cfg = gen.parse_args(["--out", str(tmp_path)])
    assert cfg.end_date == datetime.now(UTC).date()
    assert cfg.users == gen.DEFAULT_USERS


def test_events_target_scales_users_and_hits_the_target(tmp_path: Path) -> None:
    cfg = gen.parse_args(["--out", str(tmp_path), "--events", "30000", "--end-date", "2024-06-30"])
    assert cfg.users == round(30000 / gen.EVENTS_PER_USER)
    counts = gen.generate(cfg)
    assert abs(counts["product_events"] - 30000) / 30000 < 0.1


# ---------------------------------------------------------------------------------------------
# determinism and overwrite
# ---------------------------------------------------------------------------------------------


def _same_content(a: Path, b: Path, table: str) -> bool:
    con = duckdb.connect()
    left = f"read_parquet('{(a / table).as_posix()}/*.parquet')"
    right = f"read_parquet('{(b / table).as_posix()}/*.parquet')"
    diff = con.execute(
        f"select (select count(*) from (select * from {left} except all select * from {right}))"
        f" + (select count(*) from (select * from {right} except all select * from {left}))"
    ).fetchone()[0]
    same_count = con.execute(f"select (select count(*) from {left}) = (select count(*) from {right})").fetchone()[0]
    con.close()
    return diff == 0 and same_count


def test_same_seed_and_end_date_give_identical_content(raw: Path, tmp_path: Path) -> None:
    stale = tmp_path / "product_events" / "part-099.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"stale")  # earlier output is replaced, not mixed in
    _generate(tmp_path)
    assert not stale.exists()
    for table in RAW_SCHEMA:
        assert _same_content(raw, tmp_path, table), table


def test_another_seed_gives_other_data(raw: Path, tmp_path: Path) -> None:
    _generate(tmp_path, seed=SEED + 1)
    assert not _same_content(raw, tmp_path, "product_events")
    assert not _same_content(raw, tmp_path, "users")


# ---------------------------------------------------------------------------------------------
# time window
# ---------------------------------------------------------------------------------------------

TIMESTAMP_COLUMNS = [(t, c) for t, cols in RAW_SCHEMA.items() for c, ty in cols if ty in ("TIMESTAMP", "DATE")]


@pytest.mark.parametrize(("table", "column"), TIMESTAMP_COLUMNS)
def test_no_timestamp_after_end_date_except_planted_future_events(
    con: duckdb.DuckDBPyConnection, table: str, column: str
) -> None:
    late = _scalar(con, f"select count(*) from {table} where {column} > timestamp '{END_TS}'")
    if (table, column) != ("product_events", "occurred_at"):
        assert late == 0
        return
    total = _scalar(con, "select count(*) from product_events")
    assert 0 < late <= max(5, total // 1000), "a few future-dated client clocks, no more"
    assert (
        _scalar(
            con,
            f"select count(*) from product_events where occurred_at > timestamp '{END_TS}' "
            f"and received_at > timestamp '{END_TS}'",
        )
        == 0
    )


def test_history_starts_days_before_end(con: duckdb.DuckDBPyConnection) -> None:
    start = datetime(END.year, END.month, END.day) - timedelta(days=DAYS)
    assert _scalar(con, "select min(created_at) from accounts") >= start
    assert _scalar(con, "select min(created_at) from users") >= start


# ---------------------------------------------------------------------------------------------
# planted defects (contract §2 and 10): each kind at least once
# ---------------------------------------------------------------------------------------------

API_COUNT = "json_extract(properties, '$.count')"
API_ROWS = (
    "from product_events where event_name = 'api_call' and json_valid(properties) and json_type(properties) = 'OBJECT'"
)
MALFORMED = "not regexp_full_match(trim({c}), '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')"


def _duplicate_keys(table: str, key: str, order_col: str | None = None, distinct_rows: bool = False) -> str:
    """SQL counting keys delivered more than once (with a later timestamp / other content)."""
    having = "count(*) > 1"
    if order_col:
        having += f" and count(distinct {order_col}) > 1"
    if distinct_rows:
        having += f" and count(distinct {table}) > 1"
    return f"select count(*) from (select {key} from {table} where {key} is not null group by {key} having {having})"


DEFECTS = {
    # product_events
    "event duplicate received later": _duplicate_keys("product_events", "event_id", "received_at"),
    "event null event_id": "select count(*) from product_events where event_id is null",
    "event null event_name": "select count(*) from product_events where event_name is null",
    "properties malformed json": "select count(*) from product_events where not json_valid(properties)",
    "properties json array": "select count(*) from product_events where json_valid(properties) "
    "and json_type(properties) = 'ARRAY'",
    "properties json string": "select count(*) from product_events where json_valid(properties) "
    "and json_type(properties) = 'VARCHAR'",
    "unknown event name": f"select count(*) from product_events where trim(lower(event_name)) not in {EVENT_NAMES}",
    "odd case event name": f"select count(*) from product_events where event_name <> trim(lower(event_name)) "
    f"and trim(lower(event_name)) in {EVENT_NAMES}",
    "api count missing": f"select count(*) {API_ROWS} and {API_COUNT} is null",
    "api count zero": f"select count(*) {API_ROWS} and {API_COUNT}::varchar = '0'",
    "api count negative": f"select count(*) {API_ROWS} and json_type({API_COUNT}) = 'BIGINT' "
    f"and {API_COUNT}::bigint < 0",
    "api count fractional": f"select count(*) {API_ROWS} and json_type({API_COUNT}) = 'DOUBLE'",
    "api count padded digits (valid)": f"select count(*) {API_ROWS} and json_type({API_COUNT}) = 'VARCHAR' "
    f"and regexp_full_match({API_COUNT} ->> '$', ' +[0-9]+ +')",
    "api count plus sign": f"select count(*) {API_ROWS} and ({API_COUNT} ->> '$') like '+%'",
    "clock skew over 5 minutes": "select count(*) from product_events "
    "where occurred_at > received_at + interval 5 minute",
    "clock skew exactly 5 minutes": "select count(*) from product_events "
    "where occurred_at = received_at + interval 5 minute",
    "event late by days": "select count(*) from product_events where received_at > occurred_at + interval 1 day",
    "event of unknown user": "select count(*) from product_events where user_id is not null "
    "and user_id not in (select user_id from users where user_id is not null)",
    "event of unknown account": "select count(*) from product_events where account_id is not null "
    "and account_id not in (select account_id from accounts where account_id is not null)",
    # web_pageviews
    "pageview duplicate received later": _duplicate_keys("web_pageviews", "pageview_id", "received_at"),
    "pageview null id": "select count(*) from web_pageviews where pageview_id is null",
    # users
    "user null id": "select count(*) from users where user_id is null",
    "user duplicate": _duplicate_keys("users", "user_id"),
    "user email without @": "select count(*) from users where position('@' in email) = 0",
    "user email with two @": "select count(*) from users where length(email) - length(replace(email, '@', '')) >= 2",
    "user email without dotted domain": "select count(*) from users "
    "where length(email) - length(replace(email, '@', '')) = 1 "
    "and split_part(email, '@', 2) not like '%.%'",
    "user email with capitals and spaces (valid)": f"select count(*) from users where email <> trim(lower(email)) "
    f"and not ({MALFORMED.format(c='email')})",
    # accounts
    "account null id": "select count(*) from accounts where account_id is null",
    "account duplicate": _duplicate_keys("accounts", "account_id"),
    # subscription_changes
    "subscription null change_id": "select count(*) from subscription_changes where change_id is null",
    "subscription duplicate with other content": _duplicate_keys("subscription_changes", "change_id", "seats"),
    "subscription identical duplicate": "select count(*) from (select * from subscription_changes "
    "where change_id is not null group by all having count(*) > 1)",
    "subscription negative seats": "select count(*) from subscription_changes where seats < 0",
    "subscription negative mrr": "select count(*) from subscription_changes where mrr_usd < 0",
    "subscription unknown status": "select count(*) from subscription_changes "
    "where status not in ('active', 'past_due', 'canceled')",
    # marketing_touches
    "touch null id": "select count(*) from marketing_touches where touch_id is null",
    "touch duplicate": _duplicate_keys("marketing_touches", "touch_id"),
    "touch malformed email": f"select count(*) from marketing_touches where {MALFORMED.format(c='email')}",
    "touch odd channel case": "select count(*) from marketing_touches where channel <> trim(lower(channel))",
    "touch email with capitals (valid)": f"select count(*) from marketing_touches where email <> trim(lower(email)) "
    f"and not ({MALFORMED.format(c='email')})",
    # community_activity
    "community null id": "select count(*) from community_activity where activity_id is null",
    "community duplicate": _duplicate_keys("community_activity", "activity_id"),
    "community malformed email": f"select count(*) from community_activity where {MALFORMED.format(c='email')}",
    "community email with capitals (valid)": f"select count(*) from community_activity "
    f"where email <> trim(lower(email)) "
    f"and not ({MALFORMED.format(c='email')})",
    # firmographics
    "firmographics null domain": "select count(*) from firmographics where domain is null",
    "firmographics duplicate": "select count(*) from (select domain, enriched_at from firmographics "
    "where domain is not null group by all having count(*) > 1)",
    "firmographics negative employees": "select count(*) from firmographics where employee_count < 0",
    # crm_opportunities
    "opportunity null id": "select count(*) from crm_opportunities where opportunity_id is null",
    "opportunity duplicate": _duplicate_keys("crm_opportunities", "opportunity_id"),
}


@pytest.mark.parametrize("kind", list(DEFECTS))
def test_defect_kind_is_planted(con: duckdb.DuckDBPyConnection, kind: str) -> None:
    assert _scalar(con, DEFECTS[kind]) > 0, kind


@pytest.mark.parametrize("table", list(RAW_SCHEMA))
def test_defects_stay_rare(con: duckdb.DuckDBPyConnection, table: str) -> None:
    key = RAW_SCHEMA[table][0][0]
    total = _scalar(con, f"select count(*) from {table}")
    nulls = _scalar(con, f"select count(*) from {table} where {key} is null")
    assert nulls <= max(3, total * 0.01)


# ---------------------------------------------------------------------------------------------
# the story the marts need (on the larger population)
# ---------------------------------------------------------------------------------------------


def test_every_user_signs_up_with_a_cookie_seen_before(story: duckdb.DuckDBPyConnection) -> None:
    signups = _scalar(
        story,
        "select count(*) from product_events where event_name = 'signed_up' "
        "and user_id is not null and anonymous_id is not null",
    )
    users = _scalar(story, "select count(distinct user_id) from users")
    assert signups >= users * 0.95
    stitched = _scalar(
        story,
        """
        select count(distinct s.user_id) from product_events s
        join web_pageviews p on p.anonymous_id = s.anonymous_id and p.user_id is null
            and p.occurred_at < s.occurred_at
        where s.event_name = 'signed_up'""",
    )
    assert stitched >= users * 0.9


def test_a_minority_activates_within_14_days(story: duckdb.DuckDBPyConnection) -> None:
    share = _scalar(
        story,
        """
        with signup as (select user_id, min(created_at) as ts from users where user_id is not null group by 1),
        deploy as (select user_id, min(occurred_at) as ts from product_events
                   where trim(lower(event_name)) = 'deployed' group by 1)
        select avg(case when deploy.ts <= signup.ts + interval 14 day then 1 else 0 end)
        from signup left join deploy using (user_id)
        where signup.ts < timestamp '2024-06-16'""",
    )
    assert 0.2 <= share <= 0.6


def test_some_accounts_meet_the_pqa_usage_criteria(story: duckdb.DuckDBPyConnection) -> None:
    qualified = _scalar(
        story,
        f"""
        with ev as (
            select account_id, user_id, trim(lower(event_name)) as name, occurred_at as ts, properties
            from product_events
            where json_valid(properties) and json_type(properties) = 'OBJECT'
              and occurred_at <= timestamp '{END_TS}'
        )
        select count(*) from (
            select account_id
            from ev
            group by account_id
            having count(distinct case when ts >= date '{END}' - 29 and name <> 'signed_up' then user_id end) >= 3
               and sum(case when name = 'api_call' and ts >= date '{END}' - 29
                   then try_cast(properties ->> '$.count' as bigint) end) >= 1000
               and count(distinct case when ts >= date '{END}' - 27 then date_trunc('week', ts) end) >= 2
               and max(case when name = 'deployed' and lower(properties ->> '$.environment') = 'production'
                   then 1 else 0 end) = 1
        )""",
    )
    assert qualified >= 1


def test_revenue_has_paying_churned_and_trial_accounts(story: duckdb.DuckDBPyConnection) -> None:
    assert _scalar(story, "select count(distinct account_id) from subscription_changes where mrr_usd > 0") >= 3
    assert _scalar(story, "select count(*) from subscription_changes where status = 'canceled' and mrr_usd = 0") >= 1
    assert _scalar(story, "select count(*) from subscription_changes where mrr_usd = 0 and status = 'active'") >= 1


def test_corporate_and_freemail_domains_mix(story: duckdb.DuckDBPyConnection) -> None:
    freemail = _scalar(
        story,
        "select avg(case when split_part(lower(trim(email)), '@', 2) in "
        "('gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'proton.me', 'icloud.com') "
        "then 1 else 0 end) from users",
    )
    assert 0.2 < freemail < 0.6
    covered = _scalar(
        story,
        """
        select count(*) from (select distinct split_part(lower(trim(email)), '@', 2) as domain from users) u
        where domain in (select domain from firmographics)""",
    )
    assert covered >= 10
