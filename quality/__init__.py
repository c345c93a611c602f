"""Data quality for plg_warehouse.

Great Expectations 1.x suites, written as code, one per public model of contract
section 9, validated on pandas DataFrames read from DuckDB (read-only): GX's
SQL datasource over duckdb-engine reports every expectation false without an
error (GX issues 10738, 11579), so it is not used.

- `quality.marts`: which models are public, published or audit-only.
- `quality.pii`: what an email looks like and where one may appear.
- `quality.expect`: small constructors that keep the suites readable.
- `quality.suites`: the expectation suites (one function per model).
- `quality.checkpoint`: load, validate, summarize (scripts/run_checkpoint.py).
"""
