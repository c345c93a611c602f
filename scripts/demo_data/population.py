"""Population: organizations, accounts, users and their latent behaviour."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .constants import DAY, DORMANT, HOUR, NEVER, NO_TIME, POWER, STEADY, TRIAL
from .helpers import Config, _categorical, _categorical_rows, _rng, _segment_cumsum, _segment_positions
from .vocabulary import (
    BUYER_TITLES,
    COMPANY_PREFIXES,
    COMPANY_SUFFIXES,
    FIRST_INITIALS,
    FIRST_NAMES,
    FIRST_TITLES,
    FREEMAIL_DOMAINS,
    FREEMAIL_WEIGHTS,
    IC_TITLES,
    LAST_NAMES,
    OTHER_TITLES,
    SUFFIX_DISPLAY,
    TITLES,
    TLDS,
    WORKSPACE_SUFFIXES,
)


@dataclass
class Population:
    """Everyone in the story with the latent traits that drive every table.

    Times are int64 epoch seconds; NO_TIME marks "never". Index arrays point into the
    other arrays (user_acc -> accounts, acc_org -> orgs, -1 = none)."""

    org_domain: np.ndarray
    org_company: np.ndarray
    org_first_created: np.ndarray
    org_best_tier: np.ndarray
    org_pays: np.ndarray
    acc_created: np.ndarray
    acc_org: np.ndarray
    acc_tier: np.ndarray
    acc_size: np.ndarray
    acc_first_user: np.ndarray
    acc_active_end: np.ndarray
    acc_pays_at: np.ndarray
    acc_eval_at: np.ndarray
    acc_name: np.ndarray
    user_acc: np.ndarray
    user_created: np.ndarray
    user_rank: np.ndarray
    user_first: np.ndarray
    user_last: np.ndarray
    user_email: np.ndarray
    user_title: np.ndarray
    user_deleted: np.ndarray
    user_inviter: np.ndarray
    user_active_end: np.ndarray
    user_intensity: np.ndarray
    user_first_deploy: np.ndarray
    user_has_device2: np.ndarray

    @property
    def n_users(self) -> int:
        """Number of users."""
        return len(self.user_acc)

    @property
    def n_accounts(self) -> int:
        """Number of accounts."""
        return len(self.acc_created)

    @property
    def user_tier(self) -> np.ndarray:
        """Engagement tier of each user's account."""
        return self.acc_tier[self.user_acc]


def _account_sizes(n_users: int, rng: np.random.Generator) -> np.ndarray:
    """Users per account: most 1, some pairs, some teams of 3-15, summing to `n_users`."""
    kind = rng.random(n_users)
    team = 3 + np.minimum(rng.geometric(0.3, n_users) - 1, 12)
    sizes = np.where(kind < 0.78, 1, np.where(kind < 0.88, 2, team))
    total = np.cumsum(sizes)
    n_acc = int(np.searchsorted(total, n_users)) + 1
    sizes = sizes[:n_acc].copy()
    sizes[-1] -= total[n_acc - 1] - n_users
    return sizes


