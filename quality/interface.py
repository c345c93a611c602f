"""The public interface of the warehouse, read from the dbt manifest.

Which models are public, and in which schema each is built, is declared once:
`+access: public` and `+group` per folder in dbt_project.yml (groups and their
owners in models/_groups.yml). The checkpoint, the publisher, the tests and the
Dagster job read that declaration from the manifest instead of keeping lists of
their own.

The manifest is `target/manifest.json` when it is newer than every file under
models/ and dbt_project.yml (a `dbt build` just wrote it); otherwise the project
is parsed once into `target/interface/` (`dbt parse`, no database touched).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[1]
PARSE_TARGET = PROJECT_DIR / "target" / "interface"


def _newest_declaration_mtime() -> float:
    """Newest modification time of the files that declare models and their config."""
    files = [PROJECT_DIR / "dbt_project.yml", *(PROJECT_DIR / "models").rglob("*")]
    return max(path.stat().st_mtime for path in files if path.is_file())


def _parse_manifest() -> Path:
    """`dbt parse` the project into PARSE_TARGET and return its manifest."""
    dbt = Path(sys.executable).with_name("dbt")
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": os.environ.get("DBT_PROFILES_DIR", str(PROJECT_DIR)),
        "PLG_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    subprocess.run(
        [
            str(dbt),
            "parse",
            "--quiet",
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(PARSE_TARGET),
            "--log-path",
            str(PARSE_TARGET / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return PARSE_TARGET / "manifest.json"


def manifest_path() -> Path:
    """A manifest that reflects the declarations on disk now."""
    newest = _newest_declaration_mtime()
    for candidate in (PROJECT_DIR / "target" / "manifest.json", PARSE_TARGET / "manifest.json"):
        if candidate.exists() and candidate.stat().st_mtime >= newest:
            return candidate
    return _parse_manifest()


@lru_cache(maxsize=1)
def load_manifest() -> dict[str, Any]:
    """The parsed manifest (read once per process)."""
    return json.loads(manifest_path().read_text())


def raw_tables(manifest: dict[str, Any] | None = None) -> list[str]:
    """The tables of the raw source (the raw input contract), in declared order."""
    sources = (manifest or load_manifest())["sources"].values()
    return [source["name"] for source in sources if source["source_name"] == "raw"]


def public_models(manifest: dict[str, Any] | None = None) -> dict[str, str]:
    """Public model name -> the schema it is built in, in the manifest's order."""
    nodes = (manifest or load_manifest())["nodes"].values()
    return {
        node["name"]: node["schema"]
        for node in nodes
        if node["resource_type"] == "model" and node["config"].get("access") == "public"
    }
