"""Read `dbt source freshness` results (target/sources.json) into per-source verdicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SourceFreshness:
    """One source table's freshness verdict."""

    unique_id: str
    source_name: str
    table_name: str
    status: str  # pass | warn | error | runtime error
    max_loaded_at: str | None
    snapshotted_at: str | None
    age_hours: float | None
    warn_after: str | None
    error_after: str | None
    message: str | None

    @property
    def is_stale(self) -> bool:
        """Error (past error_after) or a runtime error: the run must stop."""
        return self.status not in ("pass", "warn")

    def describe(self) -> str:
        age = f"{self.age_hours:.1f} h old" if self.age_hours is not None else "age unknown"
        limit = f"error after {self.error_after}" if self.error_after else "no error limit"
        detail = f": {self.message}" if self.message else ""
        return f"{self.source_name}.{self.table_name} {self.status.upper()} (latest {self.max_loaded_at}, {age}; {limit}){detail}"


def _period(criteria: dict[str, Any] | None, key: str) -> str | None:
    value = (criteria or {}).get(key) or {}
    if not value or value.get("count") is None:
        return None
    return f"{value['count']} {value['period']}"


def read_sources_json(path: Path) -> list[SourceFreshness]:
    """Every result of a sources.json artifact, in file order."""
    data = json.loads(Path(path).read_text())
    out = []
    for result in data.get("results", []):
        unique_id = result["unique_id"]
        _, _package, source_name, table_name = unique_id.split(".", 3)
        age = result.get("max_loaded_at_time_ago_in_s")
        criteria = result.get("criteria")
        out.append(
            SourceFreshness(
                unique_id=unique_id,
                source_name=source_name,
                table_name=table_name,
                status=result.get("status", "runtime error"),
                max_loaded_at=result.get("max_loaded_at"),
                snapshotted_at=result.get("snapshotted_at"),
                age_hours=round(age / 3600, 2) if age is not None else None,
                warn_after=_period(criteria, "warn_after"),
                error_after=_period(criteria, "error_after"),
                message=result.get("error") or result.get("message")
                if result.get("status") == "runtime error"
                else None,
            )
        )
    return out
