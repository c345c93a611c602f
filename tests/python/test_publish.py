"""Safe publishing (issue 8): a reader holding the published file keeps reading the
previous version during a re-publish and sees the new one after reopening; only
the BI marts of quality.marts are published; a failed checkpoint, a failed build or a
warehouse changed after its checkpoint never publishes."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from plg_test_harness import PROJECT_DIR, Warehouse
from quality.checkpoint import run_checkpoint, write_reports
from quality.marts import PUBLISHED_MARTS
from test_incremental import demo_warehouse

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
        self.proc = subprocess.Popen([sys.executable, "-c", READER, str(path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

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


def checked_copy(demo: Warehouse, folder: Path, *statements: str,
                 models: list[str] | None = None) -> tuple[Path, Path, bool]:
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


def publish(db: Path, out: Path, checkpoint: Path, run_results: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "--db", str(db), "--out", str(out),
                           "--checkpoint", str(checkpoint), "--run-results", str(run_results)],
                          capture_output=True, text=True, cwd=PROJECT_DIR)


def fingerprint(out: Path) -> tuple[str, str]:
    """Content hash of the published DuckDB file and the Parquet version in use."""
    digest = hashlib.sha256((out / "plg_marts.duckdb").read_bytes()).hexdigest()
    return digest, str((out / "parquet").resolve())


@pytest.fixture(scope="module")
def published(demo: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """v1 published from the demo warehouse (checkpoint passed, dbt build succeeded)."""
    base = tmp_path_factory.mktemp("publish")
    run_results = demo.work_dir / "target" / "run_results.json"
    shutil.copy2(run_results, base / "run_results.json")
    db, checkpoint, success = checked_copy(demo, base / "v1")
    assert success
    proc = publish(db, base / "out", checkpoint, base / "run_results.json")
    assert proc.returncode == 0, proc.stderr
    return {"base": base, "out": base / "out", "run_results": base / "run_results.json",
            "v1_db": db, "v1_checkpoint": checkpoint}


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
        db, checkpoint, success = checked_copy(demo, published["base"] / "v2",
                                               f"update marts.mart_pqa set reason = reason || '{V2_MARK}'")
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
    assert con.execute(f"select count(*) filter (where reason like '%(v2)') from '{out}/parquet/mart_pqa.parquet'"
                       ).fetchone()[0] == total
    assert con.execute(f"select count(*) filter (where reason like '%(v2)') from '{old_parquet}/mart_pqa.parquet'"
                       ).fetchone()[0] == 0


def test_failed_checkpoint_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db, checkpoint, success = checked_copy(demo, published["base"] / "bad_checkpoint",
                                           "update marts.mart_activation_funnel set activation_rate = 2",
                                           models=["mart_activation_funnel"])
    assert not success
    proc = publish(db, published["out"], checkpoint, published["run_results"])
    assert proc.returncode == 1
    assert "NOT PUBLISHED: the checkpoint failed (suites: mart_activation_funnel)" in proc.stderr
    assert fingerprint(published["out"]) == before


def test_failed_build_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    failed_build = json.loads(published["run_results"].read_text())
    failed_build["results"][-1]["status"] = "fail"  # e.g. is_balanced false: dbt build exits 1
    run_results = published["base"] / "failed_run_results.json"
    run_results.write_text(json.dumps(failed_build))
    # the warehouse and its passing checkpoint are the ones v1 was published from
    proc = publish(published["v1_db"], published["out"], published["v1_checkpoint"], run_results)
    assert proc.returncode == 1
    assert "NOT PUBLISHED: the latest dbt invocation did not succeed" in proc.stderr
    assert fingerprint(published["out"]) == before


def test_partial_checkpoint_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db = published["base"] / "partial" / "plg.duckdb"
    db.parent.mkdir()
    shutil.copy2(demo.db_path, db)
    json_path, _ = write_reports(run_checkpoint(db, ["dim_users"]), db.parent / "gx")
    proc = publish(db, published["out"], json_path, published["run_results"])
    assert proc.returncode == 1
    assert "the checkpoint did not validate" in proc.stderr
    assert fingerprint(published["out"]) == before


def test_warehouse_changed_after_its_checkpoint_never_publishes(published: dict[str, Path], demo: Warehouse) -> None:
    before = fingerprint(published["out"])
    db, checkpoint, success = checked_copy(demo, published["base"] / "changed")
    assert success
    con = duckdb.connect(str(db))
    con.execute("delete from marts.mart_pqa where account_id = (select min(account_id) from marts.mart_pqa)")
    con.close()
    proc = publish(db, published["out"], checkpoint, published["run_results"])
    assert proc.returncode == 1
    assert "changed since the checkpoint validated it" in proc.stderr
    assert fingerprint(published["out"]) == before
