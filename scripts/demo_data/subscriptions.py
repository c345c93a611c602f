"""Raw table subscription_changes (revenue)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np

from .constants import DAY, ENTERPRISE_SEAT_PRICE, HOUR, NO_TIME, POWER
from .duckdb_writer import _write_part
from .helpers import Config, _arrow_table, _concat, _n_dirty, _rng, _take
from .population import Population


@dataclass
class Change:
    """One subscription change before ids are assigned."""

    subscription: int
    account: int
    at: int
    plan: str
    status: str
    seats: int
    mrr: float


def _subscription_life(
    account: int,
    subscription: int,
    start: int,
    seats: int,
    plan: str,
    cfg: Config,
    rng: np.random.Generator,
    trial: bool,
) -> list[Change]:
    """The changes of one subscription from its first paid day: optional $0 trial first,
    then expansions, contractions, past-due spells, an upgrade, a cancellation."""
    price = ENTERPRISE_SEAT_PRICE if plan == "enterprise" else float(rng.choice([15.0, 20.0]))
    changes = []
    if trial:
        changes.append(Change(subscription, account, max(start - 14 * DAY, 0), plan, "active", seats, 0.0))
    status = "active"
    changes.append(Change(subscription, account, start, plan, status, seats, seats * price))
    t = start
    while True:
        t += int(rng.uniform(20, 60) * DAY)
        if t > cfg.end_s:
            return changes
        r = rng.random()
        if r < 0.30:
            seats += int(rng.integers(1, 5))
        elif r < 0.40 and seats > 1:
            seats -= int(rng.integers(1, min(seats, 3)))
        elif r < 0.48:
            changes.append(Change(subscription, account, t, plan, "past_due", seats, seats * price))
            t += int(rng.uniform(5, 20) * DAY)
            if t > cfg.end_s:
                return changes
            if rng.random() < 0.4:
                changes.append(Change(subscription, account, t, plan, "canceled", 0, 0.0))
                return changes
        elif r < 0.55:
            changes.append(Change(subscription, account, t, plan, "canceled", 0, 0.0))
            return changes
        elif r < 0.58 and plan == "team":
            plan, price = "enterprise", ENTERPRISE_SEAT_PRICE
            seats = max(seats, 10)
        else:
            continue
        changes.append(Change(subscription, account, t, plan, "active", seats, seats * price))


def _account_subscriptions(pop: Population, cfg: Config, rng: np.random.Generator) -> list[Change]:
    """All subscription changes: one life per paying account, some come back after a
    cancellation (new or same subscription), a few run a second subscription."""
    changes: list[Change] = []
    next_sub = 0
    pays_at = pop.acc_pays_at[pop.user_acc]
    joined = (pays_at != NO_TIME) & (pop.user_created <= pays_at)
    members_at_pay = np.bincount(pop.user_acc[joined], minlength=pop.n_accounts)
    for account in np.flatnonzero(pop.acc_pays_at != NO_TIME):  # paying accounts only: a few percent
        start = int(pop.acc_pays_at[account])
        members = max(1, int(members_at_pay[account]))
        tier = int(pop.acc_tier[account])
        plan = "enterprise" if tier == POWER and rng.random() < 0.15 else "team"
        seats = max(10 if plan == "enterprise" else 1, members + int(rng.integers(0, 3)))
        life = _subscription_life(int(account), next_sub, start, seats, plan, cfg, rng, trial=rng.random() < 0.25)
        next_sub += 1
        changes += life
        if life[-1].status == "canceled" and rng.random() < 0.35:
            back = life[-1].at + int(rng.uniform(20, 90) * DAY)
            if back < cfg.end_s:
                same = rng.random() < 0.5
                sub = life[-1].subscription if same else next_sub
                next_sub += 0 if same else 1
                changes += _subscription_life(int(account), sub, back, max(1, members), "team", cfg, rng, False)
        if rng.random() < 0.06:
            second = start + int(rng.uniform(10, 60) * DAY)
            if second < cfg.end_s:
                changes += _subscription_life(
                    int(account), next_sub, second, int(rng.integers(2, 6)), "team", cfg, rng, False
                )
                next_sub += 1
    return sorted(changes, key=lambda c: (c.at, c.subscription))


def write_subscription_changes(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """subscription_changes with planted defects as extra rows (null id, duplicates of which
    one has different content, negative seats, negative MRR, unknown status)."""
    rng = _rng(cfg, "subscription_changes")
    changes = _account_subscriptions(pop, cfg, rng)
    n = len(changes)
    cols = {
        "change": np.arange(n, dtype=np.int64),
        "subscription": np.array([c.subscription for c in changes], dtype=np.int64),
        "account": np.array([c.account for c in changes], dtype=np.int64),
        "ts": np.array([c.at for c in changes], dtype=np.int64),
        "plan": np.array([c.plan for c in changes], dtype=object),
        "status": np.array([c.status for c in changes], dtype=object),
        "seats": np.array([c.seats for c in changes], dtype=np.int64),
        "mrr": np.array([c.mrr for c in changes], dtype=np.float64),
    }
    if n:
        cols = _plant_subscription_defects(cols, cfg, rng)
    source = _arrow_table(cols, text=("plan", "status"), times=("ts",))
    exprs = {
        "change_id": "seqid('chg_', change)",
        "subscription_id": "seqid('sub_', subscription)",
        "account_id": "aid(account)",
        "changed_at": "ts",
        "plan": "plan",
        "status": "status",
        "seats": "seats",
        "mrr_usd": "round(mrr, 2)",
    }
    return _write_part(con, "subscription_changes", source, exprs, cfg.out)


def _plant_subscription_defects(
    cols: dict[str, np.ndarray], cfg: Config, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Extra subscription rows, so the revenue story itself stays intact."""
    n = len(cols["change"])
    k = _n_dirty(n, 0.005)
    next_id = n

    def extra(mutate: Callable[[dict[str, np.ndarray]], None], fresh_ids: bool = True) -> dict[str, np.ndarray]:
        nonlocal next_id
        rows = _take(cols, rng.choice(n, size=k, replace=n < k))
        if fresh_ids:
            rows["change"] = next_id + np.arange(k)
            next_id += k
        rows["ts"] = np.minimum(rows["ts"] + rng.integers(HOUR, 5 * DAY, k), cfg.end_s)
        mutate(rows)
        return rows

    def negative_seats(r: dict[str, np.ndarray]) -> None:
        r["seats"] = -np.maximum(r["seats"], 1)

    def negative_mrr(r: dict[str, np.ndarray]) -> None:
        r["mrr"] = -np.maximum(r["mrr"], 15.0)

    def paused(r: dict[str, np.ndarray]) -> None:
        r["status"][:] = "paused"

    def null_id(r: dict[str, np.ndarray]) -> None:
        r["change"][:] = -1

    def changed_content(r: dict[str, np.ndarray]) -> None:  # same change_id, later and different
        r["seats"] = r["seats"] + 3
        r["mrr"] = r["mrr"] + 45.0

    identical = _take(cols, rng.choice(n, size=k, replace=n < k))
    return _concat(
        [
            cols,
            extra(negative_seats),
            extra(negative_mrr),
            extra(paused),
            extra(null_id),
            extra(changed_content, fresh_ids=False),
            identical,
        ]
    )
