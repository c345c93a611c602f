"""Raw table marketing_touches."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np

from .constants import DAY, HOUR
from .defects import _email_variants, _malformed_emails, _with_duplicates, _with_null_keys
from .duckdb_writer import _write_part
from .helpers import Config, Picker, _arrow_table, _categorical, _concat, _n_dirty, _pick_from_groups, _rng
from .population import Population
from .vocabulary import COMPANY_PREFIXES, ODD_TOUCH_CHANNELS, TOUCH_CAMPAIGNS, TOUCH_CHANNELS


def _touch_rows(
    cookie: np.ndarray,
    email: np.ndarray,
    t: np.ndarray,
    channels: Sequence[str],
    weights: Sequence[float],
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Touch column dict with channels drawn from `channels` and a matching campaign."""
    m = len(t)
    chosen = _categorical(rng, weights, m)
    channel = np.array(channels, dtype=object)[chosen]
    campaign = _pick_from_groups([TOUCH_CAMPAIGNS[c] for c in channels], chosen, rng)
    campaign = np.where(rng.random(m) < 0.12, None, campaign)
    return {
        "touch": np.zeros(m, dtype=np.int64),
        "cookie": cookie.astype(np.int64),
        "email": email,
        "ts": t.astype(np.int64),
        "channel": channel,
        "campaign": campaign,
    }


def write_marketing_touches(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """marketing_touches: ad clicks keyed to a cookie before sign-up, webinar / event /
    email touches keyed to the (future) user's email, nurture emails after sign-up, and
    strangers; planted odd channels, malformed emails, null ids and duplicates."""
    rng = _rng(cfg, "marketing_touches")
    n = pop.n_users
    created = pop.user_created

    ads = np.repeat(np.arange(n), rng.poisson(0.5, n))
    t_ads = created[ads] - 60 - rng.exponential(8 * DAY, len(ads)).astype(np.int64)
    ads, t_ads = ads[t_ads >= cfg.start_s], t_ads[t_ads >= cfg.start_s]
    parts = [
        _touch_rows(
            ads,
            np.full(len(ads), None, dtype=object),
            t_ads,
            ["paid_search", "paid_social", "content", "partner", "display"],
            [5, 3, 2, 1, 1],
            rng,
        )
    ]

    mailed = np.repeat(np.arange(n), rng.poisson(0.6, n))
    t_mail = np.clip(
        created[mailed] + rng.normal(-5 * DAY, 25 * DAY, len(mailed)).astype(np.int64), cfg.start_s, cfg.end_s
    )
    with_cookie = np.where(rng.random(len(mailed)) < 0.25, mailed, -1)
    parts.append(
        _touch_rows(
            with_cookie,
            _email_variants(pop.user_email[mailed], rng, 0.04),
            t_mail,
            ["webinar", "email", "event", "content", "partner"],
            [4, 4, 2, 2, 1],
            rng,
        )
    )

    n_strangers = int(0.4 * n)
    s_cookie = np.where(rng.random(n_strangers) < 0.5, 2 * n + rng.integers(0, max(int(0.8 * n), 1), n_strangers), -1)
    s_email = (
        "lead"
        + np.arange(n_strangers).astype(str).astype(object)
        + "@"
        + np.array(COMPANY_PREFIXES, dtype=object)[rng.integers(0, len(COMPANY_PREFIXES), n_strangers)]
        + "-corp.com"
    )
    s_email = np.where(s_cookie >= 0, None, s_email)
    t_s = cfg.start_s + (rng.random(n_strangers) * (cfg.end_s - cfg.start_s)).astype(np.int64)
    parts.append(_touch_rows(s_cookie, s_email, t_s, TOUCH_CHANNELS, [3, 2, 2, 1, 1, 2, 2, 1], rng))
    cols = _concat(parts)

    m = len(cols["ts"])
    cols["touch"] = np.arange(m, dtype=np.int64)
    picker = Picker(m, rng)
    odd = picker.pick(_n_dirty(m, 0.03))
    cols["channel"][odd] = np.array(ODD_TOUCH_CHANNELS, dtype=object)[odd % len(ODD_TOUCH_CHANNELS)]
    has_email = np.array([e is not None for e in cols["email"]])
    cols["email"] = _malformed_emails(cols["email"], picker.pick(_n_dirty(m, 0.005, at_least=3), has_email))
    cols = _with_duplicates(cols, picker.pick(_n_dirty(m, 0.005)), "ts", rng, max_shift=HOUR, end_s=cfg.end_s)
    cols = _with_null_keys(cols, picker.pick(_n_dirty(m, 0.002)), "touch")
    source = _arrow_table(cols, text=("email", "channel", "campaign"), times=("ts",))
    exprs = {
        "touch_id": "seqid('tch_', touch)",
        "anonymous_id": "anon(cookie)",
        "email": "email",
        "occurred_at": "ts",
        "channel": "channel",
        "campaign": "campaign",
    }
    return _write_part(con, "marketing_touches", source, exprs, cfg.out)
