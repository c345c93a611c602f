"""Run every suite of `quality.suites` on a built warehouse and summarize the outcome.

Each frame is read from DuckDB (read-only connection) into pandas and validated
with GX's pandas datasource in an ephemeral context (no files, no network).
A missing model or a query that cannot run is a failed suite with the error
text, never a silent pass. The result names the dbt invocation that last
changed the warehouse (`quality.build_runs`); a warehouse whose last
invocation never finished (a killed build) fails the checkpoint.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import duckdb  # noqa: E402
import great_expectations as gx  # noqa: E402
import pandas as pd  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

from quality.build_runs import BuildRun, latest_build_run  # noqa: E402
from quality.marts import AUDIT_MODELS, PUBLISHED_MARTS, qualified_name  # noqa: E402
from quality.suites import SUITES, Frame, Suite, pii_expectations  # noqa: E402

RESULT_FILE = "checkpoint_result.json"
SUMMARY_FILE = "summary.md"
_SHOWN_VALUES = 5


@dataclass
class Outcome:
    """One evaluated expectation."""

    frame: str
    expectation: str
    arguments: dict[str, Any]
    success: bool
    observed: str
    why: str = ""


@dataclass
class SuiteResult:
    model: str
    success: bool
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]

    def line(self) -> str:
        """One console line: status, model, counts and the first problems."""
        status = "PASS" if self.success else "FAIL"
        passed = len(self.outcomes) - len(self.failed)
        text = f"{status}  {self.model:<28} {passed}/{len(self.outcomes)} expectations"
        problems = self.errors + [describe(o) for o in self.failed]
        if problems:
            text += "  | " + "; ".join(problems[:3]) + (f"; (+{len(problems) - 3} more)" if len(problems) > 3 else "")
        return text


@dataclass
class CheckpointResult:
    success: bool
    db_path: str
    db_fingerprint: dict[str, int]
    finished_at: str
    seconds: float
    suites: list[SuiteResult]
    build: dict[str, Any] | None = None  # BuildRun.as_dict() of the latest dbt invocation, None if unrecorded
    build_problem: str = ""


def build_problem(build: BuildRun | None) -> str:
    """Why the warehouse's last dbt invocation makes any validation meaningless ("" when it ended)."""
    if build is None or build.finished:
        return ""
    return f"the warehouse was last changed by {build.describe()}: its tables may be half-built; run `dbt build` again"


def db_fingerprint(db_path: Path) -> dict[str, int]:
    """Size and modification time of the DuckDB file (publish checks it did not change)."""
    stat = db_path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def new_context() -> Any:
    """An ephemeral GX context with one pandas datasource, quiet."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.data_sources.add_pandas("plg_warehouse")
    return context


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """`schema.table` of every table and view in the warehouse."""
    rows = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    return {f"{schema}.{name}" for schema, name in rows}


def describe(outcome: Outcome) -> str:
    """`frame: expectation(column): observed`, for the console and the summary."""
    args = outcome.arguments
    target = args.get("column") or (
        f"{args['column_A']}, {args['column_B']}"
        if "column_A" in args
        else ", ".join(args.get("column_list", [])) or ""
    )
    return f"{outcome.frame}: {outcome.expectation}({target}): {outcome.observed}"


def observed_text(result: dict[str, Any], exception: dict[str, Any] | None) -> str:
    """What GX saw, short: the observed value, or the unexpected values and their count."""
    if exception and exception.get("raised_exception"):
        return "error: " + str(exception.get("exception_message", "")).splitlines()[0][:200]
    if "observed_value" in result:
        return f"observed {result['observed_value']}"
    if "unexpected_count" in result:
        shown = result.get("partial_unexpected_list", [])[:_SHOWN_VALUES]
        return f"{result['unexpected_count']} of {result.get('element_count')} unexpected, e.g. {shown}"
    return json.dumps(result, default=str)[:200]


def _exception_info(validation_result: Any) -> dict[str, Any] | None:
    info = validation_result.exception_info or {}
    if "raised_exception" in info:
        return info
    # GX 1.x keys exception info by metric; report the first one raised
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return value
    return None


def validate_frame(
    context: Any, suite_name: str, frame: Frame, data: pd.DataFrame, extra: Sequence[Any] = ()
) -> list[Outcome]:
    """Validate one DataFrame with GX against the frame's expectations."""
    datasource = context.data_sources.get("plg_warehouse")
    asset = datasource.add_dataframe_asset(f"{suite_name}__{frame.name}")
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": data})
    suite = gx.ExpectationSuite(name=f"{suite_name}__{frame.name}", expectations=[*frame.expectations, *extra])
    validation = batch.validate(suite, result_format="SUMMARY")
    outcomes = []
    for result in validation.results:
        config = result.expectation_config
        arguments = {k: v for k, v in config.kwargs.items() if k not in ("batch_id",)}
        outcomes.append(
            Outcome(
                frame=frame.name,
                expectation=config.type,
                arguments=arguments,
                success=bool(result.success),
                observed=observed_text(result.result or {}, _exception_info(result)),
                why=(config.meta or {}).get("why", ""),
            )
        )
    return outcomes


