"""Dagster orchestration (orchestration/): asset graph from an offline `dbt parse`, the daily job in process.

Two raw drops of the same small company (`test_semantic.sample_rows`):
dated "now" (every source fresh) and dated mid-2022 (every source years
stale). `raw_path` is a symlink switched between the two, so both runs use
the same dbt vars and dbt's partial parse cache. The daily job runs in process (`execute_in_process`, no daemon, an
ephemeral instance) with stand-in GX checkpoint and publish scripts that log
their calls, so this test pins the orchestration, not the other engineers'
scripts.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from plg_test_harness import PROJECT_DIR, write_raw
from test_semantic import sample_rows

from dagster import AssetCheckSeverity, AssetKey, DagsterInstance, materialize

from orchestration.assets import GX_CHECKPOINT_KEY, PUBLISHED_MARTS_KEY, PlgRuntime, build_operations_assets
from orchestration.definitions import DAILY_CRON, DAILY_JOB, FRESHNESS_JOB, build_definitions
from orchestration.settings import PlgSettings

STUB = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    with open(os.environ["PLG_STUB_LOG"], "a") as log:
        log.write(json.dumps({"script": Path(sys.argv[0]).name, "argv": sys.argv[1:],
                              "db": os.environ.get("PLG_DUCKDB_PATH")}) + "\\n")
    print("stand-in", Path(sys.argv[0]).name, "exit", {exit_code})
    sys.exit({exit_code})
""")

RAW_KEYS = [AssetKey(["raw", t]) for t in ("accounts", "community_activity", "crm_opportunities", "firmographics",
                                           "marketing_touches", "product_events", "subscription_changes", "users",
                                           "web_pageviews")]


@pytest.fixture(scope="module")
def orch(tmp_path_factory):
    """Definitions over a fresh manifest, raw drops, stand-in scripts and a clean environment."""
    root = tmp_path_factory.mktemp("orchestration")
    fresh_raw, stale_raw, raw = root / "raw_fresh", root / "raw_stale", root / "raw"
    write_raw(fresh_raw, sample_rows(datetime.now() - timedelta(minutes=30)))
    write_raw(stale_raw, sample_rows(datetime(2022, 6, 30, 18, 0)))
    raw.symlink_to(fresh_raw, target_is_directory=True)
    stubs = {}
    for name, exit_code in (("checkpoint_ok", 0), ("publish_ok", 0), ("checkpoint_fail", 1)):
        stubs[name] = root / f"{name}.py"
        stubs[name].write_text(STUB.replace("{exit_code}", str(exit_code)))
    profiles = os.environ.get("PLG_TEST_PROFILES_DIR", str(PROJECT_DIR))
    settings = PlgSettings(project_dir=PROJECT_DIR, profiles_dir=Path(profiles), target_dir=root / "dagster_target",
                           raw_path=str(raw))
    env = {"PLG_PROJECT_DIR": str(PROJECT_DIR), "DBT_PROFILES_DIR": profiles,
           "PLG_DUCKDB_PATH": str(root / "plg.duckdb"), "PLG_TEMP_DIR": str(root / "duckdb_tmp"),
           "PLG_STUB_LOG": str(root / "stub_calls.jsonl"), "PLG_DAGSTER_TARGET_PATH": str(settings.target_dir),
           "PLG_RAW_PATH": str(raw)}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        defs = build_definitions(settings)

        def runtime(checkpoint: str = "checkpoint_ok") -> PlgRuntime:
            return PlgRuntime(project_dir=str(PROJECT_DIR), raw_path=str(raw), manifest_dir=str(settings.target_dir),
                              artifacts_dir=str(settings.target_dir / "runs"),
                              checkpoint_script=str(stubs[checkpoint]), publish_script=str(stubs["publish_ok"]))

        yield {"root": root, "defs": defs, "settings": settings, "runtime": runtime, "env": env,
               "raw": raw, "fresh_raw": fresh_raw, "stale_raw": stale_raw}


