#!/usr/bin/env python3
"""Write the PLG report: one static HTML file that needs no network to open.

usage: scripts/build_report.py [--db target/published/plg_marts.duckdb] [--out target/report/plg_report.html]

Reads the public marts (contract section 9) from the published warehouse, or
from `target/plg.duckdb` when the published file does not exist, and writes
one HTML file holding the data, the charts as Vega-Lite specs (built with
Altair), the Vega / Vega-Lite / vega-embed bundle (vl-convert) and the table
and filter code (scripts/report_assets/report.js), all inlined behind a
Content-Security-Policy that forbids every network load and eval.

The page is a list of headline numbers (`KPIS`) and a list of sections
(`SECTIONS`), each a chart or a table built from the data `READERS` read.
A new section is one reader (if it needs new data), one builder function
and one `Section` entry; a new headline number is one `Kpi` entry.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import html
import json
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import altair as alt
import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
ASSETS = Path(__file__).resolve().parent / "report_assets"
PUBLISHED_DB = Path("target/published/plg_marts.duckdb")
FALLBACK_DB = Path("target/plg.duckdb")
DEFAULT_OUT = Path("target/report/plg_report.html")
ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based"]
MOVEMENTS = ["new", "expansion", "reactivation", "contraction", "churn"]
SMALL_CELL_COLOR = "#e4e7eb"
WIDE, HALF = 1040, 470

# time-to-first-value buckets: (label, lower minute bound inclusive, upper exclusive)
TTFV_BUCKETS = [
    ("< 15 min", 0, 15),
    ("15-60 min", 15, 60),
    ("1-4 h", 60, 240),
    ("4-24 h", 240, 1440),
    ("1-3 d", 1440, 4320),
    ("3-7 d", 4320, 10080),
    ("7-14 d", 10080, 20160),
    ("> 14 d", 20160, None),
]


class MissingMart(RuntimeError):
    """A public mart the report needs is not in the warehouse."""


def jsonable(value: Any) -> Any:
    """DuckDB values -> JSON: decimals as floats, dates and timestamps as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def project_var(name: str, default: Any) -> Any:
    """A var default from dbt_project.yml (the report uses the same numbers as the models)."""
    try:
        import yaml

        return (yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text()).get("vars") or {}).get(name, default)
    except Exception:  # the report must not fail on a label
        return default