def _account_tiers(sizes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Engagement tier per account; teams are far likelier to be engaged."""
    table = np.array(
        [
            [0.58, 0.28, 0.13, 0.01],  # solo
            [0.45, 0.30, 0.20, 0.05],  # pair
            [0.10, 0.17, 0.23, 0.50],  # team of 3+
        ]
    )
    return _categorical_rows(rng, table, np.minimum(sizes, 3) - 1).astype(np.int8)


def _account_active_end(created: np.ndarray, tier: np.ndarray, cfg: Config, rng: np.random.Generator) -> np.ndarray:
    """When each account stops being active: dormant within days, trials within weeks,
    most steady and engaged accounts stay to the end (some churn)."""
    n = len(created)
    exp = rng.exponential(1.0, n)
    stays = rng.random(n)
    end = np.select(
        [tier == DORMANT, tier == TRIAL, tier == STEADY],
        [
            created + 600 + (exp * 1.5 * DAY).astype(np.int64),
            created + 5 * DAY + (exp * 20 * DAY).astype(np.int64),
            np.where(stays < 0.65, NEVER, created + 30 * DAY + (exp * 60 * DAY).astype(np.int64)),
        ],
        np.where(stays < 0.85, NEVER, created + 40 * DAY + (exp * 70 * DAY).astype(np.int64)),
    )
    return np.minimum(end, cfg.end_s)


def _assign_orgs(sizes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Organization index per account (-1 = freemail only). Teams are mostly corporate;
    about 5% of organizations own 2-3 workspaces."""
    n = len(sizes)
    p_corporate = np.select([sizes >= 3, sizes == 2], [0.85, 0.65], 0.55)
    corporate = rng.random(n) < p_corporate
    acc_org = np.full(n, -1, dtype=np.int64)
    corp_idx = np.flatnonzero(corporate)
    acc_org[corp_idx] = np.arange(len(corp_idx))
    # a few later workspaces belong to an earlier organization
    extra = corp_idx[(rng.random(len(corp_idx)) < 0.035) & (np.arange(len(corp_idx)) > 0)]
    pos = np.searchsorted(corp_idx, extra)
    target = corp_idx[(rng.random(len(extra)) * pos).astype(np.int64)]
    target = np.where(np.isin(target, extra), -1, target)  # join an original workspace's org
    order = np.argsort(target, kind="stable")
    nth = np.empty(len(target), dtype=np.int64)
    nth[order] = _segment_positions(np.unique(target, return_counts=True)[1]) if len(target) else []
    joins = (target >= 0) & (nth < 2)  # at most 3 workspaces per organization
    acc_org[extra[joins]] = acc_org[target[joins]]
    # compact organization ids in order of first appearance
    _, first, inverse = np.unique(acc_org[corp_idx], return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    acc_org[corp_idx] = rank[inverse]
    return acc_org


def _org_names(n_orgs: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Unique corporate domains (`acme-robotics.io`) and company names (`Acme Robotics`)."""
    prefixes = np.array(COMPANY_PREFIXES, dtype=object)
    suffixes = np.array(COMPANY_SUFFIXES, dtype=object)
    n_p, n_s, n_t = len(prefixes), len(suffixes), len(TLDS)
    combos = n_p * n_s * n_t
    k = rng.permutation(max(combos, n_orgs))[:n_orgs]
    prefix, suffix = prefixes[k % n_p], suffixes[(k // n_p) % n_s]
    tld = np.array(TLDS, dtype=object)[(k // (n_p * n_s)) % n_t]
    round_no = k // combos  # beyond the word combinations: acme2-robotics.io
    number = np.where(round_no > 0, (round_no + 1).astype(str).astype(object), "")
    hyphen = np.where(rng.random(n_orgs) < 0.5, "-", "")
    domains = prefix + number + hyphen + suffix + tld
    title_p = np.array([p.title() for p in COMPANY_PREFIXES], dtype=object)[k % n_p]
    title_s = np.array([SUFFIX_DISPLAY.get(x, x.title()) for x in COMPANY_SUFFIXES], dtype=object)[(k // n_p) % n_s]
    companies = title_p + np.where(round_no > 0, " " + number, "") + " " + title_s
    return _dedupe_strings(domains, "x"), companies


def _dedupe_strings(values: np.ndarray, marker: str) -> np.ndarray:
    """Make object-array strings unique by suffixing later repeats with their row number
    (before the first '.' or '@' part for domains and emails)."""
    values = values.copy()
    while True:
        _, first = np.unique(values.astype(str), return_index=True)
        repeat = np.setdiff1d(np.arange(len(values)), first)
        if len(repeat) == 0:
            return values
        for i in repeat:
            head, sep, tail = values[i].partition("@") if "@" in values[i] else values[i].partition(".")
            values[i] = f"{head}{marker}{i}{sep}{tail}"


def _user_emails(
    pop_first: np.ndarray, pop_last: np.ndarray, user_org: np.ndarray, org_domain: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Email per user: `first.last@corp-domain` for corporate accounts (a few of their users
    on freemail), freemail addresses with digits for the rest; unique."""
    n = len(pop_first)
    first, last = FIRST_NAMES[pop_first], LAST_NAMES[pop_last]
    initial = FIRST_INITIALS[pop_first]
    style = rng.integers(0, 5, n)
    local = np.select(
        [style == 0, style == 1, style == 2, style == 3],
        [first + "." + last, first, initial + last, first + "_" + last],
        first + last,
    )
    freemail = (user_org < 0) | (rng.random(n) < 0.08)
    digits = rng.integers(1, 9999, n).astype(str).astype(object)
    local = np.where(freemail & (rng.random(n) < 0.65), local + digits, local)
    free_domain = FREEMAIL_DOMAINS[_categorical(rng, FREEMAIL_WEIGHTS, n)]
    corp_domain = org_domain[np.maximum(user_org, 0)] if len(org_domain) else free_domain
    domain = np.where(freemail, free_domain, corp_domain)
    return _dedupe_strings(local + "@" + domain, ".")


def _job_titles(tier: np.ndarray, rank: np.ndarray, size: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Job title per user (null for ~30%); the first user of an engaged team is often a buyer."""
    n = len(tier)
    group = _categorical(rng, [0.12, 0.43, 0.15], n)  # buyer / IC / other among titled users
    team_lead = (rank == 0) & (size >= 3) & (tier >= STEADY) & (rng.random(n) < 0.55)
    group = np.where(team_lead, 0, group)
    offsets = np.array([0, len(BUYER_TITLES), len(BUYER_TITLES) + len(IC_TITLES)])
    lengths = np.array([len(BUYER_TITLES), len(IC_TITLES), len(OTHER_TITLES)])
    titles = TITLES[offsets[group] + (rng.random(n) * lengths[group]).astype(np.int64)]
    missing = (rng.random(n) < 0.3) & ~team_lead
    return np.where(missing, None, titles)


def build_population(cfg: Config) -> Population:
    """Draw organizations, accounts and users with their latent behaviour."""
    rng = _rng(cfg, "population")
    sizes = _account_sizes(cfg.users, rng)
    n_acc = len(sizes)
    growth = rng.random(n_acc)
    growth = np.where(rng.random(n_acc) < 0.5, growth, np.sqrt(growth))  # more sign-ups lately
    acc_created = np.sort(cfg.start_s + (growth * (cfg.end_s - cfg.start_s - 2 * HOUR)).astype(np.int64))
    acc_tier = _account_tiers(sizes, rng)
    acc_active_end = _account_active_end(acc_created, acc_tier, cfg, rng)
    acc_org = _assign_orgs(sizes, rng)
    n_orgs = int(acc_org.max()) + 1 if (acc_org >= 0).any() else 0
    org_domain, org_company = _org_names(n_orgs, rng)

    # users, in account order first, then renumbered by sign-up time
    user_acc = np.repeat(np.arange(n_acc), sizes)
    pos = _segment_positions(sizes)
    gaps = np.where(pos == 0, 0.0, rng.exponential(5 * DAY, len(user_acc)))
    offset = _segment_cumsum(gaps, sizes)
    room = (cfg.end_s - 10 * 60 - acc_created[user_acc]).astype(np.float64)
    offset = room * (1.0 - np.exp(-offset / room))  # squash into the remaining history, order kept
    user_created = acc_created[user_acc] + offset.astype(np.int64) + pos
    order = np.argsort(user_created, kind="stable")
    user_acc, user_created = user_acc[order], user_created[order]
    n = len(user_acc)

    by_account = np.lexsort((user_created, user_acc))
    starts = np.cumsum(sizes) - sizes
    user_rank = np.empty(n, dtype=np.int64)
    user_rank[by_account] = _segment_positions(sizes)
    acc_first_user = by_account[starts]
    inviter_rank = np.where(rng.random(n) < 0.7, 0, (rng.random(n) * user_rank).astype(np.int64))
    user_inviter = np.where(user_rank == 0, -1, by_account[starts[user_acc] + inviter_rank])

    tier = acc_tier[user_acc]
    user_first = rng.integers(0, len(FIRST_NAMES), n)
    user_last = rng.integers(0, len(LAST_NAMES), n)
    user_email = _user_emails(user_first, user_last, acc_org[user_acc], org_domain, rng)
    user_title = _job_titles(tier, user_rank, sizes[user_acc], rng)

    deleted = rng.random(n) < 0.015
    user_deleted = np.where(
        deleted, user_created + (rng.random(n) * (cfg.end_s - user_created)).astype(np.int64), NO_TIME
    )
    quits = (tier == POWER) & (user_rank > 0) & (rng.random(n) < 0.2)
    user_end = np.where(quits, user_created + (rng.exponential(40 * DAY, n)).astype(np.int64), NEVER)
    user_active_end = np.minimum(acc_active_end[user_acc], user_end)
    user_active_end = np.where(deleted, np.minimum(user_active_end, user_deleted), user_active_end)
    user_active_end = np.maximum(user_active_end, user_created)
    user_intensity = rng.lognormal(0.0, 0.35, n)

    p_first = np.array([0.03, 0.6, 0.88, 0.95])
    p_member = np.array([0.02, 0.3, 0.5, 0.8])
    activates = rng.random(n) < np.where(user_rank == 0, p_first[tier], p_member[tier])
    late = (tier == DORMANT) & (rng.random(n) < 0.04)  # deploy, but after the 14-day window
    delay = np.where(late, rng.uniform(15, 45, n) * DAY, rng.lognormal(np.log(4 * HOUR), 1.6, n))
    first_deploy = user_created + 60 + delay.astype(np.int64)
    first_deploy = np.where((activates | late) & (first_deploy <= cfg.end_s), first_deploy, NO_TIME)
    user_active_end = np.where(first_deploy != NO_TIME, np.maximum(user_active_end, first_deploy), user_active_end)

    acc_pays_at, acc_eval_at = _buying_times(acc_created, acc_active_end, acc_tier, cfg, rng)
    org_first_created, org_best_tier, org_pays = _org_rollup(acc_org, acc_created, acc_tier, acc_pays_at, n_orgs)
    acc_name = _account_names(acc_org, org_company, user_first[acc_first_user], user_last[acc_first_user], rng)
    return Population(
        org_domain=org_domain,
        org_company=org_company,
        org_first_created=org_first_created,
        org_best_tier=org_best_tier,
        org_pays=org_pays,
        acc_created=acc_created,
        acc_org=acc_org,
        acc_tier=acc_tier,
        acc_size=sizes,
        acc_first_user=acc_first_user,
        acc_active_end=acc_active_end,
        acc_pays_at=acc_pays_at,
        acc_eval_at=acc_eval_at,
        acc_name=acc_name,
        user_acc=user_acc,
        user_created=user_created,
        user_rank=user_rank,
        user_first=user_first,
        user_last=user_last,
        user_email=user_email,
        user_title=user_title,
        user_deleted=user_deleted,
        user_inviter=user_inviter,
        user_active_end=user_active_end,
        user_intensity=user_intensity,
        user_first_deploy=first_deploy,
        user_has_device2=rng.random(n) < 0.15,
    )


def _buying_times(
    created: np.ndarray, active_end: np.ndarray, tier: np.ndarray, cfg: Config, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """When an account starts paying (NO_TIME: not by the end date) and when its people
    evaluate pricing and security pages (a week before buying, or while engaged)."""
    n = len(created)
    p_pay = np.array([0.005, 0.05, 0.22, 0.6])[tier]
    delay_days = np.select(
        [tier == TRIAL, tier == STEADY],
        [7 + rng.exponential(15, n), 20 + rng.exponential(40, n)],
        25 + rng.exponential(35, n),
    )
    pays_at = created + (delay_days * DAY).astype(np.int64)
    pays = (rng.random(n) < p_pay) & (pays_at < active_end) & (pays_at < cfg.end_s)
    pays_at = np.where(pays, pays_at, NO_TIME)
    eval_at = np.where(pays, pays_at - (rng.uniform(3, 25, n) * DAY).astype(np.int64), NO_TIME)
    eval_at = np.where(pays, np.maximum(eval_at, created + DAY), eval_at)
    engaged_eval = (~pays) & (tier == POWER) & (rng.random(n) < 0.5)
    window = active_end - created - 14 * DAY
    later = created + 14 * DAY + (rng.random(n) * np.maximum(window, 0)).astype(np.int64)
    eval_at = np.where(engaged_eval & (window > 0), later, eval_at)
    return pays_at, eval_at


def _org_rollup(
    acc_org: np.ndarray, acc_created: np.ndarray, acc_tier: np.ndarray, acc_pays_at: np.ndarray, n_orgs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per organization: first workspace creation, best engagement tier, any paying workspace."""
    corp = acc_org >= 0
    first_created = np.full(n_orgs, NEVER, dtype=np.int64)
    np.minimum.at(first_created, acc_org[corp], acc_created[corp])
    best_tier = np.zeros(n_orgs, dtype=np.int8)
    np.maximum.at(best_tier, acc_org[corp], acc_tier[corp])
    pays = np.zeros(n_orgs, dtype=bool)
    np.logical_or.at(pays, acc_org[corp], acc_pays_at[corp] != NO_TIME)
    return first_created, best_tier, pays


def _account_names(
    acc_org: np.ndarray, org_company: np.ndarray, first: np.ndarray, last: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Workspace names: the company (plus a team suffix for an organization's later
    workspaces) or a personal name for freemail workspaces."""
    n = len(acc_org)
    corp = acc_org >= 0
    company = org_company[np.maximum(acc_org, 0)] if len(org_company) else np.full(n, "", dtype=object)
    seen_before = np.zeros(n, dtype=bool)
    _, first_idx = np.unique(acc_org, return_index=True)
    seen_before[corp] = True
    seen_before[first_idx] = False
    suffix = WORKSPACE_SUFFIXES[rng.integers(0, len(WORKSPACE_SUFFIXES), n)]
    personal_style = _categorical(rng, [5, 4, 1], n)
    first_cap = FIRST_TITLES[first]
    personal = np.select(
        [personal_style == 0, personal_style == 1],
        [first_cap + "'s workspace", FIRST_NAMES[first] + "-" + LAST_NAMES[last]],
        np.full(n, "Personal", dtype=object),
    )
    return np.where(corp, np.where(seen_before, company + " " + suffix, company), personal)
