#!/usr/bin/env python3
"""Performance benchmark of the warehouse: `make bench`.

usage: benchmark.py [--events 1M,10M] [--seed 7] [--end-date 2025-06-30]
                    [--work /tmp/plg_bench] [--udf-rows 5000000] [--out docs/benchmarks.md]
                    [--models-only-max 10M] [--keep-data] [--engine duckdb|spark]

For each size (product events; every other table in proportion, see
scripts/generate_raw_data.py) it measures, on this machine, in one run:

1. baseline  - one DuckDB pass that reads every column of every raw table once
               and aggregates it (the practical floor of any build);
2. dbt build - full `dbt build` (models + tests) on a fresh DuckDB file, after a
               `dbt parse` (partial parsing warm, parse timed separately);
   dbt run   - models and seeds, no tests (`dbt build --exclude-resource-type test unit_test`),
               on another fresh file, for sizes up to --models-only-max (default
               10M; 0 skips it: model time is then read from run_results.json only);
   checkpoint- `scripts/run_checkpoint.py --db <file>` (skipped when absent);
3. incremental - the last received day of product events and page views is held
               back from the landing folders before the full build; it is then
               added as one new Parquet file per table and `dbt build` runs again
               on the same file;
4. UDF       - `decayed_signal_score` (python_udfs.plugin) against the same SQL
               expression `w * pow(0.5, a / h)` on --udf-rows rows, and the time
               the three Python UDFs take on the built warehouse's own inputs.

`--engine spark` measures instead, per size, seeds and models built on Spark
local[2] (scripts/spark_build.py) beside the same build on DuckDB.

Each step is a subprocess; wall time is measured around it and peak memory is
the largest summed RSS of the subprocess and all its descendants, sampled from
/proc every 50 ms. Results are printed and written to --out (markdown).
Data, DuckDB files and dbt targets live under --work and are deleted at the end
unless --keep-data.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from raw_contract import RAW_SCHEMA  # scripts/ is on sys.path when this file runs
from tqdm import tqdm

PROJECT_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
EVENT_TABLES = ("product_events", "web_pageviews")
RAW_TABLES = tuple(RAW_SCHEMA)  # the raw contract's tables, in declared order

# Live progress on stderr (a terminal only): steps done of all planned, the running
# step with its elapsed seconds, total elapsed and tqdm's estimate of the rest.
PROGRESS = tqdm(total=0, unit="step", disable=True)


# --- measuring ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    out.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(root: int) -> int:
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_bytes(pid)
        stack.extend(_children(pid))
    return total


@dataclass
class Step:
    name: str
    command: list[str]
    seconds: float = 0.0
    peak_rss: int = 0
    rows: int = 0
    note: str = ""
    ok: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.rows and self.seconds else 0.0


def run_step(name: str, command: list[str], env: dict[str, str], log: Path, rows: int = 0, check: bool = True) -> Step:
    """Run `command`, timing it and sampling the RSS of its whole process tree."""
    step = Step(name, command, rows=rows)
    shown = [c if "\n" not in c else "<inline script>" for c in command]
    say(f"  {name}: {' '.join(shown)}")
    PROGRESS.set_description(name)
    with open(log, "w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            ticks = 0
            while not done.is_set():
                step.peak_rss = max(step.peak_rss, _tree_rss(proc.pid))
                ticks += 1
                if ticks % 20 == 0:
                    PROGRESS.set_postfix_str(f"{time.perf_counter() - start:.0f} s in step")
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        rc = proc.wait()
        step.seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    step.ok = rc == 0
    if not step.ok:
        step.note = f"exit {rc}, see {log}"
        say(f"    FAILED ({step.note})")
        if check:
            print(log.read_text()[-4000:], file=sys.stderr)
            raise SystemExit(f"benchmark step {name} failed")
    say(f"    {step.seconds:8.1f} s  peak {step.peak_rss / 2**30:6.2f} GiB")
    PROGRESS.update(1)
    return step


def say(line: str) -> None:
    """Print a log line above the progress bar."""
    tqdm.write(line, file=sys.stdout)
    sys.stdout.flush()


def planned_steps(sizes: list[int], args: argparse.Namespace) -> int:
    """How many run_step calls the whole benchmark makes (for the progress estimate)."""
    per_size = 6 + (PROJECT_DIR / "scripts" / "run_checkpoint.py").exists()
    with_models_only = sum(1 for n in sizes if n <= parse_size(args.models_only_max))
    return len(sizes) * per_size + 2 * with_models_only + 1


# --- data --------------------------------------------------------------------------------


def parse_size(text: str) -> int:
    text = text.strip().upper()
    mult = {"K": 10**3, "M": 10**6, "G": 10**9}.get(text[-1:], 1)
    return int(float(text.rstrip("KMG")) * mult)


def label(n: int) -> str:
    if n % 10**6 == 0:
        return f"{n // 10**6}M"
    return f"{n // 10**3}K" if n % 10**3 == 0 else str(n)


def hold_back_last_day(raw: Path, held: Path) -> dict[str, int]:
    """Move the rows of the last received day of each event table into held/<table>.parquet.

    The landing folder keeps the earlier rows (rewritten to one file); the held-back
    file is what the incremental run finds newly landed."""
    import duckdb

    con = duckdb.connect()
    con.execute("set preserve_insertion_order = false")
    held.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in EVENT_TABLES:
        folder = raw / table
        src = f"read_parquet('{folder}/*.parquet', union_by_name = true)"
        cutoff = con.execute(f"select cast(max(received_at) as date) from {src}").fetchone()[0]
        keep = raw / f"{table}.keep.parquet"
        con.execute(
            f"copy (select * from {src} where received_at < '{cutoff}' or received_at is null) "
            f"to '{keep}' (format parquet, compression zstd, row_group_size 1000000)"
        )
        con.execute(
            f"copy (select * from {src} where received_at >= '{cutoff}') "
            f"to '{held / table}.parquet' (format parquet, compression zstd)"
        )
        counts[table] = con.execute(f"select count(*) from '{held / table}.parquet'").fetchone()[0]
        counts[table + "_total"] = con.execute(f"select count(*) from {src}").fetchone()[0]
        shutil.rmtree(folder)
        folder.mkdir()
        keep.rename(folder / "part-000.parquet")
    con.close()
    return counts


def land_held_back(raw: Path, held: Path) -> None:
    for table in EVENT_TABLES:
        shutil.copy2(held / f"{table}.parquet", raw / table / "landed_new_day.parquet")


# --- steps ----------------------------------------------------------------------------

BASELINE_SQL = r"""
import sys, time, duckdb
raw, threads, mem, tmp = sys.argv[1:5]
con = duckdb.connect()
con.execute(f"set threads = {threads}; set memory_limit = '{mem}'; set temp_directory = '{tmp}'")
tables = %(tables)r
total = 0
for t in tables:
    src = f"read_parquet('{raw}/{t}/*.parquet', union_by_name = true)"
    cols = con.execute(f"describe select * from {src}").fetchall()
    aggs = ["count(*)"]
    for name, ctype, *_ in cols:
        if ctype == "VARCHAR":
            aggs.append(f'sum(length("{name}"))')
        elif "[]" in ctype:
            aggs.append(f'sum(len("{name}"))')
        else:
            aggs.append(f'max("{name}")')
    n = con.execute(f"select {', '.join(aggs)} from {src}").fetchone()[0]
    total += n
