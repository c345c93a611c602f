"""All nine raw tables in one run: the writer per table and `generate`."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import duckdb
from raw_contract import RAW_SCHEMA

from .community import write_community_activity
from .crm import write_crm_opportunities
from .duckdb_writer import _connect
from .events import write_product_events
from .firmographics import write_firmographics
from .helpers import Config
from .population import Population, build_population
from .subscriptions import write_subscription_changes
from .touches import write_marketing_touches
from .users import write_accounts, write_users
from .web import write_web_pageviews

WRITERS: dict[str, Callable[[duckdb.DuckDBPyConnection, Population, Config], int]] = {
    "users": write_users,
    "accounts": write_accounts,
    "product_events": write_product_events,
    "web_pageviews": write_web_pageviews,
    "subscription_changes": write_subscription_changes,
    "marketing_touches": write_marketing_touches,
    "community_activity": write_community_activity,
    "firmographics": write_firmographics,
    "crm_opportunities": write_crm_opportunities,
}


def generate(cfg: Config) -> dict[str, int]:
    """Write all nine raw tables under `cfg.out` (replacing earlier output) and return
    the row count per table."""
    for table in RAW_SCHEMA:
        folder = cfg.out / table
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    pop = build_population(cfg)
    con = _connect()
    try:
        return {table: WRITERS[table](con, pop, cfg) for table in RAW_SCHEMA}
    finally:
        con.close()
