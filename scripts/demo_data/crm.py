"""Raw table crm_opportunities."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from .constants import DAY, NO_TIME, POWER, STEADY
from .defects import _with_duplicates, _with_null_keys
from .duckdb_writer import _write_part
from .helpers import Config, Picker, _arrow_table, _categorical, _n_dirty, _rng
from .population import Population
from .vocabulary import COMPANY_SUFFIXES, CRM_SOURCES, CRM_STAGES_OPEN


def write_crm_opportunities(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """crm_opportunities: sales opportunities for some organizations (mostly engaged or
    paying ones) and a few outbound prospects unknown to the product."""
    rng = _rng(cfg, "crm_opportunities")
    k = len(pop.org_domain)
    p_opp = np.select([pop.org_best_tier == POWER, pop.org_best_tier == STEADY], [0.5, 0.12], 0.03)
    orgs = np.flatnonzero(rng.random(k) < p_opp)
    n_prospects = max(1, k // 50)
    m = len(orgs) + n_prospects
    domain = np.concatenate(
        [
            pop.org_domain[orgs],
            np.array(
                [f"prospect{i}-{COMPANY_SUFFIXES[i % len(COMPANY_SUFFIXES)]}.com" for i in range(n_prospects)],
                dtype=object,
            ),
        ]
    )
    created = np.concatenate(
        [
            pop.org_first_created[orgs] + (rng.uniform(5, 80, len(orgs)) * DAY).astype(np.int64),
            cfg.start_s + (rng.random(n_prospects) * (cfg.end_s - cfg.start_s)).astype(np.int64),
        ]
    )
    keep = created < cfg.end_s
    domain, created = domain[keep], created[keep]
    engaged = np.concatenate([pop.org_best_tier[orgs] == POWER, np.zeros(n_prospects, dtype=bool)])[keep]
    paying = np.concatenate([pop.org_pays[orgs], np.zeros(n_prospects, dtype=bool)])[keep]
    m = len(domain)

    closes = created + (rng.uniform(10, 90, m) * DAY).astype(np.int64)
    closed = closes <= cfg.end_s
    won = rng.random(m) < np.where(paying, 0.65, np.where(engaged, 0.45, 0.25))
    stage = np.where(
        closed,
        np.where(won, "closed_won", "closed_lost"),
        np.array(CRM_STAGES_OPEN, dtype=object)[rng.integers(0, 2, m)],
    ).astype(object)
    odd = rng.random(m) < 0.06
    shouted = np.char.upper(stage.astype(str)).astype(object)
    stage = np.where(odd & (stage == "closed_won"), " Closed_Won ", np.where(odd, shouted, stage))
    amount = np.round(rng.lognormal(np.log(24_000), 0.8, m), -2)
    amount = np.where(rng.random(m) < 0.08, np.nan, amount)
    source = np.where(
        engaged & (rng.random(m) < 0.6),
        "product_led",
        np.array(CRM_SOURCES[:3], dtype=object)[_categorical(rng, [2, 2, 1], m)],
    )
    r = rng.random(m)
    titled = np.array([d.title() for d in domain[r < 0.05]], dtype=object)  # a handful of rows
    shown = np.where(r < 0.08, np.char.upper(domain.astype(str)).astype(object), domain)
    shown[r < 0.05] = " " + titled + " "
    cols = {
        "opp": np.arange(m, dtype=np.int64),
        "domain": shown,
        "created": created,
        "closed": np.where(closed, closes, NO_TIME),
        "stage": stage.astype(object),
        "amount": amount,
        "source": source.astype(object),
    }
    if m:
        picker = Picker(m, rng)
        cols = _with_duplicates(cols, picker.pick(_n_dirty(m, 0.01)), "created", rng, max_shift=DAY, end_s=cfg.end_s)
        cols = _with_null_keys(cols, picker.pick(_n_dirty(m, 0.005)), "opp")
    arrow = _arrow_table(
        cols,
        text=("domain", "stage", "source"),
        times=("created", "closed"),
        amount=pa.array(cols["amount"], mask=np.isnan(cols["amount"])),
    )
    exprs = {
        "opportunity_id": "seqid('opp_', opp)",
        "org_domain": "domain",
        "created_at": "created",
        "closed_at": "closed",
        "stage": "stage",
        "amount_usd": "amount",
        "source": "source",
    }
    return _write_part(con, "crm_opportunities", arrow, exprs, cfg.out)
