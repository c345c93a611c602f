"""Dirty rows the raw writers share: email variants and malformed emails, re-delivered
duplicates and rows without their key (contract sections 2 and 10)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .helpers import _concat, _take


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


def _with_null_keys(cols: Mapping[str, np.ndarray], idx: np.ndarray, key: str, null: Any = -1) -> dict[str, np.ndarray]:
    """Append copies of rows `idx` whose key column `key` is `null` (-1 for integer ids,
    None for text keys): rows the source system delivered without their id."""
    nulls = _take(cols, idx)
    nulls[key][:] = null
    return _concat([cols, nulls])
