"""Dagster orchestration (orchestration/): asset graph from the manifest dagster-dbt prepares, the daily job in process.

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
import logging
import os
import re
import shutil
import subprocess
import sys
import textwrap
import warnings
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from dagster import (
    AssetCheckKey,
    AssetCheckSeverity,
    AssetKey,
    AssetSelection,
    DagsterInstance,
    materialize,
)
from plg_test_harness import PROJECT_DIR, write_raw
from raw_contract import RAW_SCHEMA
from test_semantic import sample_rows

from orchestration.assets import (
    DBT_TESTS_CHECK,
    GX_CHECKPOINT_KEY,
    PUBLISHED_MARTS_KEY,
    DbtTestOutcome,
    PlgRuntime,
    build_operations_assets,
    dbt_test_outcome,
    dbt_tests_check_result,
    summarize_run_results,
)
from orchestration.dbt_project import dbt_project_for
from orchestration.pipeline import (
    DAILY_CRON,
    DAILY_JOB,
    FRESHNESS_JOB,
    build_definitions,
)
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

RAW_KEYS = [AssetKey(["raw", table]) for table in RAW_SCHEMA]


@pytest.fixture(scope="module")
def orch(tmp_path_factory):
    """Definitions over a fresh manifest, raw drops, stand-in scripts and a clean environment."""
    root = tmp_path_factory.mktemp("orchestration")
    fresh_raw, stale_raw, raw = root / "raw_fresh", root / "raw_stale", root / "raw"
    fresh_rows = sample_rows(datetime.now() - timedelta(minutes=30))
    write_raw(fresh_raw, fresh_rows)
    write_raw(stale_raw, sample_rows(datetime(2022, 6, 30, 18, 0)))
    raw.symlink_to(fresh_raw, target_is_directory=True)
    stubs = {}
    for name, exit_code in (("checkpoint_ok", 0), ("publish_ok", 0), ("checkpoint_fail", 1)):
        stubs[name] = root / f"{name}.py"
        stubs[name].write_text(STUB.replace("{exit_code}", str(exit_code)))
    profiles = os.environ.get("PLG_TEST_PROFILES_DIR", str(PROJECT_DIR))
    settings = PlgSettings(
        project_dir=PROJECT_DIR, profiles_dir=Path(profiles), target_dir=root / "dagster_target", raw_path=str(raw)
    )
    env = {
        "PLG_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_PROFILES_DIR": profiles,
        "PLG_DUCKDB_PATH": str(root / "plg.duckdb"),
        "PLG_TEMP_DIR": str(root / "duckdb_tmp"),
        "PLG_STUB_LOG": str(root / "stub_calls.jsonl"),
        "PLG_DAGSTER_TARGET_PATH": str(settings.target_dir),
        "PLG_RAW_PATH": str(raw),
        # dagster-dbt runs `dbt` from PATH (prepare, like `dg dev` with the venv's bin on PATH)
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        project = dbt_project_for(settings)
        project.preparer.prepare(project)  # what `dg dev` (prepare_if_dev) or a deploy does

        def runtime(checkpoint: str = "checkpoint_ok") -> PlgRuntime:
            return PlgRuntime(
                project_dir=str(PROJECT_DIR),
                raw_path=str(raw),
                manifest_dir=str(settings.target_dir),
                artifacts_dir=str(settings.target_dir / "runs"),
                checkpoint_script=str(stubs[checkpoint]),
                publish_script=str(stubs["publish_ok"]),
            )

        defs = build_definitions(settings, runtime=runtime())

        yield {
            "root": root,
            "defs": defs,
            "settings": settings,
            "runtime": runtime,
            "env": env,
            "raw": raw,
            "fresh_raw": fresh_raw,
            "fresh_rows": fresh_rows,
            "stale_raw": stale_raw,
        }


def stub_calls(orch) -> list[dict]:
    log = orch["root"] / "stub_calls.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


# ------------------------------------------------------------------ the asset graph
def test_manifest_is_prepared_by_dagster_dbt_into_our_target(orch):
    manifest = json.loads(orch["settings"].manifest_path.read_text())
    assert manifest["metadata"]["project_name"] == "plg_warehouse"
    assert "model.plg_warehouse.mart_pqa" in manifest["nodes"]
    assert not (PROJECT_DIR / "orchestration" / "manifest.py").exists()  # no manifest code of our own


def test_missing_manifest_outside_dg_dev_is_a_clear_error(orch, tmp_path, monkeypatch):
    from dagster_dbt.errors import DagsterDbtManifestNotFoundError

    monkeypatch.delenv("DAGSTER_IS_DEV_CLI", raising=False)
    settings = PlgSettings(
        project_dir=PROJECT_DIR,
        profiles_dir=orch["settings"].profiles_dir,
        target_dir=tmp_path / "nothing_prepared",
        raw_path=str(orch["raw"]),
    )
    with pytest.raises(DagsterDbtManifestNotFoundError, match="prepare-and-package"):
        build_definitions(settings)


def test_one_asset_per_dbt_model_with_dependencies_and_tests_as_checks(orch):
    manifest = json.loads(orch["settings"].manifest_path.read_text())
    graph = orch["defs"].resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    for node in models:
        assert AssetKey([node["schema"], node["name"]]) in keys, node["name"]
    mart_pqa = AssetKey(["marts", "mart_pqa"])
    assert AssetKey(["marts", "fct_account_signals"]) in graph.get(mart_pqa).parent_keys
    assert (
        AssetKey(["raw", "product_events"]) in graph.get(AssetKey(["staging", "base_raw__product_events"])).parent_keys
    )
    assert graph.get(GX_CHECKPOINT_KEY).parent_keys >= {
        AssetKey(["marts", m]) for m in ("dim_users", "mart_pqa", "mart_channel_attribution")
    }
    assert graph.get(PUBLISHED_MARTS_KEY).parent_keys == {GX_CHECKPOINT_KEY}
    check_keys = graph.asset_check_keys
    # one `dbt_tests` check per tested model or seed, standing for all its dbt tests
    tested = {
        AssetKey([manifest["nodes"][n["attached_node"]]["schema"], manifest["nodes"][n["attached_node"]]["name"]])
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test" and n.get("attached_node")
    }
    dbt_checks = {k.asset_key for k in check_keys if k.name == DBT_TESTS_CHECK}
    assert tested <= dbt_checks and AssetKey(["marts", "mart_pqa"]) in dbt_checks
    assert {k.name for k in check_keys} == {DBT_TESTS_CHECK, "freshness"}
    assert len(check_keys) == len(dbt_checks) + len(RAW_KEYS)
    freshness_checks = {k.asset_key for k in check_keys if k.name == "freshness"}
    assert freshness_checks == set(RAW_KEYS)


def test_daily_schedule_and_jobs(orch):
    defs = orch["defs"]
    schedule = defs.resolve_schedule_def("plg_daily_schedule")
    assert schedule.cron_schedule == DAILY_CRON and schedule.job_name == DAILY_JOB
    assert defs.resolve_job_def(FRESHNESS_JOB) is not None


def dg_env(orch) -> dict[str, str]:
    (orch["root"] / "dagster_home").mkdir(exist_ok=True)
    (orch["root"] / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return {
        **os.environ,
        **orch["env"],
        "DAGSTER_HOME": str(orch["root"] / "dagster_home"),
        "PYTHONPATH": str(PROJECT_DIR),
    }


def run_in_dg_env(cmd: list[str], orch) -> subprocess.CompletedProcess[str]:
    """Run `cmd` from the project folder in the environment `dg` loads the code location with."""
    return subprocess.run(
        cmd, check=False, cwd=PROJECT_DIR, env=dg_env(orch), capture_output=True, text=True, timeout=300
    )


def test_code_location_loads_from_the_dg_layout_without_warnings(orch):
    """orchestration/definitions.py (the `dg` entry point) loads the defs folder, in a fresh interpreter.

    `-W error` turns any Python warning (deprecation, supersession, beta) into a failure.
    """
    code = (
        "from orchestration.definitions import defs; d = defs(); "
        "print(sorted(j.name for j in d.jobs), len(d.resolve_asset_graph().get_all_asset_keys()))"
    )
    proc = run_in_dg_env([sys.executable, "-W", "error", "-c", code], orch)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.startswith("['plg_daily', 'plg_source_freshness']")
    assert proc.stderr.strip() == ""


@pytest.mark.skipif(
    shutil.which("dg", path=str(Path(sys.executable).parent)) is None,
    reason="the dg CLI (dagster-dg-cli) is not installed in this venv",
)
def test_dg_check_defs(orch):
    """`dg check defs`: what `make orchestrate` (`dg dev`) loads, validated by Dagster's own CLI."""
    dg = Path(sys.executable).parent / "dg"
    proc = run_in_dg_env([str(dg), "check", "defs"], orch)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Warning" not in proc.stdout + proc.stderr


