"""Raw table product_events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from .constants import (
    DAY,
    EVENT_CHUNK_ROWS,
    EVENT_DUPLICATE_RATE,
    HOUR,
    NO_TIME,
    POWER,
    STEADY,
    UNKNOWN_ACCOUNT_BASE,
    UNKNOWN_USER_BASE,
)
from .duckdb_writer import _write_part
from .helpers import (
    Config,
    Picker,
    _categorical,
    _categorical_rows,
    _concat,
    _dict,
    _hash_unit,
    _n_dirty,
    _rng,
    _segment_cumsum,
    _str,
    _take,
    _ts,
    progress,
)
from .population import Population
from .vocabulary import (
    ACTIVITY_KINDS,
    ACTIVITY_MIX,
    API_CALL,
    API_LOG_MEAN,
    CAT_ENV,
    CAT_FEATURE,
    CAT_INTEGRATION,
    CAT_LABELS,
    CAT_LIMIT,
    CAT_STATUS,
    DEPLOYED,
    EVENT_NAMES,
    EXTRA_EVENTS_PER_DAY,
    FEATURE_VIEWED,
    FEATURE_WEIGHTS,
    FIRST_NAMES,
    INTEGRATION,
    INTEGRATIONS,
    INVITE_ACCEPTED,
    INVITE_SENT,
    NAME_LABELS,
    ODD_EVENT_NAMES,
    P_ACTIVE_DAY,
    PRODUCTION_SHARE,
    PROJECT_CREATED,
    PV_ARRAY,
    PV_BAD_COUNTS,
    PV_COUNT_FRACTION,
    PV_COUNT_MISSING,
    PV_COUNT_NEGATIVE,
    PV_COUNT_PADDED,
    PV_COUNT_PLUS,
    PV_COUNT_ZERO,
    PV_MALFORMED,
    PV_NULL,
    PV_STRING,
    RATE_LIMIT,
    SIGNED_UP,
    SPIKE_SHARE,
    UNKNOWN_EVENT_NAMES,
    UNKNOWN_KIND,
)


def _events(
    kind: np.ndarray,
    user: np.ndarray,
    t: np.ndarray,
    pop: Population,
    *,
    cookie: np.ndarray | None = None,
    pint: np.ndarray | None = None,
    pcat: np.ndarray | None = None,
    pstr: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Column dict of product events of `kind` by `user` at `t` (account from the user)."""
    m = len(user)
    return {
        "seq": np.zeros(m, dtype=np.int64),
        "name": kind.astype(np.int32),
        "kind": kind.astype(np.int8),
        "user": user.astype(np.int64),
        "cookie": np.full(m, -1, dtype=np.int64) if cookie is None else cookie.astype(np.int64),
        "account": pop.user_acc[user].astype(np.int64),
        "occurred": t.astype(np.int64),
        "received": t.astype(np.int64),
        "pv": np.zeros(m, dtype=np.int8),
        "pint": np.zeros(m, dtype=np.int64) if pint is None else pint.astype(np.int64),
        "pcat": np.full(m, -1, dtype=np.int32) if pcat is None else pcat.astype(np.int32),
        "pfloat": np.zeros(m, dtype=np.float64),
        "pstr": np.full(m, None, dtype=object) if pstr is None else pstr,
    }


