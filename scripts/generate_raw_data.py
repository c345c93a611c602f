#!/usr/bin/env python3
"""Generate the demo raw data of docs/contract.md section 1: one Parquet folder per raw table.

usage::

    generate_raw_data.py --users 3000 --seed 42 --out data/raw
                         [--end-date YYYY-MM-DD] [--days 730] [--events N]

The nine tables tell one product-led-growth story for a developer-tools company:
workspaces (accounts) are created over `--days` of history, most by one person,
some grow into teams through invites; anonymous web visits from paid, organic,
social and referral channels precede sign-ups; a minority of sign-ups activate
(first deploy), a cohort of engaged team accounts uses the API heavily and
clearly qualifies as product-qualified, and those accounts are the likeliest to
start paying, expand, contract, churn and come back. Marketing touches,
community posts, firmographics and CRM opportunities hang off the same people
and organizations, so every mart downstream has real content.

Dirty rows of contract sections 2 and 10 are planted at small rates (duplicates,
null keys, malformed JSON, unknown codes, bad API counts, skewed clocks,
malformed emails, ...), each kind at least once.

Output is deterministic for a given `--seed` and `--end-date`. Big tables are
generated with numpy arrays, handed to DuckDB through Arrow, formatted (ids,
JSON text) in SQL and written in the exact RAW_SCHEMA types; product events and
page views are written in chunks of a few million rows so memory stays flat.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from raw_contract import RAW_SCHEMA, sql_literal  # noqa: E402  (scripts/ is not a package)

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

# ----------------------------------------------------------------------------------------------
# vocabulary
# ----------------------------------------------------------------------------------------------

FIRST_NAMES = np.array(
    "james mary john patricia robert jennifer michael linda david elizabeth william barbara richard "
    "susan joseph jessica thomas sarah charles karen wei li priya arjun ananya rahul sofia lucas emma "
    "noah olivia liam mia mateo lea jonas lena felix clara lars ingrid sven astrid pierre camille "
    "julien chloe marco giulia yuki hiro sakura kenji fatima omar aisha youssef nia kwame ama diego "
    "valentina ana joao beatriz olga dmitri anya tomasz zofia sean aoife ravi deepa min jun hana "
    "ethan zoe".split(),
    dtype=object,
)
FIRST_INITIALS = np.array([f[0] for f in FIRST_NAMES], dtype=object)
FIRST_TITLES = np.array([f.title() for f in FIRST_NAMES], dtype=object)
LAST_NAMES = np.array(
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez wilson "
    "anderson thomas taylor moore jackson martin lee chen wang zhang liu patel sharma singh kumar "
    "gupta nguyen tran kim park choi sato suzuki tanaka mueller schmidt schneider fischer weber meyer "
    "wagner dubois moreau laurent bernard rossi russo ferrari silva santos oliveira souza johansson "
    "andersson nilsson larsen hansen jensen novak kowalski nowak ivanov petrov okafor mensah adeyemi "
    "haddad khan ali hassan murphy kelly obrien walsh byrne cohen levi".split(),
    dtype=object,
)
COMPANY_PREFIXES = (
    "acme bluefin northwind quanta lumen orbit vertex cobalt nimbus pixel zephyr granite helix ember "
    "polar summit atlas beacon cedar delta echo falcon harbor ion juniper kepler lattice maple nova "
    "onyx pioneer quartz raven sierra tidal umbra vector willow xenon zenith aurora basalt canyon "
    "drift ether fjord glacier horizon indigo jade krypton lunar meridian nebula oak prism quill "
    "redwood solstice tundra".split()
)
COMPANY_SUFFIXES = (
    "robotics labs systems cloud data analytics health pay logistics games security ai networks "
    "software bio energy media works dynamics foods motors finance retail learning studio ops stack "
    "hq mobility insights".split()
)
SUFFIX_DISPLAY = {"ai": "AI", "hq": "HQ", "bio": "Bio"}
TLDS = [".io", ".com", ".dev", ".ai", ".co", ".tech", ".app", ".net"]
WORKSPACE_SUFFIXES = np.array(["Staging", "Platform", "Data Team", "EU", "Mobile"], dtype=object)

FREEMAIL_DOMAINS = np.array(
    ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "proton.me", "icloud.com"], dtype=object
)
FREEMAIL_WEIGHTS = [0.5, 0.15, 0.1, 0.08, 0.1, 0.07]

BUYER_TITLES = [
    "CTO",
    "Co-founder & CTO",
    "Chief Technology Officer",
    "VP Engineering",
    "VP of Eng",
    "VP, Engineering",
    "Head of Platform Engineering",
    "Head of Engineering",
    "Director of Engineering",
    "Sr. Dir. Eng",
    "Engineering Director",
    "Engineering Manager",
    "EM, Infra",
    "Sr. Engineering Manager",
]
IC_TITLES = [
    "Software Engineer",
    "Senior Backend Developer",
    "SRE",
    "Staff Engineer",
    "DevOps Engineer",
    "Full-Stack Developer",
    "Platform Engineer",
    "Senior Software Engineer",
    "Frontend Engineer",
    "Principal Engineer",
    "software engineer",
    "Backend Dev",
]
OTHER_TITLES = ["Product Manager", "Student", "Designer", "Founder", "Data Scientist", "Consultant"]
TITLES = np.array(BUYER_TITLES + IC_TITLES + OTHER_TITLES, dtype=object)

EVENT_NAMES = [
    "signed_up",
    "project_created",
    "api_call",
    "deployed",
    "integration_connected",
    "invite_sent",
    "invite_accepted",
    "rate_limit_hit",
    "feature_viewed",
]
(
    SIGNED_UP,
    PROJECT_CREATED,
    API_CALL,
    DEPLOYED,
    INTEGRATION,
    INVITE_SENT,
    INVITE_ACCEPTED,
    RATE_LIMIT,
    FEATURE_VIEWED,
) = range(9)
UNKNOWN_KIND = 9  # properties template of a planted unknown event name
ODD_EVENT_NAMES = {  # valid after trim + lower-case (contract §10)
    DEPLOYED: ["Deployed ", " DEPLOYED"],
    API_CALL: ["API_Call", " api_call "],
    PROJECT_CREATED: ["Project_Created"],
    FEATURE_VIEWED: ["Feature_Viewed  "],
}
UNKNOWN_EVENT_NAMES = ["page_scrolled", "button_clicked", "session_started"]
NAME_LABELS = EVENT_NAMES + [n for names in ODD_EVENT_NAMES.values() for n in names] + UNKNOWN_EVENT_NAMES

STATUSES = ["success", "error"]
ENVIRONMENTS = ["preview", "production", "Production"]
INTEGRATIONS = ["github", "gitlab", "slack", "terraform", "datadog", "pagerduty", "aws", "bitbucket"]
FEATURES = ["sso", "audit_logs", "rbac", "saml", "billing", "usage", "api_keys", "environments"]
LIMITS = ["requests_per_minute", "concurrent_builds", "preview_environments"]
CAT_LABELS = STATUSES + ENVIRONMENTS + INTEGRATIONS + FEATURES + LIMITS
CAT_STATUS, CAT_ENV, CAT_INTEGRATION, CAT_FEATURE, CAT_LIMIT = (
    0,
    len(STATUSES),
    len(STATUSES) + len(ENVIRONMENTS),
    len(STATUSES) + len(ENVIRONMENTS) + len(INTEGRATIONS),
    len(STATUSES) + len(ENVIRONMENTS) + len(INTEGRATIONS) + len(FEATURES),
)

# properties variants (column `pv`): 0 is the clean template
(
    PV_OK,
    PV_MALFORMED,
    PV_ARRAY,
    PV_STRING,
    PV_NULL,
    PV_COUNT_MISSING,
    PV_COUNT_ZERO,
    PV_COUNT_NEGATIVE,
    PV_COUNT_FRACTION,
    PV_COUNT_PADDED,
    PV_COUNT_PLUS,
) = range(11)

# per tier: event mix over [api_call, deployed, feature_viewed, project_created, integration, rate_limit]
ACTIVITY_KINDS = np.array([API_CALL, DEPLOYED, FEATURE_VIEWED, PROJECT_CREATED, INTEGRATION, RATE_LIMIT])
ACTIVITY_MIX = np.array(
    [
        [0.60, 0.05, 0.22, 0.10, 0.00, 0.03],
        [0.66, 0.15, 0.10, 0.06, 0.02, 0.01],
        [0.74, 0.14, 0.06, 0.04, 0.01, 0.01],
        [0.78, 0.13, 0.05, 0.03, 0.005, 0.005],
    ]
)
P_ACTIVE_DAY = np.array([0.5, 0.35, 0.3, 0.55])  # share of days in the active life with a session
EXTRA_EVENTS_PER_DAY = np.array([0.6, 2.0, 4.0, 10.0])  # Poisson mean beyond the first event
API_LOG_MEAN = np.array([0.8, 1.3, 2.2, 3.1])  # requests per api_call batch ~ lognormal
SPIKE_SHARE = np.array([0.0, 0.02, 0.06, 0.08])  # account-days with a usage burst
PRODUCTION_SHARE = np.array([0.1, 0.2, 0.35, 0.45])
FEATURE_WEIGHTS = {
    "enterprise": [0.10, 0.08, 0.06, 0.04, 0.20, 0.32, 0.10, 0.10],
    "default": [0.03, 0.02, 0.02, 0.01, 0.30, 0.40, 0.12, 0.10],
}

# web: pages, referrers, UTM links
SITE = "https://devtool.example"
HOSTS = [SITE, "https://www.devtool.example"]
PATHS = [
    "/",
    "/pricing",
    "/security",
    "/terms",
    "/contact",
    "/enterprise",
    "/docs/quickstart",
    "/docs/cli",
    "/docs/api/authentication",
    "/docs/terraform-provider",
    "/docs/preview-deployments",
    "/docs/sso",
    "/docs/rate-limits",
    "/blog/preview-environments-at-scale",
    "/blog/launch-week-recap",
    "/blog/terraform-provider-ga",
    "/blog/how-we-cut-build-times-in-half",
    "/changelog",
    "/features",
    "/customers",
    "/integrations/github",
    "/about",
    "/careers",
    "/signup",
    "/login",
]
PATH_INDEX = {p: i for i, p in enumerate(PATHS)}
# session kinds
PRE, SIGNUP, POST, EVAL, STRANGER = range(5)
PAGE_WEIGHTS = {
    PRE: {
        "/": 6,
        "/pricing": 4,
        "/docs/quickstart": 3,
        "/docs/cli": 1,
        "/docs/preview-deployments": 2,
        "/blog/preview-environments-at-scale": 2,
        "/blog/launch-week-recap": 1,
        "/blog/how-we-cut-build-times-in-half": 1,
        "/features": 3,
        "/customers": 1,
        "/integrations/github": 1,
        "/security": 0.3,
        "/about": 0.5,
    },
    SIGNUP: {"/": 3, "/pricing": 2, "/features": 2, "/docs/quickstart": 1},
    POST: {
        "/docs/quickstart": 3,
        "/docs/cli": 3,
        "/docs/api/authentication": 3,
        "/docs/terraform-provider": 2,
        "/docs/preview-deployments": 3,
        "/docs/rate-limits": 1,
        "/changelog": 2,
        "/login": 3,
        "/blog/terraform-provider-ga": 1,
        "/pricing": 0.6,
        "/docs/sso": 0.3,
        "/security": 0.15,
        "/contact": 0.05,
    },
    EVAL: {
        "/pricing": 8,
        "/security": 5,
        "/enterprise": 4,
        "/contact": 2,
        "/terms": 2,
        "/docs/sso": 2,
        "/customers": 1,
        "/": 1,
    },
    STRANGER: {
        "/": 6,
        "/pricing": 2,
        "/blog/preview-environments-at-scale": 3,
        "/blog/launch-week-recap": 2,
        "/blog/how-we-cut-build-times-in-half": 3,
        "/docs/quickstart": 2,
        "/features": 2,
        "/careers": 1,
        "/about": 1,
        "/terms": 0.2,
    },
}
PAGES_PER_SESSION = {PRE: (1, 5), SIGNUP: (2, 4), POST: (1, 6), EVAL: (2, 5), STRANGER: (1, 4)}
# first-page channels: how a session arrived
CH_DIRECT, CH_UTM, CH_SEARCH, CH_SOCIAL, CH_GITHUB, CH_REFERRAL, CH_OWN = range(7)
CHANNEL_WEIGHTS = {
    PRE: [18, 30, 25, 12, 8, 6, 1],
    SIGNUP: [70, 8, 10, 5, 3, 2, 2],
    POST: [62, 12, 16, 2, 3, 1, 4],
    EVAL: [80, 6, 10, 0, 0, 0, 4],
    STRANGER: [15, 25, 30, 15, 6, 8, 1],
}
REFERRERS = {
    CH_SEARCH: [
        "https://www.google.com/",
        "https://www.google.com/search?q=preview+environments",
        "https://www.google.de/",
        "https://www.bing.com/search?q=devtool",
        "https://duckduckgo.com/",
        "https://search.yahoo.com/",
    ],
    CH_SOCIAL: [
        "https://twitter.com/",
        "https://x.com/devtool",
        "https://www.linkedin.com/feed/",
        "https://news.ycombinator.com/item?id=41234567",
        "https://www.reddit.com/r/devops/",
        "https://old.reddit.com/r/kubernetes/comments/1abc/",
        "https://t.co/x7Ab3",
    ],
    CH_GITHUB: ["https://github.com/devtool/cli", "https://github.com/", "https://gist.github.com/octo/42"],
    CH_REFERRAL: [
        "https://dev.to/someone/preview-environments-101",
        "https://medium.com/@ops/why-we-switched",
        "https://stackoverflow.com/questions/7712345",
        "https://www.producthunt.com/posts/devtool",
        "https://awesome-devops.dev/",
    ],
    CH_OWN: ["https://docs.devtool.example/", "https://devtool.example/blog/"],
}
REFERRER_LABELS = [r for ch in sorted(REFERRERS) for r in REFERRERS[ch]]
REFERRER_OFFSET = {}
_offset = 0
for _ch in sorted(REFERRERS):
    REFERRER_OFFSET[_ch] = _offset
    _offset += len(REFERRERS[_ch])
UTM_LINKS = [  # (utm_source, utm_medium, utm_campaign); odd case, spaces and empty values on purpose
    ("google", "cpc", "brand-search"),
    ("google", "cpc", "generic-preview-envs"),
    ("bing", "ppc", "brand-search"),
    ("google", "CPC", "competitor-vercel"),
    ("linkedin", "paid_social", "q3-platform-teams"),
    ("twitter", "paid_social", "launch-week"),
    ("newsletter", "email", "monthly-digest"),
    ("hubspot", " Email ", "webinar-invite"),
    ("substack", "newsletter", "devops-weekly"),
    ("aws", "partner", "aws-marketplace"),
    ("github-marketplace", "referral", "integrations"),
    ("dev.to", "banner", "sponsored-post"),
    ("google", "cpc", ""),
    ("reddit", "", "r-devops"),
]
UTM_QUERIES = [f"?utm_source={s}&utm_medium={m}&utm_campaign={c}" for s, m, c in UTM_LINKS]
UTM_QUERIES += ["?utm_source=google&utm_medium=cpc&utm_campaign=brand-search&gclid=Cj0KCQjw"]
OTHER_QUERIES = ["?ref=producthunt", "?tab=cli"]
QUERY_LABELS = UTM_QUERIES + OTHER_QUERIES
UTM_POST_SIGNUP = [6, 7, 8]  # email / newsletter links sent to users

# marketing
TOUCH_CHANNELS = ["paid_search", "paid_social", "content", "partner", "display", "webinar", "email", "event"]
ODD_TOUCH_CHANNELS = [" Webinar", "Paid_Search ", "EMAIL", "Content "]
TOUCH_CAMPAIGNS = {
    "paid_search": ["brand-search", "generic-preview-envs", "competitor-vercel"],
    "paid_social": ["q3-platform-teams", "launch-week", "retargeting"],
    "content": ["ebook-platform-engineering", "state-of-previews-2024"],
    "partner": ["aws-marketplace", "github-marketplace"],
    "display": ["awareness-q2"],
    "webinar": ["webinar-k8s-previews", "webinar-terraform-ga", "webinar-security-at-scale"],
    "email": ["onboarding-nurture", "monthly-digest", "feature-launch"],
    "event": ["kubecon-booth", "devopsdays-sponsor", "meetup-berlin"],
}

# community
PLATFORMS = ["slack", "discord", "github", "forum"]
TECH_QUESTIONS = [
    "How do I configure the Terraform provider for preview deploys?",
    "Is there a way to pin the CLI version in GitHub Actions?",
    "Getting a 502 on preview environments after the last deploy, any ideas?",
    "How do I set environment variables per branch?",
    "What's the recommended way to run database migrations before a production deploy?",
    "Can the API stream build logs?",
    "How do I rotate API keys without downtime?",
    "Builds hang at 'resolving dependencies' with pnpm, anyone seen this?",
    "Does the Kubernetes integration support custom namespaces?",
    "How can I debug a failing webhook from GitLab?",
]
DECISION_TIMELINES = [
    "We need to decide by end of quarter which platform we standardize on.",
    "Budget approval is next month, want to get the numbers right before that.",
    "We're rolling this out to 40 engineers in Q3, what does onboarding look like?",
    "Procurement wants a quote this week so we can sign before our renewal.",
    "Planning to move all our services over by the end of the month.",
]
ENTERPRISE_REQUESTS = [
    "We need SSO before we can roll this out to the whole org.",
    "Is there SAML / audit log support on the team plan?",
    "Our security team is asking about RBAC and audit logs, where are the docs?",
    "Do you support SCIM provisioning with Okta?",
    "Can we get a DPA and your SOC 2 report? Security review is blocking us.",
]
COMPETITOR_MENTIONS = [
    "We're evaluating vs Vercel for our frontend previews.",
    "We're comparing with Netlify and Render right now.",
    "Coming from Heroku, how does pricing compare?",
    "Migrating off Fly.io, anything to watch out for?",
    "How does this compare to Railway for background workers?",
]
MIXED_POSTS = [
    "We're evaluating vs Vercel and need SSO before rollout, decision by end of quarter.",
    "Comparing with Netlify; budget approval next month, but is there SAML support?",
    "How do I configure the Terraform provider? We need to decide by Friday whether to switch from Render.",
    "Security asked for audit logs before we roll this out to 60 engineers next month.",
]
NEGATIVE_POSTS = [
    "Thanks, works now!",
    "No rush on this, just curious.",
    "We don't need SSO, we're a two-person team.",
    "Love the new CLI, great job.",
    "Just a hobby project, not evaluating anything.",
    "Solved it, it was a typo in my config.",
]
PR_TITLES = [
    "Fix typo in Terraform provider docs",
    "Add retry to CLI upload",
    "Support custom namespaces in Helm chart",
    "Document preview deploy env vars",
]
BODY_GROUPS = [
    TECH_QUESTIONS,
    DECISION_TIMELINES,
    ENTERPRISE_REQUESTS,
    COMPETITOR_MENTIONS,
    MIXED_POSTS,
    NEGATIVE_POSTS,
]
BODY_WEIGHTS = {"engaged": [0.35, 0.15, 0.15, 0.12, 0.10, 0.13], "default": [0.55, 0.03, 0.04, 0.08, 0.02, 0.28]}

# firmographics
INDUSTRIES_ICP = ["software", "Internet", "financial services", "developer tools", "Software", " internet"]
INDUSTRIES_OTHER = ["retail", "healthcare", "education", "media", "manufacturing", "logistics", "Gaming"]
COUNTRIES_ICP = ["US", "CA", "GB", "DE", "FR", "NL", "SE"]
COUNTRIES_OTHER = ["IN", "BR", "AU", "JP", "ES", "PL", "SG", "us"]
FUNDING_STAGES = ["seed", "series_a", "series_b", "series_c", "growth", "public"]
TECH_ICP = ["kubernetes", "Kubernetes", "terraform", "AWS", "aws", "gcp", "GitHub Actions", "github actions"]
TECH_OTHER = [
    "docker",
    "postgres",
    "react",
    "python",
    "Go",
    "jenkins",
    "GitLab CI",
    "circleci",
    "azure",
    "heroku",
    "node.js",
    "Datadog",
]

# crm
CRM_STAGES_OPEN = ["prospecting", "negotiation"]
CRM_SOURCES = ["inbound", "outbound", "partner", "product_led"]


# ----------------------------------------------------------------------------------------------
# configuration and small helpers
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# population: organizations, accounts, users and their latent behaviour
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# DuckDB writer
# ----------------------------------------------------------------------------------------------

SQL_MACROS = [
    # readable sequential ids for the app-database tables, random-looking ones for trackers
    "create macro uid(i) as case when i >= 0 then 'usr_' || lpad(i::varchar, 7, '0') end",
    "create macro aid(i) as case when i >= 0 then 'acc_' || lpad(i::varchar, 7, '0') end",
    # (i * odd + salt) mod 2^k is a bijection: unique, random-looking, reproducible
    "create macro anon(i) as case when i >= 0 then "
    "'anon_' || lpad(lower(to_hex((i * 2654435761) % 4294967296)), 8, '0') end",
    "create macro hexid(prefix, i, salt) as case when i >= 0 then "
    "prefix || lpad(lower(to_hex((i * 2654435761 + salt) % 1099511627776)), 10, '0') end",
    "create macro seqid(prefix, i) as case when i >= 0 then printf('%s%07d', prefix, i) end",
]


def _connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the id-formatting macros."""
    con = duckdb.connect()
    con.execute("set preserve_insertion_order = true")
    for macro in SQL_MACROS:
        con.execute(macro)
    return con


