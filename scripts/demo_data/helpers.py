"""Configuration and small helpers: the run Config, random streams, vectorized
categorical draws and segment arithmetic, Arrow conversions and the dirty-row Picker."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from tqdm import tqdm

from .constants import DAY, NO_TIME


@dataclass(frozen=True)
class Config:
    """What to generate: size, randomness, time window and destination."""

    users: int
    seed: int
    out: Path
    end_date: date
    days: int
    events: int | None = None

    @property
    def start_s(self) -> int:
        """Epoch seconds of the first history day, 00:00 UTC."""
        return _epoch(self.end_date) - self.days * DAY

    @property
    def end_s(self) -> int:
        """Epoch seconds of the end date's last second, 23:59:59 UTC."""
        return _epoch(self.end_date) + DAY - 1


def _epoch(day: date) -> int:
    """Epoch seconds of midnight UTC of `day`."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _rng(cfg: Config, stream: str, part: int = 0) -> np.random.Generator:
    """An independent reproducible random stream per (seed, purpose, part), so adding a
    table or changing one table's logic does not reshuffle the others."""
    return np.random.default_rng([cfg.seed, zlib.crc32(stream.encode()), part])


def _hash_unit(a: np.ndarray, b: np.ndarray, salt: int) -> np.ndarray:
    """A deterministic uniform [0, 1) per (a, b) pair (splitmix64 finalizer): the same
    account-day gets the same draw in every chunk, without a lookup table."""
    x = a.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    x ^= b.astype(np.uint64) + np.uint64((salt * 0xBF58476D1CE4E5B9) % 2**64)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(11)).astype(np.float64) / float(2**53)


def _categorical(rng: np.random.Generator, weights: Sequence[float] | np.ndarray, size: int) -> np.ndarray:
    """`size` draws of category indices with the given (unnormalized) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=size, p=p / p.sum())


def _categorical_rows(rng: np.random.Generator, table: np.ndarray, row: np.ndarray) -> np.ndarray:
    """One draw per element from the distribution `table[row[i]]` (rows sum to 1)."""
    cum = np.cumsum(table, axis=1)
    cum[:, -1] = 1.0
    u = rng.random(len(row))
    return (u[:, None] >= cum[row]).sum(axis=1)


def _segment_positions(counts: np.ndarray) -> np.ndarray:
    """0, 1, .. n-1 for each segment of `np.repeat(x, counts)`."""
    starts = np.cumsum(counts) - counts
    return np.arange(int(counts.sum())) - np.repeat(starts, counts)


def _segment_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Running sum of `values` restarted at every segment of `np.repeat(x, counts)`."""
    total = np.cumsum(values)
    before = np.concatenate([[0], total])[np.cumsum(counts) - counts]
    return total - np.repeat(before, counts)


def _concat(parts: Sequence[Mapping[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Concatenate column dicts that share keys."""
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _take(cols: Mapping[str, np.ndarray], idx: np.ndarray) -> dict[str, np.ndarray]:
    """The rows `idx` of a column dict (copies)."""
    return {k: v[idx] for k, v in cols.items()}


def _ts(seconds: np.ndarray) -> pa.Array:
    """Epoch seconds (NO_TIME = null) as an Arrow TIMESTAMP(us) column."""
    seconds = np.asarray(seconds, dtype=np.int64)
    return pa.array(seconds * 1_000_000, type=pa.timestamp("us"), mask=seconds == NO_TIME)


def _dict(codes: np.ndarray, labels: Sequence[str]) -> pa.Array:
    """Category codes (negative = null) as an Arrow dictionary column of `labels`."""
    codes = np.asarray(codes, dtype=np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(list(labels)))


def _str(values: np.ndarray) -> pa.Array:
    """An object array of str / None as an Arrow string column."""
    return pa.array(values, type=pa.string())


def _arrow_table(
    cols: Mapping[str, np.ndarray], text: Sequence[str] = (), times: Sequence[str] = (), **arrays: pa.Array
) -> pa.Table:
    """A column dict as an Arrow table: the `text` columns as strings, the `times` (epoch
    seconds) as timestamps, the ones given in `arrays` as given, the others as they are."""
    return pa.table(
        {
            k: arrays[k] if k in arrays else _str(v) if k in text else _ts(v) if k in times else v
            for k, v in cols.items()
        }
    )


class Picker:
    """Draws disjoint random row sets from a table, so each planted defect lands on its
    own clean row (a duplicate is never the copy of another defect)."""

    def __init__(self, n: int, rng: np.random.Generator) -> None:
        self.used = np.zeros(n, dtype=bool)
        self.rng = rng

    def pick(self, k: int, where: np.ndarray | None = None) -> np.ndarray:
        """Up to `k` unused row indices among rows where `where` holds."""
        ok = ~self.used if where is None else (where & ~self.used)
        candidates = np.flatnonzero(ok)
        chosen = self.rng.choice(candidates, size=min(k, len(candidates)), replace=False)
        self.used[chosen] = True
        return np.sort(chosen)


def _pick_from_groups(groups: Sequence[Sequence[str]], group: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each element, a uniformly chosen label of its group `groups[group[i]]`."""
    flat = np.array([label for g in groups for label in g], dtype=object)
    sizes = np.array([len(g) for g in groups])
    offsets = np.cumsum(sizes) - sizes
    return flat[offsets[group] + (rng.random(len(group)) * sizes[group]).astype(np.int64)]


def _n_dirty(n: int, rate: float, at_least: int = 1) -> int:
    """How many rows get a defect: `rate` of `n`, at least `at_least` (one per variant)."""
    return max(at_least, int(round(n * rate)))


def progress(items: Sequence[Any], desc: str, leave: bool = False) -> tqdm:
    """Iterate `items` with a progress bar on stderr (a terminal only): count done,
    elapsed time and an estimate of the rest. Never touches the data."""
    return tqdm(items, desc=desc, unit="part", file=sys.stderr, disable=None, leave=leave, dynamic_ncols=True)
