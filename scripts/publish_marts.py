#!/usr/bin/env python3
"""Publish the BI marts (schema `marts`, `quality.marts.PUBLISHED_MARTS`) of a checked warehouse, atomically.

usage: scripts/publish_marts.py [--db target/plg.duckdb] [--out target/published]
                                [--checkpoint target/gx/checkpoint_result.json]
                                [--run-results target/run_results.json]

Writes `<out>/plg_marts.duckdb` (schema `marts`, plus `main.publish_manifest`)
and `<out>/parquet/<mart>.parquet`. The audit models (raw rows, emails) are
never published.

Safe for readers:
- the DuckDB file is written under a temporary name in the same folder and
  renamed over the old one (`os.replace`, atomic): a reader that has the old
  file open keeps reading the old version; a process sees the new one once
  it has closed every connection to the file and connects again (DuckDB
  shares one database instance per file within a process: docs/operations.md);
- the Parquet files are written to a new version folder and `<out>/parquet`
  is a symlink swapped atomically to it; the previous version is kept for
  readers still holding it, older ones are deleted.

Publishes only a warehouse that passed its gate, else exits 1 and leaves
the published files untouched:
- `run_results.json` belongs to the dbt invocation that last changed the
  warehouse (its `invocation_id` is the latest one the warehouse recorded,
  `quality.build_runs`), that invocation finished, and no node of it failed;
- the latest checkpoint (`scripts/run_checkpoint.py`) validated all
  public models and passed, on this very file and this very dbt invocation,
  and the file has not changed since (size and modification time).

Leftovers of a killed publish (`.plg_marts.duckdb.<stamp>-<pid>.tmp`, its
WAL, an unused version folder) are deleted by the next publish, unless the
process named in them is still running (a concurrent publisher).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quality.build_runs import BuildRun, read_latest_build_run  # noqa: E402
from quality.marts import AUDIT_MODELS, MARTS_SCHEMA, PUBLISHED_MARTS  # noqa: E402

DB_NAME = "plg_marts.duckdb"
PARQUET_LINK = "parquet"
VERSIONS_DIR = "parquet_versions"
FAILED_STATUSES = {"error", "fail", "runtime error", "partial success"}  # dbt run_results statuses
TMP_SUFFIX = ".tmp"


class PublishRefused(Exception):
    """The warehouse did not pass the gate: nothing was published."""


@dataclass(frozen=True)
class Published:
    db_path: Path
    parquet_dir: Path
    rows: dict[str, int]


def check_run_results(path: Path) -> dict:
    """The latest dbt invocation succeeded (no error, no failing test); returns run_results.json."""
    if not path.exists():
        raise PublishRefused(f"no dbt run results at {path}: run `dbt build` first")
    run_results = json.loads(path.read_text())
    bad = [
        f"{r.get('unique_id')}: {r.get('status')}"
        for r in run_results.get("results", [])
        if str(r.get("status")).lower() in FAILED_STATUSES
    ]
    if bad:
        raise PublishRefused(f"the latest dbt invocation did not succeed ({len(bad)} problems, e.g. {bad[:3]})")
    return run_results


def check_build(db: Path, run_results_path: Path, run_results: dict) -> BuildRun:
    """`run_results` belongs to the dbt invocation that last changed `db`, and that invocation finished."""
    metadata = run_results.get("metadata", {})
    results_id = metadata.get("invocation_id")
    results_from = (
        f"{run_results_path} (dbt invocation {results_id}, "
        f"`dbt {run_results.get('args', {}).get('which', '?')}`, written {metadata.get('generated_at')})"
    )
    build = read_latest_build_run(str(db))
    if build is None:
        raise PublishRefused(
            f"{db} holds no record of the dbt invocation that built it (table "
            f"_plg_build_runs, written by this project's on-run-start/end hooks): run `dbt build`"
        )
    if not build.finished:
        raise PublishRefused(
            f"{db} was last changed by {build.describe()}: its tables may be half-built, "
            f"and {results_from} describes another run; run `dbt build` again"
        )
    if results_id != build.invocation_id:
        raise PublishRefused(
            f"{results_from} does not belong to the run that last changed {db}: "
            f"{build.describe()}; pass that run's run_results.json, or run `dbt build` again"
        )
    if build.problems:
        raise PublishRefused(f"{db} was last changed by {build.describe()}")
    return build


def check_checkpoint(path: Path, db: Path, build: BuildRun) -> None:
    """The latest checkpoint passed on this exact warehouse file."""
    if not path.exists():
        raise PublishRefused(f"no checkpoint result at {path}: run scripts/run_checkpoint.py first")
    result = json.loads(path.read_text())
    if not result.get("success"):
        failed = [s["model"] for s in result.get("suites", []) if not s.get("success")]
        raise PublishRefused(f"the checkpoint failed (suites: {', '.join(failed)}); see {path.parent}")
    unchecked = set(PUBLISHED_MARTS + AUDIT_MODELS) - {s["model"] for s in result.get("suites", [])}
    if unchecked:
        raise PublishRefused(f"the checkpoint did not validate {', '.join(sorted(unchecked))}")
    if Path(result.get("db_path", "")) != db.resolve():
        raise PublishRefused(f"the checkpoint validated {result.get('db_path')}, not {db.resolve()}")
    validated = (result.get("build") or {}).get("invocation_id")
    if validated != build.invocation_id:
        raise PublishRefused(
            f"the checkpoint validated the warehouse of dbt invocation {validated}, not of "
            f"{build.invocation_id}: run the checkpoint again"
        )
    stat = db.stat()
    if result.get("db_fingerprint") != {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}:
        raise PublishRefused(f"{db} changed since the checkpoint validated it: run the checkpoint again")


def check_marts_present(con: duckdb.DuckDBPyConnection) -> None:
    present = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'src' and schema_name = ?", [MARTS_SCHEMA]
        ).fetchall()
    }
    missing = [m for m in PUBLISHED_MARTS if m not in present]
    if missing:
        raise PublishRefused(f"marts missing from the warehouse: {', '.join(missing)}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new_version(db: Path, tmp_db: Path, parquet_dir: Path) -> dict[str, int]:
    """Copy every published mart into a new DuckDB file and new Parquet files; returns row counts."""
    con = duckdb.connect(str(tmp_db))
    try:
        con.execute(f"attach '{db}' as src (read_only)")
        check_marts_present(con)
        con.execute(f"create schema {MARTS_SCHEMA}")
        rows = {}
        for mart in PUBLISHED_MARTS:
            source = f"src.{MARTS_SCHEMA}.{mart}"
            con.execute(f"create table {MARTS_SCHEMA}.{mart} as select * from {source}")
            con.execute(f"copy {MARTS_SCHEMA}.{mart} to '{parquet_dir / f'{mart}.parquet'}' (format parquet)")
            rows[mart] = con.execute(f"select count(*) from {MARTS_SCHEMA}.{mart}").fetchone()[0]
            expected = con.execute(f"select count(*) from {source}").fetchone()[0]
            if rows[mart] != expected:
                raise RuntimeError(f"{mart}: copied {rows[mart]} rows of {expected}")
        con.execute(
            "create table publish_manifest (mart varchar, row_count bigint, source_db varchar, published_at timestamp)"
        )
        now = datetime.now(UTC).replace(tzinfo=None)
        con.executemany(
            "insert into publish_manifest values (?, ?, ?, ?)",
            [[m, n, str(db.resolve()), now] for m, n in rows.items()],
        )
        con.execute("detach src")
        con.execute("checkpoint")
    finally:
        con.close()
    for path in [tmp_db, *parquet_dir.iterdir()]:
        _fsync(path)
    return rows


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _owner_pid(name: str) -> int | None:
    """The pid a publisher put in a file or folder name (`<stamp>-<pid>`), None if there is none."""
    stem = name.removesuffix(".wal").removesuffix(TMP_SUFFIX).removesuffix(".link")
    digits = stem.rsplit("-", 1)[-1] if "-" in stem else stem.rsplit(".", 1)[-1]
    return int(digits) if digits.isdigit() else None


def is_leftover(name: str) -> bool:
    """Written by a publisher that is gone (killed): safe to delete. A running publisher's files are not."""
    pid = _owner_pid(name)
    return pid is not None and not _process_alive(pid)


