"""Incremental runs are exact (contract §8).

The demo data (`scripts/generate_raw_data.py --users 150`) plus a few planted
arrival cases is replayed as a landing zone that fills up in three batches
(`scripts/split_raw_batches.py`: event tables by `received_at`, snapshot
tables by their own timestamp). After each batch `dbt build` runs
incrementally on the same DuckDB file; at the end every table of every
schema must equal, row for row, a `dbt build --full-refresh` on all the data
(same raw path, same pinned `as_of_date`). Two different splits run in
parallel, each in its own landing zone.

Planted arrival cases (ids `inc_*`):
- late events: occurred 30 days before they were received, right after each cut;
- stragglers: received 36 hours before a cut (inside `late_arrival_days` of the
  previous watermark) but landed after it, for events, page views and a
  duplicate whose earlier-received copy lands last;
- a future-dated event (clock corrected, kept) and page view (quarantined as future_timestamp),
  both with a client clock in 2031, received mid-data
  followed by rows received later;
- an anonymous visitor active in January and identified only in the last batch.

The demo warehouse of the full-refresh build is shared with test_checkpoint,
test_publish and test_pii (`demo_warehouse`).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from plg_test_harness import DbtResult, Warehouse, event, generate_demo_data, pageview, run_dbt
from raw_contract import write_table
from split_raw_batches import append_rows, fill_landing_zone, load_raw, write_layout

SEED = 11
AS_OF = "2024-06-30"
DBT_VARS = {"as_of_date": AS_OF}
SPLITS: dict[str, tuple[date, ...]] = {
    "split_a": (date(2024, 4, 1), date(2024, 5, 20)),
    "split_b": (date(2024, 2, 12), date(2024, 6, 10)),
}
ALL_CUTS = sorted({cut for cuts in SPLITS.values() for cut in cuts})
COMPARED_SCHEMAS = ("staging", "intermediate", "marts", "audit")
FUTURE_RECEIVED = datetime(2024, 5, 1, 10, 0)
AFTER_FUTURE = datetime(2024, 6, 20, 10, 0)
ANON_DAY = date(2024, 1, 10)
IDENTIFIED_AT = datetime(2024, 6, 24, 10, 0)

_CACHE: dict[str, Any] = {}


# --- data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Weekly landing files of the demo data plus the planted cases."""

    folder: Path
    user_id: str  # an existing user, carrier of late events and stragglers
    account_id: str
    identified_user_id: str  # the user the late-identified visitor turns out to be


def _event(
    event_id: str,
    name: str,
    occurred: datetime,
    user_id: str | None,
    account_id: str | None,
    properties: str,
    received: datetime | None = None,
    landed: datetime | None = None,
    anonymous_id: str | None = None,
) -> dict[str, Any]:
    """An event received when it occurred unless `received` says otherwise, landed at `landed`."""
    row = event(
        event_id,
        name,
        occurred,
        user_id=user_id,
        account_id=account_id,
        anonymous_id=anonymous_id,
        properties=properties,
        received_at=received or occurred,
    )
    return {**row, "_landed_at": landed}


def _pageview(
    pageview_id: str,
    anonymous_id: str | None,
    occurred: datetime,
    url: str,
    received: datetime | None = None,
    user_id: str | None = None,
    landed: datetime | None = None,
) -> dict[str, Any]:
    """A page view received when it occurred unless `received` says otherwise, landed at `landed`."""
    row = pageview(pageview_id, anonymous_id, occurred, url, user_id=user_id, received_at=received or occurred)
    return {**row, "_landed_at": landed}


