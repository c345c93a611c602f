"""The dbt project as dagster-dbt sees it: a `DbtProject` whose manifest dagster-dbt prepares.

During development (`dg dev`, which sets DAGSTER_IS_DEV_CLI) `prepare_if_dev()`
runs `dbt parse` (offline, no warehouse query) with the pipeline's vars into
PLG_DAGSTER_TARGET_PATH on every code load, so the UI always shows the
current models. A deployment prepares the manifest once at build time:

    dagster-dbt project prepare-and-package --file orchestration/dbt_project.py

`plg_dbt_project` is that module-level object, built from the environment
(orchestration/settings.py).
"""

from __future__ import annotations

from dagster_dbt import DbtProject

from orchestration.settings import PlgSettings


def dbt_project_for(settings: PlgSettings) -> DbtProject:
    """The dbt project of one deployment: its folders, and `dbt parse` with the run's vars.

    Parsing with the same --vars as the run lets every later dbt command of
    the run reuse dbt's partial parse cache.
    """
    return DbtProject(
        project_dir=settings.project_dir,
        profiles_dir=settings.profiles_dir,
        target_path=settings.target_dir,
        prepare_project_cli_args=["parse", "--quiet", "--vars", settings.dbt_vars_json()],
    )


plg_dbt_project = dbt_project_for(PlgSettings.from_env())
