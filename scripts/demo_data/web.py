"""Raw table web_pageviews."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from .constants import DAY, EVENT_CHUNK_ROWS, HOUR, NO_TIME
from .duckdb_writer import _write_part
from .events import _chunks
from .helpers import (
    Config,
    Picker,
    _categorical,
    _categorical_rows,
    _concat,
    _dict,
    _n_dirty,
    _rng,
    _segment_cumsum,
    _segment_positions,
    _take,
    _ts,
    progress,
)
from .population import Population
from .vocabulary import (
    CH_DIRECT,
    CH_UTM,
    CHANNEL_WEIGHTS,
    EVAL,
    HOSTS,
    OTHER_QUERIES,
    PAGE_WEIGHTS,
    PAGES_PER_SESSION,
    PATH_INDEX,
    PATHS,
    POST,
    PRE,
    QUERY_LABELS,
    REFERRER_LABELS,
    REFERRER_OFFSET,
    REFERRERS,
    SIGNUP,
    SITE,
    STRANGER,
    UTM_POST_SIGNUP,
    UTM_QUERIES,
)


@dataclass
class Sessions:
    """Web sessions: whose cookie, which user (-1 anonymous), start, kind, arrival channel."""

    cookie: np.ndarray
    user: np.ndarray
    start: np.ndarray
    kind: np.ndarray
    channel: np.ndarray
    pages: np.ndarray


def _sessions(cookie: np.ndarray, user: np.ndarray, start: np.ndarray, kind: int, rng: np.random.Generator) -> Sessions:
    """Sessions of one kind with channel and page count drawn for the kind."""
    m = len(cookie)
    lo, hi = PAGES_PER_SESSION[kind]
    return Sessions(
        cookie=cookie.astype(np.int64),
        user=user.astype(np.int64),
        start=start.astype(np.int64),
        kind=np.full(m, kind, dtype=np.int8),
        channel=_categorical(rng, CHANNEL_WEIGHTS[kind], m).astype(np.int8),
        pages=rng.integers(lo, hi + 1, m),
    )


def _concat_sessions(parts: Sequence[Sessions]) -> Sessions:
    """Concatenate session groups."""
    return Sessions(**{f: np.concatenate([getattr(p, f) for p in parts]) for f in Sessions.__dataclass_fields__})


def _build_sessions(pop: Population, cfg: Config, rng: np.random.Generator) -> Sessions:
    """Every web session: anonymous visits before sign-up (the last one ends on /signup),
    logged-in docs visits, pricing/security evaluations by the buying team, a second
    device first seen anonymously, and visitors who never sign up."""
    n = pop.n_users
    users = np.arange(n)
    no_user = np.full(n, -1)
    created = pop.user_created

    n_pre = _categorical(rng, [0.3, 0.4, 0.2, 0.1], n)  # visits before the sign-up visit
    pre_user = np.repeat(users, n_pre)
    pre_start = created[pre_user] - HOUR - rng.exponential(6 * DAY, len(pre_user)).astype(np.int64)
    in_history = pre_start >= cfg.start_s
    pre_user, pre_start = pre_user[in_history], pre_start[in_history]
    pre = _sessions(pre_user, np.full(len(pre_user), -1), pre_start, PRE, rng)

    signup = _sessions(users, no_user, created, SIGNUP, rng)
    first_visit = n_pre == 0
    signup.channel = np.where(first_visit, _categorical(rng, CHANNEL_WEIGHTS[PRE], n), signup.channel)
    invited = pop.user_inviter >= 0
    signup.channel = np.where(invited & (rng.random(n) < 0.8), CH_DIRECT, signup.channel).astype(np.int8)
    signup.start = created - (signup.pages - 1) * 300 - 60 - rng.integers(0, 600, n)

    tier = pop.user_tier
    span_days = (pop.user_active_end - created) / DAY
    n_post = rng.poisson(np.array([0.03, 0.07, 0.09, 0.11])[tier] * (span_days + 10))
    post_user = np.repeat(users, n_post)
    window = np.minimum(pop.user_active_end[post_user] + 10 * DAY, cfg.end_s) - created[post_user] - HOUR
    post_start = created[post_user] + HOUR + (rng.random(len(post_user)) * np.maximum(window, 0)).astype(np.int64)
    cookie = post_user.copy()
    shared = (pop.user_rank[post_user] > 0) & (rng.random(len(post_user)) < 0.01)  # a colleague's browser
    cookie[shared] = pop.acc_first_user[pop.user_acc[post_user[shared]]]
    post = _sessions(cookie, post_user, post_start, POST, rng)

    eval_at = pop.acc_eval_at[pop.user_acc]
    evaluator = (eval_at != NO_TIME) & (created < eval_at + 6 * DAY)
    noise = (eval_at == NO_TIME) & (rng.random(n) < 0.04)
    n_eval = np.where(evaluator, 1 + (rng.random(n) < 0.3), noise.astype(np.int64))
    eval_user = np.repeat(users, n_eval)
    anytime = created[eval_user] + (rng.random(len(eval_user)) * (cfg.end_s - created[eval_user])).astype(np.int64)
    base = np.where(eval_at[eval_user] != NO_TIME, eval_at[eval_user], anytime)
    eval_start = np.maximum(base + (rng.random(len(eval_user)) * 6 * DAY).astype(np.int64), created[eval_user] + 600)
    evals = _sessions(eval_user, eval_user, eval_start, EVAL, rng)

    device2 = np.flatnonzero(pop.user_has_device2)
    first_seen = created[device2] + (rng.uniform(1, 20, len(device2)) * DAY).astype(np.int64)
    login = first_seen + (rng.uniform(0.2, 10, len(device2)) * DAY).astype(np.int64)
    d2_anon = _sessions(n + device2, np.full(len(device2), -1), first_seen, POST, rng)
    d2_login = _sessions(n + device2, device2, login, POST, rng)

    n_strangers = int(0.8 * n)
    visits = 1 + _categorical(rng, [0.6, 0.3, 0.1], n_strangers)
    stranger = 2 * n + np.repeat(np.arange(n_strangers), visits)
    s_start = cfg.start_s + (rng.random(len(stranger)) * (cfg.end_s - cfg.start_s - HOUR)).astype(np.int64)
    strangers = _sessions(stranger, np.full(len(stranger), -1), s_start, STRANGER, rng)

    sessions = _concat_sessions([pre, signup, post, evals, d2_anon, d2_login, strangers])
    keep = sessions.start + sessions.pages * 300 < cfg.end_s
    return Sessions(**{f: getattr(sessions, f)[keep] for f in Sessions.__dataclass_fields__})


def _page_table(kind: int) -> np.ndarray:
    """Probability over PATHS for pages of a session kind."""
    w = np.zeros(len(PATHS))
    for path, weight in PAGE_WEIGHTS[kind].items():
        w[PATH_INDEX[path]] = weight
    return w / w.sum()


def _pageviews(s: Sessions, cfg: Config, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Expand sessions into page views: paths by session kind, UTM query or external
    referrer on the landing page, the previous page as referrer after it."""
    pages = s.pages
    m = int(pages.sum())
    pos = _segment_positions(pages)
    first = pos == 0
    gaps = np.where(first, 0, rng.integers(5, 300, m))
    t = np.repeat(s.start, pages) + _segment_cumsum(gaps, pages)
    kind = np.repeat(s.kind, pages)
    table = np.stack([_page_table(k) for k in range(len(PAGE_WEIGHTS))])
    path = _categorical_rows(rng, table, kind)
    last = np.repeat(np.cumsum(pages) - 1, pages) == np.arange(m)
    path = np.where((kind == SIGNUP) & last, PATH_INDEX["/signup"], path)
    prev_path = np.concatenate([[0], path[:-1]])

    channel = np.repeat(s.channel, pages)
    utm = first & (channel == CH_UTM)
    post_signup_kind = (kind == POST) | (kind == EVAL)
    utm_pick = np.where(
        post_signup_kind,
        np.array(UTM_POST_SIGNUP)[rng.integers(0, len(UTM_POST_SIGNUP), m)],
        rng.integers(0, len(UTM_QUERIES), m),
    )
    other_query = first & ~utm & (rng.random(m) < 0.02)
    other_pick = len(UTM_QUERIES) + rng.integers(0, len(OTHER_QUERIES), m)
    query = np.where(utm, utm_pick, np.where(other_query, other_pick, -1))
    has_ref = first & (channel != CH_DIRECT) & (channel != CH_UTM)
    ref_offset = np.array([REFERRER_OFFSET.get(c, 0) for c in range(7)])
    ref_len = np.array([len(REFERRERS.get(c, [""])) for c in range(7)])
    referrer = np.where(has_ref, ref_offset[channel] + (rng.random(m) * ref_len[channel]).astype(np.int64), -1)
    return {
        "seq": np.zeros(m, dtype=np.int64),
        "cookie": np.repeat(s.cookie, pages),
        "user": np.repeat(s.user, pages),
        "occurred": np.minimum(t, cfg.end_s),
        "received": np.zeros(m, dtype=np.int64),
        "host": (rng.random(m) < 0.07).astype(np.int32),
        "path": path.astype(np.int32),
        "slash": (rng.random(m) < 0.06) & (path != PATH_INDEX["/"]),
        "query": query.astype(np.int32),
        "internal": ~first,
        "prev_path": prev_path.astype(np.int32),
        "referrer": referrer.astype(np.int32),
    }