def plant_arrival_cases(con: duckdb.DuckDBPyConnection) -> tuple[str, str, str]:
    """Append the `inc_*` rows to the loaded demo tables; returns (user, account, identified user)."""
    candidates = con.execute("""
        select user_id, account_id from users
        where user_id is not null and deleted_at is null and created_at < '2024-01-01'
            and account_id in (select account_id from accounts)
            and regexp_matches(lower(trim(email)), '^[^@\\s]+@[^@\\s]+[.][^@\\s]+$')
        order by created_at, user_id limit 2
    """).fetchall()
    (user, account), (identified, identified_account) = candidates
    deploy = '{"environment": "production"}'
    events, pageviews = [], []
    for cut in ALL_CUTS:
        start = datetime.combine(cut, datetime.min.time())
        tag = cut.isoformat()
        received = start + timedelta(days=1, hours=10)
        events.append(
            _event(
                f"inc_late_{tag}", "deployed", received - timedelta(days=30), user, account, deploy, received=received
            )
        )
        straggler = start - timedelta(hours=36)
        events.append(
            _event(
                f"inc_straggler_{tag}",
                "api_call",
                straggler,
                user,
                account,
                '{"count": 17, "status": "success"}',
                landed=received,
            )
        )
        pageviews.append(
            _pageview(
                f"inc_pv_straggler_{tag}",
                "inc_anon_straggler",
                straggler,
                "https://devtool.example/pricing",
                user_id=user,
                landed=received,
            )
        )
        # a duplicate whose earlier-received copy lands after the cut: it must replace the staged copy
        first_landed = start - timedelta(hours=12)
        events.append(
            _event(f"inc_dup_{tag}", "project_created", first_landed, user, account, '{"project_id": "landed_first"}')
        )
        earlier = start - timedelta(hours=20)
        events.append(
            _event(
                f"inc_dup_{tag}",
                "project_created",
                earlier,
                user,
                account,
                '{"project_id": "received_first"}',
                landed=received,
            )
        )
    future = datetime(2031, 1, 1)
    events += [
        _event("inc_future", "project_created", future, user, account, '{"project_id": "f"}', received=FUTURE_RECEIVED),
        _event("inc_after_future", "api_call", AFTER_FUTURE, user, account, '{"count": 10}'),
    ]
    pageviews += [
        _pageview("inc_pv_future", "inc_anon_future", future, "https://devtool.example/", received=FUTURE_RECEIVED),
        _pageview("inc_pv_after_future", "inc_anon_future", AFTER_FUTURE, "https://devtool.example/"),
    ]
    # an anonymous visitor, active in January, identified only in the last batch
    anon_at = datetime.combine(ANON_DAY, datetime.min.time()) + timedelta(hours=9)
    pageviews += [
        _pageview(
            "inc_pv_anon_1", "inc_anon_late", anon_at, "https://devtool.example/?utm_source=google&utm_medium=cpc"
        ),
        _pageview(
            "inc_pv_anon_2", "inc_anon_late", anon_at + timedelta(minutes=10), "https://devtool.example/docs/quickstart"
        ),
        _pageview("inc_pv_identify", "inc_anon_late", IDENTIFIED_AT, "https://devtool.example/app", user_id=identified),
    ]
    events += [
        _event(
            "inc_e_anon_1",
            "project_created",
            anon_at + timedelta(minutes=20),
            None,
            None,
            '{"project_id": "anon"}',
            anonymous_id="inc_anon_late",
        ),
        _event(
            "inc_e_anon_2",
            "api_call",
            anon_at + timedelta(minutes=30),
            None,
            None,
            '{"count": 25, "status": "success"}',
            anonymous_id="inc_anon_late",
        ),
        _event(
            "inc_e_identify",
            "deployed",
            IDENTIFIED_AT + timedelta(minutes=5),
            identified,
            identified_account,
            '{"environment": "preview"}',
            anonymous_id="inc_anon_late",
        ),
    ]
    append_rows(con, "product_events", events)
    append_rows(con, "web_pageviews", pageviews)
    return user, account, identified


def arrival_layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    """Generate the demo data once, plant the cases and write the landing layout."""
    if "layout" not in _CACHE:
        base = tmp_path_factory.mktemp("arrivals")
        raw = base / "generated"
        generate_demo_data(raw, users=150, seed=SEED, end_date=AS_OF)
        con = duckdb.connect()
        load_raw(con, raw)
        user, account, identified = plant_arrival_cases(con)
        write_layout(con, base / "layout", ALL_CUTS)
        con.close()
        _CACHE["layout"] = Layout(base / "layout", user, account, identified)
    return _CACHE["layout"]


# --- builds ------------------------------------------------------------------------------


def build_or_fail(args: list[str], work: Path, db: Path, raw: Path) -> DbtResult:
    result = run_dbt(args, work, db, raw, DBT_VARS)
    if result.returncode != 0:
        tail = "\n".join(result.output.splitlines()[-40:])
        raise AssertionError(f"dbt {' '.join(args)} failed on {raw}:\n{tail}")
    return result


