"""Raw tables users and accounts."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from .constants import DAY
from .duckdb_writer import _write_part
from .helpers import Config, Picker, _concat, _n_dirty, _rng, _str, _take, _ts
from .population import Population


def _email_variants(emails: np.ndarray, rng: np.random.Generator, rate: float) -> np.ndarray:
    """Some emails with capitals and surrounding spaces (still valid after trim + lower)."""
    out = emails.copy()
    chosen = np.flatnonzero(rng.random(len(emails)) < rate)
    for i in chosen:
        e = str(emails[i])
        out[i] = [f" {e.title()}", f"{e.upper()} ", f"  {e.capitalize()}"][i % 3]
    return out


def _malformed_emails(emails: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Break emails at `idx` in the three ways contract §10 names: no '@', two '@', no dotted domain."""
    out = emails.copy()
    for j, i in enumerate(idx):
        local, _, domain = str(emails[i]).partition("@")
        out[i] = [f"{local}.{domain}", f"{local}@{local}@{domain}", f"{local}@{domain.split('.')[0]}"][j % 3]
    return out


def write_users(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """users: one row per user, plus planted null ids, duplicates and malformed emails."""
    rng = _rng(cfg, "users")
    n = pop.n_users
    cols = {
        "user": np.arange(n, dtype=np.int64),
        "account": pop.user_acc.astype(np.int64),
        "email": _email_variants(pop.user_email, rng, 0.03),
        "title": pop.user_title,
        "created": pop.user_created,
        "deleted": pop.user_deleted,
    }
    picker = Picker(n, rng)
    cols["email"] = _malformed_emails(cols["email"], picker.pick(_n_dirty(n, 0.006, at_least=3)))
    cols = _with_duplicates(cols, picker.pick(_n_dirty(n, 0.005)), "created", rng, max_shift=2 * DAY, end_s=cfg.end_s)
    nulls = _take(cols, picker.pick(_n_dirty(n, 0.003)))
    nulls["user"][:] = -1
    cols = _concat([cols, nulls])
    source = pa.table(
        {
            "user": cols["user"],
            "account": cols["account"],
            "email": _str(cols["email"]),
            "title": _str(cols["title"]),
            "created": _ts(cols["created"]),
            "deleted": _ts(cols["deleted"]),
        }
    )
    exprs = {
        "user_id": "uid(user)",
        "account_id": "aid(account)",
        "email": "email",
        "job_title": "title",
        "created_at": "created",
        "deleted_at": "deleted",
    }
    return _write_part(con, "users", source, exprs, cfg.out)


def _with_duplicates(
    cols: dict[str, np.ndarray], idx: np.ndarray, time_col: str, rng: np.random.Generator, max_shift: int, end_s: int
) -> dict[str, np.ndarray]:
    """Append copies of rows `idx`: half identical, half with a later own timestamp
    (never past the end date; all identical when `max_shift` is 0, as for a key that
    includes the timestamp), as a re-delivery from the source system would be."""
    dup = _take(cols, idx)
    later = (rng.random(len(idx)) < 0.5) & (max_shift > 0)
    shifted = dup[time_col] + (rng.random(len(idx)) * max_shift).astype(np.int64) + 1
    dup[time_col] = np.where(later & (shifted <= end_s), shifted, dup[time_col])
    return _concat([cols, dup])


def write_accounts(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """accounts: one row per workspace, plus planted null ids and duplicates."""
    rng = _rng(cfg, "accounts")
    n = pop.n_accounts
    cols = {
        "account": np.arange(n, dtype=np.int64),
        "name": pop.acc_name,
        "created": pop.acc_created,
        "creator": pop.acc_first_user.astype(np.int64),
    }
    picker = Picker(n, rng)
    cols = _with_duplicates(cols, picker.pick(_n_dirty(n, 0.005)), "created", rng, max_shift=DAY, end_s=cfg.end_s)
    nulls = _take(cols, picker.pick(_n_dirty(n, 0.003)))
    nulls["account"][:] = -1
    cols = _concat([cols, nulls])
    source = pa.table(
        {
            "account": cols["account"],
            "name": _str(cols["name"]),
            "created": _ts(cols["created"]),
            "creator": cols["creator"],
        }
    )
    exprs = {
        "account_id": "aid(account)",
        "account_name": "name",
        "created_at": "created",
        "created_by_user_id": "uid(creator)",
    }
    return _write_part(con, "accounts", source, exprs, cfg.out)
