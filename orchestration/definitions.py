"""Dagster Definitions for plg_warehouse: `dagster dev -m orchestration.definitions` (make orchestrate).

Importing this module parses the dbt project offline (`dbt parse`) when the
manifest under PLG_DAGSTER_TARGET_PATH is missing or older than a project
file; see orchestration/settings.py for the environment it reads.
"""
from __future__ import annotations

import json

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
)
from dagster_dbt import DbtCliResource

from orchestration.assets import (
    PlgRuntime,
    build_dbt_model_assets,
    build_operations_assets,
    build_raw_source_assets,
    make_translator,
    mart_asset_keys,
)
from orchestration.manifest import ensure_manifest
from orchestration.settings import PlgSettings

DAILY_JOB = "plg_daily"
FRESHNESS_JOB = "plg_source_freshness"
DAILY_CRON = "0 6 * * *"  # 06:00 UTC, after the nightly raw drop


def build_definitions(settings: PlgSettings | None = None) -> Definitions:
    """Everything Dagster loads, for one set of paths (tests pass their own)."""
    settings = settings or PlgSettings.from_env()
    manifest = json.loads(ensure_manifest(settings).read_text())
    translator = make_translator()

    raw_sources = build_raw_source_assets(manifest, translator)
    dbt_models = build_dbt_model_assets(manifest, translator)
    operations = build_operations_assets(mart_asset_keys(manifest, translator))

    daily_job = define_asset_job(
        DAILY_JOB,
        selection=AssetSelection.all(),
        description="Daily: dbt source freshness (stops on stale sources) -> incremental dbt build "
                    "with tests -> GX checkpoint -> publish the marts.",
    )
    freshness_job = define_asset_job(
        FRESHNESS_JOB,
        selection=AssetSelection.assets(raw_sources),
        description="Only `dbt source freshness` over the raw landing zone.",
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
        "dbt": DbtCliResource(
            project_dir=str(settings.project_dir),
            profiles_dir=str(settings.profiles_dir),
            dbt_executable=settings.dbt_executable,
        ),
        "plg": PlgRuntime(
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


defs = build_definitions()