def remove_leftovers(out: Path) -> list[str]:
    """Delete what killed publishes left in `out`: temporary DuckDB files, their WAL, temporary links."""
    removed = []
    for path in out.glob(f".{DB_NAME}.*"):
        if path.name.endswith((TMP_SUFFIX, f"{TMP_SUFFIX}.wal")) and is_leftover(path.name):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    for path in out.glob(f".{PARQUET_LINK}.*.link"):
        if is_leftover(path.name):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def swap_parquet(out: Path, new_version: Path) -> None:
    """Point `<out>/parquet` at `new_version` atomically; keep only the previous version besides."""
    link = out / PARQUET_LINK
    if link.exists() and not link.is_symlink():  # a plain folder from an older layout: move it aside once
        link.rename(out / VERSIONS_DIR / f"legacy-{new_version.name}")
    previous = link.resolve() if link.is_symlink() else None
    tmp_link = out / f".{PARQUET_LINK}.{os.getpid()}.link"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(new_version.relative_to(out))
    os.replace(tmp_link, link)
    for old in (out / VERSIONS_DIR).iterdir():
        in_use = old.resolve() in (new_version.resolve(), previous)
        being_written = _owner_pid(old.name) is not None and not is_leftover(old.name)  # a concurrent publisher's
        if not in_use and not being_written:
            shutil.rmtree(old, ignore_errors=True)


