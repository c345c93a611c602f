"""Where things are: project, profiles, raw data, warehouse, Dagster's dbt artifacts.

Every value comes from the environment (the Makefile exports the same
variables dbt reads), so `dagster dev`, the daily schedule and the tests
agree without a config file:

    PLG_PROJECT_DIR          dbt project folder            (default: this repository)
    DBT_PROFILES_DIR         folder with profiles.yml      (default: the project folder)
    PLG_RAW_PATH             raw Parquet folder, the `raw_path` var (default: data/raw)
    PLG_DBT_VARS             extra dbt vars as JSON, e.g. '{"as_of_date": "2024-06-30"}'
    PLG_DUCKDB_PATH          warehouse file dbt builds      (default: target/plg.duckdb)
    PLG_DAGSTER_TARGET_PATH  manifest + per-run dbt artifacts (default: target/dagster)
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parents[1]


def _venv_bin(name: str) -> str:
    """The executable `name` next to the running Python (the project's .venv), else on PATH."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


@dataclass(frozen=True)
class PlgSettings:
    """Paths and vars one deployment of the pipeline runs with."""

    project_dir: Path
    profiles_dir: Path
    target_dir: Path
    raw_path: str
    extra_vars: Mapping[str, Any] = field(default_factory=dict)
    dbt_executable: str = field(default_factory=lambda: _venv_bin("dbt"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PlgSettings:
        """Read the settings from `environ` (default: os.environ)."""
        env = os.environ if environ is None else environ
        project_dir = Path(env.get("PLG_PROJECT_DIR") or REPO_DIR).resolve()
        profiles_dir = Path(env.get("DBT_PROFILES_DIR") or project_dir).resolve()
        target_dir = Path(env.get("PLG_DAGSTER_TARGET_PATH") or project_dir / "target" / "dagster")
        if not target_dir.is_absolute():
            target_dir = project_dir / target_dir
        extra_vars = json.loads(env.get("PLG_DBT_VARS") or "{}")
        if not isinstance(extra_vars, dict):
            raise ValueError("PLG_DBT_VARS must be a JSON object")
        return cls(
            project_dir=project_dir,
            profiles_dir=profiles_dir,
            target_dir=target_dir,
            raw_path=env.get("PLG_RAW_PATH") or "data/raw",
            extra_vars=extra_vars,
        )

    @property
    def manifest_path(self) -> Path:
        return self.target_dir / "manifest.json"

    def dbt_vars(self) -> dict[str, Any]:
        """The --vars every dbt command of the pipeline gets (parse included, so partial parsing holds)."""
        return {"raw_path": self.raw_path, **self.extra_vars}

    def dbt_vars_json(self) -> str:
        return json.dumps(self.dbt_vars(), sort_keys=True)
