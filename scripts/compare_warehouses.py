"""Compare every relation of two DuckDB warehouses, row for row.

usage: .venv/bin/python scripts/compare_warehouses.py BEFORE.duckdb AFTER.duckdb [--schema S ...]

For a refactor that must not change results: each relation present in both
files is compared as a multiset of rows (EXCEPT ALL both ways), doubles rounded
to 9 decimals (a parallel sum may differ in its last bit from run to run).
Prints one line per relation that differs, is missing on one side or changed
columns, then a summary; exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

DEFAULT_SCHEMAS = ("staging", "intermediate", "marts", "audit", "seeds")


def relations(
    con: duckdb.DuckDBPyConnection, catalog: str, schemas: tuple[str, ...]
) -> dict[str, list[tuple[str, str]]]:
    """`schema.table` -> [(column, type)] of one attached catalog."""
    rows = con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = ? order by table_schema, table_name, ordinal_position",
        [catalog],
    ).fetchall()
    out: dict[str, list[tuple[str, str]]] = {}
    for schema, table, column, data_type in rows:
        if schema in schemas:
            out.setdefault(f"{schema}.{table}", []).append((column, data_type))
    return out


def comparable_select(catalog: str, relation: str, columns: list[tuple[str, str]]) -> str:
    """Every column, doubles rounded to 9 decimals."""
    schema, table = relation.split(".", 1)
    items = [f'round("{c}", 9)' if t in ("DOUBLE", "FLOAT") else f'"{c}"' for c, t in columns]
    return f'select {", ".join(items)} from {catalog}."{schema}"."{table}"'


def differing_rows(con: duckdb.DuckDBPyConnection, left: str, right: str) -> int:
    """Rows in one side and not the other (multiset difference, both ways)."""
    query = f"select count(*) from (({left}) except all ({right}) union all (({right}) except all ({left})))"
    return con.execute(query).fetchone()[0]


def compare(before: str, after: str, schemas: tuple[str, ...]) -> list[str]:
    """One message per relation that is not identical."""
    con = duckdb.connect()
    con.execute("attach ? as before_wh (read_only)", [before])
    con.execute("attach ? as after_wh (read_only)", [after])
    left, right = relations(con, "before_wh", schemas), relations(con, "after_wh", schemas)
    problems = []
    for relation in sorted(set(left) | set(right)):
        if relation not in right or relation not in left:
            problems.append(f"{relation}: only in {'before' if relation in left else 'after'}")
        elif left[relation] != right[relation]:
            problems.append(f"{relation}: columns differ")
        else:
            count = differing_rows(
                con,
                comparable_select("before_wh", relation, left[relation]),
                comparable_select("after_wh", relation, right[relation]),
            )
            if count:
                problems.append(f"{relation}: {count} rows differ")
    print(f"{len(set(left) & set(right))} relations in both, {len(problems)} not identical")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--schema", action="append", help="schemas to compare (default: all project schemas)")
    args = parser.parse_args()
    problems = compare(args.before, args.after, tuple(args.schema or DEFAULT_SCHEMAS))
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