print(total)
"""

UDF_SQL = r"""
import json, sys, time, duckdb
from python_udfs.plugin import register_udfs
rows, threads, repeat = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
con = duckdb.connect()
con.execute(f"set threads = {threads}")
register_udfs(con)
con.execute(f"create table t as select cast(1 + i % 5 as double) as w, cast(i % 90 as double) as a, "
            f"14.0 as h from range({rows}) r(i)")
def best(sql):
    con.execute(sql).fetchall()
    b = float("inf")
    for _ in range(repeat):
        s = time.perf_counter(); con.execute(sql).fetchall(); b = min(b, time.perf_counter() - s)
    return b
udf = best("select sum(decayed_signal_score(w, a, h)) from t")
sql = best("select sum(w * pow(0.5, a / h)) from t")
same = con.execute("select max(abs(decayed_signal_score(w, a, h) - w * pow(0.5, a / h))) from t").fetchone()[0]
print(json.dumps({"rows": rows, "udf_s": udf, "sql_s": sql, "max_abs_diff": same}))
"""

UDF_IN_BUILD_SQL = r"""
import json, sys, time, duckdb
from python_udfs.plugin import register_udfs
db, threads = sys.argv[1], int(sys.argv[2])
con = duckdb.connect(db, read_only=True)
con.execute(f"set threads = {threads}")
register_udfs(con)
queries = {
  "persona_from_title": "select count(persona_from_title(job_title)) from staging.stg_raw__users",
  "classify_community_text": "select sum(len(classify_community_text(a.body, c.names))) "
      "from staging.stg_raw__community_activity as a, "
      "(select list(lower(trim(competitor_name))) as names from seeds.competitors) as c where a.body is not null",
  "decayed_signal_score": "select sum(decayed_signal_score(cast(weight as double), "
      "cast(date_diff('day', signal_date, (select max(signal_date) from marts.fct_account_signals)) as double), 14.0)) "
      "from marts.fct_account_signals",
}
out = {}
for name, q in queries.items():
    try:
        s = time.perf_counter(); con.execute(q).fetchall(); out[name] = time.perf_counter() - s
    except duckdb.Error as e:
        out[name] = None; out[name + "_error"] = str(e)[:200]