def run_suite(con: duckdb.DuckDBPyConnection, context: Any, suite: Suite, tables: set[str]) -> SuiteResult:
    """Read each frame of a suite and validate it; a missing model fails the suite."""
    result = SuiteResult(suite.model, success=True)
    if qualified_name(suite.model) not in tables:
        result.success = False
        result.errors.append(f"table {qualified_name(suite.model)} is missing (did its dbt model build?)")
        return result
    for index, frame in enumerate(suite.frames):
        try:
            data = con.execute(frame.sql).df()
        except duckdb.Error as error:
            result.errors.append(f"{frame.name}: query failed: {str(error).splitlines()[0]}")
            continue
        extra = pii_expectations(suite.model, data) if index == 0 else []
        result.outcomes.extend(validate_frame(context, suite.model, frame, data, extra))
    result.success = not result.errors and not result.failed
    return result


def run_checkpoint(db_path: Path, models: Iterable[str] | None = None) -> CheckpointResult:
    """Validate the chosen models (default: all 15) of the warehouse at `db_path`."""
    started = time.monotonic()
    if not db_path.exists():
        raise FileNotFoundError(f"warehouse {db_path} does not exist: run `dbt build` first")
    fingerprint = db_fingerprint(db_path)
    context = new_context()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        build = latest_build_run(con)
        tables = existing_tables(con)
        results = [
            run_suite(con, context, SUITES[name](), tables) for name in (models or PUBLISHED_MARTS + AUDIT_MODELS)
        ]
    finally:
        con.close()
    problem = build_problem(build)
    return CheckpointResult(
        success=all(r.success for r in results) and not problem,
        db_path=str(db_path.resolve()),
        db_fingerprint=fingerprint,
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        seconds=round(time.monotonic() - started, 2),
        suites=results,
        build=build.as_dict() if build else None,
        build_problem=problem,
    )


def summary_markdown(result: CheckpointResult) -> str:
    """A readable report: one table row per suite, then every failure with its reason."""
    lines = [
        f"# Data quality checkpoint: {'PASSED' if result.success else 'FAILED'}",
        "",
        f"Warehouse `{result.db_path}`, {result.finished_at}, {result.seconds} s.",
        "",
        f"Last dbt invocation: `{result.build['invocation_id']}` (`dbt {result.build['command']}`, started "
        f"{result.build['started_at']} UTC, {'ended' if result.build['ended_at'] else '**never ended**'})."
        if result.build
        else "Last dbt invocation: not recorded in the warehouse.",
        "",
        "| suite | status | expectations | failed |",
        "|---|---|---|---|",
    ]
    for suite in result.suites:
        status = "pass" if suite.success else "**FAIL**"
        lines.append(f"| {suite.model} | {status} | {len(suite.outcomes)} | {len(suite.failed) + len(suite.errors)} |")
    failing = [s for s in result.suites if not s.success]
    if failing or result.build_problem:
        lines += ["", "## Failures", ""]
        lines += [f"- {result.build_problem}", ""] if result.build_problem else []
        for suite in failing:
            lines.append(f"### {suite.model}")
            lines += [f"- {error}" for error in suite.errors]
            lines += [f"- {describe(o)}" + (f" (rule: {o.why})" if o.why else "") for o in suite.failed]
            lines.append("")
    return "\n".join(lines) + "\n"


def write_reports(result: CheckpointResult, out_dir: Path) -> tuple[Path, Path]:
    """Write the JSON result and the markdown summary under `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = asdict(result)
    for suite, data in zip(result.suites, payload["suites"]):
        data["failed"] = len(suite.failed)
    json_path = out_dir / RESULT_FILE
    md_path = out_dir / SUMMARY_FILE
    tmp = json_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2, default=str))
    os.replace(tmp, json_path)
    md_path.write_text(summary_markdown(result))
    return json_path, md_path