def demo_work_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder of the demo warehouse, whose landing zone split_a replays."""
    if "demo_work" not in _CACHE:
        _CACHE["demo_work"] = tmp_path_factory.mktemp("split_a")
    return _CACHE["demo_work"]


def demo_run_results_path(work: Path) -> Path:
    """run_results.json of the demo build (the publish gate accepts only the build's own)."""
    return work / "full_refresh_run_results.json"


def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """A `dbt build --full-refresh` of all the demo data (with the planted cases), as_of 2024-06-30."""
    if "demo" not in _CACHE:
        layout = arrival_layout(tmp_path_factory)
        work = demo_work_dir(tmp_path_factory)
        landing = work / "raw"
        fill_landing_zone(layout.folder, landing, None)
        # data tests skipped here: they run on the same data in every incremental chain's last batch
        result = build_or_fail(
            ["build", "--full-refresh", "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"],
            work,
            work / "full_refresh.duckdb",
            landing,
        )
        # the chain of split_a builds in the same target folder later: keep this build's own results
        shutil.copy2(work / "target" / "run_results.json", demo_run_results_path(work))
        _CACHE["demo"] = Warehouse(work / "full_refresh.duckdb", landing, work, result)
    return _CACHE["demo"]


@dataclass
class Batch:
    cut: date | None
    reconciliation: list[tuple]
    staged: dict[str, tuple]  # inc_* event id -> (occurred_at, is_clock_corrected, project_id)
    staged_pageviews: set[str]
    max_received_at: datetime
    anon_day_activity: list[tuple]  # int_users_activity_daily of the identified user on ANON_DAY


@dataclass
class Chain:
    name: str
    db: Path
    landing: Path
    batches: list[Batch] = field(default_factory=list)
    seconds: list[tuple[str, float]] = field(default_factory=list)  # (step, wall seconds), for the report
    noop_diff: dict[str, str] | None = None
    behind_window: tuple[DbtResult, DbtResult, list[tuple]] | None = None


def observe(db: Path, cut: date | None, identified_user: str) -> Batch:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return Batch(
            cut=cut,
            reconciliation=con.execute(
                "select source_table, raw_rows, staged_rows, duplicate_rows, rejected_rows, is_balanced "
                "from audit.audit_source_reconciliation order by 1"
            ).fetchall(),
            staged={
                r[0]: r[1:]
                for r in con.execute(
                    "select event_id, occurred_at, is_clock_corrected, project_id "
                    "from staging.stg_raw__product_events where event_id like 'inc_%'"
                ).fetchall()
            },
            staged_pageviews={
                r[0]
                for r in con.execute(
                    "select pageview_id from staging.stg_raw__web_pageviews where pageview_id like 'inc_%'"
                ).fetchall()
            },
            max_received_at=con.execute("select max(received_at) from staging.stg_raw__product_events").fetchone()[0],
            anon_day_activity=con.execute(
                "select events, core_events, api_requests from intermediate.int_users_activity_daily "
                "where user_id = ? and activity_date = ?",
                [identified_user, ANON_DAY],
            ).fetchall(),
        )
    finally:
        con.close()


def rows_behind_the_window(
    chain_work: Path, db: Path, landing: Path, user: str, account: str
) -> tuple[DbtResult, DbtResult, list[tuple]]:
    """An event that lands later than `late_arrival_days` behind the watermark: the
    incremental build must fail loudly on reconciliation; a full refresh recovers it."""
    work = chain_work / "behind_window"
    raw = work / "raw"
    shutil.copytree(landing, raw)
    shutil.copy2(db, work / "plg.duckdb")
    con = duckdb.connect(str(work / "plg.duckdb"), read_only=True)
    watermark = con.execute("select max(received_at) from staging.stg_raw__product_events").fetchone()[0]
    con.close()
    received = watermark - timedelta(days=10)
    write_table(
        raw,
        "product_events",
        [_event("inc_behind_window", "deployed", received, user, account, '{"environment": "production"}')],
        file_name="landed_zz_redelivered.parquet",
    )
    select = ["--select", "base_raw__product_events", "stg_raw__product_events", "audit_source_reconciliation"]
    incremental = run_dbt(["build", *select], work, work / "plg.duckdb", raw, DBT_VARS)
    recovered = run_dbt(["build", "--full-refresh", *select], work, work / "plg.duckdb", raw, DBT_VARS)
    con = duckdb.connect(str(work / "plg.duckdb"), read_only=True)
    state = con.execute(
        "select (select count(*) from staging.stg_raw__product_events where event_id = 'inc_behind_window'), "
        "is_balanced from audit.audit_source_reconciliation where source_table = 'product_events'"
    ).fetchall()
    con.close()
    return incremental, recovered, state


def run_chain(name: str, layout: Layout, work: Path, before: Callable[[], Any] = lambda: None) -> Chain:
    """Land each batch, build incrementally and observe; then this chain's extra check."""
    before()
    landing, db = work / "raw", work / "plg.duckdb"
    chain = Chain(name, db, landing)
    clock = time.monotonic()

    def lap(step: str) -> None:
        nonlocal clock
        chain.seconds.append((step, round(time.monotonic() - clock, 1)))
        clock = time.monotonic()

    for index, cut in enumerate([*SPLITS[name], None], start=1):
        fill_landing_zone(layout.folder, landing, cut)
        build_or_fail(["build"], work, db, landing)
        chain.batches.append(observe(db, cut, layout.identified_user_id))
        lap(f"batch {index}")
    if name == "split_a":
        chain.behind_window = rows_behind_the_window(work, db, landing, layout.user_id, layout.account_id)
        lap("behind the window")
    else:
        snapshot = work / "before_second_build.duckdb"
        shutil.copy2(db, snapshot)
        build_or_fail(["build"], work, db, landing)
        chain.noop_diff = diff_warehouses(db, snapshot)
        lap("second build")
    return chain


def incremental_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Chain]:
    """Both splits in parallel, each in its own landing zone, DuckDB file and dbt target.

    split_a replays the demo warehouse's own landing zone (so its full-refresh
    reference is the demo build, built first if no other test needed it yet);
    split_b is compared with the same reference up to the landing path."""
    if "chains" not in _CACHE:
        layout = arrival_layout(tmp_path_factory)
        work_a = demo_work_dir(tmp_path_factory)
        work_b = tmp_path_factory.mktemp("split_b")
        with ThreadPoolExecutor(max_workers=2) as pool:
            a = pool.submit(run_chain, "split_a", layout, work_a, lambda: demo_warehouse(tmp_path_factory))
            b = pool.submit(run_chain, "split_b", layout, work_b)
            _CACHE["chains"] = {"split_a": a.result(), "split_b": b.result()}
        for chain in _CACHE["chains"].values():
            print(f"{chain.name}: {chain.seconds}", file=sys.stderr)
    return _CACHE["chains"]