def _write_part(
    con: duckdb.DuckDBPyConnection, table: str, source: pa.Table, exprs: Mapping[str, str], out: Path, part: int = 0
) -> int:
    """Write `source` as `out/<table>/part-NNN.parquet`, each contract column computed by
    its SQL expression in `exprs` and cast to the exact RAW_SCHEMA type. Returns rows."""
    select = ",\n  ".join(f"cast({exprs[name]} as {ctype}) as {name}" for name, ctype in RAW_SCHEMA[table])
    path = out / table / f"part-{part:03d}.parquet"
    con.register("src", source)
    try:
        con.execute(f"copy (select {select} from src) to {sql_literal(path)} (format parquet)")
    finally:
        con.unregister("src")
    return source.num_rows


# ----------------------------------------------------------------------------------------------
# users and accounts
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# product events
# ----------------------------------------------------------------------------------------------


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
    for variant in (
        PV_COUNT_MISSING,
        PV_COUNT_ZERO,
        PV_COUNT_NEGATIVE,
        PV_COUNT_FRACTION,
        PV_COUNT_PADDED,
        PV_COUNT_PLUS,
    ):
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
    for part in range(len(ranges) + 1):
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


# ----------------------------------------------------------------------------------------------
# web page views
# ----------------------------------------------------------------------------------------------


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
    for part, (a, b) in enumerate(_chunks(sessions.pages, EVENT_CHUNK_ROWS)):
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


