"""The daily pipeline, configured from the environment (orchestration/settings.py)."""

import dagster as dg

from orchestration.pipeline import build_definitions
from orchestration.settings import PlgSettings


@dg.definitions
def plg_pipeline() -> dg.Definitions:
    return build_definitions(PlgSettings.from_env())