# --- comparison ------------------------------------------------------------------------------

# Columns derived from the landing path: compared only when both builds read the same path.
PATH_KEYS = {"audit.audit_rejected_rows": ("rejected_row_id",)}


def _columns(con: duckdb.DuckDBPyConnection, database: str, name: str) -> list[tuple[str, str]]:
    schema, table = name.split(".")
    return con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? and schema_name = ? "
        "and table_name = ? order by column_index",
        [database, schema, table],
    ).fetchall()


def _comparable(name: str, columns: list[tuple[str, str]], landing: Path | None) -> str:
    """Select list for comparison: doubles rounded to 9 decimals (a sum may differ in the
    last bit with row order); with `landing`, that path replaced in text columns and the
    columns derived from it left out."""
    select = []
    for column, data_type in columns:
        if landing and column in PATH_KEYS.get(name, ()):
            continue
        if data_type in ("DOUBLE", "FLOAT"):
            select.append(f'round("{column}", 9) as "{column}"')
        elif landing and data_type == "VARCHAR":
            select.append(f"replace(\"{column}\", '{landing}', '<landing>') as \"{column}\"")
        else:
            select.append(f'"{column}"')
    return ", ".join(select)


def diff_warehouses(
    candidate: Path, reference: Path, landings: tuple[Path, Path] | None = None, sample: int = 3
) -> dict[str, str]:
    """Every table of the compared schemas, row for row: {schema.table: what differs} (empty: equal).

    `landings`: (candidate's, reference's) raw paths when the two builds read
    the same files from different folders."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{candidate}' as cand (read_only)")
        con.execute(f"attach '{reference}' as ref (read_only)")
        tables: dict[str, set[str]] = {}
        for database in ("cand", "ref"):
            for schema, table in con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = ?", [database]
            ).fetchall():
                if schema in COMPARED_SCHEMAS:
                    tables.setdefault(f"{schema}.{table}", set()).add(database)
        differences = {}
        for name, where in sorted(tables.items()):
            if where != {"cand", "ref"}:
                differences[name] = f"only in the {'incremental' if 'cand' in where else 'reference'} build"
                continue
            columns = _columns(con, "cand", name)
            if columns != _columns(con, "ref", name):
                differences[name] = "different columns"
                continue
            cols_c = _comparable(name, columns, landings[0] if landings else None)
            cols_r = _comparable(name, columns, landings[1] if landings else None)
            extra = con.execute(
                f"select {cols_c} from cand.{name} except all select {cols_r} from ref.{name}"
            ).fetchall()
            missing = con.execute(
                f"select {cols_r} from ref.{name} except all select {cols_c} from cand.{name}"
            ).fetchall()
            if extra or missing:
                differences[name] = (
                    f"{len(extra)} rows only in the incremental build, e.g. {extra[:sample]}; "
                    f"{len(missing)} rows only in the reference, e.g. {missing[:sample]}"
                )
        return differences
    finally:
        con.close()


def landing_listing(landing: Path) -> list[tuple[str, int]]:
    """Relative path and size of every file of a landing zone."""
    return sorted((str(p.relative_to(landing)), p.stat().st_size) for p in landing.rglob("*.parquet"))


# --- tests ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chains(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Chain]:
    return incremental_runs(tmp_path_factory)


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Layout:
    return arrival_layout(tmp_path_factory)


@pytest.mark.parametrize("split", list(SPLITS))
def test_incremental_build_equals_full_refresh(chains: dict[str, Chain], split: str) -> None:
    chain, demo = chains[split], _CACHE["demo"]
    if chain.landing == demo.raw_dir:
        assert diff_warehouses(chain.db, demo.db_path) == {}
    else:
        # the same files in another folder: equal up to the path (file names, rejected_row_id)
        assert landing_listing(chain.landing) == landing_listing(demo.raw_dir)
        assert diff_warehouses(chain.db, demo.db_path, (chain.landing, demo.raw_dir)) == {}


def test_second_build_without_new_data_changes_no_row(chains: dict[str, Chain]) -> None:
    assert chains["split_b"].noop_diff == {}


@pytest.mark.parametrize("split", list(SPLITS))
def test_every_arrival_reconciles(chains: dict[str, Chain], split: str) -> None:
    batches = chains[split].batches
    assert len(batches) == 3
    for batch in batches:
        unbalanced = [row for row in batch.reconciliation if row[-1] is not True]
        assert unbalanced == [], f"after the batch before {batch.cut}"
    # the landing zone really grew: more raw events in every batch
    raw_events = [dict((r[0], r[1]) for r in b.reconciliation)["product_events"] for b in batches]
    assert raw_events == sorted(raw_events) and len(set(raw_events)) == 3


@pytest.mark.parametrize("split", list(SPLITS))
def test_future_dated_event_never_moves_the_watermark(chains: dict[str, Chain], split: str) -> None:
    first, second, last = chains[split].batches
    # received in the second batch: clock corrected to its received_at, watermark on the server clock
    assert "inc_future" not in first.staged
    assert second.staged["inc_future"][:2] == (FUTURE_RECEIVED, True)
    assert second.max_received_at < datetime.combine(second.cut, datetime.min.time())
    # a browser clock beyond var max_future_days after the server's is quarantined, not staged
    assert "inc_pv_future" not in second.staged_pageviews
    # rows received later are still picked up
    assert "inc_after_future" in last.staged and "inc_pv_after_future" in last.staged_pageviews


@pytest.mark.parametrize("split", list(SPLITS))
def test_rows_landing_late_inside_the_window_are_picked_up(chains: dict[str, Chain], split: str) -> None:
    batches = chains[split].batches
    for cut, before, after in zip(SPLITS[split], batches, batches[1:]):
        tag = cut.isoformat()
        assert f"inc_straggler_{tag}" not in before.staged and f"inc_straggler_{tag}" in after.staged
        assert f"inc_pv_straggler_{tag}" in after.staged_pageviews
        # the copy received first but landed later replaces the staged copy
        assert before.staged[f"inc_dup_{tag}"][2] == "landed_first"
        assert after.staged[f"inc_dup_{tag}"][2] == "received_first"
        # an event received after the cut but occurred 30 days before it
        assert f"inc_late_{tag}" in after.staged


@pytest.mark.parametrize("split", list(SPLITS))
def test_visitor_identified_in_the_last_batch_counts_retroactively(chains: dict[str, Chain], split: str) -> None:
    first, second, last = chains[split].batches
    before = second.anon_day_activity[0] if second.anon_day_activity else (0, 0, 0)
    assert first.anon_day_activity == second.anon_day_activity
    # the visitor's two January events now count for the user: 2 events, 2 core, 25 API requests more
    assert len(last.anon_day_activity) == 1
    assert tuple(a - b for a, b in zip(last.anon_day_activity[0], before)) == (2, 2, 25)


def test_rows_landing_behind_the_window_fail_loudly(chains: dict[str, Chain]) -> None:
    incremental, recovered, state = chains["split_a"].behind_window
    assert incremental.returncode != 0
    assert "audit_source_reconciliation" in incremental.output and "is_balanced" in incremental.output
    assert recovered.returncode == 0, recovered.output[-2000:]
    assert state == [(1, True)]
