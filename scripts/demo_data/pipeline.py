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
from .helpers import Config, progress
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
    steps = progress(["population", *RAW_SCHEMA], "raw data", leave=True)
    counts: dict[str, int] = {}
    con = _connect()
    try:
        for step in steps:
            steps.set_postfix_str(step)
            if step == "population":
                pop = build_population(cfg)
            else:
                counts[step] = WRITERS[step](con, pop, cfg)
        return counts
    finally:
        con.close()