# ----------------------------------------------------------------------------------------------
# revenue
# ----------------------------------------------------------------------------------------------


@dataclass
class Change:
    """One subscription change before ids are assigned."""

    subscription: int
    account: int
    at: int
    plan: str
    status: str
    seats: int
    mrr: float


def _subscription_life(
    account: int,
    subscription: int,
    start: int,
    seats: int,
    plan: str,
    cfg: Config,
    rng: np.random.Generator,
    trial: bool,
) -> list[Change]:
    """The changes of one subscription from its first paid day: optional $0 trial first,
    then expansions, contractions, past-due spells, an upgrade, a cancellation."""
    price = ENTERPRISE_SEAT_PRICE if plan == "enterprise" else float(rng.choice([15.0, 20.0]))
    changes = []
    if trial:
        changes.append(Change(subscription, account, max(start - 14 * DAY, 0), plan, "active", seats, 0.0))
    status = "active"
    changes.append(Change(subscription, account, start, plan, status, seats, seats * price))
    t = start
    while True:
        t += int(rng.uniform(20, 60) * DAY)
        if t > cfg.end_s:
            return changes
        r = rng.random()
        if r < 0.30:
            seats += int(rng.integers(1, 5))
        elif r < 0.40 and seats > 1:
            seats -= int(rng.integers(1, min(seats, 3)))
        elif r < 0.48:
            changes.append(Change(subscription, account, t, plan, "past_due", seats, seats * price))
            t += int(rng.uniform(5, 20) * DAY)
            if t > cfg.end_s:
                return changes
            if rng.random() < 0.4:
                changes.append(Change(subscription, account, t, plan, "canceled", 0, 0.0))
                return changes
        elif r < 0.55:
            changes.append(Change(subscription, account, t, plan, "canceled", 0, 0.0))
            return changes
        elif r < 0.58 and plan == "team":
            plan, price = "enterprise", ENTERPRISE_SEAT_PRICE
            seats = max(seats, 10)
        else:
            continue
        changes.append(Change(subscription, account, t, plan, "active", seats, seats * price))


