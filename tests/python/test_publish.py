"""Safe publishing: a reader holding the published file keeps reading the
previous version during a re-publish and sees the new one after reopening; only
the BI marts of quality.marts are published; a failed checkpoint, a failed build or a
warehouse changed after its checkpoint never publishes.

The gate's trust: a build killed half-way, run results of another
dbt invocation and a warehouse with no build record never publish; what a
long-running reader process sees after a publish; a killed publish's leftovers
are cleaned up by the next one, a live publisher's are not."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from plg_test_harness import PROJECT_DIR, Warehouse
from test_incremental import demo_run_results_path, demo_warehouse

from quality.build_runs import BUILD_RUNS_TABLE, read_latest_build_run
from quality.checkpoint import run_checkpoint, write_reports
from quality.marts import PUBLISHED_MARTS

SCRIPT = PROJECT_DIR / "scripts" / "publish_marts.py"
V2_MARK = " (v2)"

READER = textwrap.dedent("""
    import sys, duckdb
    path = sys.argv[1]
    query = "select count(*), count(*) filter (where reason like '%(v2)') from marts.mart_pqa"
    con = duckdb.connect(path, read_only=True)
    for command in sys.stdin:
        command = command.strip()
        if command == "reopen":
            con.close()
            con = duckdb.connect(path, read_only=True)
        print(*con.execute(query).fetchone(), flush=True)
""")


class Reader:
    """A separate process holding the published DuckDB file open, read-only."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", READER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def read(self, command: str = "read") -> tuple[int, int]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, f"reader died: {self.proc.stderr.read() if self.proc.stderr else ''}"
        total, marked = line.split()
        return int(total), int(marked)

    def close(self) -> str:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        return self.proc.stderr.read() if self.proc.stderr else ""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    return demo_warehouse(tmp_path_factory)


