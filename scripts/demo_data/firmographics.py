"""Raw table firmographics."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from .constants import DAY, HOUR, NO_TIME, POWER
from .defects import _with_duplicates, _with_null_keys
from .duckdb_writer import _write_part
from .helpers import Config, Picker, _arrow_table, _categorical, _concat, _n_dirty, _rng, _take
from .population import Population
from .vocabulary import (
    COUNTRIES_ICP,
    COUNTRIES_OTHER,
    FUNDING_STAGES,
    INDUSTRIES_ICP,
    INDUSTRIES_OTHER,
    TECH_ICP,
    TECH_OTHER,
)


def _firmographic_rows(pop: Population, cfg: Config, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One enrichment per corporate domain; orgs with engaged teams mostly fit the ICP."""
    k = len(pop.org_domain)
    fit = rng.random(k) < np.where(pop.org_best_tier == POWER, 0.75, 0.45)
    employees = np.where(
        fit, np.exp(rng.uniform(np.log(50), np.log(5000), k)), np.exp(rng.uniform(np.log(10), np.log(20000), k))
    ).astype(np.int64)
    employees = np.where(rng.random(k) < 0.08, -1, employees)  # -1: unknown (null)
    industry = np.where(
        fit & (rng.random(k) < 0.85),
        np.array(INDUSTRIES_ICP, dtype=object)[rng.integers(0, len(INDUSTRIES_ICP), k)],
        np.array(INDUSTRIES_OTHER, dtype=object)[rng.integers(0, len(INDUSTRIES_OTHER), k)],
    )
    industry = np.where(rng.random(k) < 0.05, None, industry)
    country = np.where(
        rng.random(k) < np.where(fit, 0.9, 0.5),
        np.array(COUNTRIES_ICP, dtype=object)[_categorical(rng, [8, 2, 2, 2, 1, 1, 1], k)],
        np.array(COUNTRIES_OTHER, dtype=object)[rng.integers(0, len(COUNTRIES_OTHER), k)],
    )
    country = np.where(rng.random(k) < 0.04, None, country)
    stage = np.where(
        fit,
        _categorical(rng, [1, 3, 3, 2, 2, 0.5, 1], k),  # over FUNDING_STAGES + null
        _categorical(rng, [4, 2, 1, 0.5, 0.5, 1, 3], k),
    )
    funding = np.array(FUNDING_STAGES + [None], dtype=object)[stage]
    days_ago = np.where(rng.random(k) < 0.35, rng.uniform(5, 150, k), rng.uniform(151, 1200, k))
    enriched = np.minimum(pop.org_first_created + rng.integers(HOUR, 2 * DAY, k), cfg.end_s)
    funded = stage < len(FUNDING_STAGES) - 1  # a known private round (not public, not null)
    return {
        "domain": pop.org_domain.copy(),
        "company": pop.org_company.copy(),
        "employees": employees,
        "industry": industry,
        "country": country,
        "funding": funding,
        "funded_at": np.where(funded, _round_before(enriched, days_ago), NO_TIME),
        "tech": _tech_stacks(fit, rng),
        "roles": np.where(rng.random(k) < 0.1, -1, rng.poisson(np.where(employees > 500, 9, 2))),
        "ts": enriched,
    }


def _round_before(enriched: np.ndarray, days_before: np.ndarray) -> np.ndarray:
    """Midnight of the day a funding round closed, `days_before` the enrichment that
    reports it (an enrichment cannot know later rounds)."""
    at = enriched - (days_before * DAY).astype(np.int64)
    return at - at % DAY


def _tech_stacks(fit: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Comma-separated tech stacks of mixed case; ICP-fit orgs include an ICP tool."""
    k = len(fit)
    sep = np.array([", ", ",", " , "], dtype=object)[_categorical(rng, [6, 3, 1], k)]
    n_icp = np.where(fit, rng.integers(1, 3, k), (rng.random(k) < 0.3).astype(np.int64))
    n_other = rng.integers(1, 4, k)
    icp_order = np.argsort(rng.random((k, len(TECH_ICP))), axis=1)  # distinct tools per org
    other_order = np.argsort(rng.random((k, len(TECH_OTHER))), axis=1)
    stack = np.full(k, "", dtype=object)
    for j in range(2):  # up to 2 ICP tools, then up to 3 others
        stack = _append_listed(stack, np.array(TECH_ICP, dtype=object)[icp_order[:, j]], j < n_icp, sep)
    for j in range(3):
        stack = _append_listed(stack, np.array(TECH_OTHER, dtype=object)[other_order[:, j]], j < n_other, sep)
    return np.where(rng.random(k) < 0.06, None, stack)


def _append_listed(stack: np.ndarray, item: np.ndarray, include: np.ndarray, sep: np.ndarray) -> np.ndarray:
    """Append `item` to a separated list where `include` holds."""
    joined = np.where(stack == "", item, stack + sep + item)
    return np.where(include, joined, stack)


def write_firmographics(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """firmographics: one enrichment per corporate domain, 15% re-enriched later with
    changed values; planted null domain, duplicate and negative employee count."""
    rng = _rng(cfg, "firmographics")
    cols = _firmographic_rows(pop, cfg, rng)
    k = len(cols["domain"])
    again = np.flatnonzero(rng.random(k) < 0.15)
    again = np.concatenate([again, again[rng.random(len(again)) < 0.4]])
    later = _take(cols, again)
    m = len(again)
    later["ts"] = later["ts"] + rng.integers(20 * DAY, 150 * DAY, m) + rng.integers(0, 2, m) * 60 * DAY
    keep = later["ts"] <= cfg.end_s
    later = _take(later, np.flatnonzero(keep))
    m = len(later["ts"])
    grown = np.minimum(later["employees"] * rng.uniform(0.9, 1.4, m), 20_000).astype(np.int64)
    later["employees"] = np.where(later["employees"] > 0, grown, later["employees"])
    later["roles"] = np.where(rng.random(m) < 0.5, rng.poisson(6, m), later["roles"])
    new_round = rng.random(m) < 0.3
    next_stage = np.array(["series_b", "series_c", "growth"], dtype=object)[rng.integers(0, 3, m)]
    later["funding"] = np.where(new_round, next_stage, later["funding"])
    later["funded_at"] = np.where(new_round, _round_before(later["ts"], rng.uniform(5, 120, m)), later["funded_at"])
    cols = _concat([cols, later])

    n = len(cols["domain"])
    if n:
        picker = Picker(n, rng)
        cols["employees"][picker.pick(1, cols["employees"] > 0)] *= -1
        cols = _with_duplicates(cols, picker.pick(_n_dirty(n, 0.005)), "ts", rng, max_shift=0, end_s=cfg.end_s)
        cols = _with_null_keys(cols, picker.pick(_n_dirty(n, 0.003)), "domain", null=None)
    source = _arrow_table(
        cols,
        text=("domain", "company", "industry", "country", "funding", "tech"),
        times=("funded_at", "ts"),
        employees=pa.array(cols["employees"], mask=cols["employees"] == -1),
        roles=pa.array(cols["roles"], mask=cols["roles"] == -1),
    )
    exprs = {
        "domain": "domain",
        "company_name": "company",
        "employee_count": "employees",
        "industry": "industry",
        "country": "country",
        "funding_stage": "funding",
        "last_funding_at": "funded_at",
        "tech_stack": "tech",
        "open_engineering_roles": "roles",
        "enriched_at": "ts",
    }
    return _write_part(con, "firmographics", source, exprs, cfg.out)