print(json.dumps(out))
"""


def _last_json(log: Path) -> dict[str, Any]:
    for line in reversed(log.read_text().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {}


def model_seconds(target: Path) -> dict[str, float]:
    """From run_results.json: summed execution seconds of models and of tests, and the top models."""
    results = json.loads((target / "run_results.json").read_text())
    models = sorted(
        (
            (r["execution_time"], r["unique_id"].split(".")[-1])
            for r in results["results"]
            if r["unique_id"].startswith("model.")
        ),
        reverse=True,
    )
    tests = sum(r["execution_time"] for r in results["results"] if r["unique_id"].startswith(("test.", "unit_test.")))
    return {
        "dbt_elapsed": results["elapsed_time"],
        "model_sum": sum(t for t, _ in models),
        "test_sum": tests,
        "top_models": models[:8],
    }


def fresh_folder(root: Path) -> None:
    """Create `root` empty, removing what an earlier run left there."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def generate_raw(n: int, args: argparse.Namespace, raw: Path, base_env: dict[str, str], log: Path) -> Step:
    """The demo raw data for `n` product events in `raw`, timed as the step "generate"."""
    return run_step(
        "generate",
        [
            PY,
            "scripts/generate_raw_data.py",
            "--events",
            str(n),
            "--seed",
            str(args.seed),
            "--out",
            str(raw),
            "--end-date",
            args.end_date,
        ],
        base_env,
        log,
    )


