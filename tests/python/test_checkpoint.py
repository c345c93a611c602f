"""The GX checkpoint: passes on the demo build, and each suite catches
the breakage it exists for (a fan-out or lost join, a rate out of range, credits
that do not sum to 1, a leaked email...), on a copy of the demo warehouse
broken by one SQL statement. A missing mart fails with a clear message."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest
import run_checkpoint as run_checkpoint_script
from plg_test_harness import Warehouse
from test_incremental import demo_warehouse

from quality.checkpoint import describe, run_checkpoint
from quality.marts import AUDIT_MODELS, PUBLISHED_MARTS


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return demo_warehouse(tmp_path_factory)


def broken_copy(demo: Warehouse, folder: Path, *statements: str) -> Path:
    """A copy of the demo warehouse with `statements` applied."""
    db = folder / "broken.duckdb"
    shutil.copy2(demo.db_path, db)
    con = duckdb.connect(str(db))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return db


def run_script(db: Path, out: Path, *args: str) -> tuple[int, str, str]:
    """scripts/run_checkpoint.py, in-process (GX is imported once per session): exit code, stdout, stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = run_checkpoint_script.main(["--db", str(db), "--out", str(out), *args])
    return code, stdout.getvalue(), stderr.getvalue()


def test_checkpoint_passes_on_the_demo_build(demo: Warehouse, tmp_path: Path) -> None:
    code, stdout, stderr = run_script(demo.db_path, tmp_path / "gx")
    assert code == 0, stdout + stderr
    lines = [line for line in stdout.splitlines() if line.startswith(("PASS", "FAIL"))]
    assert [line.split()[:2] for line in lines] == [["PASS", m] for m in PUBLISHED_MARTS + AUDIT_MODELS]
    result = json.loads((tmp_path / "gx" / "checkpoint_result.json").read_text())
    assert result["success"] is True and len(result["suites"]) == len(PUBLISHED_MARTS + AUDIT_MODELS)
    assert all(s["outcomes"] for s in result["suites"]), "every suite evaluates expectations"
    assert result["seconds"] < 60
    assert "# Data quality checkpoint: PASSED" in (tmp_path / "gx" / "summary.md").read_text()