def checked_copy(
    demo: Warehouse, folder: Path, *statements: str, models: list[str] | None = None
) -> tuple[Path, Path, bool]:
    """A copy of the demo warehouse, changed by `statements`, and its checkpoint result."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "plg.duckdb"
    shutil.copy2(demo.db_path, db)
    if statements:
        con = duckdb.connect(str(db))
        for statement in statements:
            con.execute(statement)
        con.close()
    result = run_checkpoint(db, models)
    json_path, _ = write_reports(result, folder / "gx")
    return db, json_path, result.success


def publish_args(db: Path, out: Path, checkpoint: Path, run_results: Path) -> list[str]:
    """The command-line arguments of scripts/publish_marts.py for these paths."""
    return ["--db", str(db), "--out", str(out), "--checkpoint", str(checkpoint), "--run-results", str(run_results)]


def publish(db: Path, out: Path, checkpoint: Path, run_results: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *publish_args(db, out, checkpoint, run_results)],
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
    )


def fingerprint(out: Path) -> tuple[str, str]:
    """Content hash of the published DuckDB file and the Parquet version in use."""
    digest = hashlib.sha256((out / "plg_marts.duckdb").read_bytes()).hexdigest()
    return digest, str((out / "parquet").resolve())


@pytest.fixture(scope="module")
def published(demo: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """v1 published from the demo warehouse (checkpoint passed, dbt build succeeded)."""
    base = tmp_path_factory.mktemp("publish")
    shutil.copy2(demo_run_results_path(demo.work_dir), base / "run_results.json")
    db, checkpoint, success = checked_copy(demo, base / "v1")
    assert success
    proc = publish(db, base / "out", checkpoint, base / "run_results.json")
    assert proc.returncode == 0, proc.stderr
    return {
        "base": base,
        "out": base / "out",
        "run_results": base / "run_results.json",
        "v1_db": db,
        "v1_checkpoint": checkpoint,
    }


def test_publishes_the_13_marts_and_never_the_audit_models(published: dict[str, Path], demo: Warehouse) -> None:
    out = published["out"]
    con = duckdb.connect(str(out / "plg_marts.duckdb"), read_only=True)
    tables = con.execute("select schema_name, table_name from duckdb_tables() order by all").fetchall()
    rows = dict(con.execute("select mart, row_count from publish_manifest").fetchall())
    con.close()
    assert sorted(t for s, t in tables if s == "marts") == sorted(PUBLISHED_MARTS)
    assert {s for s, _ in tables} == {"marts", "main"}  # main holds publish_manifest only
    assert sorted(p.stem for p in (out / "parquet").iterdir()) == sorted(PUBLISHED_MARTS)
    src = duckdb.connect(str(demo.db_path), read_only=True)
    assert rows == {m: src.execute(f"select count(*) from marts.{m}").fetchone()[0] for m in PUBLISHED_MARTS}
    src.close()
    parquet = duckdb.connect()
    assert parquet.execute(f"select count(*) from '{out}/parquet/mart_pqa.parquet'").fetchone()[0] == rows["mart_pqa"]
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "no temporary file left behind"


def test_reader_keeps_the_old_version_until_it_reopens(published: dict[str, Path], demo: Warehouse) -> None:
    out = published["out"]
    old_parquet = (out / "parquet").resolve()
    reader = Reader(out / "plg_marts.duckdb")
    try:
        total, marked = reader.read()
        assert marked == 0
        db, checkpoint, success = checked_copy(
            demo, published["base"] / "v2", f"update marts.mart_pqa set reason = reason || '{V2_MARK}'"
        )
        assert success
        proc = publish(db, out, checkpoint, published["run_results"])
        assert proc.returncode == 0, proc.stderr
        assert reader.read() == (total, 0), "an open reader keeps reading the previous version"
        assert reader.read("reopen") == (total, total), "a new connection sees the new version"
    finally:
        errors = reader.close()
    assert errors == ""
    # Parquet: the link moved to the new version; the previous version is still readable
    con = duckdb.connect()
    assert (
        con.execute(
            f"select count(*) filter (where reason like '%(v2)') from '{out}/parquet/mart_pqa.parquet'"
        ).fetchone()[0]
        == total
    )
    assert (
        con.execute(
            f"select count(*) filter (where reason like '%(v2)') from '{old_parquet}/mart_pqa.parquet'"
        ).fetchone()[0]
        == 0
    )


def assert_not_published(
    published: dict[str, Path],
    before: tuple[str, str],
    db: Path,
    checkpoint: Path,
    *messages: str,
    run_results: Path | None = None,
) -> None:
    """Publishing `db` fails with every message on stderr and leaves the published files as `before`."""
    proc = publish(db, published["out"], checkpoint, run_results or published["run_results"])
    assert proc.returncode == 1
    for message in messages:
        assert message in proc.stderr
    assert fingerprint(published["out"]) == before


def test_failed_checkpoint_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db, checkpoint, success = checked_copy(
        demo,
        published["base"] / "bad_checkpoint",
        "update marts.mart_activation_funnel set activation_rate = 2",
        models=["mart_activation_funnel"],
    )
    assert not success
    assert_not_published(
        published, before, db, checkpoint, "NOT PUBLISHED: the checkpoint failed (suites: mart_activation_funnel)"
    )


def test_failed_build_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    failed_build = json.loads(published["run_results"].read_text())
    failed_build["results"][-1]["status"] = "fail"  # e.g. is_balanced false: dbt build exits 1
    run_results = published["base"] / "failed_run_results.json"
    run_results.write_text(json.dumps(failed_build))
    # the warehouse and its passing checkpoint are the ones v1 was published from
    assert_not_published(
        published,
        before,
        published["v1_db"],
        published["v1_checkpoint"],
        "NOT PUBLISHED: the latest dbt invocation did not succeed",
        run_results=run_results,
    )


def test_partial_checkpoint_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db = published["base"] / "partial" / "plg.duckdb"
    db.parent.mkdir()
    shutil.copy2(demo.db_path, db)
    json_path, _ = write_reports(run_checkpoint(db, ["dim_users"]), db.parent / "gx")
    assert_not_published(published, before, db, json_path, "the checkpoint did not validate")


def test_warehouse_changed_after_its_checkpoint_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db, checkpoint, success = checked_copy(demo, published["base"] / "changed")
    assert success
    con = duckdb.connect(str(db))
    con.execute("delete from marts.mart_pqa where account_id = (select min(account_id) from marts.mart_pqa)")
    con.close()
    assert_not_published(published, before, db, checkpoint, "changed since the checkpoint validated it")


# ------------------------------------------------------------------ the gate trusts only the run that built the file
def interrupted_copy(demo: Warehouse, folder: Path) -> Path:
    """A copy of the demo warehouse as a `dbt build` killed late leaves it: its on-run-start hook recorded
    the new invocation, a mart was rebuilt, the on-run-end hook never ran."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "plg.duckdb"
    shutil.copy2(demo.db_path, db)
    con = duckdb.connect(str(db))
    con.execute(
        f"insert into main.{BUILD_RUNS_TABLE} values ('killed-build', 'build', 'start', ?, null)",
        [datetime(2099, 1, 1)],
    )
    con.execute(f"update marts.mart_pqa set reason = reason || '{V2_MARK}'")
    con.close()
    return db


