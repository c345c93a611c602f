"""Vocabulary of the demo story: names, titles, event and page catalogues, channels,
message texts and firmographic values."""

from __future__ import annotations

import numpy as np

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
# the variants with a bad API-call count (PV_COUNT_MISSING .. PV_COUNT_PLUS), planted on
# api_call events only
PV_BAD_COUNTS = tuple(range(PV_COUNT_MISSING, PV_COUNT_PLUS + 1))

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