# ------------------------------------------------------------------ the daily job, fresh data
@pytest.fixture(scope="module")
def fresh_run(orch):
    """plg_daily on fresh data, with its event log and every Python warning raised meanwhile."""
    job = orch["defs"].resolve_job_def(DAILY_JOB)
    instance = DagsterInstance.ephemeral()
    with pytest.MonkeyPatch.context() as mp, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for key, value in orch["env"].items():
            mp.setenv(key, value)
        started_at = datetime.now()
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    result.started_at = started_at
    result.logs = instance.all_logs(result.run_id)
    # Python hides a DeprecationWarning raised inside a library by default; dagster-dbt 0.29 raises
    # one itself (its own call of AssetExecutionContext.op), which no user sees and no user can fix
    result.python_warnings = [
        f"{w.category.__name__}: {w.message} ({w.filename})"
        for w in caught
        if not (w.category is DeprecationWarning and "site-packages" in w.filename)
    ]
    return result


def test_daily_job_materializes_sources_models_checkpoint_and_publish(orch, fresh_run):
    assert fresh_run.success
    materialized = {e.asset_key for e in fresh_run.get_asset_materialization_events()}
    for key in [
        *RAW_KEYS,
        AssetKey(["staging", "stg_raw__product_events"]),
        AssetKey(["marts", "dim_users"]),
        AssetKey(["marts", "mart_pqa"]),
        AssetKey(["marts", "fct_mrr_movements"]),
        AssetKey(["marts", "mart_channel_attribution"]),
        GX_CHECKPOINT_KEY,
        PUBLISHED_MARTS_KEY,
    ]:
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
    assert len(by_key) == len(evaluations)  # one result per check
    pqa = by_key[(AssetKey(["marts", "mart_pqa"]), DBT_TESTS_CHECK)]
    assert pqa.passed and pqa.description.startswith("all ") and pqa.description.endswith(" dbt tests passed")
    test_names = pqa.metadata["test_names"].value.splitlines()
    assert pqa.metadata["tests"].value == len(test_names) >= 5
    assert any(name.startswith("unique_mart_pqa") for name in test_names)
    assert pqa.metadata["did_not_pass"].value == "none"
    freshness = by_key[(AssetKey(["raw", "product_events"]), "freshness")]
    assert freshness.passed and freshness.metadata["status"].value == "pass"
    dbt_failures = [e for e in evaluations if e.check_name != "freshness" and not e.passed]
    assert dbt_failures == []