def test_the_demo_build_recorded_its_invocation(demo: Warehouse) -> None:
    build = read_latest_build_run(str(demo.db_path))
    run_results = json.loads(demo_run_results_path(demo.work_dir).read_text())
    assert build is not None and build.finished and build.problems == 0 and build.command == "build"
    assert build.invocation_id == run_results["metadata"]["invocation_id"]


def test_build_killed_late_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db = interrupted_copy(demo, published["base"] / "killed")
    # the checkpoint refuses to pass a half-built warehouse, whatever its data
    from run_checkpoint import main as checkpoint_main

    code = checkpoint_main(["--db", str(db), "--out", str(db.parent / "gx"), "--model", "mart_pqa"])
    assert code == 1
    result = json.loads((db.parent / "gx" / "checkpoint_result.json").read_text())
    assert result["build"]["invocation_id"] == "killed-build" and result["build"]["ended_at"] is None
    assert "never finished (killed or crashed)" in result["build_problem"]
    # the gate refuses on its own, even beside a checkpoint that passed on the data and the previous run's results
    passing = run_checkpoint(db)
    passing.success = True
    checkpoint, _ = write_reports(passing, db.parent / "gx_forced")
    assert_not_published(
        published,
        before,
        db,
        checkpoint,
        "was last changed by `dbt build` invocation killed-build started 2099-01-01 00:00:00 UTC and never "
        "finished (killed or crashed): its tables may be half-built",
    )


