"""The raw input contract of SPEC.md section 1: table name -> ordered (column, DuckDB type).

One place for the shape of the raw Parquet folders, shared by the demo data
generator, the test fixtures and the benchmark, so they cannot drift apart.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

RAW_SCHEMA: dict[str, list[tuple[str, str]]] = {
    "product_events": [
        ("event_id", "VARCHAR"),
        ("event_name", "VARCHAR"),
        ("user_id", "VARCHAR"),
        ("anonymous_id", "VARCHAR"),
        ("account_id", "VARCHAR"),
        ("occurred_at", "TIMESTAMP"),
        ("received_at", "TIMESTAMP"),
        ("properties", "VARCHAR"),
    ],
    "web_pageviews": [
        ("pageview_id", "VARCHAR"),
        ("anonymous_id", "VARCHAR"),
        ("user_id", "VARCHAR"),
        ("occurred_at", "TIMESTAMP"),
        ("received_at", "TIMESTAMP"),
        ("url", "VARCHAR"),
        ("referrer", "VARCHAR"),
    ],
    "users": [
        ("user_id", "VARCHAR"),
        ("account_id", "VARCHAR"),
        ("email", "VARCHAR"),
        ("job_title", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("deleted_at", "TIMESTAMP"),
    ],
    "accounts": [
        ("account_id", "VARCHAR"),
        ("account_name", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("created_by_user_id", "VARCHAR"),
    ],
    "subscription_changes": [
        ("change_id", "VARCHAR"),
        ("subscription_id", "VARCHAR"),
        ("account_id", "VARCHAR"),
        ("changed_at", "TIMESTAMP"),
        ("plan", "VARCHAR"),
        ("status", "VARCHAR"),
        ("seats", "INTEGER"),
        ("mrr_usd", "DECIMAL(12,2)"),
    ],
    "marketing_touches": [
        ("touch_id", "VARCHAR"),
        ("anonymous_id", "VARCHAR"),
        ("email", "VARCHAR"),
        ("occurred_at", "TIMESTAMP"),
        ("channel", "VARCHAR"),
        ("campaign", "VARCHAR"),
    ],
    "community_activity": [
        ("activity_id", "VARCHAR"),
        ("platform", "VARCHAR"),
        ("member_handle", "VARCHAR"),
        ("email", "VARCHAR"),
        ("activity_type", "VARCHAR"),
        ("body", "VARCHAR"),
        ("occurred_at", "TIMESTAMP"),
    ],
    "firmographics": [
        ("domain", "VARCHAR"),
        ("company_name", "VARCHAR"),
        ("employee_count", "INTEGER"),
        ("industry", "VARCHAR"),
        ("country", "VARCHAR"),
        ("funding_stage", "VARCHAR"),
        ("last_funding_at", "DATE"),
        ("tech_stack", "VARCHAR"),
        ("open_engineering_roles", "INTEGER"),
        ("enriched_at", "TIMESTAMP"),
    ],
    "crm_opportunities": [
        ("opportunity_id", "VARCHAR"),
        ("org_domain", "VARCHAR"),
        ("created_at", "TIMESTAMP"),
        ("closed_at", "TIMESTAMP"),
        ("stage", "VARCHAR"),
        ("amount_usd", "DECIMAL(12,2)"),
        ("source", "VARCHAR"),
    ],
}


def write_table(
    out_dir: str | Path,
    table: str,
    rows: Iterable[Mapping[str, Any]],
    file_name: str = "part-000.parquet",
) -> Path:
    """Write `rows` (dicts keyed by column; missing keys are null) as one Parquet
    file of `table` in the exact contract types, and return the file's path.

    Small-data helper for tests and fixtures; the demo generator writes its
    large tables with vectorized DuckDB/Arrow code instead.
    """
    import duckdb  # local import: scripts/ stays importable without duckdb

    columns = RAW_SCHEMA[table]
    folder = Path(out_dir) / table
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    con = duckdb.connect()
    col_sql = ", ".join(f'"{name}" {ctype}' for name, ctype in columns)
    con.execute(f"create table t ({col_sql})")
    placeholders = ", ".join("?" for _ in columns)
    data = [[row.get(name) for name, _ in columns] for row in rows]
    if data:
        con.executemany(f"insert into t values ({placeholders})", data)
    con.execute(f"copy t to '{path.as_posix()}' (format parquet)")
    con.close()
    return path
