#!/usr/bin/env python3
"""Generate the demo raw data of docs/contract.md section 1: one Parquet folder per raw table.

usage::

    generate_raw_data.py --users 3000 --seed 42 --out data/raw
                         [--end-date YYYY-MM-DD] [--days 730] [--events N]

The nine tables tell one product-led-growth story for a developer-tools company:
workspaces (accounts) are created over `--days` of history, most by one person,
some grow into teams through invites; anonymous web visits from paid, organic,
social and referral channels precede sign-ups; a minority of sign-ups activate
(first deploy), a cohort of engaged team accounts uses the API heavily and
clearly qualifies as product-qualified, and those accounts are the likeliest to
start paying, expand, contract, churn and come back. Marketing touches,
community posts, firmographics and CRM opportunities hang off the same people
and organizations, so every mart downstream has real content.

Dirty rows of contract sections 2 and 10 are planted at small rates (duplicates,
null keys, malformed JSON, unknown codes, bad API counts, skewed clocks,
malformed emails, ...), each kind at least once.

Output is deterministic for a given `--seed` and `--end-date`. Big tables are
generated with numpy arrays, handed to DuckDB through Arrow, formatted (ids,
JSON text) in SQL and written in the exact RAW_SCHEMA types; product events and
page views are written in chunks of a few million rows so memory stays flat.

The generator lives in the package scripts/demo_data/ (one module per table and
shared part); this file is its command line.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_data import (  # noqa: E402  (scripts/ is not a package)
    DEFAULT_DAYS,
    DEFAULT_USERS,
    EVENTS_PER_USER,
    MAX_USERS,
    Config,
    generate,
)


def parse_args(argv: Sequence[str] | None = None) -> Config:
    """Command-line flags to a Config. With --events and no --users, the user count is
    derived from the event target so every table scales in proportion."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=None, help=f"number of users (default {DEFAULT_USERS})")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", type=Path, required=True, help="output folder, one sub-folder per table")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="last day of history, YYYY-MM-DD (default: today, UTC)",
    )
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"days of history (default {DEFAULT_DAYS})")
    parser.add_argument(
        "--events", type=int, default=None, help="target total product events (other tables scale with it)"
    )
    args = parser.parse_args(argv)
    users = args.users
    if users is None:
        users = DEFAULT_USERS if args.events is None else max(50, round(args.events / EVENTS_PER_USER))
    if not 1 <= users <= MAX_USERS:
        parser.error(f"--users must be within 1..{MAX_USERS}")
    if args.days < 1:
        parser.error("--days must be positive")
    end_date = args.end_date or datetime.now(UTC).date()
    return Config(users=users, seed=args.seed, out=args.out, end_date=end_date, days=args.days, events=args.events)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point: generate and print a one-line summary."""
    cfg = parse_args(argv)
    started = time.perf_counter()
    counts = generate(cfg)
    summary = " ".join(f"{table}={rows:,}" for table, rows in counts.items())
    print(
        f"raw data -> {cfg.out} (seed {cfg.seed}, end {cfg.end_date}, {time.perf_counter() - started:.1f}s): {summary}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