def sources_past_warn_after(orch, started_at: datetime) -> list[str]:
    """The raw tables of the fresh drop whose newest `loaded_at_field` is older than their `warn_after`.

    The fixture's rows sit at fixed hours of calendar days, so which of them
    are past a day-counted `warn_after` depends on the hour the test runs.
    """
    manifest = json.loads(orch["settings"].manifest_path.read_text())
    stale = []
    for source in sorted(manifest["sources"].values(), key=lambda s: s["name"]):
        warn_after = source["freshness"]["warn_after"]
        assert warn_after["period"] == "day"
        newest = max(row[source["loaded_at_field"]] for row in orch["fresh_rows"][source["name"]])
        if started_at - newest > timedelta(days=warn_after["count"]):
            stale.append(f"raw.{source['name']}")
    return stale


def test_a_clean_run_warns_nothing_and_summarizes_dbt(orch, fresh_run):
    """No WARNING-or-worse log line but the data's own, no Python warning; dbt's output is one summary line.

    Some of the fixture company's sources are days old (community posts, touches, subscription changes):
    past their `warn_after` at some hours of the day, which the freshness step reports (that is the data
    talking, not the tooling)."""
    noisy = [e.user_message for e in fresh_run.logs if e.level >= logging.WARNING]
    assert [m.split(" WARN ")[0] for m in noisy] == [
        f"STALE (warn) source {name}" for name in sources_past_warn_after(orch, fresh_run.started_at)
    ]
    assert fresh_run.python_warnings == []
    messages = [e.user_message for e in fresh_run.logs if e.level >= logging.INFO and not e.is_dagster_event]
    summaries = [m for m in messages if m.startswith("dbt: ")]
    assert len(summaries) == 1 and "fail" not in summaries[0] and "error" not in summaries[0]
    assert re.search(r"^dbt: \d+ nodes in [\d.]+ s \(success=\d+, pass=\d+", summaries[0])
    assert not any("START" in m or "OK created" in m or "PASS " in m for m in messages)  # no dbt line echoed


