#!/usr/bin/env python3
"""Post what changed for sales since the previous run to a Slack incoming webhook.

usage: scripts/post_alerts.py [--db target/plg.duckdb] [--state target/alerts/state.json]
                              [--webhook-url URL]   (default: env PLG_ALERT_WEBHOOK_URL)

One message (`{"text": ...}`, the Slack incoming-webhook shape) lists

- accounts that became product-qualified since the previous run: PQA on
  as_of_date (`marts.mart_pqa.is_pqa`) and either not PQA at the previous run or
  with a `qualified` row in `marts.fct_pqa_changes` dated after the previous
  run's as_of_date (so an account that dropped out and came back between two
  runs is announced again);
- organizations that became enterprise expansion candidates
  (`marts.mart_enterprise_expansion.is_expansion_candidate`) since the previous run;

each with its reason line. Nothing is posted when nothing changed, and the
first run only records the state (there is no "previous run" to compare with).

The state (as_of_date, PQA accounts, candidates of the last successful run) is a
small JSON file, written atomically and only after a successful post, so a failed
post is retried by the next run. A failed post raises `AlertPostFailed` (exit 1,
the error on stderr); it never touches the warehouse, so the build is unaffected.
Without a webhook URL nothing is posted or recorded (exit 0).

Messages carry ids, domains and the marts' reason lines, never a raw email
(anything email-shaped is masked as a last guard). Standard library only for
the HTTP post (urllib). `post_alerts()` is the entry point for schedulers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from quality.pii import EMAIL_PATTERN  # noqa: E402

WEBHOOK_ENV = "PLG_ALERT_WEBHOOK_URL"
DEFAULT_STATE = Path("target/alerts/state.json")
POST_TIMEOUT_SECONDS = 15
_EMAIL_RE = re.compile(EMAIL_PATTERN)

ACCOUNTS_SQL = """
with latest_qualification as (
    select account_id, max(changed_on) as qualified_on
    from marts.fct_pqa_changes
    where change_type = 'qualified'
    group by account_id
)
select
    pqa.account_id,
    pqa.org_domain,
    pqa.route,
    cast(latest_qualification.qualified_on as varchar) as qualified_on,
    pqa.reason
from marts.mart_pqa as pqa
left join latest_qualification on pqa.account_id = latest_qualification.account_id
where pqa.is_pqa
order by pqa.account_id
"""

CANDIDATES_SQL = """
select org_domain, company_name, reason
from marts.mart_enterprise_expansion
where is_expansion_candidate
order by org_domain
"""


class AlertPostFailed(RuntimeError):
    """The webhook did not accept the message (refused, unreachable or an HTTP error)."""


@dataclass(frozen=True)
class Snapshot:
    """What alerts compare between runs: the as-of date, PQA accounts, candidates."""

    as_of_date: str
    pqa_accounts: tuple[str, ...]
    expansion_candidates: tuple[str, ...]


@dataclass(frozen=True)
class Current:
    """Today's warehouse: the snapshot plus a display line per account and organization
    and each PQA account's latest `qualified` date from the change feed."""

    snapshot: Snapshot
    account_lines: dict[str, str]
    qualified_on: dict[str, str | None]
    candidate_lines: dict[str, str]


@dataclass(frozen=True)
class AlertResult:
    """Outcome of one run: whether a message was posted, and what it announced."""

    posted: bool
    text: str | None
    new_accounts: tuple[str, ...]
    new_candidates: tuple[str, ...]
    note: str


def mask_emails(text: str) -> str:
    """Replace anything email-shaped with a placeholder (no raw email leaves the warehouse)."""
    return _EMAIL_RE.sub("[email removed]", text)


def read_current(db_path: Path) -> Current:
    """Read PQA accounts and expansion candidates from a built warehouse (read-only)."""
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `make build` first")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        as_of = con.execute("select cast(max(as_of_date) as varchar) from marts.mart_pqa").fetchone()[0]
        accounts = con.execute(ACCOUNTS_SQL).fetchall()
        candidates = con.execute(CANDIDATES_SQL).fetchall()
    finally:
        con.close()
    account_lines = {
        account_id: f"{account_id} ({org_domain or 'no organization'}, route {route}"
        f"{', qualified ' + qualified_on if qualified_on else ''}): {reason}"
        for account_id, org_domain, route, qualified_on, reason in accounts
    }
    candidate_lines = {org: f"{company or org} ({org}): {reason}" for org, company, reason in candidates}
    snapshot = Snapshot(str(as_of), tuple(account_lines), tuple(candidate_lines))
    return Current(snapshot, account_lines, {a[0]: a[3] for a in accounts}, candidate_lines)