# (suite, breaking statement, fragment of the failure it must report)
BREAKAGES = [
    (
        "dim_users",
        "insert into marts.dim_users select * from marts.dim_users limit 1",
        "rows: expect_column_values_to_be_unique(user_id)",
    ),
    (
        "dim_users",
        "update marts.dim_users set email_domain = 'ann@' || email_domain "
        "where user_id = (select min(user_id) from marts.dim_users where email_domain is not null)",
        "rows: expect_column_values_to_not_match_regex(email_domain)",
    ),
    (
        "dim_accounts",
        "update marts.dim_accounts set current_plan = 'team' where current_mrr_usd = 0",
        "rules: expect_column_values_to_be_between(plan_disagrees_with_mrr)",
    ),
    (
        "mart_activation",
        "delete from marts.mart_activation where acquisition_channel != 'direct'",
        "vs_staging: expect_column_pair_values_to_be_equal(mart_rows, staged_rows)",
    ),
    (
        "mart_activation",
        "update marts.mart_activation set acquisition_channel = 'direct'",
        "rules: expect_column_values_to_be_between(acquisition_channels)",
    ),
    (
        "mart_activation_funnel",
        "update marts.mart_activation_funnel set activation_rate = activation_rate + 1",
        "rows: expect_column_values_to_be_between(activation_rate)",
    ),
    (
        "mart_activation_funnel",
        "update marts.mart_activation_funnel set activation_rate = null",
        "rows: expect_column_proportion_of_non_null_values_to_be_between(activation_rate)",
    ),
    (
        "fct_account_signals",
        "update marts.fct_account_signals set weight = weight * 2",
        "rules: expect_column_values_to_be_between(disagrees_with_catalog)",
    ),
    ("mart_pqa", "update marts.mart_pqa set signal_score = 0", "rows: expect_column_max_to_be_between(signal_score)"),
    (
        "mart_pqa",
        "update marts.mart_pqa set contact_user_id = (select min(user_id) from marts.dim_users as u "
        "where u.account_id != mart_pqa.account_id) where contact_user_id is not null",
        "rules: expect_column_values_to_be_between(contact_not_a_live_user_of_account)",
    ),
    (
        "mart_pqa_backtest",
        "update marts.mart_pqa_backtest set precision = 1.5",
        "rows: expect_column_values_to_be_between(precision)",
    ),
    (
        "fct_mrr_movements",
        "update marts.fct_mrr_movements set movement_usd = 0 where movement_type != 'flat'",
        "rules: expect_column_values_to_be_between(movement_usd_disagrees)",
    ),
    (
        "mart_account_expansion",
        "update marts.mart_account_expansion set current_mrr_usd = current_mrr_usd + 1",
        "rules: expect_column_values_to_be_between(disagrees_with_dim_accounts)",
    ),
    (
        "mart_expansion_cohorts",
        "update marts.mart_expansion_cohorts set active_accounts = cohort_accounts + 1 where months_since_creation = 0",
        "rules: expect_column_values_to_be_between(subset_larger_than_cohort)",
    ),
    (
        "fct_attribution_touches",
        "update marts.fct_attribution_touches set linear_credit = linear_credit / 2",
        "per_conversion: expect_column_values_to_be_between(linear_credit)",
    ),
    (
        "mart_attribution_paths",
        "delete from marts.mart_attribution_paths "
        "where conversion_key = (select min(conversion_key) from marts.mart_attribution_paths)",
        "rules: expect_column_pair_values_to_be_equal(paths, conversions)",
    ),
    (
        "mart_channel_attribution",
        "delete from marts.mart_channel_attribution "
        "where channel = (select min(channel) from marts.mart_channel_attribution)",
        "per_model: expect_column_values_to_be_between(conversions_gap)",
    ),
    (
        "audit_rejected_rows",
        "delete from audit.audit_rejected_rows "
        "where rejected_row_id = (select min(rejected_row_id) from audit.audit_rejected_rows)",
        "vs_reconciliation: expect_column_pair_values_to_be_equal(quarantined_rows, reconciled_rejects)",
    ),
    (
        "audit_source_reconciliation",
        "update audit.audit_source_reconciliation set staged_rows = staged_rows - 1 where source_table = 'users'",
        "identity: expect_column_pair_values_to_be_equal(raw_rows, accounted_rows)",
    ),
]


@pytest.mark.parametrize(
    "suite,statement,failure", BREAKAGES, ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(BREAKAGES)]
)
def test_suite_catches_a_broken_mart(demo: Warehouse, tmp_path: Path, suite: str, statement: str, failure: str) -> None:
    db = broken_copy(demo, tmp_path, statement)
    result = run_checkpoint(db, [suite]).suites[0]
    assert not result.success
    assert any(describe(outcome).startswith(failure) for outcome in result.failed), result.line()


def test_missing_mart_fails_with_a_clear_message(demo: Warehouse, tmp_path: Path) -> None:
    db = broken_copy(demo, tmp_path, "drop table marts.fct_mrr_movements")
    code, stdout, _ = run_script(db, tmp_path / "gx", "--model", "dim_users", "--model", "fct_mrr_movements")
    assert code == 1
    assert "PASS  dim_users" in stdout and "FAIL  fct_mrr_movements" in stdout
    assert "table marts.fct_mrr_movements is missing" in stdout
    assert "table marts.fct_mrr_movements is missing" in (tmp_path / "gx" / "summary.md").read_text()


def test_missing_warehouse_is_an_error(tmp_path: Path) -> None:
    code, _, stderr = run_script(tmp_path / "nothing.duckdb", tmp_path / "gx")
    assert code == 2 and "does not exist" in stderr