def _structural_events(pop: Population, cfg: Config, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Once-per-user events: signed_up, the first project and deploy of activating users,
    invites sent and accepted, integrations, plus unaccepted invites."""
    n = pop.n_users
    users = np.arange(n)
    tier = pop.user_tier
    parts = [_events(np.full(n, SIGNED_UP), users, pop.user_created, pop, cookie=users)]

    activator = pop.user_first_deploy != NO_TIME
    builder = activator | (rng.random(n) < 0.3)
    span = np.where(activator, pop.user_first_deploy - pop.user_created, HOUR)
    t_project = pop.user_created + 30 + (rng.random(n) * np.maximum(span - 60, 1)).astype(np.int64)
    sel = np.flatnonzero(builder & (t_project <= cfg.end_s))
    parts.append(_events(np.full(len(sel), PROJECT_CREATED), sel, t_project[sel], pop))

    sel = np.flatnonzero(activator)
    env = np.where(rng.random(len(sel)) < PRODUCTION_SHARE[tier[sel]] * 0.6, 1, 0)
    parts.append(_events(np.full(len(sel), DEPLOYED), sel, pop.user_first_deploy[sel], pop, pcat=CAT_ENV + env))

    member = np.flatnonzero(pop.user_inviter >= 0)
    inviter = pop.user_inviter[member]
    t_sent = pop.user_created[member] - (rng.exponential(20 * HOUR, len(member))).astype(np.int64)
    t_sent = np.maximum(t_sent, pop.user_created[inviter] + 60)
    t_sent = np.minimum(t_sent, pop.user_created[member] - 1)
    parts.append(_events(np.full(len(member), INVITE_SENT), inviter, t_sent, pop, pstr=pop.user_email[member]))
    t_acc = pop.user_created[member] + rng.integers(1, 30, len(member))
    parts.append(
        _events(np.full(len(member), INVITE_ACCEPTED), member, np.minimum(t_acc, cfg.end_s), pop, pint=inviter)
    )

    hosts = np.flatnonzero((tier >= STEADY) & (rng.random(n) < 0.15))
    t_open = pop.user_created[hosts] + (rng.random(len(hosts)) * (pop.user_active_end[hosts] - pop.user_created[hosts]))
    strangers = (
        FIRST_NAMES[rng.integers(0, len(FIRST_NAMES), len(hosts))]
        + "."
        + np.arange(len(hosts)).astype(str).astype(object)
        + "@example-team.com"
    )
    parts.append(_events(np.full(len(hosts), INVITE_SENT), hosts, t_open.astype(np.int64), pop, pstr=strangers))

    integrators = np.flatnonzero((tier >= STEADY) & (rng.random(n) < np.where(pop.user_rank == 0, 0.8, 0.35)))
    t_int = pop.user_created[integrators] + (
        rng.random(len(integrators)) * (pop.user_active_end[integrators] - pop.user_created[integrators])
    )
    parts.append(
        _events(
            np.full(len(integrators), INTEGRATION),
            integrators,
            t_int.astype(np.int64),
            pop,
            pcat=CAT_INTEGRATION + rng.integers(0, len(INTEGRATIONS), len(integrators)),
        )
    )
    return _concat(parts)


@dataclass
class UserDays:
    """One row per user session day: who, when the session starts, how many events."""

    user: np.ndarray
    start: np.ndarray
    n_events: np.ndarray


def _user_days(pop: Population, cfg: Config, rng: np.random.Generator) -> UserDays:
    """Session days of each user within their active life (fewer on weekends), and the
    number of events per session scaled so the total hits `--events` when given."""
    tier = pop.user_tier
    span = (pop.user_active_end - pop.user_created).astype(np.float64)
    p_day = np.clip(P_ACTIVE_DAY[tier] * pop.user_intensity, 0.02, 0.95)
    candidates = rng.binomial(np.ceil(span / DAY).astype(np.int64), p_day)
    user = np.repeat(np.arange(pop.n_users), candidates)
    start = pop.user_created[user] + (rng.random(len(user)) * span[user]).astype(np.int64)
    weekday = ((start // DAY) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    keep = (weekday < 5) | (rng.random(len(user)) < 0.35)
    user, start = user[keep], start[keep]
    rate = EXTRA_EVENTS_PER_DAY[tier[user]] * pop.user_intensity[user]
    scale = _event_scale(cfg, pop, rate)
    n_events = 1 + rng.poisson(rate * scale)
    return UserDays(user=user, start=start, n_events=n_events)


def _event_scale(cfg: Config, pop: Population, rate: np.ndarray) -> float:
    """Factor on the per-session event rate so the expected total product events equal
    `--events` (1.0 without it). Structural events are about 3 per user."""
    if cfg.events is None:
        return 1.0
    structural = 3.05 * pop.n_users
    wanted_extra = cfg.events / (1 + EVENT_DUPLICATE_RATE) - structural - len(rate)
    return max(0.0, wanted_extra / max(rate.sum(), 1.0))


def _activity_events(days: UserDays, pop: Population, cfg: Config, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Expand session days into api calls, deploys, feature views, projects, integrations
    and rate-limit hits, with bursty API use of engaged accounts."""
    user = np.repeat(days.user, days.n_events)
    m = len(user)
    gaps = rng.exponential(6 * 60, m)
    gaps[np.cumsum(days.n_events) - days.n_events] = 0
    t = np.repeat(days.start, days.n_events) + _segment_cumsum(gaps, days.n_events).astype(np.int64)
    t = np.where(t > cfg.end_s, cfg.end_s - (rng.random(m) * 600).astype(np.int64), t)
    t = np.maximum(t, pop.user_created[user] + 1)
    tier = pop.user_tier[user]
    kind = ACTIVITY_KINDS[_categorical_rows(rng, ACTIVITY_MIX, tier)]
    # no deploy before a user's first value; paying accounts are not rate limited
    first_deploy = pop.user_first_deploy[user]
    kind = np.where((kind == DEPLOYED) & ((first_deploy == NO_TIME) | (t < first_deploy)), API_CALL, kind)
    pays_at = pop.acc_pays_at[pop.user_acc[user]]
    kind = np.where((kind == RATE_LIMIT) & (pays_at != NO_TIME) & (t >= pays_at), API_CALL, kind)
    ev = _events(kind, user, t, pop)

    api = kind == API_CALL
    count = np.ceil(rng.lognormal(API_LOG_MEAN[tier], 0.9)).astype(np.int64)
    spike = _hash_unit(ev["account"], t // DAY, cfg.seed) < SPIKE_SHARE[tier]
    count = np.where(spike, (count * rng.uniform(3.5, 8.0, m)).astype(np.int64), count)
    ev["pint"] = np.where(api, count, ev["pint"])
    ev["pcat"] = np.where(api, CAT_STATUS + (rng.random(m) < 0.04), ev["pcat"])
    ev["pfloat"] = np.where(api, count * rng.uniform(0.02, 0.4, m), 0.0)

    deploy = kind == DEPLOYED
    production = rng.random(m) < PRODUCTION_SHARE[tier]
    env = np.where(production, np.where(rng.random(m) < 0.02, 2, 1), 0)
    ev["pcat"] = np.where(deploy, CAT_ENV + env, ev["pcat"])
    enterprise = tier == POWER
    feature = np.where(
        enterprise,
        _categorical(rng, FEATURE_WEIGHTS["enterprise"], m),
        _categorical(rng, FEATURE_WEIGHTS["default"], m),
    )
    ev["pcat"] = np.where(kind == FEATURE_VIEWED, CAT_FEATURE + feature, ev["pcat"])
    ev["pcat"] = np.where(kind == INTEGRATION, CAT_INTEGRATION + rng.integers(0, len(INTEGRATIONS), m), ev["pcat"])
    ev["pcat"] = np.where(kind == RATE_LIMIT, CAT_LIMIT + _categorical(rng, [0.8, 0.1, 0.1], m), ev["pcat"])
    ev["cookie"] = np.where(rng.random(m) < 0.2, user, -1)
    logged_out = rng.random(m) < 0.003  # CLI before login: only the cookie identifies the user
    ev["cookie"] = np.where(logged_out, user, ev["cookie"])
    ev["user"] = np.where(logged_out, -1, ev["user"])
    ev["account"] = np.where(logged_out, -1, ev["account"])
    return ev


def _delivery_times(ev: dict[str, np.ndarray], cfg: Config, rng: np.random.Generator) -> None:
    """Server receive time: seconds to minutes after the client time, a few late by days
    or weeks; never after the end date."""
    m = len(ev["occurred"])
    delay = rng.lognormal(np.log(2.0), 1.3, m)
    late = rng.random(m) < 0.004
    delay = np.where(late, rng.uniform(HOUR, 21 * DAY, m), delay)
    ev["received"] = np.minimum(ev["occurred"] + delay.astype(np.int64), cfg.end_s)


def _plant_event_defects(
    ev: dict[str, np.ndarray], cfg: Config, rng: np.random.Generator, unknown_refs: bool
) -> dict[str, np.ndarray]:
    """Plant the product-event defects of contract §2 and 10 on disjoint rows and append
    re-delivered duplicates (same event_id, later received_at)."""
    n = len(ev["seq"])
    picker = Picker(n, rng)
    api = ev["kind"] == API_CALL
    settled = ev["received"] < cfg.end_s - 3 * DAY
    n_api = int(api.sum())

    ev["seq"][picker.pick(_n_dirty(n, 0.002))] = -1
    ev["name"][picker.pick(_n_dirty(n, 0.002))] = -1
    for variant in (PV_MALFORMED, PV_ARRAY, PV_STRING):
        ev["pv"][picker.pick(_n_dirty(n, 0.001))] = variant
    ev["pv"][picker.pick(_n_dirty(n, 0.001), ev["kind"] != API_CALL)] = PV_NULL  # read as {}: valid
    unknown = picker.pick(_n_dirty(n, 0.003))
    ev["name"][unknown] = (
        len(EVENT_NAMES) + sum(map(len, ODD_EVENT_NAMES.values())) + (unknown % len(UNKNOWN_EVENT_NAMES))
    )
    ev["kind"][unknown] = UNKNOWN_KIND
    _plant_odd_names(ev, picker)
    for variant in PV_BAD_COUNTS:
        ev["pv"][picker.pick(_n_dirty(n_api, 0.001), api)] = variant

    skewed = picker.pick(_n_dirty(n, 0.003), settled)
    ev["occurred"][skewed] = ev["received"][skewed] + rng.integers(301, 6 * HOUR, len(skewed))
    exact = picker.pick(_n_dirty(n, 0.0005), settled)
    ev["occurred"][exact] = ev["received"][exact] + 300
    future = picker.pick(_n_dirty(n, 0.0002))
    ev["occurred"][future] = cfg.end_s + rng.integers(HOUR, 120 * DAY, len(future))
    if unknown_refs:
        strays = picker.pick(_n_dirty(n, 0.002), ev["user"] >= 0)
        ev["user"][strays] = UNKNOWN_USER_BASE + np.arange(len(strays))
        half = strays[: (len(strays) + 1) // 2]
        ev["account"][half] = UNKNOWN_ACCOUNT_BASE + np.arange(len(half))

    dups = picker.pick(_n_dirty(n, EVENT_DUPLICATE_RATE), settled)
    copy = _take(ev, dups)
    copy["received"] = np.minimum(copy["received"] + rng.integers(60, 2 * DAY, len(dups)), cfg.end_s)
    return _concat([ev, copy])


def _plant_odd_names(ev: dict[str, np.ndarray], picker: Picker) -> None:
    """Event names with odd case / whitespace ('Deployed '), valid after trim + lower."""
    offset = len(EVENT_NAMES)
    for kind, variants in ODD_EVENT_NAMES.items():
        of_kind = ev["kind"] == kind
        rows = picker.pick(_n_dirty(int(of_kind.sum()), 0.004), of_kind)
        ev["name"][rows] = offset + (rows % len(variants))
        offset += len(variants)


EVENT_PROPERTIES_SQL = f"""
case
  when pv = {PV_MALFORMED} then '{{"environment": "production", "count": 3'
  when pv = {PV_ARRAY} then '["deployed", "production"]'
  when pv = {PV_STRING} then '"production"'
  when pv = {PV_NULL} then null
  when kind = {SIGNED_UP} then '{{"plan": "free"}}'
  when kind = {PROJECT_CREATED} then '{{"project_id": "' || hexid('prj_', seq, 5555555555) || '"}}'
  when kind = {API_CALL} then '{{'
    || case pv
         when {PV_COUNT_MISSING} then ''
         when {PV_COUNT_ZERO} then '"count": 0, '
         when {PV_COUNT_NEGATIVE} then '"count": -' || pint || ', '
         when {PV_COUNT_FRACTION} then '"count": ' || pint || '.0, '
         when {PV_COUNT_PADDED} then '"count": " ' || pint || ' ", '
         when {PV_COUNT_PLUS} then '"count": "+' || pint || '", '
         else '"count": ' || pint || ', '
       end
    || '"status": "' || pcat || '", "compute_units": ' || round(pfloat, 3)::varchar || '}}'
  when kind = {DEPLOYED} then '{{"environment": "' || pcat || '"}}'
  when kind = {INTEGRATION} then '{{"integration": "' || pcat || '"}}'
  when kind = {INVITE_SENT} then '{{"invitee_email": "' || pstr || '"}}'
  when kind = {INVITE_ACCEPTED} then '{{"inviter_user_id": "' || uid(pint) || '"}}'
  when kind = {RATE_LIMIT} then '{{"limit": "' || pcat || '"}}'
  when kind = {FEATURE_VIEWED} then '{{"feature": "' || pcat || '"}}'
  else '{{"depth_percent": ' || (pint % 100) || '}}'
end"""

EVENT_EXPRS = {
    "event_id": "hexid('evt_', seq, 0)",
    "event_name": "name",
    "user_id": 'uid("user")',
    "anonymous_id": "anon(cookie)",
    "account_id": "aid(account)",
    "occurred_at": "occurred",
    "received_at": "received",
    "properties": EVENT_PROPERTIES_SQL,
}


def _events_arrow(ev: Mapping[str, np.ndarray]) -> pa.Table:
    """Arrow view of an event column dict, ready for EVENT_EXPRS."""
    return pa.table(
        {
            "seq": ev["seq"],
            "name": _dict(ev["name"], NAME_LABELS),
            "kind": ev["kind"],
            "user": ev["user"],
            "cookie": ev["cookie"],
            "account": ev["account"],
            "occurred": _ts(ev["occurred"]),
            "received": _ts(ev["received"]),
            "pv": ev["pv"],
            "pint": ev["pint"],
            "pcat": _dict(ev["pcat"], CAT_LABELS),
            "pfloat": ev["pfloat"],
            "pstr": _str(ev["pstr"]),
        }
    )


def _chunks(weights: np.ndarray, rows_per_chunk: int) -> list[tuple[int, int]]:
    """Split consecutive items into (start, stop) ranges of about `rows_per_chunk` output rows."""
    total = np.cumsum(weights)
    bounds = [0]
    target = rows_per_chunk
    while total.size and target < total[-1]:
        cut = int(np.searchsorted(total, target)) + 1
        if cut > bounds[-1]:
            bounds.append(cut)
        target = (total[cut - 1] if cut else 0) + rows_per_chunk
    bounds.append(len(weights))
    return [(a, b) for a, b in zip(bounds[:-1], bounds[1:]) if b > a] or [(0, 0)]


def write_product_events(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """product_events: structural events in part 000, activity in further parts of about
    EVENT_CHUNK_ROWS rows each; event ids are unique across parts."""
    rng = _rng(cfg, "product_events")
    structural = _structural_events(pop, cfg, rng)
    days = _user_days(pop, cfg, rng)
    ranges = _chunks(days.n_events, EVENT_CHUNK_ROWS)
    rows, next_seq = 0, 0
    for part in progress(range(len(ranges) + 1), "product_events parts"):
        chunk_rng = _rng(cfg, "product_events", part + 1)
        if part == 0:
            ev = structural
        else:
            a, b = ranges[part - 1]
            ev = _activity_events(UserDays(days.user[a:b], days.start[a:b], days.n_events[a:b]), pop, cfg, chunk_rng)
        ev["seq"] = next_seq + np.arange(len(ev["seq"]), dtype=np.int64)
        next_seq += len(ev["seq"])
        _delivery_times(ev, cfg, chunk_rng)
        if len(ev["seq"]):
            ev = _plant_event_defects(ev, cfg, chunk_rng, unknown_refs=part == 0)
        rows += _write_part(con, "product_events", _events_arrow(ev), EVENT_EXPRS, cfg.out, part)
    return rows
