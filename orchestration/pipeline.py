"""Everything the daily pipeline defines, for one set of paths: assets, jobs, schedule, resources.

`build_definitions(settings)` is what orchestration/defs/plg_pipeline.py
loads from the environment (and what the tests call with their own paths).
The dbt manifest comes from dagster-dbt: `DbtProject.prepare_if_dev()` parses
the project under `dg dev`; elsewhere it must have been prepared
(orchestration/dbt_project.py).
"""

from __future__ import annotations

import json

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
    in_process_executor,
)
from dagster_dbt import DbtCliResource, DbtProject
from dagster_dbt.errors import DagsterDbtManifestNotFoundError

from orchestration.assets import (
    PlgRuntime,
    build_dbt_model_assets,
    build_operations_assets,
    build_raw_source_assets,
    make_translator,
    mart_asset_keys,
)
from orchestration.dbt_project import dbt_project_for
from orchestration.settings import PlgSettings

DAILY_JOB = "plg_daily"
FRESHNESS_JOB = "plg_source_freshness"
DAILY_CRON = "0 6 * * *"  # 06:00 UTC, after the nightly raw drop
# the console shows what a person reads (summaries, warnings, failures); the
# per-asset and per-check events stay in the run's event log (UI)
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def load_manifest(project: DbtProject) -> dict:
    """The manifest dagster-dbt prepared: parsed now under `dg dev`, else prepared at deploy time."""
    project.prepare_if_dev()
    if not project.manifest_path.exists():
        raise DagsterDbtManifestNotFoundError(
            f"no dbt manifest at {project.manifest_path}: start the UI with `make orchestrate` (`dg dev` "
            "prepares it), or prepare it once with `dagster-dbt project prepare-and-package "
            "--file orchestration/dbt_project.py`"
        )
    return json.loads(project.manifest_path.read_text())


def build_definitions(settings: PlgSettings | None = None, runtime: PlgRuntime | None = None) -> Definitions:
    """Everything Dagster loads, for one set of paths (tests pass their own paths and scripts)."""
    settings = settings or PlgSettings.from_env()
    project = dbt_project_for(settings)
    manifest = load_manifest(project)
    translator = make_translator()

    raw_sources = build_raw_source_assets(manifest, translator)
    dbt_models = build_dbt_model_assets(project, translator)
    operations = build_operations_assets(mart_asset_keys(manifest, translator))

    daily_job = define_asset_job(
        DAILY_JOB,
        selection=AssetSelection.all(),
        description="Daily: dbt source freshness (stops on stale sources) -> incremental dbt build "
        "with tests -> GX checkpoint -> publish the marts.",
        executor_def=in_process_executor,  # one step after the other on one DuckDB file: no process per step
        config=QUIET_CONSOLE,
    )
    freshness_job = define_asset_job(
        FRESHNESS_JOB,
        selection=AssetSelection.assets(raw_sources),
        description="Only `dbt source freshness` over the raw landing zone.",
        executor_def=in_process_executor,
        config=QUIET_CONSOLE,
    )
    daily_schedule = ScheduleDefinition(
        name="plg_daily_schedule",
        job=daily_job,
        cron_schedule=DAILY_CRON,
        execution_timezone="UTC",
        default_status=DefaultScheduleStatus.RUNNING,
        description="Runs plg_daily every day at 06:00 UTC.",
    )
    resources = {
        "dbt": DbtCliResource(project_dir=project, dbt_executable=settings.dbt_executable),
        "plg": runtime
        or PlgRuntime(
            project_dir=str(settings.project_dir),
            raw_path=settings.raw_path,
            extra_vars_json=json.dumps(dict(settings.extra_vars)),
            manifest_dir=str(settings.target_dir),
            artifacts_dir=str(settings.target_dir / "runs"),
        ),
    }
    return Definitions(
        assets=[raw_sources, dbt_models, *operations],
        jobs=[daily_job, freshness_job],
        schedules=[daily_schedule],
        resources=resources,
    )