def stub_calls(orch) -> list[dict]:
    log = orch["root"] / "stub_calls.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


# ------------------------------------------------------------------ the asset graph
def test_manifest_is_parsed_offline_into_our_target(orch):
    manifest = json.loads(orch["settings"].manifest_path.read_text())
    assert manifest["metadata"]["project_name"] == "plg_warehouse"
    assert "model.plg_warehouse.mart_pqa" in manifest["nodes"]


def test_one_asset_per_dbt_model_with_dependencies_and_tests_as_checks(orch):
    manifest = json.loads(orch["settings"].manifest_path.read_text())
    graph = orch["defs"].resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    for node in models:
        assert AssetKey([node["schema"], node["name"]]) in keys, node["name"]
    mart_pqa = AssetKey(["marts", "mart_pqa"])
    assert AssetKey(["marts", "fct_account_signals"]) in graph.get(mart_pqa).parent_keys
    assert AssetKey(["raw", "product_events"]) in graph.get(AssetKey(["staging", "base_raw__product_events"])).parent_keys
    assert graph.get(GX_CHECKPOINT_KEY).parent_keys >= {AssetKey(["marts", m]) for m in
                                                         ("dim_users", "mart_pqa", "mart_channel_attribution")}
    assert graph.get(PUBLISHED_MARTS_KEY).parent_keys == {GX_CHECKPOINT_KEY}
    check_keys = graph.asset_check_keys
    dbt_tests = [n for n in manifest["nodes"].values() if n["resource_type"] == "test"]
    assert len([k for k in check_keys if k.name != "freshness"]) >= 0.9 * len(dbt_tests)
    freshness_checks = {k.asset_key for k in check_keys if k.name == "freshness"}
    assert freshness_checks == set(RAW_KEYS)


def test_daily_schedule_and_jobs(orch):
    defs = orch["defs"]
    schedule = defs.resolve_schedule_def("plg_daily_schedule")
    assert schedule.cron_schedule == DAILY_CRON and schedule.job_name == DAILY_JOB
    assert defs.resolve_job_def(FRESHNESS_JOB) is not None


