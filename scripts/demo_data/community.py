"""Raw table community_activity."""

from __future__ import annotations

import duckdb
import numpy as np

from .constants import DAY, HOUR, NO_TIME, STEADY
from .defects import _email_variants, _malformed_emails, _with_duplicates, _with_null_keys
from .duckdb_writer import _write_part
from .helpers import Config, Picker, _arrow_table, _categorical, _n_dirty, _pick_from_groups, _rng
from .population import Population
from .vocabulary import BODY_GROUPS, BODY_WEIGHTS, DECISION_TIMELINES, FIRST_NAMES, LAST_NAMES, PLATFORMS, PR_TITLES


def _community_bodies(activity: np.ndarray, engaged: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Message text per activity: questions, timelines, enterprise asks, competitor
    mentions, mixtures and negatives; PR titles; null for stars and forks."""
    m = len(activity)
    group = np.where(
        engaged, _categorical(rng, BODY_WEIGHTS["engaged"], m), _categorical(rng, BODY_WEIGHTS["default"], m)
    )
    bodies = _pick_from_groups(BODY_GROUPS, group, rng)
    pr_title = np.array(PR_TITLES, dtype=object)[rng.integers(0, len(PR_TITLES), m)]
    bodies = np.where(activity == "pr_opened", pr_title, bodies)
    return np.where(np.isin(activity, ["star", "fork"]), None, bodies)


BUYING_TIMELINE_SHARE = 0.45  # paying accounts whose champion announces a buying timeline
BUYING_TIMELINE_DAYS = (7, 35)  # ... this many days before the first payment


def _buying_timeline_posts(pop: Population, cfg: Config) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Planted signal -> conversion relation for the learned scoring (one of three, see
    below): in BUYING_TIMELINE_SHARE of the accounts that will pay, the first user posts a
    decision-timeline message ("we need to decide by end of quarter") 7-35 days before the
    first payment, so `decision_timeline` precedes conversion. Returns (user, time, body);
    own random stream, so the other community rows do not move.

    The relations planted in the demo, all "a buyer's behaviour before paying":
    - web: the people of a paying account read /pricing, /security, /enterprise and
      /contact in the 3-25 days before paying (evaluation sessions, `_buying_times`);
    - community: this decision-timeline post;
    - noise: technical questions come from every kind of member at any time
      (`BODY_WEIGHTS`), unrelated to buying.
    """
    rng = _rng(cfg, "community_buying_timeline")
    paying = np.flatnonzero(pop.acc_pays_at != NO_TIME)
    posts = paying[rng.random(len(paying)) < BUYING_TIMELINE_SHARE]
    lead_days = rng.uniform(*BUYING_TIMELINE_DAYS, len(posts))
    at = pop.acc_pays_at[posts] - (lead_days * DAY).astype(np.int64)
    user = pop.acc_first_user[posts]
    keep = (at > pop.user_created[user]) & (at >= cfg.start_s)
    body = np.array(DECISION_TIMELINES, dtype=object)[rng.integers(0, len(DECISION_TIMELINES), int(keep.sum()))]
    return user[keep], at[keep], body


def write_community_activity(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """community_activity: members (mostly users of engaged accounts) posting in slack,
    discord, github and the forum, plus strangers; emails mostly match users."""
    rng = _rng(cfg, "community_activity")
    n = pop.n_users
    tier = pop.user_tier
    member = rng.random(n) < np.array([0.03, 0.1, 0.2, 0.35])[tier]
    who = np.repeat(np.flatnonzero(member), 1 + rng.poisson(3, int(member.sum())))
    lo = np.maximum(pop.user_created[who] - 14 * DAY, cfg.start_s)
    hi = np.minimum(pop.user_active_end[who] + 14 * DAY, cfg.end_s)
    t = lo + (rng.random(len(who)) * (hi - lo)).astype(np.int64)

    n_strangers = max(int(0.3 * len(who)), 1)
    who = np.concatenate([who, np.full(n_strangers, -1)])
    t = np.concatenate([t, cfg.start_s + (rng.random(n_strangers) * (cfg.end_s - cfg.start_s)).astype(np.int64)])
    m = len(who)
    platform = np.array(PLATFORMS, dtype=object)[_categorical(rng, [4, 3, 3, 2], m)]
    chat = np.array(["message", "question"], dtype=object)[(rng.random(m) < 0.45).astype(int)]
    github_types = np.array(["star", "fork", "issue_opened", "pr_opened"], dtype=object)
    github = github_types[_categorical(rng, [4, 1.5, 3, 1.5], m)]
    activity = np.where(platform == "github", github, chat)
    engaged = (who >= 0) & (np.where(who >= 0, tier[np.maximum(who, 0)], 0) >= STEADY)
    body = _community_bodies(activity, engaged, rng)
    planted_who, planted_t, planted_body = _buying_timeline_posts(pop, cfg)
    who, t = np.concatenate([who, planted_who]), np.concatenate([t, planted_t])
    body = np.concatenate([body, planted_body])
    platform = np.concatenate([platform, np.full(len(planted_who), "slack", dtype=object)])
    activity = np.concatenate([activity, np.full(len(planted_who), "message", dtype=object)])
    m = len(who)

    known = who >= 0
    first = FIRST_NAMES[pop.user_first[np.maximum(who, 0)]]
    last = LAST_NAMES[pop.user_last[np.maximum(who, 0)]]
    handle = np.where(
        known,
        first + "." + last + np.maximum(who, 0).astype(str).astype(object),
        "guest" + np.arange(m).astype(str).astype(object),
    )
    handle = np.where(platform == "github", np.where(known, first + "-" + last + "-dev", handle), handle)
    email = np.where(known, pop.user_email[np.maximum(who, 0)], None)
    email = np.where(known & (rng.random(m) < 0.12), None, email)
    stranger_email = rng.random(m) < 0.3
    email = np.where(~known & stranger_email, "guest" + np.arange(m).astype(str).astype(object) + "@hobby.dev", email)
    has_email = np.array([e is not None for e in email])
    email = np.where(has_email, _email_variants(np.where(has_email, email, ""), rng, 0.08), None)

    cols = {
        "activity": np.arange(m, dtype=np.int64),
        "platform": platform,
        "handle": handle,
        "email": email,
        "type": activity,
        "body": body,
        "ts": t,
    }
    picker = Picker(m, rng)
    cols["email"] = _malformed_emails(cols["email"], picker.pick(_n_dirty(m, 0.006, at_least=3), has_email))
    cols = _with_duplicates(cols, picker.pick(_n_dirty(m, 0.005)), "ts", rng, max_shift=HOUR, end_s=cfg.end_s)
    cols = _with_null_keys(cols, picker.pick(_n_dirty(m, 0.002)), "activity")
    source = _arrow_table(cols, text=("platform", "handle", "email", "type", "body"), times=("ts",))
    exprs = {
        "activity_id": "seqid('cmy_', activity)",
        "platform": "platform",
        "member_handle": "handle",
        "email": "email",
        "activity_type": "type",
        "body": "body",
        "occurred_at": "ts",
    }
    return _write_part(con, "community_activity", source, exprs, cfg.out)
