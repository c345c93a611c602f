"""Company-level marts (contract §11) on hand-built fixtures, as of 2025-06-30.

The organizations, accounts and expected numbers are described in
fixtures_company.py; every number asserted here was computed by hand from it.
The alert tests build their own warehouse twice (before and after a landing
file with new events) and post to a local HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from fixtures_company import ALERT_DELTA, AS_OF, COMPANY_BASE, COMPANY_ROWS
from plg_test_harness import PROJECT_DIR, Warehouse, build_warehouse, run_dbt, write_raw
from raw_contract import write_table

DBT_VARS = {"as_of_date": AS_OF}


@pytest.fixture(scope="session")
def wh(tmp_path_factory):
    return build_warehouse(tmp_path_factory, "company", COMPANY_ROWS, DBT_VARS)


@pytest.fixture(scope="session")
def orgs(wh):
    return {r["org_domain"]: r for r in wh.dicts("select * from marts.dim_organizations")}


@pytest.fixture(scope="session")
def expansion(wh):
    return {r["org_domain"]: r for r in wh.dicts("select * from marts.mart_enterprise_expansion")}


# ------------------------------------------------------------------ dim_organizations
def test_organization_rollup_of_three_workspaces(orgs):
    trio = orgs["trio.io"]
    assert (
        trio["accounts"],
        trio["users"],
        trio["active_users_30d"],
        trio["paying_accounts"],
        trio["paid_team_accounts"],
        trio["has_enterprise_plan"],
    ) == (3, 6, 6, 1, 1, False)
    assert (trio["current_mrr_usd"], trio["annual_spend_usd"]) == (Decimal("100.00"), Decimal("1200.00"))
    assert trio["first_account_created_at"] == datetime(2025, 1, 3, 10, 0)
    # never enriched: the name of the earliest-created account
    assert trio["company_name"] == "Trio_B"
    assert (trio["pqa_accounts"], trio["signal_score"]) == (0, 0.0)


def test_organization_firmographics_and_pqa_accounts(orgs):
    flip = orgs["flip.io"]
    assert (flip["company_name"], flip["employee_count"], flip["industry"], flip["country"], flip["funding_stage"]) == (
        "Flip Labs",
        300,
        "software",
        "US",
        "seed",
    )
    assert (flip["accounts"], flip["users"], flip["active_users_30d"], flip["pqa_accounts"]) == (1, 3, 3, 1)
    assert flip["paying_accounts"] == 0


def test_enterprise_plan_and_spend_of_an_organization(orgs):
    ent = orgs["ent.io"]
    assert (ent["paying_accounts"], ent["paid_team_accounts"], ent["has_enterprise_plan"]) == (2, 1, True)
    assert ent["annual_spend_usd"] == Decimal("7200.00")


def test_freemail_accounts_have_no_organization(wh, orgs):
    assert not [d for d in orgs if "gmail" in d]
    assert set(orgs) == {
        "trio.io",
        "five.io",
        "ent.io",
        "tier0.io",
        "tier1.io",
        "tier3.io",
        "slope.io",
        "shrink-org.io",
        "flip.io",
    }


# ------------------------------------------------------------------ mart_enterprise_expansion
def test_expansion_candidates(expansion):
    assert {d for d, r in expansion.items() if r["is_expansion_candidate"]} == {"trio.io"}
    # five.io: 5 active developers, not strictly more than 5; ent.io: an enterprise account
    assert (expansion["five.io"]["active_users_30d"], expansion["five.io"]["is_expansion_candidate"]) == (5, False)
    assert (expansion["ent.io"]["active_users_30d"], expansion["ent.io"]["is_expansion_candidate"]) == (6, False)


def test_only_organizations_with_a_paying_account(expansion):
    assert "flip.io" not in expansion
    assert len(expansion) == 8


def test_spend_tiers_around_the_thresholds(expansion):
    got = {
        d: (expansion[d]["annual_spend_usd"], expansion[d]["spend_tier"], expansion[d]["next_threshold_usd"])
        for d in ("tier0.io", "tier1.io", "tier3.io")
    }
    assert got == {
        "tier0.io": (Decimal("9999.96"), 0, Decimal("10000.00")),
        "tier1.io": (Decimal("10000.08"), 1, Decimal("25000.00")),
        "tier3.io": (Decimal("50000.04"), 3, None),
    }


def test_spend_tier_boundary_unit_test_ran_and_passed(wh):
    """$9,999.99, $10,000 and $50,000 exactly are given to the model by the dbt unit test
    `enterprise_expansion_spend_tier_boundaries` (12 x MRR in cents cannot reach them)."""
    results = json.loads((wh.work_dir / "target" / "run_results.json").read_text())["results"]
    (status,) = [r["status"] for r in results if r["unique_id"].endswith("enterprise_expansion_spend_tier_boundaries")]
    assert status == "pass"


def test_mrr_trend_and_months_to_next_threshold(expansion):
    got = {
        d: (expansion[d]["mrr_trend_usd_per_month"], expansion[d]["months_to_next_threshold"])
        for d in ("slope.io", "trio.io", "ent.io", "tier0.io", "tier3.io", "shrink-org.io")
    }
    assert got == {
        "slope.io": (Decimal("68.57"), 7),  # 2400 / 35; ceil(6.32)
        "trio.io": (Decimal("22.86"), 33),  # 800 / 35; ceil(32.08)
        "ent.io": (Decimal("137.14"), 2),  # 4800 / 35; ceil(35 * 2800 / 57600) = ceil(1.70)
        "tier0.io": (Decimal("0.00"), None),  # flat
        "tier3.io": (Decimal("0.00"), None),  # flat, and no threshold left
        "shrink-org.io": (Decimal("-25.71"), None),  # -900 / 35: shrinking
    }


def test_reason_lines(expansion):
    assert expansion["trio.io"]["reason"] == (
        "6 active developers across 3 workspaces; 1 paid team; $1,200 annual spend "
        "(next threshold $10,000 in ~33 months)"
    )
    assert expansion["ent.io"]["reason"] == (
        "6 active developers across 3 workspaces; 1 paid team; already on an enterprise plan; "
        "$7,200 annual spend (next threshold $10,000 in ~2 months)"
    )
    assert expansion["tier0.io"]["reason"] == (
        "0 active developers across 1 workspace; 1 paid team; $9,999.96 annual spend (next threshold $10,000)"
    )
    assert expansion["tier3.io"]["reason"] == (
        "0 active developers across 1 workspace; 1 paid team; $50,000.04 annual spend "
        "(every procurement threshold reached)"
    )
    assert all("@" not in r["reason"] for r in expansion.values())


def test_organization_champion_skips_deleted_users_and_breaks_ties_by_signup(wh, expansion):
    assert (expansion["trio.io"]["champion_user_id"], expansion["trio.io"]["champion_persona"]) == (
        "trio_b_u1",
        "vp_engineering",
    )
    # the account champion still counts the deleted user (contract §6)
    assert wh.sql("select champion_user_id from marts.dim_accounts where account_id = 'acc_trio_c'") == [("trio_c_u3",)]
    assert expansion["five.io"]["champion_user_id"] is None


# ------------------------------------------------------------------ revenue retention
def test_trailing_twelve_month_retention(wh):
    rows = wh.dicts("select * from marts.mart_revenue_retention order by month_start")
    assert [r["month_start"] for r in rows] == [date(2025, 5, 1), date(2025, 6, 1)]
    may, june = rows
    assert (
        may["base_accounts"],
        may["retained_accounts"],
        may["starting_mrr_usd"],
        may["ending_mrr_usd"],
        may["retained_mrr_usd"],
    ) == (3, 2, Decimal("350.00"), Decimal("270.00"), Decimal("220.00"))
    assert (may["expansion_mrr_usd"], may["contraction_mrr_usd"], may["churned_mrr_usd"]) == (
        Decimal("50.00"),
        Decimal("-80.00"),
        Decimal("-50.00"),
    )
    assert may["net_revenue_retention"] == pytest.approx(270 / 350, abs=1e-12)
    assert may["gross_revenue_retention"] == pytest.approx(220 / 350, abs=1e-12)
    assert may["logo_retention"] == pytest.approx(2 / 3, abs=1e-12)
    # June: rr_grow expands again; rr_late pays 300 but was not paying a year before
    assert (june["base_accounts"], june["starting_mrr_usd"], june["ending_mrr_usd"]) == (
        3,
        Decimal("350.00"),
        Decimal("300.00"),
    )
    assert june["net_revenue_retention"] == pytest.approx(300 / 350, abs=1e-12)
    assert june["gross_revenue_retention"] == pytest.approx(220 / 350, abs=1e-12)
    assert june["logo_retention"] == pytest.approx(2 / 3, abs=1e-12)
    assert june["is_month_complete"] is True


def test_cohort_nrr_leaves_out_the_late_converter(wh):
    cohort = {
        r["month_start"]: r
        for r in wh.dicts("select * from marts.mart_expansion_cohorts where cohort_month = '2024-05-01'")
    }
    september, june = cohort[date(2024, 9, 1)], cohort[date(2025, 6, 1)]
    assert (september["mrr_usd"], september["baseline_mrr_usd"], september["base_accounts_mrr_usd"]) == (
        Decimal("650.00"),
        Decimal("350.00"),
        Decimal("350.00"),
    )
    assert september["net_revenue_retention"] == 1.0
    assert september["mrr_vs_first_paying_month"] == pytest.approx(650 / 350, abs=1e-12)
    assert june["net_revenue_retention"] == pytest.approx(300 / 350, abs=1e-12)
    assert june["mrr_vs_first_paying_month"] == pytest.approx(600 / 350, abs=1e-12)


# ------------------------------------------------------------------ PQA change feed
def test_qualify_drop_out_qualify_again_is_three_rows(wh):
    assert wh.sql(
        "select changed_on, change_type, route from marts.fct_pqa_changes "
        "where account_id = 'acc_flip' order by changed_on"
    ) == [
        (date(2025, 3, 10), "qualified", "sales"),
        (date(2025, 3, 31), "disqualified", None),
        (date(2025, 6, 23), "qualified", "sales"),
    ]
    assert wh.sql("select is_pqa, route from marts.mart_pqa where account_id = 'acc_flip'") == [(True, "sales")]


REPLAY_SQL = """
with history as (
    select account_id, qualification_date, is_pqa from intermediate.int_accounts_qualified_daily
),
bounds as (
    select min(qualification_date) - 1 as first_day, cast(? as date) as last_day from history
),
days as (
    select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as day from bounds
),
accounts as (select account_id from marts.mart_pqa),
replayed as (
    select
        accounts.account_id,
        days.day,
        coalesce((
            select c.change_type = 'qualified' from marts.fct_pqa_changes as c
            where c.account_id = accounts.account_id and c.changed_on <= days.day
            order by c.changed_on desc limit 1
        ), false) as replayed_is_pqa
    from accounts cross join days
)
select
    replayed.account_id,
    replayed.day,
    replayed.replayed_is_pqa,
    coalesce(history.is_pqa, false) as history_is_pqa
