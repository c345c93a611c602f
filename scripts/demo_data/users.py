"""Raw tables users and accounts."""

from __future__ import annotations

import duckdb
import numpy as np

from .constants import DAY
from .defects import _email_variants, _malformed_emails, _with_duplicates, _with_null_keys
from .duckdb_writer import _write_part
from .helpers import Config, Picker, _arrow_table, _n_dirty, _rng
from .population import Population


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
    cols = _with_null_keys(cols, picker.pick(_n_dirty(n, 0.003)), "user")
    source = _arrow_table(cols, text=("email", "title"), times=("created", "deleted"))
    exprs = {
        "user_id": "uid(user)",
        "account_id": "aid(account)",
        "email": "email",
        "job_title": "title",
        "created_at": "created",
        "deleted_at": "deleted",
    }
    return _write_part(con, "users", source, exprs, cfg.out)


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
    cols = _with_null_keys(cols, picker.pick(_n_dirty(n, 0.003)), "account")
    source = _arrow_table(cols, text=("name",), times=("created",))
    exprs = {
        "account_id": "aid(account)",
        "account_name": "name",
        "created_at": "created",
        "created_by_user_id": "uid(creator)",
    }
    return _write_part(con, "accounts", source, exprs, cfg.out)
