"""PII (contract §2): no published mart holds a raw email, except
`mart_pqa.contact_email`. Every text column of every published mart is scanned,
in the published DuckDB file and in the published Parquet files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from plg_test_harness import Warehouse
from publish_marts import publish
from test_incremental import demo_run_results_path, demo_warehouse

from quality.checkpoint import run_checkpoint, write_reports
from quality.marts import MARTS_SCHEMA, PUBLISHED_MARTS
from quality.pii import EMAIL_PATTERN, looks_like_email, may_hold_email


def email_like_values_in(con: duckdb.DuckDBPyConnection, relation: str, mart: str) -> dict[str, list[str]]:
    """{column: sample of email-like values} for every text column (lists and structs as text)."""
    columns = con.execute(f"select column_name, column_type from (describe select * from {relation})").fetchall()
    found = {}
    for column, column_type in columns:
        if "VARCHAR" not in column_type or may_hold_email(mart, column):
            continue
        values = [
            v
            for (v,) in con.execute(
                f'select distinct cast("{column}" as varchar) from {relation} '
                f'where regexp_matches(cast("{column}" as varchar), ?) limit 5',
                [EMAIL_PATTERN],
            ).fetchall()
        ]
        if values:
            found[column] = values
    return found


@pytest.fixture(scope="module")
def published_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    demo: Warehouse = demo_warehouse(tmp_path_factory)
    out = tmp_path_factory.mktemp("pii")
    json_path, _ = write_reports(run_checkpoint(demo.db_path), out / "gx")
    publish(demo.db_path, out / "published", json_path, demo_run_results_path(demo.work_dir))
    return out / "published"


@pytest.mark.parametrize("mart", PUBLISHED_MARTS)
def test_no_email_in_published_mart(published_out: Path, mart: str) -> None:
    con = duckdb.connect(str(published_out / "plg_marts.duckdb"), read_only=True)
    try:
        assert email_like_values_in(con, f"{MARTS_SCHEMA}.{mart}", mart) == {}
    finally:
        con.close()
    assert email_like_values_in(duckdb.connect(), f"'{published_out}/parquet/{mart}.parquet'", mart) == {}


def test_the_one_allowed_column_does_hold_emails(published_out: Path) -> None:
    """The scan is not vacuous: contact_email is published and holds real emails."""
    con = duckdb.connect(str(published_out / "plg_marts.duckdb"), read_only=True)
    emails = [
        e for (e,) in con.execute("select contact_email from marts.mart_pqa where contact_email is not null").fetchall()
    ]
    con.close()
    assert emails and all(looks_like_email(e) and e == e.strip().lower() for e in emails)


@pytest.mark.parametrize(
    "text,is_email",
    [
        ("ann.lee@corp.io", True),
        ("see ANN+x@Sub.Corp.co.uk today", True),
        ("corp.io", False),
        ("@handle", False),
        ("a@localhost", False),
        ("5f2b8c...e9", False),
        ("user @ corp.io", False),
    ],
)
def test_email_pattern(text: str, is_email: bool) -> None:
    assert looks_like_email(text) is is_email
    assert duckdb.connect().execute("select regexp_matches(?, ?)", [text, EMAIL_PATTERN]).fetchone()[0] is is_email