def _account_subscriptions(pop: Population, cfg: Config, rng: np.random.Generator) -> list[Change]:
    """All subscription changes: one life per paying account, some come back after a
    cancellation (new or same subscription), a few run a second subscription."""
    changes: list[Change] = []
    next_sub = 0
    pays_at = pop.acc_pays_at[pop.user_acc]
    joined = (pays_at != NO_TIME) & (pop.user_created <= pays_at)
    members_at_pay = np.bincount(pop.user_acc[joined], minlength=pop.n_accounts)
    for account in np.flatnonzero(pop.acc_pays_at != NO_TIME):  # paying accounts only: a few percent
        start = int(pop.acc_pays_at[account])
        members = max(1, int(members_at_pay[account]))
        tier = int(pop.acc_tier[account])
        plan = "enterprise" if tier == POWER and rng.random() < 0.15 else "team"
        seats = max(10 if plan == "enterprise" else 1, members + int(rng.integers(0, 3)))
        life = _subscription_life(int(account), next_sub, start, seats, plan, cfg, rng, trial=rng.random() < 0.25)
        next_sub += 1
        changes += life
        if life[-1].status == "canceled" and rng.random() < 0.35:
            back = life[-1].at + int(rng.uniform(20, 90) * DAY)
            if back < cfg.end_s:
                same = rng.random() < 0.5
                sub = life[-1].subscription if same else next_sub
                next_sub += 0 if same else 1
                changes += _subscription_life(int(account), sub, back, max(1, members), "team", cfg, rng, False)
        if rng.random() < 0.06:
            second = start + int(rng.uniform(10, 60) * DAY)
            if second < cfg.end_s:
                changes += _subscription_life(
                    int(account), next_sub, second, int(rng.integers(2, 6)), "team", cfg, rng, False
                )
                next_sub += 1
    return sorted(changes, key=lambda c: (c.at, c.subscription))