def test_dbt_itself_warns_nothing_in_a_clean_run(orch, fresh_run):
    """dbt's warnings (deprecations included) live in each invocation's JSON log, out of Dagster's console."""
    run_folder = orch["settings"].target_dir / "runs" / fresh_run.run_id[:8]
    logs = sorted(run_folder.glob("*/dbt.log*"))
    assert {path.parent.name for path in logs} == {"source_freshness", "dbt_build"}
    dbt_warnings = [
        f"{path.parent.name}: {event['info']['name']}: {event['info']['msg'][:200]}"
        for path in logs
        for event in map(json.loads, path.read_text().splitlines())
        if event["info"]["level"] in ("warn", "error") and event["info"]["name"] != "LogFreshnessResult"
    ]
    assert dbt_warnings == []  # a stale source's WARN line is the data's own, checked above


def test_singular_test_over_two_models_is_a_check_of_mart_pqa(fresh_run):
    checks = {(e.asset_key, e.check_name): e for e in fresh_run.get_asset_check_evaluations()}
    check = checks[(AssetKey(["marts", "mart_pqa"]), DBT_TESTS_CHECK)]
    assert "pqa_change_feed_replays_to_mart_pqa" in check.metadata["test_names"].value.splitlines()
    assert check.passed


def _outcome(name: str, status: str, failures: int | None = None) -> DbtTestOutcome:
    return DbtTestOutcome(unique_id=f"test.p.{name}.x", name=name, status=status, failures=failures, message="")


def test_a_failed_dbt_test_fails_its_models_check_by_name():
    """The check of a model summarizes its tests: any test that did not pass fails it and is named."""
    key = AssetCheckKey(AssetKey(["marts", "mart_pqa"]), DBT_TESTS_CHECK)
    result = dbt_tests_check_result(
        key,
        [
            _outcome("unique_mart_pqa_account_id", "pass", 0),
            _outcome("not_null_mart_pqa_is_pqa", "fail", 3),
            _outcome("accepted_values_mart_pqa_route", "warn", 1),
        ],
    )
    assert not result.passed and result.severity == AssetCheckSeverity.ERROR
    assert result.description == (
        "2 of 3 dbt tests did not pass: accepted_values_mart_pqa_route: warn (1 failing rows); "
        "not_null_mart_pqa_is_pqa: fail (3 failing rows)"
    )
    assert result.metadata["did_not_pass"].value.splitlines() == [
        "accepted_values_mart_pqa_route: warn (1 failing rows)",
        "not_null_mart_pqa_is_pqa: fail (3 failing rows)",
    ]
    only_warned = dbt_tests_check_result(key, [_outcome("a", "pass"), _outcome("b", "warn", 2)])
    assert not only_warned.passed and only_warned.severity == AssetCheckSeverity.WARN
    assert dbt_tests_check_result(key, [_outcome("a", "pass"), _outcome("b", "pass")]).passed