def bench_size(n: int, args: argparse.Namespace, base_env: dict[str, str], work: Path) -> dict[str, Any]:
    lab = label(n)
    root = work / lab
    fresh_folder(root)
    raw, held, tmp, logs = root / "raw", root / "held_back", root / "duckdb_tmp", root / "logs"
    tmp.mkdir()
    logs.mkdir()
    say(f"== {lab} product events")
    gen = generate_raw(n, args, raw, base_env, logs / "generate.log")
    counts = hold_back_last_day(raw, held)
    total_rows = sum(counts[t + "_total"] for t in EVENT_TABLES)
    raw_rows_full = 0
    env = dict(base_env, PLG_TEMP_DIR=str(tmp))
    vars_ = json.dumps({"raw_path": str(raw)})

    def dbt(name: str, cmd: str, db: Path, target: str, log: str, *extra: str, rows: int = 0) -> Step:
        """Time `dbt <cmd>` on the warehouse `db`, its artifacts under `root/<target>`."""
        return run_step(
            name,
            [
                DBT,
                cmd,
                "--target-path",
                str(root / target),
                "--log-path",
                str(root / target / "logs"),
                "--vars",
                vars_,
                *extra,
            ],
            dict(env, PLG_DUCKDB_PATH=str(db)),
            logs / log,
            rows=rows,
        )

    baseline = run_step(
        "baseline",
        [PY, "-c", BASELINE_SQL % {"tables": RAW_TABLES}, str(raw), args.threads, args.memory_limit, str(tmp)],
        env,
        logs / "baseline.log",
    )
    raw_rows_full = int((logs / "baseline.log").read_text().split()[-1])
    baseline.rows = raw_rows_full

    db_build, db_run = root / "build.duckdb", root / "run.duckdb"
    parse = dbt("dbt parse", "parse", db_build, "target_build", "parse.log")
    build = dbt("dbt build (full)", "build", db_build, "target_build", "build.log", rows=raw_rows_full)
    build.extra = model_seconds(root / "target_build")
    run = None
    if n <= parse_size(args.models_only_max):
        dbt("dbt parse (run)", "parse", db_run, "target_run", "parse_run.log")
        run = dbt(
            "dbt run (models only)",
            "build",
            db_run,
            "target_run",
            "run.log",
            "--exclude-resource-type",
            "test",
            "unit_test",
            rows=raw_rows_full,
        )
        run.extra = model_seconds(root / "target_run")
        db_run.unlink(missing_ok=True)
    checkpoint = None
    if (PROJECT_DIR / "scripts" / "run_checkpoint.py").exists():
        checkpoint = run_step(
            "GX checkpoint",
            [PY, "scripts/run_checkpoint.py", "--db", str(db_build), "--out", str(root / "checkpoint")],
            env,
            logs / "checkpoint.log",
            check=False,
        )
    udf_in_build = run_step(
        "UDFs on built inputs",
        [PY, "-c", UDF_IN_BUILD_SQL, str(db_build), args.threads],
        env,
        logs / "udf_in_build.log",
        check=False,
    )
    udf_in_build.extra = _last_json(logs / "udf_in_build.log")

    land_held_back(raw, held)
    new_rows = counts["product_events"] + counts["web_pageviews"]
    incremental = dbt(
        "dbt build (incremental, +1 day)", "build", db_build, "target_build", "incremental.log", rows=new_rows
    )
    incremental.extra = model_seconds(root / "target_build")

    result = {
        "size": lab,
        "events": n,
        "counts": counts,
        "raw_rows": raw_rows_full + new_rows,
        "event_rows": total_rows,
        "steps": {
            s.name: s
            for s in [gen, baseline, parse, build, run, checkpoint, udf_in_build, incremental]
            if s is not None
        },
    }
    if not args.keep_data:
        shutil.rmtree(root)
    return result


def bench_spark_size(n: int, args: argparse.Namespace, base_env: dict[str, str], work: Path) -> dict[str, Any]:
    """`--engine spark`: the models (and seeds) built on Spark local[2] and, beside
    it on the same data, on DuckDB; wall time and peak memory of each (the Spark
    step's memory is the driver JVM and its Python workers)."""
    lab = label(n)
    root = work / f"spark_{lab}"
    fresh_folder(root)
    raw, logs, tmp = root / "raw", root / "logs", root / "duckdb_tmp"
    logs.mkdir()
    tmp.mkdir()
    print(f"== {lab} product events (Spark beside DuckDB)", flush=True)
    gen = generate_raw(n, args, raw, base_env, logs / "generate.log")
    vars_ = json.dumps({"raw_path": str(raw)})
    models_only = ["build", "--exclude-resource-type", "test", "unit_test", "--vars", vars_]
    db = root / "run.duckdb"
    duck = run_step(
        "DuckDB: models and seeds",
        [DBT, *models_only, "--target-path", str(root / "target_duckdb"), "--log-path", str(logs)],
        dict(base_env, PLG_DUCKDB_PATH=str(db), PLG_TEMP_DIR=str(tmp)),
        logs / "duckdb.log",
    )
    spark = run_step(
        "Spark local[2]: models and seeds",
        [
            PY,
            "scripts/spark_build.py",
            *models_only,
            "--target-path",
            str(root / "target_spark"),
            "--log-path",
            str(logs),
        ],
        dict(
            base_env, PLG_TARGET="spark", PLG_SPARK_MASTER="local[2]", PLG_SPARK_WAREHOUSE=str(root / "spark-warehouse")
        ),
        logs / "spark.log",
    )
    result = {"size": lab, "events": n, "steps": {s.name: s for s in (gen, duck, spark)}}
    if not args.keep_data:
        shutil.rmtree(root)
    return result


