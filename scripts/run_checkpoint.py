#!/usr/bin/env python3
"""Validate every public mart of contract section 9 with Great Expectations.

usage: scripts/run_checkpoint.py [--db target/plg.duckdb] [--out target/gx] [--model NAME ...]

Prints one line per suite, writes `<out>/checkpoint_result.json` and
`<out>/summary.md`, and exits 1 when any expectation fails, a mart is
missing or the dbt invocation that last changed the warehouse never finished
(2 when the warehouse file does not exist). `scripts/publish_marts.py`
publishes only a warehouse whose latest checkpoint passed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quality.marts import AUDIT_MODELS, PUBLISHED_MARTS  # noqa: E402  (GX itself is imported only when needed)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--db", type=Path, default=Path("target/plg.duckdb"), help="built DuckDB warehouse")
    parser.add_argument("--out", type=Path, default=Path("target/gx"), help="folder for the reports")
    parser.add_argument(
        "--model",
        action="append",
        choices=list(PUBLISHED_MARTS + AUDIT_MODELS),
        help="validate only this model (repeatable; default: every public model)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.db.exists():
        print(f"FAIL  warehouse {args.db} does not exist: run `dbt build` first", file=sys.stderr)
        return 2
    from quality.checkpoint import run_checkpoint, write_reports  # slow: imports Great Expectations

    result = run_checkpoint(args.db, args.model)
    for suite in result.suites:
        print(suite.line())
    if result.build_problem:
        print(f"FAIL  build: {result.build_problem}")
    json_path, md_path = write_reports(result, args.out)
    failed = [s.model for s in result.suites if not s.success]
    verdict = (
        "passed"
        if result.success
        else (f"FAILED ({len(failed)} of {len(result.suites)} suites)" if failed else "FAILED (unfinished dbt build)")
    )
    print(f"checkpoint {verdict} in {result.seconds} s; report: {md_path}, {json_path}")
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
