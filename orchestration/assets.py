"""Assets of the daily pipeline: raw sources (freshness), dbt models (build), GX checkpoint, publish.

    raw/<table>            one asset per dbt source; blocking `freshness` check from `dbt source freshness`
      -> <schema>/<model>  one asset per dbt model and seed (`@dbt_assets`), dbt tests as asset checks
        -> operations/gx_checkpoint     scripts/run_checkpoint.py over the built warehouse
          -> operations/published_marts scripts/publish_marts.py

A failed ERROR-severity freshness check is blocking: the step fails, nothing
downstream runs, and the run fails with the stale tables named in the log.
"""

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster import (
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSpec,
    Config,
    ConfigurableResource,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    multi_asset,
)
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.asset_utils import DBT_INDIRECT_SELECTION_ENV, get_asset_check_key_for_test

from orchestration.freshness import SourceFreshness, read_sources_json

PARTIAL_PARSE = "partial_parse.msgpack"
OPERATIONS_GROUP = "operations"
GX_CHECKPOINT_KEY = AssetKey(["operations", "gx_checkpoint"])
PUBLISHED_MARTS_KEY = AssetKey(["operations", "published_marts"])
SALES_ALERTS_KEY = AssetKey(["operations", "sales_alerts"])
DBT_TESTS_CHECK = "dbt_tests"
ALERT_WEBHOOK_ENV = "PLG_ALERT_WEBHOOK_URL"


# ------------------------------------------------------------------ resources and config
class PlgRuntime(ConfigurableResource):
    """What every step needs besides dbt itself: vars, artifact folders, the two scripts.

    Script arguments may use `{db}` (the warehouse file), `{project}` and
    `{artifacts}` (this run's artifact folder).
    """

    project_dir: str
    raw_path: str = "data/raw"
    extra_vars_json: str = "{}"
    manifest_dir: str
    artifacts_dir: str
    python_executable: str = sys.executable
    checkpoint_script: str = "scripts/run_checkpoint.py"
    checkpoint_args: list[str] = ["--db", "{db}", "--out", "{project}/target/gx"]
    publish_script: str = "scripts/publish_marts.py"
    # the dbt build step writes its run_results.json in this run's artifacts (the publish
    # gate checks that it belongs to the invocation that built the warehouse)
    publish_args: list[str] = ["--db", "{db}", "--run-results", "{artifacts}/dbt_build/run_results.json"]
    alert_script: str = "scripts/post_alerts.py"
    alert_args: list[str] = [
        "--db",
        "{project}/target/published/plg_marts.duckdb",
        "--state",
        "{project}/target/alerts/state.json",
    ]
    script_timeout_seconds: int = 3600

    def dbt_vars_json(self) -> str:
        """--vars for dbt: raw_path plus any extra vars (same JSON the manifest was parsed with)."""
        return json.dumps({"raw_path": self.raw_path, **json.loads(self.extra_vars_json)}, sort_keys=True)

    def warehouse_path(self) -> Path:
        """The DuckDB file dbt builds: PLG_DUCKDB_PATH as profiles.yml reads it."""
        path = Path(os.environ.get("PLG_DUCKDB_PATH", "target/plg.duckdb"))
        return path if path.is_absolute() else Path(self.project_dir) / path

    def run_artifacts(self, context: AssetExecutionContext) -> Path:
        return Path(self.artifacts_dir) / context.run.run_id[:8]

    def invocation_target(self, context: AssetExecutionContext, step: str) -> Path:
        """A fresh dbt target folder for one step of one run, seeded with the parse cache."""
        target = self.run_artifacts(context) / step
        target.mkdir(parents=True, exist_ok=True)
        cache = Path(self.manifest_dir) / PARTIAL_PARSE
        if cache.exists() and not (target / PARTIAL_PARSE).exists():
            shutil.copy(cache, target / PARTIAL_PARSE)
        return target

    def _expand(self, arg: str, context: AssetExecutionContext) -> str:
        return arg.format(db=self.warehouse_path(), project=self.project_dir, artifacts=self.run_artifacts(context))

    def run_script(
        self, context: AssetExecutionContext, script: str, args: Sequence[str]
    ) -> subprocess.CompletedProcess:
        """Run a project script with the project's Python and the pipeline's environment."""
        script_path = Path(script) if Path(script).is_absolute() else Path(self.project_dir) / script
        if not script_path.exists():
            raise Failure(description=f"{script_path} does not exist", metadata={"script": str(script_path)})
        cmd = [self.python_executable, str(script_path), *(self._expand(a, context) for a in args)]
        env = {
            **os.environ,
            "PLG_PROJECT_DIR": self.project_dir,
            "PLG_DUCKDB_PATH": str(self.warehouse_path()),
            "PYTHONPATH": os.pathsep.join(filter(None, [self.project_dir, os.environ.get("PYTHONPATH")])),
            "GX_ANALYTICS_ENABLED": "false",
        }
        context.log.info("running " + " ".join(cmd))
        return subprocess.run(
            cmd, cwd=self.project_dir, env=env, capture_output=True, text=True, timeout=self.script_timeout_seconds
        )


