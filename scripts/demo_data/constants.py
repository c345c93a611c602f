"""Size defaults, time units, id ranges and account engagement tiers."""

from __future__ import annotations

import numpy as np

DAY = 86_400
HOUR = 3_600
NO_TIME = -1  # sentinel for a null timestamp in the int64 epoch-second arrays
NEVER = np.iinfo(np.int64).max // 4  # "no end" before clipping to the end date

DEFAULT_USERS = 3000
DEFAULT_DAYS = 730  # about 24 months of sign-ups, so 12-month retention has a year of months
EVENTS_PER_USER = 305  # calibrated average of the default story; --events alone derives --users from it
# USD per seat and month; enterprise seats cost more, so some organizations reach the
# procurement thresholds of contract §11 ($10K+ a year from about 11 enterprise seats)
ENTERPRISE_SEAT_PRICE = 80.0
EVENT_CHUNK_ROWS = 3_000_000  # product events / page views per Parquet file
EVENT_DUPLICATE_RATE = 0.008  # re-delivered product events
# planted references to unknown users / accounts use ids at or above these; uid() and aid()
# pad to 7 digits, so every real and planted id stays below 10^7 and ids never collide
UNKNOWN_USER_BASE = 8_000_000
UNKNOWN_ACCOUNT_BASE = 9_000_000
MAX_USERS = UNKNOWN_USER_BASE - 1

# account engagement tiers: never activates / short trial / steady use / engaged team
DORMANT, TRIAL, STEADY, POWER = 0, 1, 2, 3
