"""MetricFlow semantic layer (models/semantic/): `dbt parse` validates it, `mf query` answers it.

The fixture is a small, hand-built company (`sample_rows`): five accounts,
twelve users, three subscriptions, four conversions, every date relative to
an end instant so the same story can be told "today" (the orchestration
test needs fresh sources) or on a fixed date (here, for known answers).
The expected numbers below are worked out by hand from those rows.

`mf` reads `<project>/target/semantic_manifest.json` and has no flag for
another target path, so the test gives it a scratch project folder holding
the project file and the semantic manifest parsed into our own target path:
nothing is written into the shared `target/` others build in.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from plg_test_harness import PROJECT_DIR, build_warehouse

MF = PROJECT_DIR / ".venv" / "bin" / "mf"
RAW_TABLES = (
    "product_events",
    "web_pageviews",
    "users",
    "accounts",
    "subscription_changes",
    "marketing_touches",
    "community_activity",
    "firmographics",
    "crm_opportunities",
)

# The fixed end of the story used for known answers: Sunday 2024-06-30 18:00.
FIXED_END = datetime(2024, 6, 30, 18, 0)


# ------------------------------------------------------------------ sample data
def sample_rows(end: datetime) -> dict[str, list[dict[str, Any]]]:
    """A small company whose every timestamp is `end` minus an offset.

    Accounts (org domain): alpha (alpha.io, 300 employees, PQA routed to sales,
    team plan $100 -> $250, a closed-won deal), beta (beta.dev, 80 employees,
    PQA routed self-serve, team $50 then canceled), gamma (gamma.co, enterprise
    $500: excluded), delta (freemail only), eps (created three hours before
    `end`). Every source has a row close enough to `end` to pass
    `dbt source freshness` when `end` is now.
    """
    end_day = datetime(end.year, end.month, end.day)

    def d(days: int, hh: int = 9, mm: int = 0) -> datetime:
        """`days` calendar days before the end date, at hh:mm."""
        return end_day - timedelta(days=days) + timedelta(hours=hh, minutes=mm)

    def before_end(hours: float) -> datetime:
        return end - timedelta(hours=hours)

    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in RAW_TABLES}
    n = {"event": 0}

    def ev(
        name: str,
        at: datetime,
        user: str,
        account: str,
        props: dict[str, Any] | None = None,
        anonymous_id: str | None = None,
    ) -> None:
        n["event"] += 1
        rows["product_events"].append(
            {
                "event_id": f"ev_{n['event']:04d}",
                "event_name": name,
                "user_id": user,
                "anonymous_id": anonymous_id,
                "account_id": account,
                "occurred_at": at,
                "received_at": at + timedelta(seconds=5),
                "properties": json.dumps(props or {}),
            }
        )

    def user(
        user_id: str,
        account: str,
        email: str,
        signup: datetime,
        title: str | None = None,
        landing: dict[str, Any] | None = None,
    ) -> None:
        rows["users"].append(
            {
                "user_id": user_id,
                "account_id": account,
                "email": email,
                "job_title": title,
                "created_at": signup,
                "deleted_at": None,
            }
        )
        anon = None
        if landing is not None:  # an anonymous landing page view 20 minutes before signup
            anon = f"anon_{user_id}"
            rows["web_pageviews"].append(
                {
                    "pageview_id": f"pv_{user_id}_landing",
                    "anonymous_id": anon,
                    "user_id": None,
                    "occurred_at": signup - timedelta(minutes=20),
                    "received_at": signup - timedelta(minutes=20) + timedelta(seconds=1),
                    "url": landing.get("url", "https://devtool.example/"),
                    "referrer": landing.get("referrer"),
                }
            )
        ev("signed_up", signup, user_id, account, {"plan": "free"}, anonymous_id=anon)

    def deploy(user_id: str, account: str, at: datetime) -> None:
        ev("deployed", at, user_id, account, {"environment": "production"})

    def api(user_id: str, account: str, at: datetime, count: int) -> None:
        ev("api_call", at, user_id, account, {"count": count, "status": "success", "compute_units": 1.0})

    def account(account_id: str, name: str, created: datetime, creator: str) -> None:
        rows["accounts"].append(
            {"account_id": account_id, "account_name": name, "created_at": created, "created_by_user_id": creator}
        )

    def change(change_id: str, acc: str, at: datetime, plan: str, status: str, seats: int, mrr: str) -> None:
        rows["subscription_changes"].append(
            {
                "change_id": change_id,
                "subscription_id": f"sub_{acc}",
                "account_id": acc,
                "changed_at": at,
                "plan": plan,
                "status": status,
                "seats": seats,
                "mrr_usd": Decimal(mrr),
            }
        )

    def touch(touch_id: str, email: str, at: datetime, channel: str) -> None:
        rows["marketing_touches"].append(
            {
                "touch_id": touch_id,
                "anonymous_id": None,
                "email": email,
                "occurred_at": at,
                "channel": channel,
                "campaign": None,
            }
        )

    def community(activity_id: str, email: str, at: datetime, body: str) -> None:
        rows["community_activity"].append(
            {
                "activity_id": activity_id,
                "platform": "slack",
                "member_handle": email.split("@")[0],
                "email": email,
                "activity_type": "message",
                "body": body,
                "occurred_at": at,
            }
        )

    def pageview(pv_id: str, user_id: str, at: datetime, path: str) -> None:
        rows["web_pageviews"].append(
            {
                "pageview_id": pv_id,
                "anonymous_id": f"anon_{user_id}",
                "user_id": user_id,
                "occurred_at": at,
                "received_at": at + timedelta(seconds=1),
                "url": f"https://devtool.example{path}",
                "referrer": None,
            }
        )

    def firmo(
        domain: str, enriched: datetime, employees: int, industry: str, country: str, stage: str, stack: str
    ) -> None:
        rows["firmographics"].append(
            {
                "domain": domain,
                "company_name": domain.split(".")[0].title(),
                "employee_count": employees,
                "industry": industry,
                "country": country,
                "funding_stage": stage,
                "last_funding_at": None,
                "tech_stack": stack,
                "open_engineering_roles": 1,
                "enriched_at": enriched,
            }
        )

    cpc = {"url": "https://devtool.example/?utm_source=google&utm_medium=cpc&utm_campaign=brand"}

    # alpha: PQA routed to sales
    account("acc_alpha", "Alpha", d(120), "alpha_u1")
    user("alpha_u1", "acc_alpha", "alpha_u1@alpha.io", d(120), "CTO", landing=cpc)
    user("alpha_u2", "acc_alpha", "alpha_u2@alpha.io", d(100))
    user("alpha_u3", "acc_alpha", "alpha_u3@alpha.io", d(60))
    user("alpha_u4", "acc_alpha", "alpha_u4@alpha.io", d(20))
    deploy("alpha_u1", "acc_alpha", d(120, 11))  # 120 minutes to first value
    deploy("alpha_u2", "acc_alpha", d(99))  # 1440
    deploy("alpha_u3", "acc_alpha", d(45))  # 21600: 15 days, not activated
    ev("project_created", d(85), "alpha_u1", "acc_alpha", {"project_id": "p1"})
    ev("invite_sent", d(101), "alpha_u1", "acc_alpha", {"invitee_email": "alpha_u2@alpha.io"})
    ev("feature_viewed", d(9), "alpha_u1", "acc_alpha", {"feature": "sso"})
    ev("rate_limit_hit", d(92), "alpha_u1", "acc_alpha", {"limit": "requests"})  # a signal before paying
    for u in ("alpha_u1", "alpha_u2", "alpha_u4"):
        api(u, "acc_alpha", d(20, 11), 500)
        api(u, "acc_alpha", d(10, 11), 500)
    pageview("pv_alpha_pricing", "alpha_u1", d(8, 14), "/pricing")
    pageview("pv_alpha_security", "alpha_u2", d(7, 14), "/security")
    touch("mt_alpha_email", "alpha_u2@alpha.io", d(95), "Email")
    community("ca_alpha_question", "alpha_u3@alpha.io", d(35), "How do I configure the terraform provider?")
    community(
        "ca_alpha_timeline",
        "alpha_u1@alpha.io",
        d(5),
        "We plan to roll out to the whole org next quarter, decision by the end of the month",
    )
    change("ch_alpha_1", "acc_alpha", d(90), "team", "active", 3, "100.00")
    change("ch_alpha_2", "acc_alpha", d(20), "team", "active", 5, "250.00")
    firmo("alpha.io", d(5, 6), 300, "Software", "US", "series_b", "kubernetes, aws")
    rows["crm_opportunities"].append(
        {
            "opportunity_id": "opp_alpha",
            "org_domain": "Alpha.io",
            "created_at": d(40),
            "closed_at": d(25, 10),
            "stage": "Closed_Won",
            "amount_usd": Decimal("12000.00"),
            "source": "product_led",
        }
    )

    # beta: PQA routed self-serve (80 employees), paid then canceled
    account("acc_beta", "Beta", d(95, 10), "beta_u1")
    user(
        "beta_u1",
        "acc_beta",
        "beta_u1@beta.dev",
        d(95, 10),
        "Head of Engineering",
        landing={"url": "https://devtool.example/docs/quickstart", "referrer": "https://github.com/beta/repo"},
    )
    user("beta_u2", "acc_beta", "beta_u2@beta.dev", d(80, 10))
    user("beta_u3", "acc_beta", "beta_u3@beta.dev", d(40, 10))
    deploy("beta_u1", "acc_beta", d(95, 10, 30))  # 30
    deploy("beta_u2", "acc_beta", d(78, 10))  # 2880
    deploy("beta_u3", "acc_beta", d(40, 16))  # 360
    ev("invite_sent", d(41), "beta_u1", "acc_beta", {"invitee_email": "beta_u3@beta.dev"})
    ev("invite_accepted", d(40, 10, 5), "beta_u3", "acc_beta", {"inviter_user_id": "beta_u1"})
    ev("rate_limit_hit", d(6), "beta_u2", "acc_beta", {"limit": "requests"})
    for u in ("beta_u1", "beta_u2", "beta_u3"):
        api(u, "acc_beta", d(15, 11), 400)
        api(u, "acc_beta", d(5, 11), 400)
    touch("mt_beta_webinar", "beta_u2@beta.dev", d(82), " Webinar ")
    change("ch_beta_1", "acc_beta", d(70), "team", "active", 2, "50.00")
    change("ch_beta_2", "acc_beta", d(35), "team", "canceled", 2, "50.00")
    firmo("beta.dev", d(60), 80, "Developer Tools", "DE", "seed", "terraform")
    rows["crm_opportunities"].append(
        {
            "opportunity_id": "opp_beta",
            "org_domain": "beta.dev",
            "created_at": d(5),
            "closed_at": None,
            "stage": "discovery",
            "amount_usd": None,
            "source": "inbound",
        }
    )

    # gamma: enterprise customer (excluded from PQA)
    account("acc_gamma", "Gamma", d(65, 8), "gamma_u1")
    user("gamma_u1", "acc_gamma", "gamma_u1@gamma.co", d(65, 8), "VP Engineering")
    user("gamma_u2", "acc_gamma", "gamma_u2@gamma.co", d(50, 8))
    deploy("gamma_u1", "acc_gamma", d(64, 8))  # 1440
    api("gamma_u1", "acc_gamma", d(12, 11), 200)
    ev("feature_viewed", d(55), "gamma_u1", "acc_gamma", {"feature": "audit_logs"})  # before paying
    touch("mt_gamma_social", "gamma_u1@gamma.co", d(66), "paid_social")
    change("ch_gamma_1", "acc_gamma", d(50), "enterprise", "active", 10, "500.00")
    firmo("gamma.co", d(100), 1500, "Internet", "US", "series_c", "aws")

    # delta: freemail only, no org
    account("acc_delta", "Delta", d(30, 12), "delta_u1")
    user("delta_u1", "acc_delta", "delta.one@gmail.com", d(30, 12))
    user("delta_u2", "acc_delta", "delta.two@gmail.com", d(28, 12))
    deploy("delta_u1", "acc_delta", d(30, 12, 45))  # 45
    api("delta_u1", "acc_delta", d(25, 11), 100)
    api("delta_u1", "acc_delta", d(8, 11), 100)
    touch("mt_delta_newsletter", "delta.one@gmail.com", d(2), "email")

    # eps: signed up three hours before the end
    account("acc_eps", "Eps", before_end(3), "eps_u1")
    user("eps_u1", "acc_eps", "eps_u1@eps.io", before_end(3), landing=cpc)
    deploy("eps_u1", "acc_eps", before_end(2))  # 60
    api("eps_u1", "acc_eps", before_end(1.5), 50)
    pageview("pv_eps_docs", "eps_u1", before_end(1), "/docs/getting-started")
    return rows


# ------------------------------------------------------------------ answers by hand (FIXED_END)
EXPECTED_SIGNUPS_BY_MONTH = {"2024-03-01": 3, "2024-04-01": 2, "2024-05-01": 4, "2024-06-01": 3}
EXPECTED_ACTIVATION_RATE = 8 / 12  # all but alpha_u3 (15 days), alpha_u4, gamma_u2, delta_u2
EXPECTED_MEDIAN_TTFV = 360.0  # of 30, 45, 60, 120, 360, 1440, 1440, 2880, 21600
EXPECTED_PQA = 2  # alpha (sales) and beta (self_serve)
EXPECTED_MRR_BY_MONTH = {"2024-04-01": 150, "2024-05-01": 600, "2024-06-01": 750}
EXPECTED_NRR = {
    ("2024-03-01", "2024-04-01"): 1.0,
    ("2024-03-01", "2024-05-01"): 100 / 150,
    ("2024-03-01", "2024-06-01"): 250 / 150,
    ("2024-04-01", "2024-05-01"): 1.0,
    ("2024-04-01", "2024-06-01"): 1.0,
}
EXPECTED_FIRST_TOUCH_REVENUE = {"paid_search": 1200, "github": 600, "paid_social": 6000, "email": 12000}
EXPECTED_LINEAR_REVENUE = {
    "paid_search": 600,
    "email": 6600,
    "github": 300,
    "webinar": 300,
    "paid_social": 6000,
    "community": 6000,
}

SEMANTIC_MODELS = {
    "users",
    "accounts",
    "pqa_accounts",
    "mrr_months",
    "expansion_cohorts",
    "attribution_touches",
    "conversions",
    "revenue_retention",
    "organizations",
    "enterprise_expansion",
}
REQUIRED_METRICS = {
    "signups",
    "activation_rate",
    "median_time_to_first_value_minutes",
    "pqa_count",
    "mrr",
    "net_revenue_retention",
    "gross_revenue_retention",
    "logo_retention",
    "cohort_net_revenue_retention",
    "expansion_candidates",
    "paying_organizations",
    "credited_revenue_first_touch",
    "credited_revenue_last_touch",
    "credited_revenue_linear",
    "credited_revenue_time_decay",
    "credited_revenue_position_based",
}


# ------------------------------------------------------------------ fixtures
def build_sample_warehouse(tmp_path_factory):
    """The fixed-date sample built once per session (shared with test_report.py)."""
    return build_warehouse(tmp_path_factory, "ops_sample", sample_rows(FIXED_END))


@pytest.fixture(scope="session")
def sample_wh(tmp_path_factory):
    return build_sample_warehouse(tmp_path_factory)


@pytest.fixture(scope="module")
def semantic_manifest(sample_wh) -> dict:
    return json.loads((sample_wh.work_dir / "target" / "semantic_manifest.json").read_text())


@pytest.fixture(scope="module")
def mf_env(sample_wh, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A scratch project folder for `mf` (dbt_project.yml + our semantic manifest) and its environment."""
    if not MF.exists():
        pytest.skip(f"MetricFlow CLI not installed at {MF}")
    scratch = tmp_path_factory.mktemp("mf_project")
    shutil.copy(PROJECT_DIR / "dbt_project.yml", scratch / "dbt_project.yml")
    (scratch / "target").mkdir()
    shutil.copy(sample_wh.work_dir / "target" / "semantic_manifest.json", scratch / "target" / "semantic_manifest.json")
    env = {
        **os.environ,
        "DBT_PROJECT_DIR": str(scratch),
        "DBT_PROFILES_DIR": os.environ.get("PLG_TEST_PROFILES_DIR", str(PROJECT_DIR)),
        "PLG_PROJECT_DIR": str(PROJECT_DIR),
        "PLG_DUCKDB_PATH": str(sample_wh.db_path),
        "PLG_TEMP_DIR": str(scratch / "duckdb_tmp"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    return scratch, env


# Queries answered through MetricFlow's Python API (one process, one engine).
API_QUERIES = {
    "by_month": {
        "metrics": ["signups", "activated_users", "mrr", "net_new_mrr", "new_mrr", "expansion_mrr", "churned_mrr"],
        "group_by": ["metric_time__month"],
    },
    "mrr_by_quarter": {"metrics": ["mrr"], "group_by": ["metric_time__quarter"]},
    "nrr": {
        "metrics": ["cohort_net_revenue_retention"],
        "group_by": ["metric_time__month", "expansion_cohort__months_since_creation"],
    },
    "spend_tiers": {
        "metrics": ["paying_organizations", "expansion_candidates"],
        "group_by": ["expansion_organization__spend_tier"],
    },
    "credit": {
        "metrics": [
            "credited_revenue_first_touch",
            "credited_revenue_last_touch",
            "credited_revenue_linear",
            "credited_revenue_time_decay",
            "credited_revenue_position_based",
        ],
        "group_by": ["attribution_touch__channel"],
    },
    "totals": {"metrics": ["conversion_revenue", "conversions", "credited_revenue_time_decay"], "group_by": []},
    "pqa_by_route": {"metrics": ["pqa_count"], "group_by": ["pqa_account__route"]},
}

API_SCRIPT = """
import json, sys
from dbt_metricflow.cli.cli_configuration import CLIConfiguration
from metricflow.engine.metricflow_engine import MetricFlowQueryRequest
cfg = CLIConfiguration()
cfg.setup(configure_file_logging=False)
out = {}
for name, q in json.loads(sys.argv[1]).items():
    result = cfg.mf.query(MetricFlowQueryRequest.create(metric_names=q["metrics"], group_by_names=q["group_by"] or None))
    table = result.result_df
    out[name] = [dict(zip(table.column_names, [str(v) if v is not None else None for v in row])) for row in table.rows]
print("MF_JSON" + json.dumps(out))
"""


@pytest.fixture(scope="module")
def mf_api(mf_env) -> dict[str, list[dict[str, str | None]]]:
    scratch, env = mf_env
    python = PROJECT_DIR / ".venv" / "bin" / "python"
    proc = subprocess.run(
        [str(python), "-c", API_SCRIPT, json.dumps(API_QUERIES)],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    marker = [line for line in proc.stdout.splitlines() if line.startswith("MF_JSON")]
    assert proc.returncode == 0 and marker, f"MetricFlow API failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return json.loads(marker[-1].removeprefix("MF_JSON"))


def _month(value: str | None) -> str:
    return str(value)[:10]


def _num(value: str | None) -> float | None:
    return None if value in (None, "None", "") else float(value)


# ------------------------------------------------------------------ dbt parse validates the layer
def test_dbt_parse_registers_semantic_models_metrics_and_time_spine(semantic_manifest):
    assert SEMANTIC_MODELS <= {m["name"] for m in semantic_manifest["semantic_models"]}
    assert REQUIRED_METRICS <= {m["name"] for m in semantic_manifest["metrics"]}
    spines = semantic_manifest["project_configuration"]["time_spines"]
    assert [
        (s["node_relation"]["alias"], s["primary_column"]["name"], s["primary_column"]["time_granularity"])
        for s in spines
    ] == [("metricflow_time_spine", "date_day", "day")]


def test_time_spine_is_built_with_one_row_per_day(sample_wh):
    first, last, days, distinct = sample_wh.sql(
        "select min(date_day), max(date_day), count(*), count(distinct date_day) from semantic.metricflow_time_spine"
    )[0]
    assert (str(first), str(last)) == ("2015-01-01", "2035-12-31")
    assert days == distinct == (date(2035, 12, 31) - date(2015, 1, 1)).days + 1


# ------------------------------------------------------------------ mf query (the CLI)
def test_mf_query_cli_headline_metrics(mf_env, tmp_path):
    scratch, env = mf_env
    out_csv = tmp_path / "headline.csv"
    proc = subprocess.run(
        [
            str(MF),
            "query",
            "--metrics",
            "signups,activation_rate,median_time_to_first_value_minutes,pqa_count",
            "--csv",
            str(out_csv),
            "--quiet",
        ],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and out_csv.exists(), proc.stdout[-3000:] + proc.stderr[-3000:]
    (row,) = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert int(float(row["signups"])) == 12
    assert float(row["activation_rate"]) == pytest.approx(EXPECTED_ACTIVATION_RATE)
    assert float(row["median_time_to_first_value_minutes"]) == pytest.approx(EXPECTED_MEDIAN_TTFV)
    assert int(float(row["pqa_count"])) == EXPECTED_PQA


# ------------------------------------------------------------------ Python API, known answers
def test_signups_and_mrr_by_month(mf_api):
    rows = {_month(r["metric_time__month"]): r for r in mf_api["by_month"]}
    assert {m: int(_num(r["signups"]) or 0) for m, r in rows.items() if _num(r["signups"])} == EXPECTED_SIGNUPS_BY_MONTH
    assert {m: _num(r["mrr"]) for m, r in rows.items() if r["mrr"] is not None} == EXPECTED_MRR_BY_MONTH
    assert _num(rows["2024-05-01"]["churned_mrr"]) == -50
    assert _num(rows["2024-05-01"]["new_mrr"]) == 500
    assert _num(rows["2024-06-01"]["expansion_mrr"]) == 150
    # the bridge balances: net new MRR is the month-over-month change of MRR
    assert _num(rows["2024-06-01"]["net_new_mrr"]) == 750 - 600


def test_mrr_is_not_summed_across_months(mf_api):
    (row,) = mf_api["mrr_by_quarter"]
    assert _month(row["metric_time__quarter"]) == "2024-04-01"
    assert _num(row["mrr"]) == 750  # June's MRR, not 150 + 600 + 750


def test_net_revenue_retention_by_cohort(mf_api, sample_wh):
    got = {}
    for r in mf_api["nrr"]:
        cohort = _month(r["metric_time__month"])
        month = date.fromisoformat(cohort)
        offset = int(r["expansion_cohort__months_since_creation"])
        calendar = date(month.year + (month.month - 1 + offset) // 12, (month.month - 1 + offset) % 12 + 1, 1)
        if r["cohort_net_revenue_retention"] is not None:
            got[(cohort, calendar.isoformat())] = _num(r["cohort_net_revenue_retention"])
    assert got == pytest.approx(EXPECTED_NRR)
    mart = {
        (str(c), str(m)): n
        for c, m, n in sample_wh.sql(
            "select cohort_month, month_start, net_revenue_retention from marts.mart_expansion_cohorts "
            "where net_revenue_retention is not null"
        )
    }
    assert got == pytest.approx(mart)


def test_credited_revenue_by_channel_and_model(mf_api, sample_wh):
    rows = {r["attribution_touch__channel"]: r for r in mf_api["credit"]}
    first = {
        c: _num(r["credited_revenue_first_touch"]) for c, r in rows.items() if _num(r["credited_revenue_first_touch"])
    }
    linear = {c: _num(r["credited_revenue_linear"]) for c, r in rows.items() if _num(r["credited_revenue_linear"])}
    assert first == pytest.approx(EXPECTED_FIRST_TOUCH_REVENUE)
    assert linear == pytest.approx(EXPECTED_LINEAR_REVENUE)
    # every model, every channel agrees with the channel mart to the cent
    for channel, model, revenue in sample_wh.sql(
        "select channel, attribution_model, credited_revenue_usd from marts.mart_channel_attribution"
    ):
        assert _num(rows[channel][f"credited_revenue_{model}"]) == pytest.approx(float(revenue), abs=0.01)
    (totals,) = mf_api["totals"]
    assert _num(totals["conversion_revenue"]) == 19800
    assert int(_num(totals["conversions"])) == 4
    assert _num(totals["credited_revenue_time_decay"]) == pytest.approx(19800)


def test_pqa_count_by_route(mf_api, sample_wh):
    got = {r["pqa_account__route"]: int(_num(r["pqa_count"])) for r in mf_api["pqa_by_route"]}
    assert got.get("sales") == 1 and got.get("self_serve") == 1
    assert sum(got.values()) == sample_wh.sql("select count(*) from marts.mart_pqa where is_pqa")[0][0] == EXPECTED_PQA


def test_organizations_by_spend_tier_and_candidates(mf_api, sample_wh):
    got = {
        r["expansion_organization__spend_tier"]: (
            int(_num(r["paying_organizations"])),
            int(_num(r["expansion_candidates"])),
        )
        for r in mf_api["spend_tiers"]
    }
    mart = {
        str(tier): (n, c)
        for tier, n, c in sample_wh.sql(
            "select spend_tier, count(*), count(*) filter (where is_expansion_candidate) "
            "from marts.mart_enterprise_expansion group by spend_tier"
        )
    }
    assert {str(k): v for k, v in got.items()} == mart
    # alpha ($250), beta (canceled: not paying) and gamma ($500 enterprise): two paying organizations
    assert sum(n for n, _ in mart.values()) == 2