def test_dbt_test_outcome_reads_test_results_only():
    event = {
        "info": {"name": "LogTestResult", "msg": "FAIL 3 not_null_mart_pqa_is_pqa"},
        "data": {
            "name": "not_null_mart_pqa_is_pqa",
            "num_failures": 3,
            "node_info": {"unique_id": "test.plg_warehouse.not_null_mart_pqa_is_pqa.1a", "node_status": "fail"},
        },
    }
    outcome = dbt_test_outcome(event)
    assert outcome is not None and (outcome.name, outcome.status, outcome.failures) == (
        "not_null_mart_pqa_is_pqa",
        "fail",
        3,
    )
    model_event = {"info": {"name": "LogModelResult"}, "data": {"node_info": {"unique_id": "model.p.m"}}}
    assert dbt_test_outcome(model_event) is None
    unit_test = {"info": {"name": "LogTestResult"}, "data": {"node_info": {"unique_id": "unit_test.p.m.u"}}}
    assert dbt_test_outcome(unit_test) is None


def test_materializing_some_models_runs_only_their_tests_without_warnings(orch, fresh_run):
    """A UI selection of one mart: its own tests run as checks; a relationships test that another
    (unselected) model declares against it does not run, so nothing is logged as an observation."""
    instance = DagsterInstance.ephemeral()
    dim_accounts = AssetKey(["marts", "dim_accounts"])
    with pytest.MonkeyPatch.context() as mp:
        for key, value in orch["env"].items():
            mp.setenv(key, value)
        assets = [a for a in orch["defs"].assets if getattr(a, "op", None) and a.op.name == "plg_dbt_models"]
        result = materialize(
            assets,
            selection=AssetSelection.assets(dim_accounts),
            instance=instance,
            resources={"plg": orch["runtime"](), "dbt": orch["defs"].resources["dbt"]},
            raise_on_error=False,
        )
    assert result.success
    assert {e.asset_key for e in result.get_asset_materialization_events()} == {dim_accounts}
    evaluations = result.get_asset_check_evaluations()
    assert evaluations and {e.asset_key for e in evaluations} == {dim_accounts}
    assert all(e.passed for e in evaluations)
    assert result.get_asset_observation_events() == []
    assert [e.user_message for e in instance.all_logs(result.run_id) if e.level >= logging.WARNING] == []


def test_summarize_run_results_counts_statuses_and_lists_what_did_not_pass():
    run_results = {
        "elapsed_time": 12.345,
        "results": [
            {"unique_id": "model.p.a", "status": "success", "message": "OK"},
            {"unique_id": "model.p.b", "status": "success", "message": "OK"},
            {"unique_id": "test.p.t1", "status": "pass", "message": None},
            {"unique_id": "test.p.t2", "status": "warn", "message": "Got 3 results, configured to warn if != 0"},
            {"unique_id": "test.p.t3", "status": "fail", "message": "Got 1 result"},
            {"unique_id": "model.p.c", "status": "skipped", "message": None},
            {"unique_id": "exposure.p.e", "status": "no-op", "message": "NO-OP"},
        ],
    }
    summary, problems = summarize_run_results(run_results)
    assert summary == "dbt: 7 nodes in 12.3 s (success=2, pass=1, warn=1, fail=1, skipped=1, no-op=1)"
    assert problems == [
        "warn: test.p.t2: Got 3 results, configured to warn if != 0",
        "fail: test.p.t3: Got 1 result",
        "skipped: model.p.c: ",
    ]


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
            result = job.execute_in_process(instance=instance, raise_on_error=False)
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
        result = materialize(assets, resources={"plg": orch["runtime"]("checkpoint_fail")}, raise_on_error=False)
    assert not result.success
    assert [c["script"] for c in stub_calls(orch)[calls_before:]] == ["checkpoint_fail.py"]
    assert PUBLISHED_MARTS_KEY not in {e.asset_key for e in result.get_asset_materialization_events()}