class DbtBuildConfig(Config):
    """Run config of the dbt step. Incremental by default (contract §8)."""

    full_refresh: bool = False


# ------------------------------------------------------------------ dbt models
class PlgDbtTranslator(DagsterDbtTranslator):
    """Asset keys <schema>/<name> (dagster-dbt's default); groups by project layer folder."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return "raw"
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        fqn = dbt_resource_props.get("fqn") or []
        return fqn[1] if len(fqn) > 2 else "default"

    def get_asset_check_spec(
        self, asset_spec: AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> AssetCheckSpec | None:
        """One `dbt_tests` check per model or seed, standing for every dbt test attached to it.

        dagster-dbt asks once per (model, test) pair; every test of a model
        gives the same check key, so the model ends up with one check. It is
        blocking when any of its tests has severity `error` (dbt's default).
        """
        per_test = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if per_test is None:
            return None
        tests = model_tests(manifest, self, project).get(asset_spec.key, [])
        return AssetCheckSpec(
            name=DBT_TESTS_CHECK,
            asset=asset_spec.key,
            description=f"The {len(tests)} dbt tests on this model (`dbt build`); a test that does not pass "
            "fails this check and is named in its description and metadata.",
            blocking=any(t["severity"] == "error" for t in tests),
        )


# the last manifest's answer (dagster-dbt asks once per test while building the specs)
_MODEL_TESTS_CACHE: list[tuple[Mapping[str, Any], dict[AssetKey, list[dict[str, str]]]]] = []


def model_tests(
    manifest: Mapping[str, Any], translator: DagsterDbtTranslator, project: DbtProject | None
) -> dict[AssetKey, list[dict[str, str]]]:
    """The dbt tests of each model's `dbt_tests` check: name, unique_id and severity, by asset key.

    A test belongs to the model dagster-dbt attaches it to (the tested model,
    or `meta.dagster.ref` for a singular test over several models).
    """
    for cached_manifest, cached in _MODEL_TESTS_CACHE:
        if cached_manifest is manifest:
            return cached
    by_key: dict[AssetKey, list[dict[str, str]]] = {}
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "test":
            continue
        key = get_asset_check_key_for_test(manifest, translator, unique_id, project)
        if key is None:
            continue
        severity = str((node.get("config") or {}).get("severity") or "error").lower()
        by_key.setdefault(key.asset_key, []).append(
            {"name": node["name"], "unique_id": unique_id, "severity": severity}
        )
    _MODEL_TESTS_CACHE[:] = [(manifest, by_key)]
    return by_key


def make_translator() -> PlgDbtTranslator:
    return PlgDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@contextmanager
def quiet_dbt_stdout() -> Iterator[None]:
    """dagster-dbt echoes every dbt event to stdout; keep them out of the run's output.

    The full dbt log stays in the invocation's target folder (`dbt.log`),
    errors reach Dagster through the invocation's error, and the step logs a
    summary (`summarize_run_results`).
    """
    with open(os.devnull, "w") as sink, redirect_stdout(sink):
        yield


@contextmanager
def tests_selected_with_their_models() -> Iterator[None]:
    """dbt's indirect selection for the Dagster dbt step: `cautious` unless set otherwise.

    A dbt test runs only when every model it refers to is selected, so a
    materialization of some models never runs a relationships test on an
    unselected model (dbt's default `eager` would, and dagster-dbt would log
    its result as an AssetObservation with a warning). dagster-dbt still sets
    `empty` itself when the selection excludes checks of selected models.
    """
    previous = os.environ.get(DBT_INDIRECT_SELECTION_ENV)
    os.environ.setdefault(DBT_INDIRECT_SELECTION_ENV, "cautious")
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(DBT_INDIRECT_SELECTION_ENV, None)


def summarize_run_results(run_results: Mapping[str, Any]) -> tuple[str, list[str]]:
    """One line with the count of each dbt status and the elapsed time; one line per non-success.

    A non-success is a model or test whose status is not `success` / `pass`
    (warn, fail, error, skipped), with dbt's message.
    """
    results = run_results.get("results") or []
    counts = Counter(str(r.get("status")) for r in results)
    order = ["success", "pass", "warn", "fail", "error", "skipped", "no-op"]
    parts = [f"{status}={counts[status]}" for status in order if counts.get(status)]
    parts += [f"{status}={n}" for status, n in sorted(counts.items()) if status not in order]
    elapsed = float(run_results.get("elapsed_time") or 0.0)
    summary = f"dbt: {len(results)} nodes in {elapsed:.1f} s ({', '.join(parts) or 'nothing ran'})"
    problems = [
        f"{r.get('status')}: {r.get('unique_id')}: {(r.get('message') or '').strip()}"
        for r in results
        if str(r.get("status")) not in ("success", "pass", "no-op")
    ]
    return summary, problems


@dataclass(frozen=True)
class DbtTestOutcome:
    """One dbt test's result in a `dbt build`: its name, status (pass/warn/fail/error) and failing rows."""

    unique_id: str
    name: str
    status: str
    failures: int | None
    message: str

    @property
    def passed(self) -> bool:
        return self.status == "pass"


def dbt_test_outcome(raw_event: Mapping[str, Any]) -> DbtTestOutcome | None:
    """The test result a raw dbt event carries (a `LogTestResult` of a data test), else None."""
    if raw_event.get("info", {}).get("name") != "LogTestResult":
        return None
    data = raw_event.get("data") or {}
    node = data.get("node_info") or {}
    unique_id = str(node.get("unique_id") or "")
    if not unique_id.startswith("test."):
        return None
    failures = data.get("num_failures")
    return DbtTestOutcome(
        unique_id=unique_id,
        name=str(data.get("name") or unique_id.split(".")[2]),
        status=str(node.get("node_status") or data.get("status") or "error").lower(),
        failures=int(failures) if failures is not None else None,
        message=str(raw_event.get("info", {}).get("msg") or ""),
    )


def dbt_tests_check_result(key: AssetCheckKey, outcomes: Sequence[DbtTestOutcome]) -> AssetCheckResult:
    """A model's `dbt_tests` check: passed when every test passed; each other test named with its status.

    Severity ERROR when a test failed or errored, WARN when the only problems
    are tests of severity `warn` (dbt status `warn`).
    """
    problems = [o for o in outcomes if not o.passed]
    lines = [
        f"{o.name}: {o.status}" + (f" ({o.failures} failing rows)" if o.failures else "")
        for o in sorted(problems, key=lambda o: o.name)
    ]
    severity = AssetCheckSeverity.WARN if all(o.status == "warn" for o in problems) else AssetCheckSeverity.ERROR
    if problems:
        description = f"{len(problems)} of {len(outcomes)} dbt tests did not pass: " + "; ".join(lines)
    else:
        description = f"all {len(outcomes)} dbt tests passed"
    return AssetCheckResult(
        asset_key=key.asset_key,
        check_name=key.name,
        passed=not problems,
        severity=severity,
        description=description,
        metadata={
            "tests": len(outcomes),
            "passed": len(outcomes) - len(problems),
            "did_not_pass": MetadataValue.text("\n".join(lines) or "none"),
            "test_names": MetadataValue.text("\n".join(sorted(o.name for o in outcomes))),
        },
    )


def build_dbt_model_assets(project: DbtProject, translator: DagsterDbtTranslator) -> AssetsDefinition:
    """One asset per dbt model / seed, dbt tests as checks, computed by one `dbt build`."""

    @dbt_assets(
        manifest=project.manifest_path, project=project, dagster_dbt_translator=translator, name="plg_dbt_models"
    )
    def plg_dbt_models(
        context: AssetExecutionContext, dbt: DbtCliResource, plg: PlgRuntime, config: DbtBuildConfig
    ) -> Iterator[Any]:
        args = ["build", "--vars", plg.dbt_vars_json()]
        if config.full_refresh:
            args.append("--full-refresh")
        target = plg.invocation_target(context, "dbt_build")
        with tests_selected_with_their_models():
            invocation = dbt.cli(args, context=context, target_path=target, raise_on_error=False)
        manifest = invocation.manifest
        test_results: dict[AssetKey, list[DbtTestOutcome]] = {}
        with quiet_dbt_stdout():
            for event in invocation.stream_raw_events():
                outcome = dbt_test_outcome(event.raw_event)
                if outcome is None:
                    yield from event.to_default_asset_events(
                        manifest=manifest,
                        dagster_dbt_translator=translator,
                        context=context,
                        target_path=target,
                        project=project,
                    )
                    continue
                key = get_asset_check_key_for_test(manifest, translator, outcome.unique_id, project)
                if key is not None:
                    test_results.setdefault(key.asset_key, []).append(outcome)
        for check_key in sorted(context.selected_asset_check_keys, key=lambda k: k.to_user_string()):
            if check_key.name == DBT_TESTS_CHECK and check_key.asset_key in test_results:
                yield dbt_tests_check_result(check_key, test_results[check_key.asset_key])
        run_results = target / "run_results.json"
        if run_results.exists():
            summary, problems = summarize_run_results(json.loads(run_results.read_text()))
            context.log.info(f"{summary}; full log: {target / 'dbt.log'}")
            for problem in problems:
                context.log.warning(problem)
        if not invocation.is_successful():
            raise invocation.get_error() or Failure(description=f"dbt build failed, see {target / 'dbt.log'}")

    return plg_dbt_models


# ------------------------------------------------------------------ raw sources + freshness
def _source_check_result(key: AssetKey, result: SourceFreshness | None) -> AssetCheckResult:
    if result is None:
        return AssetCheckResult(
            asset_key=key,
            check_name="freshness",
            passed=False,
            severity=AssetCheckSeverity.ERROR,
            description="`dbt source freshness` returned no result for this source",
        )
    metadata = {
        "status": result.status,
        "max_loaded_at": str(result.max_loaded_at),
        "age_hours": result.age_hours if result.age_hours is not None else -1.0,
        "warn_after": str(result.warn_after),
        "error_after": str(result.error_after),
    }
    return AssetCheckResult(
        asset_key=key,
        check_name="freshness",
        passed=result.status == "pass",
        severity=AssetCheckSeverity.WARN if result.status in ("pass", "warn") else AssetCheckSeverity.ERROR,
        description=result.describe(),
        metadata=metadata,
    )


def build_raw_source_assets(manifest: Mapping[str, Any], translator: DagsterDbtTranslator) -> AssetsDefinition:
    """The dbt sources as assets; materializing them runs `dbt source freshness`.

    Each source gets a blocking `freshness` check: `warn` is a failed check of
    WARN severity (the run goes on), `error` or a runtime error is ERROR
    severity and stops the run before any model is built.
    """
    sources = sorted(manifest["sources"].values(), key=lambda s: s["unique_id"])
    keys = {s["unique_id"]: translator.get_asset_key(s) for s in sources}
    specs = [
        AssetSpec(
            key=keys[s["unique_id"]],
            description=(s.get("description") or "").strip() or None,
            group_name="raw",
            kinds={"parquet"},
            metadata={
                "dbt_unique_id": s["unique_id"],
                "loaded_at_field": str(s.get("loaded_at_field") or (s.get("config") or {}).get("loaded_at_field")),
            },
        )
        for s in sources
    ]
    check_specs = [
        AssetCheckSpec(
            name="freshness",
            asset=keys[s["unique_id"]],
            blocking=True,
            description="`dbt source freshness` against the source's warn_after / error_after "
            "(models/staging/raw/_raw__sources.yml); ERROR stops the run",
        )
        for s in sources
    ]

    @multi_asset(
        name="raw_sources",
        specs=specs,
        check_specs=check_specs,
        description="Check the raw Parquet landing zone with `dbt source freshness`.",
    )
    def raw_sources(context: AssetExecutionContext, dbt: DbtCliResource, plg: PlgRuntime) -> Iterator[Any]:
        target = plg.invocation_target(context, "source_freshness")
        sources_json = target / "sources.json"  # dbt's default artifact path in the invocation's target
        invocation = dbt.cli(
            ["source", "freshness", "--vars", plg.dbt_vars_json()],
            target_path=target,
            raise_on_error=False,
            manifest=manifest,
            dagster_dbt_translator=translator,
        )
        with quiet_dbt_stdout():
            messages = [str(e.raw_event.get("info", {}).get("msg", "")) for e in invocation.stream_raw_events()]
        exit_code = invocation.process.wait()
        results = {r.unique_id: r for r in read_sources_json(sources_json)} if sources_json.exists() else {}
        if not results:
            raise Failure(
                description=f"`dbt source freshness` exited {exit_code} without results",
                metadata={"dbt output": MetadataValue.text("\n".join(messages[-60:]))},
            )
        stale = [r for r in results.values() if r.is_stale]
        warned = [r for r in results.values() if r.status == "warn"]
        for unique_id, key in keys.items():
            result = results.get(unique_id)
            yield MaterializeResult(
                asset_key=key,
                metadata={
                    "freshness_status": result.status if result else "missing",
                    "max_loaded_at": str(result.max_loaded_at if result else None),
                    "dbt_exit_code": exit_code,
                    "sources_json": MetadataValue.path(str(sources_json)),
                },
            )
            yield _source_check_result(key, result)
        for r in warned:
            context.log.warning("STALE (warn) source " + r.describe())
        if stale:
            context.log.error(
                f"STALE SOURCES: {len(stale)} of {len(results)} raw tables are past error_after; "
                "nothing downstream will be built:\n" + "\n".join("  " + r.describe() for r in stale)
            )
        elif exit_code != 0:
            raise Failure(
                description=f"`dbt source freshness` exited {exit_code}",
                metadata={"dbt output": MetadataValue.text("\n".join(messages[-60:]))},
            )

    return raw_sources


# ------------------------------------------------------------------ GX checkpoint and publish
def _run_script_or_fail(
    context: AssetExecutionContext, plg: PlgRuntime, script: str, args: Sequence[str], what: str
) -> dict[str, Any]:
    """Run a project script; its exit code and output tail as metadata, or Failure when it exits non-zero."""
    proc = plg.run_script(context, script, args)
    output = (proc.stdout + proc.stderr).strip().splitlines()
    metadata: dict[str, Any] = {"exit_code": proc.returncode, "output": MetadataValue.text("\n".join(output[-80:]))}
    if proc.returncode != 0:
        raise Failure(description=f"{what} failed (exit {proc.returncode})", metadata=metadata)
    return metadata


def build_operations_assets(mart_keys: Sequence[AssetKey]) -> list[AssetsDefinition]:
    """The checkpoint (downstream of every public model), the publish step and the sales alert after it."""

    @asset(
        key=GX_CHECKPOINT_KEY,
        deps=list(mart_keys),
        group_name=OPERATIONS_GROUP,
        kinds={"python"},
        description="Great Expectations checkpoint over the public marts (scripts/run_checkpoint.py); "
        "fails the run when any expectation fails.",
    )
    def gx_checkpoint(context: AssetExecutionContext, plg: PlgRuntime) -> MaterializeResult:
        metadata = _run_script_or_fail(context, plg, plg.checkpoint_script, plg.checkpoint_args, "GX checkpoint")
        return MaterializeResult(metadata=metadata)

    @asset(
        key=PUBLISHED_MARTS_KEY,
        deps=[GX_CHECKPOINT_KEY],
        group_name=OPERATIONS_GROUP,
        kinds={"duckdb"},
        description="The public marts published for BI readers (scripts/publish_marts.py), "
        "only after the checkpoint passed.",
    )
    def published_marts(context: AssetExecutionContext, plg: PlgRuntime) -> MaterializeResult:
        metadata = _run_script_or_fail(context, plg, plg.publish_script, plg.publish_args, "publish")
        published = Path(plg.project_dir) / "target" / "published" / "plg_marts.duckdb"
        if published.exists():
            metadata["published_file"] = MetadataValue.path(str(published))
        return MaterializeResult(metadata=metadata)

    @asset(
        key=SALES_ALERTS_KEY,
        deps=[PUBLISHED_MARTS_KEY],
        group_name=OPERATIONS_GROUP,
        kinds={"python"},
        description="One Slack message to PLG_ALERT_WEBHOOK_URL with the accounts that qualified and the "
        "organizations that became expansion candidates since the previous run (scripts/post_alerts.py); "
        "skipped when the variable is unset. A failed post fails this asset, never the marts.",
    )
    def sales_alerts(context: AssetExecutionContext, plg: PlgRuntime) -> MaterializeResult:
        if not os.environ.get(ALERT_WEBHOOK_ENV):
            return MaterializeResult(metadata={"skipped": f"{ALERT_WEBHOOK_ENV} is not set"})
        metadata = _run_script_or_fail(context, plg, plg.alert_script, plg.alert_args, "alert post")
        return MaterializeResult(metadata=metadata)

    return [gx_checkpoint, published_marts, sales_alerts]


def mart_asset_keys(manifest: Mapping[str, Any], translator: DagsterDbtTranslator) -> list[AssetKey]:
    """Keys of the public models (`access: public` in the manifest), the checkpoint's inputs."""
    keys = [
        translator.get_asset_key(node)
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("access") == "public"
    ]
    return sorted(keys, key=lambda k: k.to_user_string())
