"""Paths with a space or a quote: `make build RAW_PATH=...` and `PLG_DUCKDB_PATH=...`
reach every command intact, and dbt's `--vars` parses back to the same path.

The venv is a stand-in whose `python` and `dbt` only record their arguments,
so this checks the Makefile's quoting alone (the SQL side is in the models).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml
from plg_test_harness import PROJECT_DIR

RECORDER = """#!/bin/bash
printf '%s\\0' "$(basename "$0")" "$@" > "$(mktemp "$PLG_TEST_CALLS/call.XXXXXX")"
"""


def stub_venv(folder: Path) -> Path:
    """A venv whose `bin/python` and `bin/dbt` record their argv; up to date for the Makefile."""
    (folder / "bin").mkdir(parents=True)
    for name in ("python", "dbt"):
        (folder / "bin" / name).write_text(RECORDER)
        (folder / "bin" / name).chmod(0o755)
    installed = folder / ".installed"
    installed.touch()
    newer = (PROJECT_DIR / "requirements.txt").stat().st_mtime + 1
    os.utime(installed, (newer, newer))
    return folder


def recorded_calls(calls: Path) -> list[list[str]]:
    return sorted(p.read_bytes().decode().split("\0")[:-1] for p in calls.iterdir())


def test_paths_with_a_space_and_quotes_survive_the_makefile(tmp_path: Path) -> None:
    venv = stub_venv(tmp_path / "venv")  # make targets cannot hold spaces: VENV stays plain
    calls = tmp_path / "calls"
    calls.mkdir()
    raw = tmp_path / 'raw data\'s "new" \\ folder'  # does not exist yet: `make data` generates into it
    db = tmp_path / "ware house's.duckdb"
    proc = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(PROJECT_DIR),
            f"VENV={venv}",
            f"RAW_PATH={raw}",
            f"PLG_DUCKDB_PATH={db}",
            "data",
            "dbt-build",
            "checkpoint",
            "publish",
            "freshness",
        ],
        env={**os.environ, "PLG_TEST_CALLS": str(calls)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    by_tool: dict[str, list[list[str]]] = {}
    for call in recorded_calls(calls):
        by_tool.setdefault(call[0], []).append(call[1:])
    generate, publish, checkpoint = sorted(by_tool["python"])
    assert generate[0] == "scripts/generate_raw_data.py" and generate[-2:] == ["--out", str(raw)]
    assert checkpoint[:3] == ["scripts/run_checkpoint.py", "--db", str(db)]
    assert publish[:3] == ["scripts/publish_marts.py", "--db", str(db)]
    assert sorted(c[:2] for c in by_tool["dbt"]) == [["build", "--vars"], ["source", "freshness"]]
    for call in by_tool["dbt"]:
        assert yaml.safe_load(call[call.index("--vars") + 1]) == {"raw_path": str(raw)}