PAGEVIEW_EXPRS = {
    "pageview_id": "hexid('pv_', seq, 77777777777)",
    "anonymous_id": "anon(cookie)",
    "user_id": 'uid("user")',
    "occurred_at": "occurred",
    "received_at": "received",
    "url": "host || path || case when slash then '/' else '' end || coalesce(query, '')",
    "referrer": f"case when internal then '{SITE}' || prev_path else referrer end",
}


def write_web_pageviews(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """web_pageviews, in parts of about EVENT_CHUNK_ROWS rows, with planted duplicates
    (later received_at) and null ids."""
    rng = _rng(cfg, "web_pageviews")
    sessions = _build_sessions(pop, cfg, rng)
    rows, next_seq = 0, 0
    for part, (a, b) in enumerate(progress(_chunks(sessions.pages, EVENT_CHUNK_ROWS), "web_pageviews parts")):
        chunk_rng = _rng(cfg, "web_pageviews", part + 1)
        pv = _pageviews(
            Sessions(**{f: getattr(sessions, f)[a:b] for f in Sessions.__dataclass_fields__}), cfg, chunk_rng
        )
        n = len(pv["seq"])
        pv["seq"] = next_seq + np.arange(n, dtype=np.int64)
        next_seq += n
        delay = chunk_rng.lognormal(np.log(0.8), 1.2, n) + np.where(chunk_rng.random(n) < 0.003, 3 * DAY, 0)
        pv["received"] = np.minimum(pv["occurred"] + delay.astype(np.int64), cfg.end_s)
        if n:
            picker = Picker(n, chunk_rng)
            pv["seq"][picker.pick(_n_dirty(n, 0.002))] = -1
            dups = picker.pick(_n_dirty(n, 0.006), pv["received"] < cfg.end_s - DAY)
            copy = _take(pv, dups)
            copy["received"] = copy["received"] + chunk_rng.integers(30, DAY, len(dups))
            pv = _concat([pv, copy])
        source = pa.table(
            {
                "seq": pv["seq"],
                "cookie": pv["cookie"],
                "user": pv["user"],
                "occurred": _ts(pv["occurred"]),
                "received": _ts(pv["received"]),
                "host": _dict(pv["host"], HOSTS),
                "path": _dict(pv["path"], PATHS),
                "slash": pv["slash"],
                "query": _dict(pv["query"], QUERY_LABELS),
                "internal": pv["internal"],
                "prev_path": _dict(pv["prev_path"], PATHS),
                "referrer": _dict(pv["referrer"], REFERRER_LABELS),
            }
        )
        rows += _write_part(con, "web_pageviews", source, PAGEVIEW_EXPRS, cfg.out, part)
    return rows
