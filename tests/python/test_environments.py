"""Schemas per environment: prod builds the folder schemas as named, any other
output prefixes them, so a shared warehouse keeps dev, CI and prod apart."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from plg_test_harness import DBT, PROJECT_DIR


def model_schemas(target: str, tmp_path) -> dict[str, str]:
    """Model name -> schema as `dbt ls` resolves it for `target` (no database touched)."""
    env = {
        **os.environ,
        "PLG_TARGET": target,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "PLG_PROJECT_DIR": str(PROJECT_DIR),
        "PLG_DUCKDB_PATH": str(tmp_path / "ls.duckdb"),
    }
    proc = subprocess.run(
        [
            DBT,
            "ls",
            "--resource-type",
            "model",
            "--output",
            "json",
            "--output-keys",
            "name",
            "schema",
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
            "--quiet",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    nodes = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return {node["name"]: node["schema"] for node in nodes}


@pytest.mark.parametrize(
    ("target", "marts", "staging"),
    [
        ("prod", "marts", "staging"),
        ("dev", "dev_marts", "dev_staging"),
    ],
)
def test_schema_names_per_target(target: str, marts: str, staging: str, tmp_path) -> None:
    schemas = model_schemas(target, tmp_path)
    assert schemas["mart_pqa"] == marts
    assert schemas["stg_raw__users"] == staging