def spark_report(results: list[dict[str, Any]], argv: list[str]) -> str:
    """Markdown table of the `--engine spark` runs."""
    lines = [
        f"Spark beside DuckDB, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `{' '.join(argv)}`, {machine()}",
        "",
        "| events | engine step | wall time (s) | peak memory (GiB) |",
        "|---|---|---:|---:|",
    ]
    for r in results:
        for name in ("DuckDB: models and seeds", "Spark local[2]: models and seeds"):
            step = r["steps"][name]
            lines.append(f"| {r['size']} | {name} | {fmt_s(step)} | {fmt_mem(step)} |")
    return "\n".join(lines) + "\n"


# --- report ---------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()
    import duckdb

    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}; "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )


def fmt_s(step: Step | None) -> str:
    return "-" if step is None else (f"{step.seconds:.1f}" + ("" if step.ok else " (failed)"))


def fmt_mem(step: Step | None) -> str:
    return "-" if step is None else f"{step.peak_rss / 2**30:.2f}"


def fmt_rate(step: Step | None) -> str:
    return "-" if step is None or not step.rows_per_second else f"{step.rows_per_second / 1e6:.2f} M"


def report(results: list[dict[str, Any]], udf: dict[str, Any], args: argparse.Namespace, argv: list[str]) -> str:
    lines = [
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: `{' '.join(argv)}`",
        "",
        f"Machine: {machine()}.",
        "",
        f"DuckDB settings: threads {args.threads}, memory_limit {args.memory_limit}, temp_directory under "
        f"{args.work} (spills there).",
        "",
    ]
    lines += ["| size | step | wall s | peak RSS GiB | rows/s |", "|---|---|---:|---:|---:|"]
    for r in results:
        for name, step in r["steps"].items():
            lines.append(f"| {r['size']} | {name} | {fmt_s(step)} | {fmt_mem(step)} | {fmt_rate(step)} |")
    lines += [
        "",
        "| size | raw rows | new-day rows | full build / baseline | dbt run / baseline | "
        "incremental / full | UDFs in build / full build | dbt-reported model s (sum over threads) "
        "| test s (sum) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r["steps"]
        base, build, run, inc = (
            s["baseline"],
            s["dbt build (full)"],
            s.get("dbt run (models only)"),
            s["dbt build (incremental, +1 day)"],
        )
        udf_build = s.get("UDFs on built inputs")
        udf_total = sum(v for k, v in (udf_build.extra if udf_build else {}).items() if isinstance(v, (int, float)))
        lines.append(
            f"| {r['size']} | {r['raw_rows']:,} | {r['counts']['product_events'] + r['counts']['web_pageviews']:,} "
            f"({(r['counts']['product_events'] + r['counts']['web_pageviews']) / r['event_rows']:.2%} of events) "
            f"| {build.seconds / base.seconds:.1f}x | "
            f"{'-' if run is None else f'{run.seconds / base.seconds:.1f}x'} | "
            f"{inc.seconds / build.seconds:.1%} | {udf_total / build.seconds:.2%} ({udf_total:.2f} s) | "
            f"{build.extra['model_sum']:.1f} | {build.extra['test_sum']:.1f} |"
        )
    if len(results) > 1:
        for a, b in zip(results, results[1:]):
            fa, fb = a["steps"]["dbt build (full)"].seconds, b["steps"]["dbt build (full)"].seconds
            lines.append(
                f"\nFull build {a['size']} -> {b['size']}: {fb / fa:.1f}x "
                f"({b['events'] / a['events']:.0f}x the events)."
            )
    if udf:
        lines += [
            "",
            f"UDF vs SQL on {udf['rows']:,} rows (best of {args.udf_repeat}, threads {args.threads}): "
            f"`decayed_signal_score` {udf['udf_s']:.3f} s ({udf['rows'] / udf['udf_s'] / 1e6:.1f} M rows/s), "
            f"SQL `w * pow(0.5, a / h)` {udf['sql_s']:.3f} s ({udf['rows'] / udf['sql_s'] / 1e6:.1f} M rows/s); "
            f"UDF throughput = {udf['sql_s'] / udf['udf_s']:.2f} of SQL; max |difference| "
            f"{udf['max_abs_diff']:.2e}.",
        ]
    lines += ["", "Slowest models of each full build (dbt execution seconds):", ""]
    for r in results:
        top = ", ".join(f"{m} {t:.1f}" for t, m in r["steps"]["dbt build (full)"].extra["top_models"])
        lines.append(f"- {r['size']}: {top}")
        inc_top = ", ".join(
            f"{m} {t:.1f}" for t, m in r["steps"]["dbt build (incremental, +1 day)"].extra["top_models"][:5]
        )
        lines.append(f"  - incremental: {inc_top}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", default="1M,10M", help="comma-separated sizes: 1M,10M,100M")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--end-date", default="2025-06-30")
    parser.add_argument("--work", default="/tmp/plg_bench", help="scratch folder (data, DuckDB files, targets)")
    parser.add_argument("--threads", default=os.environ.get("PLG_THREADS", "2"))
    parser.add_argument("--memory-limit", default=os.environ.get("PLG_MEMORY_LIMIT", "6GB"))
    parser.add_argument("--udf-rows", type=int, default=5_000_000)
    parser.add_argument("--udf-repeat", type=int, default=5)
    parser.add_argument(
        "--models-only-max",
        default="10M",
        help="largest size that also gets the separate models-only build (it doubles the time); 0 skips it",
    )
    parser.add_argument("--keep-data", action="store_true")
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="spark: models and seeds on Spark local[2] beside DuckDB, per size (docs/spark.md)",
    )
    parser.add_argument(
        "--out",
        default=str(PROJECT_DIR / "docs" / "benchmarks.md"),
        help="markdown file: the results section is appended",
    )
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    base_env = dict(
        os.environ,
        PLG_PROJECT_DIR=str(PROJECT_DIR),
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        PYTHONPATH=str(PROJECT_DIR),
        PLG_THREADS=args.threads,
        PLG_MEMORY_LIMIT=args.memory_limit,
        GX_ANALYTICS_ENABLED="false",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    if args.engine == "spark":
        spark_results = [bench_spark_size(parse_size(s), args, base_env, work) for s in args.events.split(",")]
        text = spark_report(spark_results, [Path(sys.argv[0]).name, *sys.argv[1:]])
        print(text)
        with open(Path(args.out), "a") as fh:
            fh.write("\n## Results: Spark beside DuckDB\n\n" + text)
        print(f"appended to {args.out}")
        return
    sizes = [parse_size(s) for s in args.events.split(",")]
    global PROGRESS
    PROGRESS = tqdm(
        total=planned_steps(sizes, args),
        unit="step",
        file=sys.stderr,
        disable=None,
        bar_format="{desc}{n}/{total} steps [{elapsed} elapsed, ~{remaining} left]{postfix}",
    )
    results = [bench_size(n, args, base_env, work) for n in sizes]
    say("== UDF vs SQL")
    run_step(
        "udf vs sql",
        [PY, "-c", UDF_SQL, str(args.udf_rows), args.threads, str(args.udf_repeat)],
        base_env,
        work / "udf.log",
    )
    udf = _last_json(work / "udf.log")
    PROGRESS.close()
    text = report(results, udf, args, [Path(sys.argv[0]).name, *sys.argv[1:]])
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "a") as fh:
        fh.write("\n## Results\n\n" + text)
    print(f"appended to {out}")


if __name__ == "__main__":
    main()