def load_state(path: Path) -> Snapshot | None:
    """The snapshot of the last successful run, None before the first one."""
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return Snapshot(data["as_of_date"], tuple(data["pqa_accounts"]), tuple(data["expansion_candidates"]))


def save_state(path: Path, snapshot: Snapshot) -> None:
    """Write the snapshot atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(
        json.dumps(
            {
                "as_of_date": snapshot.as_of_date,
                "pqa_accounts": list(snapshot.pqa_accounts),
                "expansion_candidates": list(snapshot.expansion_candidates),
            },
            indent=2,
        )
    )
    os.replace(tmp, path)


def new_since(current: Current, previous: Snapshot) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Accounts that qualified and organizations that became candidates since `previous`."""
    before = set(previous.pqa_accounts)
    accounts = tuple(
        a
        for a in current.snapshot.pqa_accounts
        if a not in before or (current.qualified_on.get(a) or "") > previous.as_of_date
    )
    candidates = tuple(o for o in current.snapshot.expansion_candidates if o not in set(previous.expansion_candidates))
    return accounts, candidates


def compose_message(current: Current, accounts: Sequence[str], candidates: Sequence[str]) -> str | None:
    """The message text, None when there is nothing to say."""
    if not accounts and not candidates:
        return None
    lines = [f"PLG warehouse alerts (as of {current.snapshot.as_of_date})"]
    if accounts:
        lines.append(f"Newly product-qualified accounts ({len(accounts)}):")
        lines += [f"• {current.account_lines[a]}" for a in accounts]
    if candidates:
        lines.append(f"New enterprise expansion candidates ({len(candidates)}):")
        lines += [f"• {current.candidate_lines[o]}" for o in candidates]
    return mask_emails("\n".join(lines))


def post_webhook(url: str, text: str, timeout: float = POST_TIMEOUT_SECONDS) -> None:
    """POST `{"text": text}` as JSON; raise AlertPostFailed unless the server answers 2xx."""
    request = urllib.request.Request(
        url,
        data=json.dumps({"text": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        raise AlertPostFailed(f"alert webhook answered HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise AlertPostFailed(f"alert webhook unreachable: {reason}") from error
    if not 200 <= status < 300:
        raise AlertPostFailed(f"alert webhook answered HTTP {status}")


def post_alerts(
    db_path: Path | str, state_path: Path | str = DEFAULT_STATE, webhook_url: str | None = None
) -> AlertResult:
    """Compare the warehouse with the last run's state and post one message when something
    is new. `webhook_url` defaults to env PLG_ALERT_WEBHOOK_URL; without one nothing is
    posted or recorded. Raises AlertPostFailed when the post fails (state left as it was)."""
    url = webhook_url if webhook_url is not None else os.environ.get(WEBHOOK_ENV, "")
    if not url:
        return AlertResult(False, None, (), (), f"{WEBHOOK_ENV} is not set: alerts are off")
    state_path = Path(state_path)
    current = read_current(Path(db_path))
    previous = load_state(state_path)
    if previous is None:
        save_state(state_path, current.snapshot)
        return AlertResult(False, None, (), (), f"first run: state recorded in {state_path}, nothing posted")
    accounts, candidates = new_since(current, previous)
    text = compose_message(current, accounts, candidates)
    if text is None:
        save_state(state_path, current.snapshot)
        return AlertResult(False, None, (), (), "nothing new since the previous run: nothing posted")
    post_webhook(url, text)
    save_state(state_path, current.snapshot)
    return AlertResult(
        True, text, accounts, candidates, f"posted {len(accounts)} account(s) and {len(candidates)} organization(s)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("PLG_DUCKDB_PATH", "target/plg.duckdb")))
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--webhook-url", default=None, help=f"default: env {WEBHOOK_ENV}")
    args = parser.parse_args(argv)
    try:
        result = post_alerts(args.db, args.state, args.webhook_url)
    except AlertPostFailed as error:
        print(f"ALERT POST FAILED: {error} (state unchanged; the next run retries)", file=sys.stderr)
        return 1
    except (FileNotFoundError, duckdb.Error) as error:
        print(f"alerts: cannot read the warehouse {args.db}: {error}", file=sys.stderr)
        return 2
    print(f"alerts: {result.note}")
    if result.text:
        print(result.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
