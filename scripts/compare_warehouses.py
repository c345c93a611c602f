"""Compare every relation of two DuckDB warehouses, row for row.

usage: .venv/bin/python scripts/compare_warehouses.py BEFORE.duckdb AFTER.duckdb [--schema S ...]

For a refactor that must not change results: each relation present in both
files is compared as a multiset of rows (EXCEPT ALL both ways), doubles rounded
to 9 decimals (a parallel sum may differ in its last bit from run to run).
Prints one line per relation that differs, is missing on one side or changed
columns, then a summary; exits 1 when anything differs. With --shared-columns a
relation that gained or lost columns is compared on the columns both sides
have (same name and type), and the change of columns is only reported. With
--hashes every compared relation is printed with its row count and an
order-independent hash of its rows on each side.
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


def rows_and_hash(con: duckdb.DuckDBPyConnection, select: str) -> tuple[int, int]:
    """Row count and an order-independent hash of the rows (sum of row hashes mod 2^64)."""
    query = f"select count(*), coalesce(sum(hash(t)::hugeint) % 18446744073709551616, 0) from ({select}) as t"
    count, digest = con.execute(query).fetchone()
    return count, int(digest)


def column_change(left: list[tuple[str, str]], right: list[tuple[str, str]]) -> str:
    """`+a, -b` for the columns only one side has."""
    added = [c for c, _ in right if (c, _) not in left]
    removed = [c for c, _ in left if (c, _) not in right]
    return ", ".join([f"+{c}" for c in added] + [f"-{c}" for c in removed])


def compare(
    before: str, after: str, schemas: tuple[str, ...], shared_columns: bool = False, hashes: bool = False
) -> list[str]:
    """One message per relation that is not identical."""
    con = duckdb.connect()
    con.execute("attach ? as before_wh (read_only)", [before])
    con.execute("attach ? as after_wh (read_only)", [after])
    left, right = relations(con, "before_wh", schemas), relations(con, "after_wh", schemas)
    problems = []
    for relation in sorted(set(left) | set(right)):
        if relation not in right or relation not in left:
            problems.append(f"{relation}: only in {'before' if relation in left else 'after'}")
            continue
        columns = left[relation]
        note = ""
        if left[relation] != right[relation]:
            if not shared_columns:
                problems.append(f"{relation}: columns differ")
                continue
            columns = [column for column in left[relation] if column in right[relation]]
            note = f" (compared on shared columns; {column_change(left[relation], right[relation])})"
        before_select = comparable_select("before_wh", relation, columns)
        after_select = comparable_select("after_wh", relation, columns)
        count = differing_rows(con, before_select, after_select)
        if count:
            problems.append(f"{relation}: {count} rows differ{note}")
        if hashes:
            (rows_before, hash_before), (rows_after, hash_after) = (
                rows_and_hash(con, before_select),
                rows_and_hash(con, after_select),
            )
            print(f"{relation}\t{rows_before}\t{hash_before:016x}\t{rows_after}\t{hash_after:016x}{note}")
    print(f"{len(set(left) & set(right))} relations in both, {len(problems)} not identical")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--schema", action="append", help="schemas to compare (default: all project schemas)")
    parser.add_argument("--shared-columns", action="store_true", help="compare changed relations on shared columns")
    parser.add_argument("--hashes", action="store_true", help="print rows and a row hash of each relation")
    args = parser.parse_args()
    problems = compare(args.before, args.after, tuple(args.schema or DEFAULT_SCHEMAS), args.shared_columns, args.hashes)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