class Marts:
    """Read-only access to the public marts, wherever their schema is (marts. or the published file's)."""

    def __init__(self, db_path: Path):
        self.con = duckdb.connect(str(db_path), read_only=True)
        rows = self.con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        self.tables: dict[str, str] = {}
        for schema, table in sorted(rows, key=lambda r: (r[0] != "marts", r[0])):
            self.tables.setdefault(table, f'"{schema}"."{table}"')

    def table(self, name: str) -> str:
        if name not in self.tables:
            raise MissingMart(name)
        return self.tables[name]

    def rows(self, sql: str) -> list[dict[str, Any]]:
        cur = self.con.execute(sql)
        names = [d[0] for d in cur.description]
        return [{n: jsonable(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


# ------------------------------------------------------------------ data: one reader per dataset
def read_funnel(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select signup_week, acquisition_channel, signups, activated_users, activation_rate,
               median_time_to_first_value_minutes, retained_d30_users
        from {m.table("mart_activation_funnel")}
        order by signup_week, acquisition_channel""")


def read_ttfv(m: Marts) -> list[dict[str, Any]]:
    """Users with a first value: channel and minutes to it (bucketed in Python, one bucket list)."""
    return m.rows(f"""
        select acquisition_channel, time_to_first_value_minutes as minutes
        from {m.table("mart_activation")}
        where time_to_first_value_minutes is not null""")


def read_pqa(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select pqa.account_id, accounts.account_name, pqa.org_domain, pqa.route, pqa.intent_tier,
               pqa.signal_score, pqa.active_users_30d, pqa.api_requests_30d, pqa.contact_email,
               pqa.contact_persona, pqa.first_qualified_at, pqa.reason, pqa.as_of_date
        from {m.table("mart_pqa")} as pqa
        left join {m.table("dim_accounts")} as accounts on pqa.account_id = accounts.account_id
        where pqa.is_pqa
        order by pqa.route = 'sales' desc, pqa.signal_score desc, pqa.account_id""")


def read_expansion_candidates(m: Marts) -> list[dict[str, Any]]:
    """Accounts whose team formed but that pay for no team yet, with today's PQA route and intent tier."""
    return m.rows(f"""
        select expansion.account_id, accounts.account_name, accounts.org_domain, expansion.users_total,
               expansion.team_formed_at, expansion.current_plan, expansion.current_mrr_usd,
               expansion.is_champion_retained, expansion.account_age_days,
               pqa.route, pqa.intent_tier, pqa.signal_score
        from {m.table("mart_account_expansion")} as expansion
        left join {m.table("dim_accounts")} as accounts on expansion.account_id = accounts.account_id
        left join {m.table("mart_pqa")} as pqa on expansion.account_id = pqa.account_id
        where expansion.is_team_formed and expansion.paid_team_at is null
        order by expansion.users_total desc, expansion.account_id""")


def read_mrr_bridge(m: Marts) -> list[dict[str, Any]]:
    movements = ", ".join(
        f"sum(case when movement_type = '{t}' then movement_usd else 0 end) as \"{t}\"" for t in MOVEMENTS
    )
    return m.rows(f"""
        select month_start as month, sum(mrr_usd) as mrr, {movements}
        from {m.table("fct_mrr_movements")}
        group by month_start
        order by month_start""")


def read_cohorts(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select cohort_month, months_since_creation, cohort_accounts, paying_accounts, mrr_usd, net_revenue_retention
        from {m.table("mart_expansion_cohorts")}
        order by cohort_month, months_since_creation""")


def read_revenue_retention(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select month_start, base_accounts, starting_mrr_usd, ending_mrr_usd,
               net_revenue_retention, gross_revenue_retention, logo_retention
        from {m.table("mart_revenue_retention")}
        order by month_start""")


def read_organization_candidates(m: Marts) -> list[dict[str, Any]]:
    """Organizations that are enterprise expansion candidates, with their reason line."""
    return m.rows(f"""
        select expansion.org_domain, organizations.company_name, organizations.accounts,
               expansion.active_users_30d, expansion.paid_team_accounts, expansion.annual_spend_usd,
               cast(expansion.spend_tier as varchar) as spend_tier, expansion.next_threshold_usd,
               expansion.months_to_next_threshold, expansion.champion_persona, expansion.reason
        from {m.table("mart_enterprise_expansion")} as expansion
        left join {m.table("dim_organizations")} as organizations
            on expansion.org_domain = organizations.org_domain
        where expansion.is_expansion_candidate
        order by expansion.annual_spend_usd desc, expansion.org_domain""")


def read_channel_credit(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select channel, attribution_model, credited_conversions, credited_revenue_usd
        from {m.table("mart_channel_attribution")}
        order by channel, attribution_model""")


READERS: dict[str, Callable[[Marts], list[dict[str, Any]]]] = {
    "funnel": read_funnel,
    "ttfv": read_ttfv,
    "pqa": read_pqa,
    "expansion_candidates": read_expansion_candidates,
    "mrr_bridge": read_mrr_bridge,
    "cohorts": read_cohorts,
    "revenue_retention": read_revenue_retention,
    "organization_candidates": read_organization_candidates,
    "channel_credit": read_channel_credit,
}
# every model the readers query: the report exposure (models/marts/_marts__exposures.yml) lists the same
MARTS_READ = (
    "dim_accounts",
    "dim_organizations",
    "fct_mrr_movements",
    "mart_account_expansion",
    "mart_activation",
    "mart_activation_funnel",
    "mart_channel_attribution",
    "mart_enterprise_expansion",
    "mart_expansion_cohorts",
    "mart_pqa",
    "mart_revenue_retention",
)


@dataclass
class ReportData:
    """Every dataset plus the settings the page is drawn with."""

    sets: dict[str, list[dict[str, Any]]]
    as_of_date: str | None
    activation_window_days: int
    min_cell_size: int
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> list[dict[str, Any]]:
        return self.sets[key]


def collect(db_path: Path, min_cell_size: int) -> ReportData:
    """Every dataset; a missing mart gives empty data and a warning, not a crash."""
    marts = Marts(db_path)
    sets: dict[str, list[dict[str, Any]]] = {}
    warnings: list[str] = []
    try:
        for key, read in READERS.items():
            try:
                sets[key] = read(marts)
            except MissingMart as missing:
                warnings.append(f"mart {missing} not found in {db_path}: the {key} section is empty")
                sets[key] = []
        as_of = None
        if "mart_pqa" in marts.tables:
            as_of = marts.con.execute(f"select max(as_of_date) from {marts.table('mart_pqa')}").fetchone()[0]
    finally:
        marts.close()
    return ReportData(
        sets=sets,
        as_of_date=jsonable(as_of),
        activation_window_days=int(project_var("activation_window_days", 14)),
        min_cell_size=min_cell_size,
        warnings=warnings,
    )


# ------------------------------------------------------------------ headline numbers
@dataclass(frozen=True)
class Headline:
    value: str
    label: str
    explanation: str  # one line: definition and window
    is_small: bool = False  # a rate over fewer than report_min_cell_size members


@dataclass(frozen=True)
class Kpi:
    compute: Callable[[ReportData], Headline]


def minutes_text(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:.0f} min" if v < 60 else f"{v / 60:.1f} h" if v < 1440 else f"{v / 1440:.1f} d"


def weeks_window(data: ReportData) -> str:
    weeks = sorted({r["signup_week"] for r in data["funnel"]})
    return f"signup weeks {weeks[0]} to {weeks[-1]}" if weeks else "no signups"


def kpi_signups(data: ReportData) -> Headline:
    signups = sum(r["signups"] for r in data["funnel"])
    return Headline(f"{signups:,}", "signups", f"Users who signed up, {weeks_window(data)}.")


def kpi_activation_rate(data: ReportData) -> Headline:
    signups = sum(r["signups"] for r in data["funnel"])
    activated = sum(r["activated_users"] for r in data["funnel"])
    small = signups < data.min_cell_size
    value = "–" if not signups else f"n<{data.min_cell_size}" if small else f"{activated / signups:.0%}"
    return Headline(
        value,
        "activation rate",
        f"Signups whose first deploy came within {data.activation_window_days} days of signup, {weeks_window(data)}.",
        is_small=small,
    )


def kpi_median_ttfv(data: ReportData) -> Headline:
    minutes = [r["minutes"] for r in data["ttfv"]]
    median = statistics.median(minutes) if minutes else None
    return Headline(
        minutes_text(median),
        "median time to first value",
        f"Median time from signup to first deploy over the {len(minutes):,} users who deployed, all signup weeks.",
    )


def kpi_pqa(data: ReportData) -> Headline:
    sales = sum(1 for r in data["pqa"] if r["route"] == "sales")
    return Headline(
        f"{len(data['pqa'])} ({sales} sales)",
        "product-qualified accounts",
        f"Accounts meeting the usage, fit and intent criteria on {data.as_of_date}; in brackets those routed to sales.",
    )


def kpi_mrr(data: ReportData) -> Headline:
    last = data["mrr_bridge"][-1] if data["mrr_bridge"] else None
    return Headline(
        f"${last['mrr']:,.0f}" if last else "–",
        "MRR, latest month",
        f"Monthly recurring revenue of all accounts at the end of {last['month'][:7] if last else '–'}.",
    )


def kpi_revenue_retention(data: ReportData) -> Headline:
    """Trailing-12-month NRR with GRR beside it, from the latest month of mart_revenue_retention."""
    months = [r for r in data["revenue_retention"] if r["net_revenue_retention"] is not None]
    if not months:
        return Headline("–", "NRR / GRR, trailing 12 months", "No month has accounts that paid 12 months earlier yet.")
    last = months[-1]
    month = last["month_start"][:7]
    return Headline(
        f"{last['net_revenue_retention']:.0%} / {last['gross_revenue_retention']:.0%}",
        "NRR / GRR, trailing 12 months",
        f"MRR at the end of {month} of the {last['base_accounts']} accounts paying 12 months earlier, over their "
        f"MRR then; GRR counts no account above its earlier MRR.",
    )


KPIS: list[Kpi] = [
    Kpi(kpi_signups),
    Kpi(kpi_activation_rate),
    Kpi(kpi_median_ttfv),
    Kpi(kpi_pqa),
    Kpi(kpi_mrr),
    Kpi(kpi_revenue_retention),
]


# ------------------------------------------------------------------ sections: charts (Vega-Lite) and tables
CHANNEL_FILTER = "channel == 'all' || datum.acquisition_channel == channel"


def channel_param() -> alt.Parameter:
    """The `channel` signal of the activation charts, set by the page's channel <select>."""
    return alt.param(name="channel", value="all")


def chart_funnel(data: ReportData) -> alt.TopLevelMixin:
    stages = [("signups", "signed up"), ("activated_users", "activated"), ("retained_d30_users", "retained d30")]
    rows = [
        {"acquisition_channel": r["acquisition_channel"], "stage": label, "users": r[key]}
        for r in data["funnel"]
        for key, label in stages
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("acquisition_channel:N", title=None, axis=alt.Axis(labelAngle=-30)),
            xOffset=alt.XOffset("stage:N", sort=[s for _, s in stages]),
            y=alt.Y("sum(users):Q", title="users"),
            color=alt.Color("stage:N", sort=[s for _, s in stages], legend=alt.Legend(orient="top")),
            tooltip=["acquisition_channel:N", "stage:N", alt.Tooltip("sum(users):Q", title="users")],
        )
        .add_params(channel_param())
        .transform_filter(CHANNEL_FILTER)
        .properties(width=HALF - 80, height=240)
    )


def small_label(rate: float | None, members: int, min_size: int) -> str:
    if members < min_size:
        return f"n<{min_size}"
    return "–" if rate is None else f"{rate:.0%}"


def chart_activation_heatmap(data: ReportData) -> alt.TopLevelMixin:
    rows = [
        {
            **r,
            "is_small": r["signups"] < data.min_cell_size,
            "label": small_label(r["activation_rate"], r["signups"], data.min_cell_size),
        }
        for r in data["funnel"]
    ]
    base = (
        alt.Chart(alt.Data(values=rows))
        .encode(
            x=alt.X("signup_week:O", title="signup week", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("acquisition_channel:N", title=None),
        )
        .transform_filter(CHANNEL_FILTER)
    )
    cells = base.mark_rect().encode(
        color=alt.condition(
            "datum.is_small",
            alt.value(SMALL_CELL_COLOR),
            alt.Color(
                "activation_rate:Q",
                title="activation rate",
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
                legend=alt.Legend(format=".0%"),
            ),
        ),
        tooltip=[
            "signup_week:O",
            "acquisition_channel:N",
            "signups:Q",
            "activated_users:Q",
            alt.Tooltip("activation_rate:Q", format=".0%"),
            alt.Tooltip("label:N", title="shown"),
        ],
    )
    text = base.mark_text(fontSize=9).encode(
        text="label:N", color=alt.condition("datum.is_small", alt.value("#7b8794"), alt.value("#1f2933"))
    )
    return alt.layer(cells, text).add_params(channel_param()).properties(width=WIDE - 220, height=alt.Step(22))


def chart_ttfv(data: ReportData) -> alt.TopLevelMixin:
    window_minutes = data.activation_window_days * 1440
    rows = []
    for r in data["ttfv"]:
        for label, lo, hi in TTFV_BUCKETS:
            if r["minutes"] >= lo and (hi is None or r["minutes"] < hi):
                within = hi is not None and hi <= window_minutes
                rows.append(
                    {
                        "acquisition_channel": r["acquisition_channel"],
                        "bucket": label,
                        "window": "within activation window" if within else "after it",
                    }
                )
                break
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X(
                "bucket:N",
                sort=[b[0] for b in TTFV_BUCKETS],
                title="time from signup to first deploy",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("count():Q", title="users"),
            color=alt.Color(
                "window:N",
                scale=alt.Scale(domain=["within activation window", "after it"], range=["#4e79a7", "#bab0ac"]),
                legend=alt.Legend(orient="top", title=None),
            ),
            tooltip=["bucket:N", alt.Tooltip("count():Q", title="users")],
        )
        .add_params(channel_param())
        .transform_filter(CHANNEL_FILTER)
        .properties(width=HALF - 80, height=240)
    )


def chart_mrr_bridge(data: ReportData) -> alt.TopLevelMixin:
    rows = [{"month": r["month"][:7], "movement": t, "usd": r[t]} for r in data["mrr_bridge"] for t in MOVEMENTS]
    mrr = [{"month": r["month"][:7], "mrr": r["mrr"]} for r in data["mrr_bridge"]]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("month:O", title=None),
            y=alt.Y("usd:Q", title="USD per month", stack="zero"),
            color=alt.Color(
                "movement:N",
                sort=MOVEMENTS,
                legend=alt.Legend(orient="top", title=None),
                scale=alt.Scale(domain=MOVEMENTS, range=["#59a14f", "#4e79a7", "#76b7b2", "#f28e2b", "#e15759"]),
            ),
            tooltip=["month:O", "movement:N", alt.Tooltip("usd:Q", format="$,.0f")],
        )
    )
    line = (
        alt.Chart(alt.Data(values=mrr))
        .mark_line(color="#222", point=True)
        .encode(
            x="month:O",
            y=alt.Y("mrr:Q", title="month-end MRR"),
            tooltip=["month:O", alt.Tooltip("mrr:Q", format="$,.0f")],
        )
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(width=WIDE - 160, height=260)


def chart_cohort_nrr(data: ReportData) -> alt.TopLevelMixin:
    rows = [
        {
            **r,
            "cohort": r["cohort_month"][:7],
            "is_small": r["cohort_accounts"] < data.min_cell_size,
            "label": small_label(r["net_revenue_retention"], r["cohort_accounts"], data.min_cell_size),
        }
        for r in data["cohorts"]
        if r["net_revenue_retention"] is not None
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("months_since_creation:O", title="months since account creation"),
        y=alt.Y("cohort:O", title="creation cohort"),
    )
    cells = base.mark_rect().encode(
        color=alt.condition(
            "datum.is_small",
            alt.value(SMALL_CELL_COLOR),
            alt.Color(
                "net_revenue_retention:Q",
                title="NRR",
                scale=alt.Scale(scheme="greens"),
                legend=alt.Legend(format=".0%"),
            ),
        ),
        tooltip=[
            "cohort:O",
            "months_since_creation:O",
            "cohort_accounts:Q",
            "paying_accounts:Q",
            alt.Tooltip("mrr_usd:Q", format="$,.0f"),
            alt.Tooltip("net_revenue_retention:Q", format=".0%"),
        ],
    )
    text = base.mark_text(fontSize=9).encode(text="label:N")
    return alt.layer(cells, text).properties(width=WIDE - 200, height=alt.Step(20))


def chart_channel_credit(data: ReportData) -> alt.TopLevelMixin:
    return (
        alt.Chart(alt.Data(values=data["channel_credit"]))
        .mark_bar()
        .encode(
            x=alt.X("channel:N", title=None, axis=alt.Axis(labelAngle=-30)),
            xOffset=alt.XOffset("attribution_model:N", sort=ATTRIBUTION_MODELS),
            y=alt.Y("credited_revenue_usd:Q", title="credited revenue (USD)"),
            color=alt.Color(
                "attribution_model:N", sort=ATTRIBUTION_MODELS, legend=alt.Legend(orient="top", title=None)
            ),
            tooltip=[
                "channel:N",
                "attribution_model:N",
                alt.Tooltip("credited_revenue_usd:Q", format="$,.0f"),
                alt.Tooltip("credited_conversions:Q", format=".1f"),
            ],
        )
        .properties(width=WIDE - 160, height=260)
    )


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | int | num | usd | pct | date | bool (formatting and default sort direction)
    css: str = ""  # class prefix: td gets "<css> <css>-<value>" (route / tier colours)
    about: str = ""


@dataclass(frozen=True)
class Table:
    """A searchable, sortable table with a <select> per filter column (drawn by report.js)."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    filters: list[tuple[str, str]]  # (column key, label)
    search_keys: list[str]
    search_label: str
    sort_key: str
    sort_desc: bool = True
    css_class: str = ""

    def spec(self) -> dict[str, Any]:
        keys = [c.key for c in self.columns] + [k for k, _ in self.filters]
        return {
            "columns": [c.__dict__ for c in self.columns],
            "rows": [{k: r.get(k) for k in dict.fromkeys(keys)} for r in self.rows],
            "filters": [{"key": k, "label": label} for k, label in self.filters],
            "search_keys": self.search_keys,
            "search_label": self.search_label,
            "sort_key": self.sort_key,
            "sort_desc": self.sort_desc,
            "css_class": self.css_class,
        }


ROUTE_AND_TIER = [("route", "route"), ("intent_tier", "intent tier")]
# the columns every account table opens with, and the routing columns of the scored ones
ACCOUNT_COLUMNS = (Column("account_name", "account"), Column("org_domain", "domain"))
ROUTING_COLUMNS = (
    Column("route", "route", css="route"),
    Column("intent_tier", "intent", css="tier"),
    Column("signal_score", "signal score", "num"),
)


def table_pqa(data: ReportData) -> Table:
    return Table(
        columns=[
            *ACCOUNT_COLUMNS,
            *ROUTING_COLUMNS,
            Column("active_users_30d", "active users 30d", "int"),
            Column("api_requests_30d", "API requests 30d", "int"),
            Column("contact_email", "contact"),
            Column("contact_persona", "persona"),
            Column("first_qualified_at", "qualified since", "date"),
            Column("reason", "reason to call"),
        ],
        rows=data["pqa"],
        filters=ROUTE_AND_TIER,
        search_keys=["account_name", "org_domain", "contact_email", "reason"],
        search_label="account, domain, contact, reason",
        sort_key="signal_score",
        css_class="pqa",
    )


def table_expansion_candidates(data: ReportData) -> Table:
    return Table(
        columns=[
            *ACCOUNT_COLUMNS,
            Column("users_total", "users", "int"),
            Column("team_formed_at", "team formed", "date"),
            Column("current_plan", "plan"),
            Column("current_mrr_usd", "MRR", "usd"),
            Column("is_champion_retained", "champion retained", "bool"),
            Column("account_age_days", "age (days)", "int"),
            *ROUTING_COLUMNS,
        ],
        rows=data["expansion_candidates"],
        filters=ROUTE_AND_TIER,
        search_keys=["account_name", "org_domain", "current_plan"],
        search_label="account, domain, plan",
        sort_key="users_total",
        css_class="expansion",
    )


def table_organization_candidates(data: ReportData) -> Table:
    return Table(
        columns=[
            Column("company_name", "company"),
            Column("org_domain", "domain"),
            Column("accounts", "workspaces", "int"),
            Column("active_users_30d", "active developers 30d", "int"),
            Column("paid_team_accounts", "paid teams", "int"),
            Column("annual_spend_usd", "annual spend", "usd"),
            Column("spend_tier", "spend tier"),
            Column("months_to_next_threshold", "months to next threshold", "int"),
            Column("champion_persona", "champion"),
            Column("reason", "why now"),
        ],
        rows=data["organization_candidates"],
        filters=[("spend_tier", "spend tier")],
        search_keys=["company_name", "org_domain", "reason"],
        search_label="company, domain, reason",
        sort_key="annual_spend_usd",
        css_class="organizations",
    )


def chart_revenue_retention(data: ReportData) -> alt.TopLevelMixin:
    measures = {
        "net_revenue_retention": "NRR",
        "gross_revenue_retention": "GRR",
        "logo_retention": "logo retention",
    }
    rows = [
        {"month": r["month_start"][:7], "measure": label, "rate": r[key], "base_accounts": r["base_accounts"]}
        for r in data["revenue_retention"]
        for key, label in measures.items()
        if r[key] is not None
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=None),
            y=alt.Y("rate:Q", title="retention", axis=alt.Axis(format="%")),
            color=alt.Color("measure:N", legend=alt.Legend(orient="top", title=None)),
            tooltip=["month:O", "measure:N", alt.Tooltip("rate:Q", format=".0%"), "base_accounts:Q"],
        )
        .properties(width=WIDE - 120, height=240)
    )


@dataclass(frozen=True)
class Section:
    key: str  # data-chart id of the container
    title: str
    about: str  # one line under the title
    build: Callable[[ReportData], Any]  # an Altair chart or a Table
    wide: bool = True
    group: str | None = None  # charts sharing a filter control (e.g. "activation")


def min_size_note(data: ReportData) -> str:
    return f"Grey cells have fewer than {data.min_cell_size} members (var report_min_cell_size)."


SECTIONS: list[Section] = [
    Section(
        "funnel-by-channel",
        "Activation funnel by acquisition channel",
        "Signups, users activated within the activation window and users retained on days 30-59, all weeks.",
        chart_funnel,
        wide=False,
        group="activation",
    ),
    Section(
        "ttfv-histogram",
        "Time to first value",
        "Users by time from signup to their first deploy; grey bars are past the activation window.",
        chart_ttfv,
        wide=False,
        group="activation",
    ),
    Section(
        "activation-heatmap",
        "Activation rate by signup week and channel",
        "Share of each week's signups from a channel that reached first value in the window.",
        chart_activation_heatmap,
        group="activation",
    ),
    Section(
        "mrr-bridge",
        "MRR bridge by month",
        "New, expansion and reactivation MRR above zero, contraction and churn below; line: month-end MRR.",
        chart_mrr_bridge,
    ),
    Section(
        "cohort-nrr",
        "Net revenue retention by cohort",
        "MRR of the accounts paying at the end of the cohort's first paying month against their MRR then, "
        "by account-creation month and months since creation.",
        chart_cohort_nrr,
    ),
    Section(
        "revenue-retention",
        "Revenue retention, trailing 12 months",
        "Each month: accounts paying 12 months earlier, their MRR now against then (NRR), capped at then (GRR), "
        "and the share still paying (logo retention).",
        chart_revenue_retention,
    ),
    Section(
        "channel-credit",
        "Credited revenue by channel and attribution model",
        "The same revenue under five attribution models; where bars differ, the channel's value depends on the model.",
        chart_channel_credit,
    ),
    Section(
        "pqa-call-list",
        "PQA call list",
        "Accounts product-qualified today: route, intent, contact and the reason to call. Click a header to sort.",
        table_pqa,
    ),
    Section(
        "expansion-candidates",
        "Expansion candidates",
        "Accounts whose team formed (mart_account_expansion) that pay for no team yet, with today's PQA "
        "route and intent tier.",
        table_expansion_candidates,
    ),
    Section(
        "organization-candidates",
        "Enterprise expansion candidates (organizations)",
        "Companies with more active developers than var enterprise_min_active_users across their workspaces, "
        "a paid team and no enterprise plan, with the reason line.",
        table_organization_candidates,
    ),
]
SECTION_NOTES = {"activation-heatmap": min_size_note, "cohort-nrr": min_size_note}
FILTERS = {  # group -> (signal, label, dataset and column of its values)
    "activation": ("channel", "Channel", "funnel", "acquisition_channel"),
}


# ------------------------------------------------------------------ HTML
def csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (vl-convert ships them; no network)."""
    import vl_convert

    return vl_convert.javascript_bundle()


def filter_controls(data: ReportData) -> str:
    parts = []
    for group, (signal, label, dataset, column) in FILTERS.items():
        values = sorted({r[column] for r in data[dataset] if r[column] is not None})
        options = '<option value="all">all</option>' + "".join(
            f'<option value="{html.escape(v)}">{html.escape(v)}</option>' for v in values
        )
        parts.append(
            f'<label class="filter">{html.escape(label)} (activation charts) '
            f'<select data-signal="{signal}" data-group="{group}">{options}</select></label>'
        )
    return "".join(parts)


def render(data: ReportData, db_path: Path, bundle: str) -> str:
    css = (ASSETS / "report.css").read_text()
    app = (ASSETS / "report.js").read_text()
    collector = (ASSETS / "error_collector.js").read_text()
    charts: dict[str, Any] = {}
    tables: dict[str, Any] = {}
    for section in SECTIONS:
        built = section.build(data)
        if isinstance(built, Table):
            tables[section.key] = built.spec()
        else:
            charts[section.key] = built.to_dict()
    payload = {"charts": charts, "tables": tables, "chart_groups": {s.key: s.group for s in SECTIONS if s.group}}
    payload_json = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
    headlines = [kpi.compute(data) for kpi in KPIS]
    kpi_html = "".join(
        f'<div class="kpi{" small" if h.is_small else ""}"><b>{html.escape(h.value)}</b>'
        f"<span>{html.escape(h.label)}</span><p>{html.escape(h.explanation)}</p></div>"
        for h in headlines
    )
    sections_html = "".join(
        f'<section class="{"wide" if s.wide else ""}"><h2>{html.escape(s.title)}</h2>'
        f'<p class="about">{html.escape(s.about)}'
        f"{' ' + html.escape(SECTION_NOTES[s.key](data)) if s.key in SECTION_NOTES else ''}</p>"
        f'<div data-chart="{s.key}"></div></section>'
        for s in SECTIONS
    )
    warning_html = "".join(f"<li>{html.escape(w)}</li>" for w in data.warnings)
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    as_of = data.as_of_date or "unknown"
    scripts_csp = " ".join(csp_hash(s) for s in (collector, bundle, app))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {scripts_csp}; style-src 'unsafe-inline'; img-src data:">
<title>PLG report as of {html.escape(str(as_of))}</title>
<script>{collector}</script>
<style>{css}</style>
</head>
<body data-charts-expected="{len(SECTIONS)}" data-charts-rendered="0" data-js-errors="0">
<header><h1>Product-led growth report</h1>
<p>As of {html.escape(str(as_of))} &middot; from {html.escape(db_path.name)} &middot; generated {generated}</p></header>
<main>
<div class="kpis">{kpi_html}</div>
<div class="filters">{filter_controls(data)}</div>
<div class="grid">{sections_html}</div>
<ul id="build-warnings">{warning_html}</ul>
<ul id="js-errors"></ul>
<footer>Definitions: docs/contract.md sections 4-7; data: the public marts of section 9. Charts: Vega-Lite (Altair, vega-embed
inlined); nothing is loaded from the network. Filters can be preset in the address, e.g.
<code>#channel=organic_search&amp;pqa-call-list.route=sales</code>.</footer>
</main>
<script type="application/json" id="plg-data">{payload_json}</script>
<script>{bundle}</script>
<script>{app}</script>
</body>
</html>
"""


def resolve_db(requested: Path | None) -> Path:
    """The published warehouse, else the dbt build's file (the --db default falls back the same way)."""
    candidates = [requested] if requested else [PUBLISHED_DB]
    candidates.append(FALLBACK_DB)
    for path in candidates:
        if path.exists():
            return path
    raise FileNotFoundError(f"no warehouse: none of {', '.join(str(p) for p in candidates)} exists")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--db", type=Path, default=None, help=f"DuckDB file with the marts (default {PUBLISHED_DB}, else {FALLBACK_DB})"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"HTML file to write (default {DEFAULT_OUT})")
    parser.add_argument(
        "--min-cell-size",
        type=int,
        default=int(project_var("report_min_cell_size", 5)),
        help="grey out cells and rates over fewer members (default: var report_min_cell_size)",
    )
    args = parser.parse_args(argv)
    try:
        db_path = resolve_db(args.db)
    except FileNotFoundError as err:
        print(f"FAIL  {err}: run `make build` first", file=sys.stderr)
        return 2
    if args.db and db_path != args.db:
        print(f"note: {args.db} does not exist, reading {db_path}", file=sys.stderr)
    data = collect(db_path, args.min_cell_size)
    for warning in data.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(data, db_path, vega_bundle()), encoding="utf-8")
    print(f"report written to {args.out} ({args.out.stat().st_size // 1024} KiB) from {db_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
