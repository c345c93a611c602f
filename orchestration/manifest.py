"""The dbt manifest Dagster builds its asset graph from, produced offline by `dbt parse`.

`dbt parse` reads only project files (no warehouse query, no network), so the
asset graph can be loaded anywhere the repository is checked out. The
manifest is re-parsed when it is missing or older than any project file it
depends on, so `dagster dev` always shows the current models.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from orchestration.settings import PlgSettings

# project files whose change changes the manifest
_WATCHED = ("dbt_project.yml", "models", "macros", "seeds", "tests", "analyses", "snapshots")
_WATCHED_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md", ".py"}


def _newest_source_mtime(project_dir: Path) -> float:
    newest = 0.0
    for name in _WATCHED:
        path = project_dir / name
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for file in path.rglob("*"):
                if file.suffix in _WATCHED_SUFFIXES and file.is_file():
                    newest = max(newest, file.stat().st_mtime)
    return newest


def manifest_is_stale(settings: PlgSettings) -> bool:
    """True when the manifest is missing or a project file changed after it was written."""
    manifest = settings.manifest_path
    if not manifest.exists():
        return True
    return _newest_source_mtime(settings.project_dir) > manifest.stat().st_mtime


def dbt_env(settings: PlgSettings) -> dict[str, str]:
    """Environment for a dbt subprocess: ours plus the project and profiles folders."""
    return {
        **os.environ,
        "PLG_PROJECT_DIR": str(settings.project_dir),
        "DBT_PROFILES_DIR": str(settings.profiles_dir),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }


def parse_manifest(settings: PlgSettings) -> Path:
    """Run `dbt parse` into the orchestration target folder and return the manifest path."""
    settings.target_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        settings.dbt_executable, "parse",
        "--project-dir", str(settings.project_dir),
        "--profiles-dir", str(settings.profiles_dir),
        "--target-path", str(settings.target_dir),
        "--log-path", str(settings.target_dir / "logs"),
        "--vars", settings.dbt_vars_json(),
        "--quiet",
    ]
    proc = subprocess.run(cmd, cwd=settings.project_dir, env=dbt_env(settings), capture_output=True, text=True)
    if proc.returncode != 0 or not settings.manifest_path.exists():
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise RuntimeError(f"`dbt parse` failed (exit {proc.returncode}):\n{tail}")
    return settings.manifest_path


def ensure_manifest(settings: PlgSettings) -> Path:
    """The manifest path, parsing first when it is missing or stale."""
    if manifest_is_stale(settings):
        return parse_manifest(settings)
    return settings.manifest_path