def write_subscription_changes(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """subscription_changes with planted defects as extra rows (null id, duplicates of which
    one has different content, negative seats, negative MRR, unknown status)."""
    rng = _rng(cfg, "subscription_changes")
    changes = _account_subscriptions(pop, cfg, rng)
    n = len(changes)
    cols = {
        "change": np.arange(n, dtype=np.int64),
        "subscription": np.array([c.subscription for c in changes], dtype=np.int64),
        "account": np.array([c.account for c in changes], dtype=np.int64),
        "ts": np.array([c.at for c in changes], dtype=np.int64),
        "plan": np.array([c.plan for c in changes], dtype=object),
        "status": np.array([c.status for c in changes], dtype=object),
        "seats": np.array([c.seats for c in changes], dtype=np.int64),
        "mrr": np.array([c.mrr for c in changes], dtype=np.float64),
    }
    if n:
        cols = _plant_subscription_defects(cols, cfg, rng)
    source = pa.table(
        {
            **{k: v for k, v in cols.items() if k not in ("plan", "status", "ts")},
            "plan": _str(cols["plan"]),
            "status": _str(cols["status"]),
            "ts": _ts(cols["ts"]),
        }
    )
    exprs = {
        "change_id": "seqid('chg_', change)",
        "subscription_id": "seqid('sub_', subscription)",
        "account_id": "aid(account)",
        "changed_at": "ts",
        "plan": "plan",
        "status": "status",
        "seats": "seats",
        "mrr_usd": "round(mrr, 2)",
    }
    return _write_part(con, "subscription_changes", source, exprs, cfg.out)


def _plant_subscription_defects(
    cols: dict[str, np.ndarray], cfg: Config, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Extra subscription rows, so the revenue story itself stays intact."""
    n = len(cols["change"])
    k = _n_dirty(n, 0.005)
    next_id = n

    def extra(mutate: Callable[[dict[str, np.ndarray]], None], fresh_ids: bool = True) -> dict[str, np.ndarray]:
        nonlocal next_id
        rows = _take(cols, rng.choice(n, size=k, replace=n < k))
        if fresh_ids:
            rows["change"] = next_id + np.arange(k)
            next_id += k
        rows["ts"] = np.minimum(rows["ts"] + rng.integers(HOUR, 5 * DAY, k), cfg.end_s)
        mutate(rows)
        return rows

    def negative_seats(r: dict[str, np.ndarray]) -> None:
        r["seats"] = -np.maximum(r["seats"], 1)

    def negative_mrr(r: dict[str, np.ndarray]) -> None:
        r["mrr"] = -np.maximum(r["mrr"], 15.0)

    def paused(r: dict[str, np.ndarray]) -> None:
        r["status"][:] = "paused"

    def null_id(r: dict[str, np.ndarray]) -> None:
        r["change"][:] = -1

    def changed_content(r: dict[str, np.ndarray]) -> None:  # same change_id, later and different
        r["seats"] = r["seats"] + 3
        r["mrr"] = r["mrr"] + 45.0

    identical = _take(cols, rng.choice(n, size=k, replace=n < k))
    return _concat(
        [
            cols,
            extra(negative_seats),
            extra(negative_mrr),
            extra(paused),
            extra(null_id),
            extra(changed_content, fresh_ids=False),
            identical,
        ]
    )


# ----------------------------------------------------------------------------------------------
# marketing touches and community activity
# ----------------------------------------------------------------------------------------------


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
    nulls = _take(cols, picker.pick(_n_dirty(m, 0.002)))
    nulls["touch"][:] = -1
    cols = _concat([cols, nulls])
    source = pa.table(
        {
            "touch": cols["touch"],
            "cookie": cols["cookie"],
            "email": _str(cols["email"]),
            "ts": _ts(cols["ts"]),
            "channel": _str(cols["channel"]),
            "campaign": _str(cols["campaign"]),
        }
    )
    exprs = {
        "touch_id": "seqid('tch_', touch)",
        "anonymous_id": "anon(cookie)",
        "email": "email",
        "occurred_at": "ts",
        "channel": "channel",
        "campaign": "campaign",
    }
    return _write_part(con, "marketing_touches", source, exprs, cfg.out)


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
    nulls = _take(cols, picker.pick(_n_dirty(m, 0.002)))
    nulls["activity"][:] = -1
    cols = _concat([cols, nulls])
    texts = {k: _str(cols[k]) for k in ("platform", "handle", "email", "type", "body")}
    source = pa.table({"activity": cols["activity"], **texts, "ts": _ts(cols["ts"])})
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


# ----------------------------------------------------------------------------------------------
# firmographics and CRM
# ----------------------------------------------------------------------------------------------


def _firmographic_rows(pop: Population, cfg: Config, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One enrichment per corporate domain; orgs with engaged teams mostly fit the ICP."""
    k = len(pop.org_domain)
    fit = rng.random(k) < np.where(pop.org_best_tier == POWER, 0.75, 0.45)
    employees = np.where(
        fit, np.exp(rng.uniform(np.log(50), np.log(5000), k)), np.exp(rng.uniform(np.log(10), np.log(20000), k))
    ).astype(np.int64)
    employees = np.where(rng.random(k) < 0.08, -1, employees)  # -1: unknown (null)
    industry = np.where(
        fit & (rng.random(k) < 0.85),
        np.array(INDUSTRIES_ICP, dtype=object)[rng.integers(0, len(INDUSTRIES_ICP), k)],
        np.array(INDUSTRIES_OTHER, dtype=object)[rng.integers(0, len(INDUSTRIES_OTHER), k)],
    )
    industry = np.where(rng.random(k) < 0.05, None, industry)
    country = np.where(
        rng.random(k) < np.where(fit, 0.9, 0.5),
        np.array(COUNTRIES_ICP, dtype=object)[_categorical(rng, [8, 2, 2, 2, 1, 1, 1], k)],
        np.array(COUNTRIES_OTHER, dtype=object)[rng.integers(0, len(COUNTRIES_OTHER), k)],
    )
    country = np.where(rng.random(k) < 0.04, None, country)
    stage = np.where(
        fit,
        _categorical(rng, [1, 3, 3, 2, 2, 0.5, 1], k),  # over FUNDING_STAGES + null
        _categorical(rng, [4, 2, 1, 0.5, 0.5, 1, 3], k),
    )
    funding = np.array(FUNDING_STAGES + [None], dtype=object)[stage]
    days_ago = np.where(rng.random(k) < 0.35, rng.uniform(5, 150, k), rng.uniform(151, 1200, k))
    enriched = np.minimum(pop.org_first_created + rng.integers(HOUR, 2 * DAY, k), cfg.end_s)
    funded = stage < len(FUNDING_STAGES) - 1  # a known private round (not public, not null)
    return {
        "domain": pop.org_domain.copy(),
        "company": pop.org_company.copy(),
        "employees": employees,
        "industry": industry,
        "country": country,
        "funding": funding,
        "funded_at": np.where(funded, _round_before(enriched, days_ago), NO_TIME),
        "tech": _tech_stacks(fit, rng),
        "roles": np.where(rng.random(k) < 0.1, -1, rng.poisson(np.where(employees > 500, 9, 2))),
        "ts": enriched,
    }


def _round_before(enriched: np.ndarray, days_before: np.ndarray) -> np.ndarray:
    """Midnight of the day a funding round closed, `days_before` the enrichment that
    reports it (an enrichment cannot know later rounds)."""
    at = enriched - (days_before * DAY).astype(np.int64)
    return at - at % DAY


def _tech_stacks(fit: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Comma-separated tech stacks of mixed case; ICP-fit orgs include an ICP tool."""
    k = len(fit)
    sep = np.array([", ", ",", " , "], dtype=object)[_categorical(rng, [6, 3, 1], k)]
    n_icp = np.where(fit, rng.integers(1, 3, k), (rng.random(k) < 0.3).astype(np.int64))
    n_other = rng.integers(1, 4, k)
    icp_order = np.argsort(rng.random((k, len(TECH_ICP))), axis=1)  # distinct tools per org
    other_order = np.argsort(rng.random((k, len(TECH_OTHER))), axis=1)
    stack = np.full(k, "", dtype=object)
    for j in range(2):  # up to 2 ICP tools, then up to 3 others
        stack = _append_listed(stack, np.array(TECH_ICP, dtype=object)[icp_order[:, j]], j < n_icp, sep)
    for j in range(3):
        stack = _append_listed(stack, np.array(TECH_OTHER, dtype=object)[other_order[:, j]], j < n_other, sep)
    return np.where(rng.random(k) < 0.06, None, stack)


def _append_listed(stack: np.ndarray, item: np.ndarray, include: np.ndarray, sep: np.ndarray) -> np.ndarray:
    """Append `item` to a separated list where `include` holds."""
    joined = np.where(stack == "", item, stack + sep + item)
    return np.where(include, joined, stack)


def write_firmographics(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """firmographics: one enrichment per corporate domain, 15% re-enriched later with
    changed values; planted null domain, duplicate and negative employee count."""
    rng = _rng(cfg, "firmographics")
    cols = _firmographic_rows(pop, cfg, rng)
    k = len(cols["domain"])
    again = np.flatnonzero(rng.random(k) < 0.15)
    again = np.concatenate([again, again[rng.random(len(again)) < 0.4]])
    later = _take(cols, again)
    m = len(again)
    later["ts"] = later["ts"] + rng.integers(20 * DAY, 150 * DAY, m) + rng.integers(0, 2, m) * 60 * DAY
    keep = later["ts"] <= cfg.end_s
    later = _take(later, np.flatnonzero(keep))
    m = len(later["ts"])
    grown = np.minimum(later["employees"] * rng.uniform(0.9, 1.4, m), 20_000).astype(np.int64)
    later["employees"] = np.where(later["employees"] > 0, grown, later["employees"])
    later["roles"] = np.where(rng.random(m) < 0.5, rng.poisson(6, m), later["roles"])
    new_round = rng.random(m) < 0.3
    next_stage = np.array(["series_b", "series_c", "growth"], dtype=object)[rng.integers(0, 3, m)]
    later["funding"] = np.where(new_round, next_stage, later["funding"])
    later["funded_at"] = np.where(new_round, _round_before(later["ts"], rng.uniform(5, 120, m)), later["funded_at"])
    cols = _concat([cols, later])

    n = len(cols["domain"])
    if n:
        picker = Picker(n, rng)
        cols["employees"][picker.pick(1, cols["employees"] > 0)] *= -1
        cols = _with_duplicates(cols, picker.pick(_n_dirty(n, 0.005)), "ts", rng, max_shift=0, end_s=cfg.end_s)
        nulls = _take(cols, picker.pick(_n_dirty(n, 0.003)))
        nulls["domain"][:] = None
        cols = _concat([cols, nulls])
    source = pa.table(
        {
            **{c: _str(cols[c]) for c in ("domain", "company", "industry", "country", "funding", "tech")},
            "employees": pa.array(cols["employees"], mask=cols["employees"] == -1),
            "roles": pa.array(cols["roles"], mask=cols["roles"] == -1),
            "funded_at": _ts(cols["funded_at"]),
            "ts": _ts(cols["ts"]),
        }
    )
    exprs = {
        "domain": "domain",
        "company_name": "company",
        "employee_count": "employees",
        "industry": "industry",
        "country": "country",
        "funding_stage": "funding",
        "last_funding_at": "funded_at",
        "tech_stack": "tech",
        "open_engineering_roles": "roles",
        "enriched_at": "ts",
    }
    return _write_part(con, "firmographics", source, exprs, cfg.out)


def write_crm_opportunities(con: duckdb.DuckDBPyConnection, pop: Population, cfg: Config) -> int:
    """crm_opportunities: sales opportunities for some organizations (mostly engaged or
    paying ones) and a few outbound prospects unknown to the product."""
    rng = _rng(cfg, "crm_opportunities")
    k = len(pop.org_domain)
    p_opp = np.select([pop.org_best_tier == POWER, pop.org_best_tier == STEADY], [0.5, 0.12], 0.03)
    orgs = np.flatnonzero(rng.random(k) < p_opp)
    n_prospects = max(1, k // 50)
    m = len(orgs) + n_prospects
    domain = np.concatenate(
        [
            pop.org_domain[orgs],
            np.array(
                [f"prospect{i}-{COMPANY_SUFFIXES[i % len(COMPANY_SUFFIXES)]}.com" for i in range(n_prospects)],
                dtype=object,
            ),
        ]
    )
    created = np.concatenate(
        [
            pop.org_first_created[orgs] + (rng.uniform(5, 80, len(orgs)) * DAY).astype(np.int64),
            cfg.start_s + (rng.random(n_prospects) * (cfg.end_s - cfg.start_s)).astype(np.int64),
        ]
    )
    keep = created < cfg.end_s
    domain, created = domain[keep], created[keep]
    engaged = np.concatenate([pop.org_best_tier[orgs] == POWER, np.zeros(n_prospects, dtype=bool)])[keep]
    paying = np.concatenate([pop.org_pays[orgs], np.zeros(n_prospects, dtype=bool)])[keep]
    m = len(domain)

    closes = created + (rng.uniform(10, 90, m) * DAY).astype(np.int64)
    closed = closes <= cfg.end_s
    won = rng.random(m) < np.where(paying, 0.65, np.where(engaged, 0.45, 0.25))
    stage = np.where(
        closed,
        np.where(won, "closed_won", "closed_lost"),
        np.array(CRM_STAGES_OPEN, dtype=object)[rng.integers(0, 2, m)],
    ).astype(object)
    odd = rng.random(m) < 0.06
    shouted = np.char.upper(stage.astype(str)).astype(object)
    stage = np.where(odd & (stage == "closed_won"), " Closed_Won ", np.where(odd, shouted, stage))
    amount = np.round(rng.lognormal(np.log(24_000), 0.8, m), -2)
    amount = np.where(rng.random(m) < 0.08, np.nan, amount)
    source = np.where(
        engaged & (rng.random(m) < 0.6),
        "product_led",
        np.array(CRM_SOURCES[:3], dtype=object)[_categorical(rng, [2, 2, 1], m)],
    )
    r = rng.random(m)
    titled = np.array([d.title() for d in domain[r < 0.05]], dtype=object)  # a handful of rows
    shown = np.where(r < 0.08, np.char.upper(domain.astype(str)).astype(object), domain)
    shown[r < 0.05] = " " + titled + " "
    cols = {
        "opp": np.arange(m, dtype=np.int64),
        "domain": shown,
        "created": created,
        "closed": np.where(closed, closes, NO_TIME),
        "stage": stage.astype(object),
        "amount": amount,
        "source": source.astype(object),
    }
    if m:
        picker = Picker(m, rng)
        cols = _with_duplicates(cols, picker.pick(_n_dirty(m, 0.01)), "created", rng, max_shift=DAY, end_s=cfg.end_s)
        nulls = _take(cols, picker.pick(_n_dirty(m, 0.005)))
        nulls["opp"][:] = -1
        cols = _concat([cols, nulls])
    arrow = pa.table(
        {
            "opp": cols["opp"],
            "domain": _str(cols["domain"]),
            "created": _ts(cols["created"]),
            "closed": _ts(cols["closed"]),
            "stage": _str(cols["stage"]),
            "amount": pa.array(cols["amount"], mask=np.isnan(cols["amount"])),
            "source": _str(cols["source"]),
        }
    )
    exprs = {
        "opportunity_id": "seqid('opp_', opp)",
        "org_domain": "domain",
        "created_at": "created",
        "closed_at": "closed",
        "stage": "stage",
        "amount_usd": "amount",
        "source": "source",
    }
    return _write_part(con, "crm_opportunities", arrow, exprs, cfg.out)


# ----------------------------------------------------------------------------------------------
# entry point
# ----------------------------------------------------------------------------------------------

WRITERS: dict[str, Callable[[duckdb.DuckDBPyConnection, Population, Config], int]] = {
    "users": write_users,
    "accounts": write_accounts,
    "product_events": write_product_events,
    "web_pageviews": write_web_pageviews,
    "subscription_changes": write_subscription_changes,
    "marketing_touches": write_marketing_touches,
    "community_activity": write_community_activity,
    "firmographics": write_firmographics,
    "crm_opportunities": write_crm_opportunities,
}


def generate(cfg: Config) -> dict[str, int]:
    """Write all nine raw tables under `cfg.out` (replacing earlier output) and return
    the row count per table."""
    for table in RAW_SCHEMA:
        folder = cfg.out / table
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    pop = build_population(cfg)
    con = _connect()
    try:
        return {table: WRITERS[table](con, pop, cfg) for table in RAW_SCHEMA}
    finally:
        con.close()


def parse_args(argv: Sequence[str] | None = None) -> Config:
    """Command-line flags to a Config. With --events and no --users, the user count is
    derived from the event target so every table scales in proportion."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=None, help=f"number of users (default {DEFAULT_USERS})")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", type=Path, required=True, help="output folder, one sub-folder per table")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="last day of history, YYYY-MM-DD (default: today, UTC)",
    )
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help=f"days of history (default {DEFAULT_DAYS})")
    parser.add_argument(
        "--events", type=int, default=None, help="target total product events (other tables scale with it)"
    )
    args = parser.parse_args(argv)
    users = args.users
    if users is None:
        users = DEFAULT_USERS if args.events is None else max(50, round(args.events / EVENTS_PER_USER))
    if not 1 <= users <= MAX_USERS:
        parser.error(f"--users must be within 1..{MAX_USERS}")
    if args.days < 1:
        parser.error("--days must be positive")
    end_date = args.end_date or datetime.now(UTC).date()
    return Config(users=users, seed=args.seed, out=args.out, end_date=end_date, days=args.days, events=args.events)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point: generate and print a one-line summary."""
    cfg = parse_args(argv)
    started = time.perf_counter()
    counts = generate(cfg)
    summary = " ".join(f"{table}={rows:,}" for table, rows in counts.items())
    print(
        f"raw data -> {cfg.out} (seed {cfg.seed}, end {cfg.end_date}, {time.perf_counter() - started:.1f}s): {summary}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
