"""The demo raw-data generator behind scripts/generate_raw_data.py, one module per part.

- constants, vocabulary: sizes, id ranges, tiers and every word the story draws from
- helpers: the run Config, random streams and small vectorized helpers
- population: organizations, accounts, users and their latent behaviour
- defects: the dirty rows writers share (email variants, duplicates, null keys)
- duckdb_writer: id-formatting macros and the Parquet part writer
- users, events, web, subscriptions, touches, community, firmographics, crm: one
  writer per raw table (users and accounts share a module)
- pipeline: WRITERS, the writer per table, and `generate`, which writes all nine

The modules import `raw_contract`, so `scripts/` must be on sys.path (it is when
generate_raw_data.py runs as a script, and tests/python/conftest.py puts it there).
"""

from __future__ import annotations

from .community import write_community_activity
from .constants import DEFAULT_DAYS, DEFAULT_USERS, EVENTS_PER_USER, MAX_USERS
from .crm import write_crm_opportunities
from .events import write_product_events
from .firmographics import write_firmographics
from .helpers import Config
from .pipeline import WRITERS, generate
from .population import Population, build_population
from .subscriptions import write_subscription_changes
from .touches import write_marketing_touches
from .users import write_accounts, write_users
from .web import write_web_pageviews

__all__ = [
    "DEFAULT_DAYS",
    "DEFAULT_USERS",
    "EVENTS_PER_USER",
    "MAX_USERS",
    "WRITERS",
    "Config",
    "Population",
    "build_population",
    "generate",
    "write_accounts",
    "write_community_activity",
    "write_crm_opportunities",
    "write_firmographics",
    "write_marketing_touches",
    "write_product_events",
    "write_subscription_changes",
    "write_users",
    "write_web_pageviews",
]