def publish(db: Path, out: Path, checkpoint: Path, run_results: Path) -> Published:
    """Check the gate, then write and swap in the new DuckDB file and Parquet folder."""
    if not db.exists():
        raise PublishRefused(f"warehouse {db} does not exist")
    build = check_build(db, run_results, check_run_results(run_results))
    check_checkpoint(checkpoint, db, build)
    out.mkdir(parents=True, exist_ok=True)
    for name in remove_leftovers(out):
        print(f"removed {out / name}, left by a publish that did not finish", file=sys.stderr)
    (out / VERSIONS_DIR).mkdir(exist_ok=True)
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"
    tmp_db = out / f".{DB_NAME}.{stamp}{TMP_SUFFIX}"
    new_version = out / VERSIONS_DIR / stamp
    new_version.mkdir()
    try:
        rows = write_new_version(db, tmp_db, new_version)
        final_db = out / DB_NAME
        Path(f"{final_db}.wal").unlink(missing_ok=True)  # never let a stale WAL meet the new file
        os.replace(tmp_db, final_db)
        swap_parquet(out, new_version)
    except BaseException:
        tmp_db.unlink(missing_ok=True)
        Path(f"{tmp_db}.wal").unlink(missing_ok=True)
        if (out / PARQUET_LINK).resolve() != new_version.resolve():
            shutil.rmtree(new_version, ignore_errors=True)
        raise
    return Published(final_db, out / PARQUET_LINK, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("target/plg.duckdb"))
    parser.add_argument("--out", type=Path, default=Path("target/published"))
    parser.add_argument("--checkpoint", type=Path, default=Path("target/gx/checkpoint_result.json"))
    parser.add_argument("--run-results", type=Path, default=Path("target/run_results.json"))
    args = parser.parse_args(argv)
    try:
        published = publish(args.db, args.out, args.checkpoint, args.run_results)
    except PublishRefused as refused:
        print(f"NOT PUBLISHED: {refused}", file=sys.stderr)
        return 1
    total = sum(published.rows.values())
    print(f"published {len(published.rows)} marts ({total:,} rows) to {published.db_path} and {published.parquet_dir}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
