#!/usr/bin/env python3
"""Write the PLG report: one static HTML file that needs no network to open.

usage: scripts/build_report.py [--db target/published/plg_marts.duckdb] [--out target/report/plg_report.html]

Reads the public marts (SPEC section 9) from the published warehouse, or
from `target/plg.duckdb` when the published file does not exist, and writes
one HTML file holding the data (JSON), the chart code
(scripts/report_assets/plg_charts.js: plain SVG, no library) and an error
collector (error_collector.js), all inlined. Charts:
activation funnel by channel and week, time-to-first-value distribution,
the PQA call list with reasons and routes, the MRR bridge by month, the
cohort NRR heatmap and channel credit by attribution model.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[1]
ASSETS = Path(__file__).resolve().parent / "report_assets"
PUBLISHED_DB = Path("target/published/plg_marts.duckdb")
FALLBACK_DB = Path("target/plg.duckdb")
DEFAULT_OUT = Path("target/report/plg_report.html")
ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based"]

# time-to-first-value buckets: (label, lower minute bound inclusive, upper exclusive)
TTFV_BUCKETS = [("< 15 min", 0, 15), ("15-60 min", 15, 60), ("1-4 h", 60, 240), ("4-24 h", 240, 1440),
                ("1-3 d", 1440, 4320), ("3-7 d", 4320, 10080), ("7-14 d", 10080, 20160), ("> 14 d", 20160, None)]


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
    """A var default from dbt_project.yml (the report labels use the same numbers as the models)."""
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
        return [{n: jsonable(v) for n, v in zip(names, row)} for row in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


# ------------------------------------------------------------------ data per chart
def funnel(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select signup_week, acquisition_channel, signups, activated_users, activation_rate,
               median_time_to_first_value_minutes, retained_d30_users
        from {m.table('mart_activation_funnel')}
        order by signup_week, acquisition_channel""")


def ttfv(m: Marts, window_days: int) -> dict[str, Any]:
    minutes = [r[0] for r in m.con.execute(
        f"select time_to_first_value_minutes from {m.table('mart_activation')} "
        "where time_to_first_value_minutes is not null").fetchall()]
    median = m.con.execute(
        f"select quantile_cont(time_to_first_value_minutes, 0.5) from {m.table('mart_activation')}").fetchone()[0]
    buckets = []
    for label, lo, hi in TTFV_BUCKETS:
        count = sum(1 for v in minutes if v >= lo and (hi is None or v < hi))
        buckets.append({"label": label, "users": count, "within_window": hi is not None and hi <= window_days * 1440})
    return {"buckets": buckets, "median_minutes": jsonable(median), "users_with_value": len(minutes),
            "window_days": window_days}


def pqa(m: Marts) -> list[dict[str, Any]]:
    names = f"left join {m.table('dim_accounts')} as accounts on pqa.account_id = accounts.account_id" \
        if "dim_accounts" in m.tables else ""
    account_name = "accounts.account_name" if names else "cast(null as varchar)"
    return m.rows(f"""
        select pqa.account_id, {account_name} as account_name, pqa.org_domain, pqa.route, pqa.intent_tier,
               pqa.signal_score, pqa.active_users_30d, pqa.api_requests_30d, pqa.contact_email,
               pqa.contact_persona, pqa.first_qualified_at, pqa.reason
        from {m.table('mart_pqa')} as pqa
        {names}
        where pqa.is_pqa
        order by pqa.route = 'sales' desc, pqa.signal_score desc, pqa.account_id""")


def mrr_bridge(m: Marts) -> list[dict[str, Any]]:
    rows = m.rows(f"""
        select month_start,
               sum(mrr_usd) as mrr,
               sum(case when movement_type = 'new' then movement_usd else 0 end) as new,
               sum(case when movement_type = 'expansion' then movement_usd else 0 end) as expansion,
               sum(case when movement_type = 'reactivation' then movement_usd else 0 end) as reactivation,
               sum(case when movement_type = 'contraction' then movement_usd else 0 end) as contraction,
               sum(case when movement_type = 'churn' then movement_usd else 0 end) as churn
        from {m.table('fct_mrr_movements')}
        group by month_start
        order by month_start""")
    for row in rows:
        row["month"] = row.pop("month_start")
    return rows


