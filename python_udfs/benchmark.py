"""Throughput of the Arrow UDFs inside DuckDB (rows per second).

    .venv/bin/python -m python_udfs.benchmark [--rows 5000000] [--titles-rows 1000000] [--repeat 7]

Measures, for DuckDB threads = 1 and 2 (the profile default):

* `decayed_signal_score(w, a, h)` versus the same expression in SQL,
  `w * pow(0.5, a / h)`, on `--rows` rows of whole-day ages (the warehouse
  case) and of fractional ages (the pow path); plus an Arrow UDF that only
  returns a new array, the floor that DuckDB's per-batch hand-off costs;
* `persona_from_title(title)` on `--titles-rows` rows holding ~200 distinct
  titles.

Each figure is the best of `--repeat` rounds of `select sum(...)` / `count(...)`
over an in-memory table (rounds interleave the queries, so load from other
processes hits them alike), so table scans are included and result transfer is not.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import duckdb
import pyarrow as pa

from python_udfs.plugin import register_udfs

_BASE_TITLES = (
    "Software Engineer",
    "Senior Software Engineer",
    "Staff Engineer",
    "SRE",
    "DevOps",
    "Engineering Manager",
    "Sr EM",
    "Director of Engineering",
    "Sr. Dir. Eng",
    "VP Engineering",
    "VPE",
    "Head of Platform Engineering",
    "CTO",
    "co-founder & CTO",
    "Product Manager",
    "CEO",
    "Student",
    "Head of Marketing",
    "VP Sales",
    "Data Scientist",
    "Full-Stack Dev",
    "Tech Lead",
    "Engineering Lead",
    "Technical Program Manager",
    "Solutions Architect",
    "Designer",
    "Backend Developer",
    "Frontend Developer",
    "QA Engineer",
    "Founder",
    "Consultant",
    "Head of Data",
    "ML Engineer",
    "Principal Engineer",
    "IT Manager",
    "Mgr, Platform Eng",
    "Dir. of Software Engineering",
    "Chief Technology Officer",
    "EM, Infra",
    "Recruiter",
)


def _distinct_titles(count: int = 200) -> list[str]:
    """`count` distinct titles: the base titles in several spellings and with employers."""
    variants = (str, str.lower, str.upper, lambda t: f"{t} at Acme", lambda t: f"{t} (remote)")
    titles = [variant(title) for variant in variants for title in _BASE_TITLES]
    return list(dict.fromkeys(titles))[:count]


def _best_seconds(conn: duckdb.DuckDBPyConnection, queries: dict[str, str], repeat: int) -> dict[str, float]:
    """Best wall time of each query over `repeat` rounds; rounds interleave the queries
    so that load from other processes affects them alike."""
    for sql in queries.values():
        conn.execute(sql).fetchall()  # warm-up: builds lookup tables and caches
    best = dict.fromkeys(queries, float("inf"))
    for _ in range(repeat):
        for name, sql in queries.items():
            start = time.perf_counter()
            conn.execute(sql).fetchall()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _new_array_udf(weight: pa.ChunkedArray, age: pa.ChunkedArray, half: pa.ChunkedArray) -> pa.Array:
    """Floor: copy the weights into a new Arrow array (DuckDB's hand-off cost, no maths)."""
    values = weight.chunk(0).to_numpy() * 1.0
    return pa.Array.from_buffers(pa.float64(), len(values), [None, pa.py_buffer(values)])


def run(rows: int, title_rows: int, repeat: int, report: Callable[[str], None] = print) -> None:
    """Run every measurement and report one line each."""
    conn = duckdb.connect()
    register_udfs(conn)
    conn.create_function(
        "new_array_floor",
        _new_array_udf,
        ["DOUBLE", "DOUBLE", "DOUBLE"],
        "DOUBLE",
        type="arrow",
        null_handling="special",
    )
    conn.execute(
        f"""
        create table signals as
        select (i % 10 + 1)::double as weight, (i % 90)::double as age_days,
               (i % 90 + 0.5)::double as age_frac, 14.0::double as half_life
        from range({rows}) t(i)
        """
    )
    titles = _distinct_titles()
    conn.execute("create table distinct_titles as select unnest($1::varchar[]) as title", [titles])
    conn.execute(
        f"""
        create table users as
        select d.title
        from range({title_rows}) r(i)
        join (select row_number() over () - 1 as k, title from distinct_titles) d
          on d.k = (hash(i) % {len(titles)})
        """
    )
    queries = {
        "decay SQL w*pow(0.5,a/h)": ("select sum(weight * pow(0.5, age_days / half_life)) from signals", rows),
        "decay UDF (whole-day ages)": (
            "select sum(decayed_signal_score(weight, age_days, half_life)) from signals",
            rows,
        ),
        "decay UDF (fractional ages)": (
            "select sum(decayed_signal_score(weight, age_frac, half_life)) from signals",
            rows,
        ),
        "floor: Arrow UDF returning a new array": (
            "select sum(new_array_floor(weight, age_days, half_life)) from signals",
            rows,
        ),
        f"persona UDF ({len(titles)} distinct titles)": (
            "select count(persona_from_title(title)) from users",
            title_rows,
        ),
    }
    report(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    for threads in (1, 2):
        conn.execute(f"set threads = {threads}")
        best = _best_seconds(conn, {name: sql for name, (sql, _) in queries.items()}, repeat)
        sql_seconds = next(iter(best.values()))
        for name, seconds in best.items():
            n = queries[name][1]
            ratio = f"  ({sql_seconds / seconds:.0%} of SQL)" if name.startswith(("decay UDF", "floor")) else ""
            report(f"threads={threads}  {name:42s} {seconds:7.3f} s  {n / seconds / 1e6:7.2f} M rows/s{ratio}")
    report(f"load average after: {os.getloadavg()[0]:.2f}")
    conn.close()


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--titles-rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    run(args.rows, args.titles_rows, args.repeat)


if __name__ == "__main__":
    main()
