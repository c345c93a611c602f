"""Dagster orchestration of plg_warehouse.

`orchestration.definitions` holds the Definitions object `dagster dev -m
orchestration.definitions` loads (see docs/operations.md):

- one asset per dbt model and seed (`@dbt_assets` over a manifest produced
  offline by `dbt parse`), dbt tests as asset checks;
- the raw Parquet sources as assets whose blocking `freshness` checks run
  `dbt source freshness`, so a stale landing zone stops the run before any
  model is rebuilt;
- the Great Expectations checkpoint and the publish step as assets
  downstream of the marts;
- a daily job over all of it and its schedule.
"""