def test_definitions_module_loads_like_dagster_dev(orch):
    """`dagster definitions validate -m orchestration.definitions`: what `make orchestrate` loads."""
    dagster = Path(sys.executable).parent / "dagster"
    env = {**os.environ, **orch["env"], "DAGSTER_HOME": str(orch["root"] / "dagster_home"),
           "PYTHONPATH": str(PROJECT_DIR)}
    (orch["root"] / "dagster_home").mkdir(exist_ok=True)
    (orch["root"] / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    proc = subprocess.run([str(dagster), "definitions", "validate", "-m", "orchestration.definitions"],
                          cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]


# ------------------------------------------------------------------ the daily job, fresh data
@pytest.fixture(scope="module")
def fresh_run(orch):
    job = orch["defs"].resolve_job_def(DAILY_JOB)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in orch["env"].items():
            mp.setenv(key, value)
        result = job.execute_in_process(resources={"plg": orch["runtime"]()}, raise_on_error=False)
    return result


def test_daily_job_materializes_sources_models_checkpoint_and_publish(orch, fresh_run):
    assert fresh_run.success
    materialized = {e.asset_key for e in fresh_run.get_asset_materialization_events()}
    for key in [*RAW_KEYS, AssetKey(["staging", "stg_raw__product_events"]), AssetKey(["marts", "dim_users"]),
                AssetKey(["marts", "mart_pqa"]), AssetKey(["marts", "fct_mrr_movements"]),
                AssetKey(["marts", "mart_channel_attribution"]), GX_CHECKPOINT_KEY, PUBLISHED_MARTS_KEY]:
        assert key in materialized, key.to_user_string()
    # the checkpoint ran on the built warehouse, then publish, in that order
    calls = stub_calls(orch)
    assert [c["script"] for c in calls] == ["checkpoint_ok.py", "publish_ok.py"]
    assert calls[0]["argv"][:2] == ["--db", orch["env"]["PLG_DUCKDB_PATH"]]
    con = duckdb.connect(orch["env"]["PLG_DUCKDB_PATH"], read_only=True)
    try:
        assert con.execute("select count(*) from marts.mart_pqa where is_pqa").fetchone()[0] == 2
    finally:
        con.close()


def test_dbt_tests_are_reported_as_passing_checks(fresh_run):
    evaluations = fresh_run.get_asset_check_evaluations()
    by_key = {(e.asset_key, e.check_name): e for e in evaluations}
    pqa_checks = [e for (key, _), e in by_key.items() if key == AssetKey(["marts", "mart_pqa"])]
    assert pqa_checks and all(e.passed for e in pqa_checks)
    assert any(e.check_name.startswith("unique_mart_pqa") for e in pqa_checks)
    freshness = by_key[(AssetKey(["raw", "product_events"]), "freshness")]
    assert freshness.passed and freshness.metadata["status"].value == "pass"
    dbt_failures = [e for e in evaluations if e.check_name != "freshness" and not e.passed]
    assert dbt_failures == []


# ------------------------------------------------------------------ the daily job, stale data
def test_stale_sources_fail_the_run_before_any_model_is_built(orch, fresh_run):
    job = orch["defs"].resolve_job_def(DAILY_JOB)
    calls_before = len(stub_calls(orch))
    instance = DagsterInstance.ephemeral()
    orch["raw"].unlink()
    orch["raw"].symlink_to(orch["stale_raw"], target_is_directory=True)
    try:
        with pytest.MonkeyPatch.context() as mp:
            for key, value in orch["env"].items():
                mp.setenv(key, value)
            result = job.execute_in_process(resources={"plg": orch["runtime"]()}, instance=instance,
                                            raise_on_error=False)
    finally:
        orch["raw"].unlink()
        orch["raw"].symlink_to(orch["fresh_raw"], target_is_directory=True)
    assert not result.success
    freshness = {e.asset_key: e for e in result.get_asset_check_evaluations() if e.check_name == "freshness"}
    assert set(freshness) == set(RAW_KEYS)
    assert all(not e.passed and e.severity == AssetCheckSeverity.ERROR for e in freshness.values())
    assert "error after" in freshness[AssetKey(["raw", "product_events"])].description
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert materialized <= set(RAW_KEYS)  # no dbt model, no checkpoint, no publish
    assert len(stub_calls(orch)) == calls_before
    failures = [e for e in result.all_events if e.is_step_failure]
    assert [e.step_key for e in failures] == ["raw_sources"]
    assert "blocking asset check" in str(failures[0].event_specific_data.error)
    run_artifacts = orch["settings"].target_dir / "runs" / result.run_id[:8]
    assert sorted(p.name for p in run_artifacts.iterdir()) == ["source_freshness"]  # dbt build never started
    # the step log names every stale table, its latest load and its limit
    logs = "\n".join(entry.user_message for entry in instance.all_logs(result.run_id))
    assert "STALE SOURCES: 9 of 9 raw tables are past error_after" in logs
    assert "raw.product_events ERROR (latest 2022-06-30" in logs


def test_failed_checkpoint_blocks_publish(orch, fresh_run):
    assets = build_operations_assets([AssetKey(["marts", "mart_pqa"])])
    with pytest.MonkeyPatch.context() as mp:
        for key, value in orch["env"].items():
            mp.setenv(key, value)
        calls_before = len(stub_calls(orch))
        result = materialize(assets, resources={"plg": orch["runtime"]("checkpoint_fail")},
                             raise_on_error=False)
    assert not result.success
    assert [c["script"] for c in stub_calls(orch)[calls_before:]] == ["checkpoint_fail.py"]
    assert PUBLISHED_MARTS_KEY not in {e.asset_key for e in result.get_asset_materialization_events()}