def test_run_results_of_another_invocation_never_publish(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    other = json.loads(published["run_results"].read_text())
    other["metadata"]["invocation_id"] = "docs-generate-afterwards"
    other["args"]["which"] = "generate"
    run_results = published["base"] / "other_run_results.json"
    run_results.write_text(json.dumps(other))
    assert_not_published(
        published,
        before,
        published["v1_db"],
        published["v1_checkpoint"],
        f"{run_results} (dbt invocation docs-generate-afterwards, `dbt generate`",
        "does not belong to the run that last changed",
        run_results=run_results,
    )


def test_warehouse_without_build_record_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db, checkpoint, success = checked_copy(
        demo, published["base"] / "unrecorded", f"drop table main.{BUILD_RUNS_TABLE}"
    )
    assert success  # the checkpoint validates data; the record is the gate's business
    assert_not_published(published, before, db, checkpoint, "holds no record of the dbt invocation that built it")


# ------------------------------------------------------------------ a long-running reader process
LONG_READER = textwrap.dedent("""
    import sys, duckdb
    path, parquet = sys.argv[1], sys.argv[2]
    query = "select count(*) filter (where reason like '%(v2)') from {}"
    held = duckdb.connect(path, read_only=True)
    opened = []
    memory = duckdb.connect()
    for command in sys.stdin:
        command = command.strip()
        if command == "held":
            con, table = held, "marts.mart_pqa"
        elif command == "connect":  # one more connection to the same path, the first one still open
            opened.append(duckdb.connect(path, read_only=True))
            con, table = opened[-1], "marts.mart_pqa"
        elif command == "reattach":
            memory.execute("detach database if exists published")
            memory.execute(f"attach '{path}' as published (read_only)")
            con, table = memory, "published.marts.mart_pqa"
        elif command == "parquet":
            con, table = memory, f"'{parquet}'"
        elif command == "close_all":
            for con in [held, *opened]:
                con.close()
            held = duckdb.connect(path, read_only=True)
            con, table = held, "marts.mart_pqa"
        print(con.execute(query.format(table)).fetchone()[0], flush=True)
""")


def test_long_running_reader_process(published: dict[str, Path], demo: Warehouse) -> None:
    """What docs/operations.md promises a BI process that keeps a connection open across a publish."""
    out = published["out"]
    reader = subprocess.Popen(
        [sys.executable, "-c", LONG_READER, str(out / "plg_marts.duckdb"), str(out / "parquet" / "mart_pqa.parquet")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def marked(command: str) -> int:
        assert reader.stdin and reader.stdout
        reader.stdin.write(command + "\n")
        reader.stdin.flush()
        line = reader.stdout.readline()
        assert line, reader.stderr.read() if reader.stderr else ""
        return int(line)

    try:
        published_now = {c: marked(c) for c in ("held", "reattach", "parquet")}
        version = 0 if published_now["held"] == 0 else 1
        db, checkpoint, success = checked_copy(
            demo,
            published["base"] / "long_reader",
            "update marts.mart_pqa set reason = regexp_replace(reason, ' \\(v2\\)$', '')"
            if version
            else f"update marts.mart_pqa set reason = reason || '{V2_MARK}'",
        )
        assert success
        proc = publish(db, out, checkpoint, published["run_results"])
        assert proc.returncode == 0, proc.stderr
        total = duckdb.connect(str(out / "plg_marts.duckdb"), read_only=True)
        new_marked = total.execute("select count(*) filter (where reason like '%(v2)') from marts.mart_pqa").fetchone()[
            0
        ]
        total.close()
        assert new_marked != published_now["held"]
        assert marked("held") == published_now["held"], "an open connection keeps its version"
        assert marked("connect") == published_now["held"], "a new connection in the same process: still the old"
        assert marked("reattach") == new_marked, "ATTACH from an in-memory connection opens the new file"
        assert marked("parquet") == new_marked, "the Parquet link is resolved again by every query"
        assert marked("close_all") == new_marked, "after closing every connection to the file: the new one"
    finally:
        assert reader.stdin
        reader.stdin.close()
        reader.wait(timeout=30)
    assert reader.returncode == 0, reader.stderr.read() if reader.stderr else ""


# ------------------------------------------------------------------ leftovers of a killed publish
KILLED_PUBLISH = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, sys.argv[1])
    import publish_marts

    def check_then_die(con):  # the new file is open and written to when the process is killed
        con.execute("create table half_written as select range as i from range(1000)")
        os.kill(os.getpid(), signal.SIGKILL)

    publish_marts.check_marts_present = check_then_die
    publish_marts.main(sys.argv[2:])
""")


def test_killed_publish_leaves_nothing_behind_for_long(published: dict[str, Path], demo: Warehouse) -> None:
    out = published["out"]
    db, checkpoint, run_results = published["v1_db"], published["v1_checkpoint"], published["run_results"]
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISH, str(SCRIPT.parent), *publish_args(db, out, checkpoint, run_results)],
        cwd=PROJECT_DIR,
    )
    assert killed.wait(timeout=300) == -signal.SIGKILL
    leftovers = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert [n.split(f"-{killed.pid}.")[-1] for n in leftovers] == ["tmp", "tmp.wal"], leftovers
    killed_version = out / "parquet_versions" / leftovers[0].removeprefix(".plg_marts.duckdb.").removesuffix(".tmp")
    assert killed_version.is_dir()
    previous = (out / "parquet").resolve()
    # a concurrent publisher, still running, with its own temporary file and version folder
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    try:
        live_tmp = out / f".plg_marts.duckdb.20990101T000000000000Z-{live.pid}.tmp"
        live_tmp.write_bytes(b"being written")
        live_version = out / "parquet_versions" / f"20990101T000000000000Z-{live.pid}"
        live_version.mkdir()
        proc = publish(db, out, checkpoint, run_results)
        assert proc.returncode == 0, proc.stderr
        for name in leftovers:
            assert f"removed {out / name}, left by a publish that did not finish" in proc.stderr
        assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [live_tmp.name]
        assert {p.name for p in (out / "parquet_versions").iterdir()} == {
            (out / "parquet").resolve().name,
            previous.name,
            live_version.name,
        }
        assert not killed_version.exists()
    finally:
        live.kill()
        live.wait()
