"""The Dagster code location of plg_warehouse, in the `dg` project layout (pyproject.toml `[tool.dg]`).

`dg dev` (make orchestrate), `dg check defs` and `dg launch` load this
module; it loads every definition under orchestration/defs/.
"""

from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