from replayed
left join history
    on replayed.account_id = history.account_id and replayed.day = history.qualification_date
"""


def test_replayed_feed_equals_the_daily_history_on_every_date(wh):
    rows = wh.sql(REPLAY_SQL, [AS_OF])
    assert len(rows) > 100
    assert [r for r in rows if r[2] != r[3]] == []
    # flip.io is PQA 03-10 .. 03-30 and 06-23 .. 06-30: 21 + 8 days
    assert sum(1 for r in rows if r[0] == "acc_flip" and r[2]) == 29


def test_replayed_feed_equals_mart_pqa_on_as_of_date(wh):
    mismatches = wh.sql("""
        select p.account_id
        from marts.mart_pqa as p
        left join (
            select account_id, change_type,
                row_number() over (partition by account_id order by changed_on desc) as recency
            from marts.fct_pqa_changes
        ) as c on p.account_id = c.account_id and c.recency = 1
        where p.is_pqa != coalesce(c.change_type = 'qualified', false)""")
    assert mismatches == []
    assert wh.sql("select count(*) from marts.mart_pqa where is_pqa") == [(1,)]


# ------------------------------------------------------------------ alerts
class _Inbox(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:  # the http.server handler API names it so
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"content_type": self.headers["Content-Type"], "body": json.loads(body)})
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def inbox() -> Iterator[tuple[str, list[dict]]]:
    """A webhook on 127.0.0.1 that records every message it receives."""
    handler = type("Inbox", (_Inbox,), {"received": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/plg", handler.received
    server.shutdown()
    server.server_close()


def _refusing_url() -> str:
    """A 127.0.0.1 URL on a port nobody listens on (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks/plg"


def _alert(db: Path, state: Path, url: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PLG_ALERT_WEBHOOK_URL": url}
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "post_alerts.py"), "--db", str(db), "--state", str(state)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def alert_work(tmp_path_factory) -> Warehouse:
    """A warehouse of COMPANY_BASE (flip.io not PQA, trio.io the only candidate)."""
    work = tmp_path_factory.mktemp("wh_alerts")
    raw, db = work / "raw", work / "plg.duckdb"
    write_raw(raw, COMPANY_BASE)
    result = run_dbt(["build"], work, db, raw, DBT_VARS)
    assert result.returncode == 0, result.output[-3000:]
    return Warehouse(db, raw, work, result)


def test_alerts_post_new_accounts_and_candidates_once(alert_work, inbox):
    url, received = inbox
    db, state = alert_work.db_path, alert_work.work_dir / "alerts" / "state.json"

    first = _alert(db, state, url)
    assert first.returncode == 0, first.stderr
    assert received == [] and "first run" in first.stdout
    assert json.loads(state.read_text())["expansion_candidates"] == ["trio.io"]

    # a landing file with late-received events: flip.io qualifies, five.io becomes a candidate
    for table, rows in ALERT_DELTA.items():
        write_table(alert_work.raw_dir, table, rows, file_name="part-001.parquet")
    build = run_dbt(["build"], alert_work.work_dir, db, alert_work.raw_dir, DBT_VARS)
    assert build.returncode == 0, build.output[-3000:]

    # the webhook refuses: the alert command fails loudly, the build and the state are untouched
    state_before = state.read_text()
    refused = _alert(db, state, _refusing_url())
    assert refused.returncode == 1
    assert "ALERT POST FAILED" in refused.stderr and "unreachable" in refused.stderr
    assert state.read_text() == state_before
    assert alert_work.sql("select is_pqa from marts.mart_pqa where account_id = 'acc_flip'") == [(True,)]

    # the next run (webhook back) posts exactly one message with what is new
    second = _alert(db, state, url)
    assert second.returncode == 0, second.stderr
    assert len(received) == 1
    message = received[0]
    assert message["content_type"] == "application/json" and set(message["body"]) == {"text"}
    text = message["body"]["text"]
    assert text.splitlines() == [
        "PLG warehouse alerts (as of 2025-06-30)",
        "Newly product-qualified accounts (1):",
        ("• acc_flip (flip.io, route sales, qualified 2025-06-23): 3 active developers; 2,400 API requests in 30d"),
        "New enterprise expansion candidates (1):",
        (
            "• Five_A (five.io): 6 active developers across 3 workspaces; 1 paid team; $1,200 annual spend "
            "(next threshold $10,000 in ~33 months)"
        ),
    ]
    assert "trio.io" not in text
    assert "@" not in text

    # a run that adds nothing posts nothing
    rebuild = run_dbt(["build"], alert_work.work_dir, db, alert_work.raw_dir, DBT_VARS)
    assert rebuild.returncode == 0, rebuild.output[-3000:]
    third = _alert(db, state, url)
    assert third.returncode == 0 and "nothing new" in third.stdout
    assert len(received) == 1


def test_alerts_are_off_without_a_webhook_url(alert_work, tmp_path):
    state = tmp_path / "state.json"
    result = _alert(alert_work.db_path, state, "")
    assert result.returncode == 0 and "not set" in result.stdout
    assert not state.exists()


def test_no_raw_email_reaches_a_message():
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    from post_alerts import mask_emails

    assert mask_emails("ping jane.doe@acme.io now") == "ping [email removed] now"