def cohorts(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select cohort_month, months_since_creation, cohort_accounts, paying_accounts, mrr_usd, net_revenue_retention
        from {m.table('mart_expansion_cohorts')}
        order by cohort_month, months_since_creation""")


def channel_credit(m: Marts) -> list[dict[str, Any]]:
    return m.rows(f"""
        select channel, attribution_model, credited_conversions, credited_revenue_usd
        from {m.table('mart_channel_attribution')}
        order by channel, attribution_model""")


def collect(db_path: Path) -> tuple[dict[str, Any], list[str]]:
    """Every chart's data; missing marts give empty data and a warning, not a crash."""
    marts = Marts(db_path)
    window_days = int(project_var("activation_window_days", 14))
    data: dict[str, Any] = {"attribution_models": ATTRIBUTION_MODELS}
    warnings: list[str] = []
    readers = {
        "funnel": lambda: funnel(marts),
        "ttfv": lambda: ttfv(marts, window_days),
        "pqa": lambda: pqa(marts),
        "mrr_bridge": lambda: mrr_bridge(marts),
        "cohorts": lambda: cohorts(marts),
        "channel_credit": lambda: channel_credit(marts),
    }
    empty: dict[str, Any] = {"ttfv": {"buckets": [], "median_minutes": None, "users_with_value": 0,
                                      "window_days": window_days}}
    try:
        for key, read in readers.items():
            try:
                data[key] = read()
            except MissingMart as missing:
                warnings.append(f"mart {missing} not found in {db_path}: its chart is empty")
                data[key] = empty.get(key, [])
        as_of = None
        if "mart_pqa" in marts.tables:
            as_of = marts.con.execute(f"select max(as_of_date) from {marts.table('mart_pqa')}").fetchone()[0]
        data["as_of_date"] = jsonable(as_of)
    finally:
        marts.close()
    return data, warnings


def kpis(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Headline numbers for the top of the page."""
    signups = sum(r["signups"] for r in data["funnel"])
    activated = sum(r["activated_users"] for r in data["funnel"])
    median = data["ttfv"]["median_minutes"]
    sales = sum(1 for r in data["pqa"] if r["route"] == "sales")
    mrr = data["mrr_bridge"][-1]["mrr"] if data["mrr_bridge"] else None
    # NRR today: every paying cohort at its latest month, MRR-weighted (sum of MRR / sum of baselines)
    latest: dict[str, dict[str, Any]] = {}
    for r in data["cohorts"]:  # ordered by cohort, then months since creation: the last row wins
        if r["net_revenue_retention"] is not None:
            latest[r["cohort_month"]] = r
    baseline = sum(r["mrr_usd"] / r["net_revenue_retention"] for r in latest.values() if r["net_revenue_retention"])
    nrr = sum(r["mrr_usd"] for r in latest.values()) / baseline if baseline else None

    def minutes(v: float | None) -> str:
        if v is None:
            return "–"
        return f"{v:.0f} min" if v < 60 else f"{v / 60:.1f} h" if v < 1440 else f"{v / 1440:.1f} d"

    return [
        (f"{signups:,}", "signups"),
        (f"{activated / signups:.0%}" if signups else "–", "activation rate"),
        (minutes(median), "median time to first value"),
        (f"{len(data['pqa'])} ({sales} sales)", "product-qualified accounts"),
        (f"${mrr:,.0f}" if mrr is not None else "–", "MRR, latest month"),
        (f"{nrr:.0%}" if nrr is not None else "–", "NRR, all cohorts today"),
    ]


# ------------------------------------------------------------------ HTML
SECTIONS = [  # (chart, title, what it shows, css class: "wide" spans the page)
    ("funnel-by-channel", "Activation funnel by acquisition channel",
     "Signups, users activated within the activation window and users retained on days 30-59, all weeks.", ""),
    ("ttfv-histogram", "Time to first value",
     "Users by time from signup to their first deploy; grey bars are past the activation window.", ""),
    ("activation-heatmap", "Activation rate by signup week and channel",
     "Share of each week's signups from a channel that reached first value in the window (hover for counts).",
     "wide"),
    ("mrr-bridge", "MRR bridge by month",
     "New, expansion and reactivation MRR above zero, contraction and churn below; line: month-end MRR.", "wide"),
    ("cohort-nrr", "Net revenue retention by cohort",
     "Cohort MRR against its first paying month, by account-creation month and months since creation.", "wide"),
    ("channel-credit", "Credited revenue by channel and attribution model",
     "The same revenue under five attribution models; where bars differ, the channel's value depends on the model.",
     "wide"),
    ("pqa-call-list", "PQA call list",
     "Accounts that are product-qualified today: route, intent, contact and the reason to call.", "wide"),
]


def render(data: dict[str, Any], db_path: Path, warnings: list[str]) -> str:
    css = (ASSETS / "report.css").read_text()
    js = (ASSETS / "plg_charts.js").read_text()
    collector = (ASSETS / "error_collector.js").read_text()
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    kpi_html = "".join(f'<div class="kpi"><b>{html.escape(v)}</b><span>{html.escape(label)}</span></div>'
                       for v, label in kpis(data))
    sections = "".join(
        f'<section class="{cls}"><h2>{html.escape(title)}</h2><p class="about">{html.escape(about)}</p>'
        f'<div data-chart="{name}"></div></section>'
        for name, title, about, cls in SECTIONS
    )
    warning_html = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    as_of = data.get("as_of_date") or "unknown"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>PLG report as of {html.escape(str(as_of))}</title>
<script>{collector}</script>
<style>{css}</style>
</head>
<body data-charts-expected="{len(SECTIONS)}" data-charts-rendered="0" data-js-errors="0">
<header><h1>Product-led growth report</h1>
<p>As of {html.escape(str(as_of))} &middot; from {html.escape(db_path.name)} &middot; generated {generated}</p></header>
<main>
<div class="kpis">{kpi_html}</div>
<div class="grid">{sections}</div>
<ul id="build-warnings">{warning_html}</ul>
<ul id="js-errors"></ul>
<footer>Definitions: SPEC.md sections 4-7; data: the public marts of section 9. Charts are inline SVG drawn
by scripts/report_assets/plg_charts.js; nothing is loaded from the network.</footer>
</main>
<script type="application/json" id="plg-data">{payload}</script>
<script>{js}</script>
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
    parser.add_argument("--db", type=Path, default=None,
                        help=f"DuckDB file with the marts (default {PUBLISHED_DB}, else {FALLBACK_DB})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"HTML file to write (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        db_path = resolve_db(args.db)
    except FileNotFoundError as err:
        print(f"FAIL  {err}: run `make build` first", file=sys.stderr)
        return 2
    if args.db and db_path != args.db:
        print(f"note: {args.db} does not exist, reading {db_path}", file=sys.stderr)
    data, warnings = collect(db_path)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(data, db_path, warnings), encoding="utf-8")
    print(f"report written to {args.out} ({args.out.stat().st_size // 1024} KiB) from {db_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
