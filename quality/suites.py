"""One expectation suite per public model of contract section 9, as code.

A suite is a list of `Frame`s, each a DuckDB query whose result (a pandas
DataFrame) is validated by GX against a list of expectations:

- the first frame is the model itself (`select *`): columns, keys, accepted
  values, ranges, and "not all null / not all zero" distributions that a broken
  join would trip;
- the other frames are small results computed in DuckDB from two or more
  tables (row counts against upstream, credits summed per conversion, counts
  of rows that break a rule), because a GX DataFrame batch sees one table.

Row-count rules: "staged" counts come from `audit.audit_source_reconciliation`
(all staged rows). With a hand-set `as_of_date` the models ignore users and
accounts created after it, so a mart may instead equal the staged rows created
on or before `as_of_date` (read from `marts.mart_pqa.as_of_date`); either is
exact, anything else fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from python_udfs.persona import load_personas
from quality import expect as x
from quality.marts import AUDIT_MODELS, PUBLISHED_MARTS, RAW_TABLES, qualified_name
from quality.pii import EMAIL_PATTERN, may_hold_email

# The date the marts were evaluated on (every mart_pqa row carries it).
AS_OF = "(select max(as_of_date) from marts.mart_pqa)"

PLANS = ["free", "team", "enterprise"]
PERSONAS = list(load_personas())
SIGNAL_SOURCES = ["product", "web", "community", "external"]
INTENTS = ["high", "medium", "low"]
MOVEMENT_TYPES = ["new", "expansion", "contraction", "churn", "reactivation", "flat"]
TOUCH_SOURCES = ["marketing", "web_session", "community", "none"]
CONVERSION_TYPES = ["first_paid", "closed_won"]
ATTRIBUTION_MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based"]
CREDIT_COLUMNS = [f"{model}_credit" for model in ATTRIBUTION_MODELS]
AUDIT_YML = Path(__file__).resolve().parents[1] / "models" / "audit" / "_audit__models.yml"


def _declared_reject_reasons(path: Path = AUDIT_YML) -> list[str]:
    """The reject reasons, as declared once: the accepted values of
    audit_rejected_rows.reject_reason in the audit models' yml."""
    model = next(m for m in yaml.safe_load(path.read_text())["models"] if m["name"] == "audit_rejected_rows")
    column = next(c for c in model["columns"] if c["name"] == "reject_reason")
    test = next(t for t in column["data_tests"] if isinstance(t, dict) and "accepted_values" in t)
    return list(test["accepted_values"]["arguments"]["values"])


REJECT_REASONS = _declared_reject_reasons()
SHA256_HEX = r"^[0-9a-f]{64}$"
WELL_FORMED_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


@dataclass(frozen=True)
class Frame:
    """A query whose result is validated against `expectations`."""

    name: str
    sql: str
    expectations: tuple[x.Expectation, ...]


@dataclass(frozen=True)
class Suite:
    """The checks of one public model; `frames[0]` reads the model itself."""

    model: str
    frames: tuple[Frame, ...]


def model_frame(model: str, expectations: Sequence[x.Expectation]) -> Frame:
    return Frame("rows", f"select * from {qualified_name(model)}", tuple(expectations))


def model_suite(
    model: str, required_columns: Sequence[str], row_expectations: Sequence[x.Expectation], *frames: Frame
) -> Suite:
    """The suite of `model`: its rows have the required columns of contract §9 and meet
    `row_expectations`; `frames` check figures computed from it and other tables."""
    return Suite(model, (model_frame(model, [x.columns_present(required_columns), *row_expectations]), *frames))


def scalar_frame(
    name: str,
    figures: Mapping[str, str] | None = None,
    expectations: Sequence[x.Expectation] = (),
    zero: Mapping[str, tuple[str, str]] | None = None,
) -> Frame:
    """A one-row frame: each figure is a scalar subquery (name -> SQL). A `zero` figure
    (name -> (SQL, why)) counts the rows that break a rule, and is expected to be 0."""
    zero = zero or {}
    figures = {**(figures or {}), **{column: sql for column, (sql, _) in zero.items()}}
    expectations = [*expectations, *(x.zero(column, why) for column, (_, why) in zero.items())]
    columns = ",\n    ".join(f"({sql}) as {column}" for column, sql in figures.items())
    return Frame(name, f"select\n    {columns}", tuple(expectations))


def count_where(model: str, condition: str) -> str:
    """SQL counting a model's rows that break a rule."""
    return f"select count(*) from {qualified_name(model)} where {condition}"


def staged_rows(source_table: str, created_column: str, mart_rows_sql: str) -> str:
    """Staged rows of a raw table, all of them or those created by as_of (see module doc)."""
    all_rows = f"select staged_rows from audit.audit_source_reconciliation where source_table = '{source_table}'"
    by_as_of = f"select count(*) from staging.stg_raw__{source_table} where cast({created_column} as date) <= {AS_OF}"
    return f"select case when ({mart_rows_sql}) = ({all_rows}) then ({all_rows}) else ({by_as_of}) end"


def row_count_frame(model: str, source_table: str, created_column: str, noun: str) -> Frame:
    """One mart row per staged row of `source_table` (users or accounts)."""
    mart_rows = f"select count(*) from {qualified_name(model)}"
    return scalar_frame(
        "vs_staging",
        {"mart_rows": mart_rows, "staged_rows": staged_rows(source_table, created_column, mart_rows)},
        [x.equal("mart_rows", "staged_rows", f"one row per staged {noun}")],
    )


def pii_expectations(model: str, frame: pd.DataFrame) -> list[x.Expectation]:
    """No text column of a published mart holds an email, except the allowed one (contract §2)."""
    if model not in PUBLISHED_MARTS:
        return []
    text_columns = [
        c
        for c in frame.columns
        if (pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object) and not may_hold_email(model, c)
    ]
    return [x.never_matches(c, EMAIL_PATTERN, "PII: no raw email outside mart_pqa.contact_email") for c in text_columns]


# --- core -----------------------------------------------------------------------


def dim_users() -> Suite:
    m = "dim_users"
    return model_suite(
        m,
        [
            "user_id",
            "account_id",
            "org_domain",
            "email_domain",
            "email_hash",
            "is_corporate_email",
            "persona",
            "signup_at",
            "first_value_at",
            "is_activated",
        ],
        [
            *x.primary_key("user_id"),
            x.not_null("signup_at"),
            *x.boolean("is_activated", nullable=False),
            *x.boolean("is_corporate_email"),
            x.in_set("persona", PERSONAS),
            x.matches("email_hash", SHA256_HEX, "SHA-256 hex of the normalized email"),
            x.never_matches("email_domain", r"[@\s]", "a domain, never an email"),
            x.not_before("first_value_at", "signup_at", "first value is at or after signup"),
            x.some_known("email_hash", "a broken email join would null every hash"),
        ],
        row_count_frame(m, "users", "created_at", "user"),
        scalar_frame(
            "rules",
            zero={
                "activated_without_first_value": (
                    count_where(m, "is_activated and first_value_at is null"),
                    "activation needs a first value",
                ),
                "corporate_users_without_org_domain": (
                    count_where(
                        m,
                        "is_corporate_email and org_domain is null and account_id in "
                        "(select account_id from intermediate.int_accounts_enriched)",
                    ),
                    "an account with a corporate user has an org_domain (contract §0)",
                ),
            },
        ),
    )


def dim_accounts() -> Suite:
    m = "dim_accounts"
    return model_suite(
        m,
        [
            "account_id",
            "account_name",
            "org_domain",
            "created_at",
            "current_plan",
            "current_mrr_usd",
            "current_seats",
            "champion_user_id",
            "employee_count",
            "industry",
            "country",
        ],
        [
            *x.primary_key("account_id"),
            x.not_null("created_at"),
            x.not_null("current_plan"),
            x.in_set("current_plan", PLANS),
            x.not_null("current_mrr_usd"),
            x.non_negative("current_mrr_usd"),
            x.not_null("current_seats"),
            x.non_negative("current_seats"),
            x.non_negative("employee_count", "an invalid (negative) count is published as null"),
            x.never_matches("org_domain", r"[@\s]", "a domain, never an email"),
        ],
        row_count_frame(m, "accounts", "created_at", "account"),
        scalar_frame(
            "rules",
            {
                "paying_accounts": count_where(m, "current_mrr_usd > 0"),
            },
            [
                x.at_least("paying_accounts", 1, "a broken subscription join would leave every account free"),
            ],
            zero={
                "plan_disagrees_with_mrr": (
                    count_where(m, "(current_plan = 'free') != (current_mrr_usd = 0)"),
                    "free exactly when no paid active subscription (contract §10)",
                ),
                "champion_outside_account": (
                    count_where(
                        m,
                        "champion_user_id is not null and not exists (select 1 from marts.dim_users as u "
                        "where u.user_id = champion_user_id and u.account_id = dim_accounts.account_id)",
                    ),
                    "the champion is a user of the account",
                ),
            },
        ),
    )


def dim_organizations() -> Suite:
    m = "dim_organizations"
    accounts = "(select * from marts.dim_accounts where org_domain is not null)"
    return model_suite(
        m,
        [
            "org_domain",
            "company_name",
            "employee_count",
            "industry",
            "country",
            "funding_stage",
            "accounts",
            "first_account_created_at",
            "users",
            "active_users_30d",
            "paying_accounts",
            "paid_team_accounts",
            "has_enterprise_plan",
            "current_mrr_usd",
            "annual_spend_usd",
            "pqa_accounts",
            "signal_score",
        ],
        [
            *x.primary_key("org_domain"),
            x.never_matches("org_domain", r"[@\s]", "a domain, never an email"),
            x.not_null("company_name"),
            x.at_least("accounts", 1, "an organization has an account"),
            x.not_null("first_account_created_at"),
            *[
                rule
                for c in (
                    "users",
                    "active_users_30d",
                    "paying_accounts",
                    "paid_team_accounts",
                    "current_mrr_usd",
                    "annual_spend_usd",
                    "pqa_accounts",
                    "signal_score",
                )
                for rule in (x.not_null(c), x.non_negative(c))
            ],
            *x.boolean("has_enterprise_plan", nullable=False),
            x.non_negative("employee_count"),
        ],
        scalar_frame(
            "vs_accounts",
            {
                "organizations": f"select count(*) from {qualified_name(m)}",
                "account_domains": f"select count(distinct org_domain) from {accounts}",
                "accounts_counted": f"select coalesce(sum(accounts), 0) from {qualified_name(m)}",
                "accounts_with_domain": f"select count(*) from {accounts}",
                "mrr_counted": f"select coalesce(sum(current_mrr_usd), 0) from {qualified_name(m)}",
                "mrr_of_accounts": f"select coalesce(sum(current_mrr_usd), 0) from {accounts}",
            },
            [
                x.equal("organizations", "account_domains", "one row per org_domain of dim_accounts (contract §11)"),
                x.equal("accounts_counted", "accounts_with_domain", "every account with a domain counted once"),
                x.equal("mrr_counted", "mrr_of_accounts", "organization MRR sums its accounts' MRR"),
            ],
            zero={
                "annual_spend_disagrees": (
                    count_where(m, "annual_spend_usd != 12 * current_mrr_usd"),
                    "annual spend = 12 x current MRR (contract §11)",
                ),
                "subsets_disagree": (
                    count_where(
                        m,
                        "paid_team_accounts > paying_accounts or paying_accounts > accounts or pqa_accounts > accounts",
                    ),
                    "paid teams <= paying accounts <= accounts",
                ),
                "active_users_disagree_with_pqa": (
                    count_where(
                        m,
                        "active_users_30d != (select coalesce(sum(p.active_users_30d), 0) from marts.mart_pqa as p "
                        "where p.org_domain = dim_organizations.org_domain)",
                    ),
                    "active users = sum of mart_pqa.active_users_30d (contract §11)",
                ),
            },
        ),
    )


# --- activation -----------------------------------------------------------------


def mart_activation() -> Suite:
    m = "mart_activation"
    return model_suite(
        m,
        [
            "user_id",
            "account_id",
            "signup_at",
            "signup_week",
            "first_value_at",
            "time_to_first_value_minutes",
            "is_activated",
            "retained_d30",
            "retained_d60",
            "acquisition_channel",
        ],
        [
            *x.primary_key("user_id"),
            x.not_null("signup_at"),
            x.not_null("signup_week"),
            *x.boolean("is_activated", nullable=False),
            *x.boolean("retained_d30"),
            *x.boolean("retained_d60"),
            x.non_negative("time_to_first_value_minutes"),
            x.not_null("acquisition_channel", "no touchpoint means `direct`, never null"),
            x.not_before("first_value_at", "signup_at", "first value is at or after signup"),
        ],
        row_count_frame(m, "users", "created_at", "user"),
        scalar_frame(
            "rules",
            {
                "rows_vs_dim_users": f"select count(*) from {qualified_name(m)}",
                "dim_users_rows": "select count(*) from marts.dim_users",
                "activated_users": count_where(m, "is_activated"),
                "acquisition_channels": f"select count(distinct acquisition_channel) from {qualified_name(m)}",
            },
            [
                x.equal("rows_vs_dim_users", "dim_users_rows", "one row per dim_users user"),
                x.at_least("activated_users", 1, "a broken first-value join would activate nobody"),
                x.at_least("acquisition_channels", 2, "a broken touchpoint join would make everyone `direct`"),
            ],
            zero={
                "activated_without_first_value": (
                    count_where(m, "is_activated and first_value_at is null"),
                    "activation needs a first value",
                ),
                "minutes_disagree": (
                    count_where(
                        m,
                        "time_to_first_value_minutes is distinct from "
                        "cast(floor(epoch(first_value_at - signup_at) / 60) as bigint)",
                    ),
                    "whole minutes, floor(seconds / 60) (contract §10)",
                ),
                "signup_week_not_iso_monday": (
                    count_where(
                        m, "isodow(signup_week) != 1 or cast(signup_at as date) - signup_week not between 0 and 6"
                    ),
                    "signup_week is the Monday of the ISO week",
                ),
                "d60_known_d30_unknown": (
                    count_where(m, "retained_d60 is not null and retained_d30 is null"),
                    "the d60 window closes after the d30 window",
                ),
            },
        ),
    )


def mart_activation_funnel() -> Suite:
    m = "mart_activation_funnel"
    activation = qualified_name("mart_activation")
    return model_suite(
        m,
        [
            "signup_week",
            "acquisition_channel",
            "signups",
            "activated_users",
            "activation_rate",
            "median_time_to_first_value_minutes",
            "retained_d30_users",
        ],
        [
            x.not_null("signup_week"),
            x.not_null("acquisition_channel"),
            x.unique_together(["signup_week", "acquisition_channel"]),
            x.at_least("signups", 1, "a group exists only with sign-ups"),
            x.non_negative("activated_users"),
            x.non_negative("retained_d30_users"),
            x.fraction("activation_rate"),
            x.some_known("activation_rate", "a broken join would null every rate"),
            x.non_negative("median_time_to_first_value_minutes"),
        ],
        scalar_frame(
            "vs_mart_activation",
            {
                "funnel_signups": f"select coalesce(sum(signups), 0) from {qualified_name(m)}",
                "activation_users": f"select count(*) from {activation}",
                "funnel_activated": f"select coalesce(sum(activated_users), 0) from {qualified_name(m)}",
                "activation_activated": f"select count(*) from {activation} where is_activated",
            },
            [
                x.equal("funnel_signups", "activation_users", "every user counted in exactly one group"),
                x.equal("funnel_activated", "activation_activated", "every activated user counted once"),
            ],
            zero={
                "rate_disagrees": (
                    count_where(m, "abs(activation_rate - activated_users / signups) > 1e-9"),
                    "activation_rate = activated_users / signups",
                ),
                "more_activated_than_signups": (
                    count_where(m, "activated_users > signups"),
                    "activated users are a subset of sign-ups",
                ),
            },
        ),
    )


# --- sales ------------------------------------------------------------------------


def fct_account_signals() -> Suite:
    m = "fct_account_signals"
    return model_suite(
        m,
        ["signal_id", "account_id", "signal_type", "signal_source", "intent", "weight", "signal_at"],
        [
            *x.primary_key("signal_id"),
            x.not_null("account_id"),
            x.not_null("signal_type"),
            x.in_set("signal_source", SIGNAL_SOURCES),
            x.in_set("intent", INTENTS),
            x.not_null("weight"),
            x.non_negative("weight"),
            x.not_null("signal_at"),
            x.row_count_between(1, None, "demo-sized data always carries signals"),
        ],
        scalar_frame(
            "rules",
            zero={
                "unknown_accounts": (
                    count_where(m, "account_id not in (select account_id from intermediate.int_accounts_enriched)"),
                    "signals belong to known accounts",
                ),
                "disagrees_with_catalog": (
                    count_where(
                        m,
                        "not exists (select 1 from seeds.signal_catalog as c where c.signal_type = "
                        "fct_account_signals.signal_type and c.signal_source = fct_account_signals.signal_source "
                        "and c.intent = fct_account_signals.intent and c.weight = fct_account_signals.weight)",
                    ),
                    "source, intent and weight come from the signal catalog",
                ),
            },
        ),
    )


def mart_pqa() -> Suite:
    m = "mart_pqa"
    return model_suite(
        m,
        [
            "account_id",
            "as_of_date",
            "org_domain",
            "is_active_2_weeks",
            "active_users_30d",
            "has_core_feature",
            "api_requests_30d",
            "api_requests_prior_30d",
            "icp_criteria_met",
            "signal_score",
            "intent_tier",
            "is_excluded",
            "exclusion_reason",
            "is_pqa",
            "first_qualified_at",
            "route",
            "contact_user_id",
            "contact_email",
            "contact_persona",
            "reason",
        ],
        [
            *x.primary_key("account_id"),
            x.not_null("as_of_date"),
            x.single_value("as_of_date", "every account evaluated on the same date"),
            *x.boolean("is_active_2_weeks", nullable=False),
            *x.boolean("has_core_feature", nullable=False),
            *x.boolean("is_excluded", nullable=False),
            *x.boolean("is_pqa", nullable=False),
            x.non_negative("active_users_30d"),
            x.non_negative("api_requests_30d"),
            x.non_negative("api_requests_prior_30d"),
            x.between("icp_criteria_met", 0, 5, "five ICP criteria"),
            x.not_null("signal_score"),
            x.non_negative("signal_score"),
            x.in_set("intent_tier", INTENTS),
            x.in_set("exclusion_reason", ["enterprise_plan", "inactive_30d"]),
            x.in_set("route", ["sales", "self_serve"]),
            x.in_set("contact_persona", PERSONAS),
            x.matches("contact_email", WELL_FORMED_EMAIL, "a usable, normalized contact email"),
            x.not_null("reason"),
            x.max_at_least("signal_score", 1e-9, "a broken signal join would score every account 0"),
            x.max_at_least("api_requests_30d", 1, "a broken activity join would zero every account"),
        ],
        row_count_frame(m, "accounts", "created_at", "account"),
        scalar_frame(
            "rules",
            zero={
                "pqa_failing_usage_or_excluded": (
                    count_where(m, "is_pqa and (not is_active_2_weeks or not has_core_feature or is_excluded)"),
                    "a PQA meets every usage criterion and is not excluded",
                ),
                "exclusion_reason_disagrees": (
                    count_where(m, "(exclusion_reason is not null) != is_excluded"),
                    "a reason exactly when excluded",
                ),
                "sales_route_not_pqa": (
                    count_where(m, "route = 'sales' and not is_pqa"),
                    "only PQAs are routed to sales",
                ),
                "pqa_never_qualified": (
                    count_where(m, "is_pqa and first_qualified_at is null"),
                    "a PQA today has a first_qualified_at",
                ),
                "qualified_after_as_of": (
                    count_where(m, "cast(first_qualified_at as date) > as_of_date"),
                    "first_qualified_at is on or before as_of_date",
                ),
                "contact_not_a_live_user_of_account": (
                    count_where(
                        m,
                        "contact_user_id is not null and not exists (select 1 from staging.stg_raw__users as u "
                        "where u.user_id = contact_user_id and u.account_id = mart_pqa.account_id "
                        "and u.deleted_at is null)",
                    ),
                    "contact is a non-deleted user of the account",
                ),
                "contact_email_not_the_contacts": (
                    count_where(
                        m,
                        "contact_user_id is not null and contact_email is distinct from (select u.email from "
                        "staging.stg_raw__users as u where u.user_id = contact_user_id)",
                    ),
                    "contact_email is the contact's normalized email",
                ),
                "intent_tiers_overlap": (
                    f"select coalesce(cast(max(signal_score) filter (where intent_tier = 'low') >= "
                    f"min(signal_score) filter (where intent_tier = 'medium') as integer), 0) + "
                    f"coalesce(cast(max(signal_score) filter (where intent_tier in ('low', 'medium')) >= "
                    f"min(signal_score) filter (where intent_tier = 'high') as integer), 0) "
                    f"from {qualified_name(m)}",
                    "tiers are score thresholds: low < medium < high",
                ),
            },
        ),
    )


def mart_pqa_backtest() -> Suite:
    m = "mart_pqa_backtest"
    return model_suite(
        m,
        [
            "week_start",
            "flagged_accounts",
            "flagged_converted_60d",
            "unflagged_accounts",
            "unflagged_converted_60d",
            "precision",
            "recall",
            "lift",
        ],
        [
            *x.primary_key("week_start"),
            *[
                x.non_negative(c)
                for c in (
                    "flagged_accounts",
                    "flagged_converted_60d",
                    "unflagged_accounts",
                    "unflagged_converted_60d",
                )
            ],
            x.fraction("precision"),
            x.fraction("recall"),
            x.non_negative("lift", "contract §9: lift is a ratio >= 0"),
            x.row_count_between(1, None, "history long enough for one 60-day window"),
        ],
        scalar_frame(
            "rules",
            zero={
                "week_not_monday": (count_where(m, "isodow(week_start) != 1"), "ISO weeks start on Monday"),
                "converted_more_than_counted": (
                    count_where(
                        m,
                        "flagged_converted_60d > flagged_accounts or unflagged_converted_60d > unflagged_accounts",
                    ),
                    "converted accounts are a subset",
                ),
                "precision_disagrees": (
                    count_where(
                        m,
                        "flagged_accounts > 0 and abs(precision - flagged_converted_60d / flagged_accounts) > 1e-9",
                    ),
                    "precision = flagged converted / flagged",
                ),
                "recall_disagrees": (
                    count_where(
                        m,
                        "flagged_converted_60d + unflagged_converted_60d > 0 and abs(recall - flagged_converted_60d"
                        " / (flagged_converted_60d + unflagged_converted_60d)) > 1e-9",
                    ),
                    "recall = flagged converted / all converted",
                ),
                "window_not_yet_passed": (
                    count_where(m, f"week_start + 6 + 60 > {AS_OF}"),
                    "only weeks whose 60 days have passed by as_of_date",
                ),
            },
        ),
    )


def mart_enterprise_expansion() -> Suite:
    m = "mart_enterprise_expansion"
    return model_suite(
        m,
        [
            "org_domain",
            "active_users_30d",
            "paid_team_accounts",
            "annual_spend_usd",
            "spend_tier",
            "next_threshold_usd",
            "mrr_trend_usd_per_month",
            "months_to_next_threshold",
            "is_expansion_candidate",
            "champion_user_id",
            "champion_persona",
            "reason",
        ],
        [
            *x.primary_key("org_domain"),
            x.not_null("annual_spend_usd"),
            x.non_negative("annual_spend_usd"),
            x.not_null("spend_tier"),
            x.non_negative("spend_tier"),
            x.non_negative("next_threshold_usd"),
            x.not_null("mrr_trend_usd_per_month"),
            x.at_least("months_to_next_threshold", 1, "a threshold not reached is at least a month away"),
            *x.boolean("is_expansion_candidate", nullable=False),
            x.in_set("champion_persona", PERSONAS),
            x.not_null("reason"),
        ],
        scalar_frame(
            "rules",
            {
                "rows": f"select count(*) from {qualified_name(m)}",
                "paying_organizations": "select count(*) from marts.dim_organizations where paying_accounts > 0",
            },
            [
                x.equal(
                    "rows", "paying_organizations", "one row per organization with a paying account (contract §11)"
                ),
            ],
            zero={
                "candidate_on_enterprise": (
                    count_where(m, "is_expansion_candidate and has_enterprise_plan"),
                    "an organization on an enterprise plan is never a candidate",
                ),
                "candidate_without_paid_team": (
                    count_where(m, "is_expansion_candidate and paid_team_accounts = 0"),
                    "a candidate has a paid team account",
                ),
                "next_threshold_reached": (
                    count_where(m, "next_threshold_usd <= annual_spend_usd"),
                    "the next threshold is one not reached yet",
                ),
                "months_without_growth": (
                    count_where(m, "months_to_next_threshold is not null and mrr_trend_usd_per_month < 0"),
                    "months to the next threshold only with a rising trend",
                ),
                "champion_outside_organization": (
                    count_where(
                        m,
                        "champion_user_id is not null and not exists (select 1 from marts.dim_users as u "
                        "where u.user_id = champion_user_id and u.org_domain = mart_enterprise_expansion.org_domain)",
                    ),
                    "the champion is a user of the organization",
                ),
            },
        ),
    )


def fct_pqa_changes() -> Suite:
    m = "fct_pqa_changes"
    latest_change = (
        f"select account_id, change_type, row_number() over (partition by account_id order by changed_on desc) "
        f"as recency from {qualified_name(m)}"
    )
    return model_suite(
        m,
        ["account_id", "changed_on", "change_type", "route"],
        [
            x.not_null("account_id"),
            x.not_null("changed_on"),
            x.unique_together(["account_id", "changed_on"]),
            x.not_null("change_type"),
            x.in_set("change_type", ["qualified", "disqualified"]),
            x.in_set("route", ["sales", "self_serve"]),
        ],
        scalar_frame(
            "rules",
            zero={
                "replay_disagrees_with_mart_pqa": (
                    f"select count(*) from marts.mart_pqa as p left join ({latest_change}) as c "
                    f"on p.account_id = c.account_id and c.recency = 1 "
                    f"where p.is_pqa != coalesce(c.change_type = 'qualified', false)",
                    "replaying the feed gives mart_pqa.is_pqa on as_of_date",
                ),
                "repeated_change_type": (
                    f"select count(*) from (select change_type, lag(change_type) over (partition by account_id "
                    f"order by changed_on) as previous_type from {qualified_name(m)}) where change_type = previous_type",
                    "changes alternate: qualified, disqualified, qualified, ...",
                ),
                "first_change_not_qualified": (
                    f"select count(*) from ({latest_change.replace('desc', 'asc')}) "
                    f"where recency = 1 and change_type != 'qualified'",
                    "an account's first change is a qualification",
                ),
                "route_disagrees_with_type": (
                    count_where(m, "(route is null) != (change_type = 'disqualified')"),
                    "route on qualified rows, null on disqualified rows",
                ),
                "changed_after_as_of": (count_where(m, f"changed_on > {AS_OF}"), "no change after as_of_date"),
            },
        ),
    )


# --- revenue ----------------------------------------------------------------------


def fct_mrr_movements() -> Suite:
    m = "fct_mrr_movements"
    months_per_account = (
        f"select count(*) from (select account_id, count(*) as months, "
        f"date_diff('month', min(month_start), max(month_start)) + 1 as span "
        f"from {qualified_name(m)} group by account_id) where months != span"
    )
    first_month_not_new = (
        f"select count(*) from (select movement_type, row_number() over "
        f"(partition by account_id order by month_start) as month_rank from {qualified_name(m)}) "
        f"where month_rank = 1 and movement_type != 'new'"
    )
    return model_suite(
        m,
        ["account_id", "month_start", "mrr_usd", "previous_mrr_usd", "movement_type", "movement_usd"],
        [
            x.not_null("account_id"),
            x.not_null("month_start"),
            x.unique_together(["account_id", "month_start"]),
            x.not_null("movement_type"),
            x.in_set("movement_type", MOVEMENT_TYPES),
            x.non_negative("mrr_usd"),
            x.non_negative("previous_mrr_usd"),
            x.row_count_between(1, None, "demo-sized data has paying accounts"),
        ],
        scalar_frame(
            "rules",
            zero={
                "movement_usd_disagrees": (
                    count_where(m, "abs(movement_usd - (mrr_usd - previous_mrr_usd)) > 0.005"),
                    "movement_usd = mrr_usd - previous_mrr_usd (contract §10)",
                ),
                "movement_type_disagrees": (
                    count_where(
                        m,
                        """not case movement_type
                when 'new' then previous_mrr_usd = 0 and mrr_usd > 0
                when 'reactivation' then previous_mrr_usd = 0 and mrr_usd > 0
                when 'expansion' then previous_mrr_usd > 0 and mrr_usd > previous_mrr_usd
                when 'contraction' then mrr_usd > 0 and mrr_usd < previous_mrr_usd
                when 'churn' then previous_mrr_usd > 0 and mrr_usd = 0
                when 'flat' then mrr_usd = previous_mrr_usd
                else false end""",
                    ),
                    "the movement type follows the MRR change (contract §6)",
                ),
                "month_start_not_first_day": (count_where(m, "day(month_start) != 1"), "months start on the 1st"),
                "accounts_with_month_gaps": (
                    months_per_account,
                    "one row per month from the first paid month on (contract §10)",
                ),
                "first_month_not_new": (first_month_not_new, "an account's first row is its `new` month"),
                "unknown_accounts": (
                    count_where(m, "account_id not in (select account_id from intermediate.int_accounts_enriched)"),
                    "movements belong to known accounts",
                ),
            },
        ),
    )


def mart_account_expansion() -> Suite:
    m = "mart_account_expansion"
    return model_suite(
        m,
        [
            "account_id",
            "created_at",
            "team_formed_at",
            "first_paid_at",
            "paid_team_at",
            "time_to_team_days",
            "is_i2t_60d",
            "champion_user_id",
            "is_champion_retained",
            "current_seats",
            "current_mrr_usd",
        ],
        [
            *x.primary_key("account_id"),
            x.not_null("created_at"),
            x.non_negative("time_to_team_days"),
            *x.boolean("is_i2t_60d"),
            *x.boolean("is_champion_retained"),
            x.non_negative("current_seats"),
            x.non_negative("current_mrr_usd"),
            x.some_known("first_paid_at", "a broken subscription join would leave nobody paid"),
        ],
        row_count_frame(m, "accounts", "created_at", "account"),
        scalar_frame(
            "rules",
            zero={
                "disagrees_with_dim_accounts": (
                    count_where(
                        m,
                        "not exists (select 1 from marts.dim_accounts as a where a.account_id = "
                        "mart_account_expansion.account_id and a.current_mrr_usd = mart_account_expansion.current_mrr_usd"
                        " and a.current_seats = mart_account_expansion.current_seats and a.champion_user_id is not "
                        "distinct from mart_account_expansion.champion_user_id)",
                    ),
                    "MRR, seats and champion agree with dim_accounts",
                ),
                "time_to_team_disagrees": (
                    count_where(
                        m,
                        "time_to_team_days is distinct from cast(paid_team_at as date) - cast(created_at as date)",
                    ),
                    "whole days from created_at date to paid_team_at date",
                ),
                "i2t_without_paid_team": (
                    count_where(m, "is_i2t_60d and paid_team_at is null"),
                    "I2T needs a paid team",
                ),
            },
        ),
    )


def mart_expansion_cohorts() -> Suite:
    m = "mart_expansion_cohorts"
    return model_suite(
        m,
        [
            "cohort_month",
            "months_since_creation",
            "cohort_accounts",
            "active_accounts",
            "paying_accounts",
            "seats",
            "mrr_usd",
            "net_revenue_retention",
            "mrr_vs_first_paying_month",
            "expansion_mrr_share",
        ],
        [
            x.not_null("cohort_month"),
            x.not_null("months_since_creation"),
            x.unique_together(["cohort_month", "months_since_creation"]),
            x.non_negative("months_since_creation"),
            *[x.non_negative(c) for c in ("cohort_accounts", "active_accounts", "paying_accounts", "seats", "mrr_usd")],
            x.non_negative("net_revenue_retention", "contract §9: a ratio >= 0"),
            x.non_negative("mrr_vs_first_paying_month", "a ratio >= 0"),
            x.fraction("expansion_mrr_share"),
            x.some_known("net_revenue_retention", "a broken MRR join would null every NRR"),
        ],
        scalar_frame(
            "rules",
            {
                "accounts_in_cohorts": f"select coalesce(sum(cohort_accounts), 0) from {qualified_name(m)} "
                f"where months_since_creation = 0",
                "accounts": "select count(*) from marts.dim_accounts",
            },
            [
                x.equal("accounts_in_cohorts", "accounts", "every account is in exactly one cohort"),
            ],
            zero={
                "subset_larger_than_cohort": (
                    count_where(m, "active_accounts > cohort_accounts or paying_accounts > cohort_accounts"),
                    "active and paying accounts are subsets of the cohort",
                ),
                "cohort_size_changes": (
                    f"select count(*) from (select cohort_month from {qualified_name(m)} "
                    f"group by cohort_month having count(distinct cohort_accounts) > 1)",
                    "a cohort keeps its size every month",
                ),
                "cohort_month_not_first_day": (
                    count_where(m, "day(cohort_month) != 1"),
                    "cohorts are calendar months",
                ),
                "nrr_defined_on_other_months": (
                    count_where(m, "(net_revenue_retention is null) != (mrr_vs_first_paying_month is null)"),
                    "both ratios start with the cohort's first paying month",
                ),
                "base_mrr_above_cohort_mrr": (
                    count_where(m, "base_accounts_mrr_usd > mrr_usd"),
                    "the base accounts are a subset of the cohort (contract §11)",
                ),
            },
        ),
    )


def mart_revenue_retention() -> Suite:
    m = "mart_revenue_retention"
    return model_suite(
        m,
        [
            "month_start",
            "base_accounts",
            "starting_mrr_usd",
            "ending_mrr_usd",
            "net_revenue_retention",
            "gross_revenue_retention",
            "logo_retention",
        ],
        [
            *x.primary_key("month_start"),
            *[
                rule
                for c in ("base_accounts", "starting_mrr_usd", "ending_mrr_usd")
                for rule in (x.not_null(c), x.non_negative(c))
            ],
            x.non_negative("net_revenue_retention", "contract §9: a ratio >= 0"),
            x.fraction("gross_revenue_retention", "GRR never counts expansion"),
            x.fraction("logo_retention"),
        ],
        scalar_frame(
            "rules",
            {
                "months": f"select count(*) from {qualified_name(m)}",
                "month_span": f"select coalesce(date_diff('month', min(month_start), max(month_start)) + 1, 0) "
                f"from {qualified_name(m)}",
            },
            [
                x.equal("months", "month_span", "one row per month, no gaps"),
            ],
            zero={
                "month_not_first_day": (count_where(m, "day(month_start) != 1"), "months start on the 1st"),
                "nrr_disagrees": (
                    count_where(
                        m,
                        "starting_mrr_usd > 0 and abs(net_revenue_retention - ending_mrr_usd / starting_mrr_usd) > 1e-9",
                    ),
                    "NRR = ending / starting MRR (contract §11)",
                ),
                "grr_above_nrr": (
                    count_where(m, "gross_revenue_retention > net_revenue_retention + 1e-9"),
                    "GRR <= NRR",
                ),
                "starts_before_a_year_of_revenue": (
                    f"select count(*) from {qualified_name(m)} where month_start < (select "
                    f"min(month_start) + interval 12 month from marts.fct_mrr_movements where mrr_usd > 0)",
                    "the first month is M0 + 12 (contract §11)",
                ),
                "base_disagrees_with_movements": (
                    count_where(
                        m,
                        "base_accounts != (select count(*) from marts.fct_mrr_movements as f where f.mrr_usd > 0 "
                        "and f.month_start = mart_revenue_retention.month_start - interval 12 month)",
                    ),
                    "the base = accounts paying at the end of month - 12",
                ),
            },
        ),
    )


# --- attribution --------------------------------------------------------------------


def fct_attribution_touches() -> Suite:
    m = "fct_attribution_touches"
    credit_sums = ", ".join(f"sum({c}) as {c}" for c in CREDIT_COLUMNS)
    return model_suite(
        m,
        ["conversion_id", "touch_source", "channel", "touched_at", "touch_position", *CREDIT_COLUMNS],
        [
            x.not_null("conversion_id"),
            x.not_null("touch_source"),
            x.in_set("touch_source", TOUCH_SOURCES),
            x.not_null("channel"),
            x.not_null("touched_at"),
            x.at_least("touch_position", 1, "touch_position is 1-based"),
            *[rule for c in CREDIT_COLUMNS for rule in (x.not_null(c), x.fraction(c))],
        ],
        Frame(
            "per_conversion",
            (
                f"select conversion_type, conversion_id, count(*) as touches, max(touch_position) as last_position, "
                f"{credit_sums} from {qualified_name(m)} group by conversion_type, conversion_id"
            ),
            (
                *[x.close_to(c, 1.0, "credits sum to 1 per conversion (contract §7)") for c in CREDIT_COLUMNS],
                x.equal("touches", "last_position", "positions run 1..n without gaps"),
            ),
        ),
        scalar_frame(
            "vs_paths",
            {
                "conversions_with_touches": (
                    f"select count(*) from (select distinct conversion_type, conversion_id from {qualified_name(m)})"
                ),
                "conversions": "select count(*) from marts.mart_attribution_paths",
            },
            [x.equal("conversions_with_touches", "conversions", "every conversion has at least one touch row")],
        ),
    )


def mart_attribution_paths() -> Suite:
    m = "mart_attribution_paths"
    touches = (
        "select count(*) from marts.fct_attribution_touches as t where t.conversion_type = "
        "mart_attribution_paths.conversion_type and t.conversion_id = mart_attribution_paths.conversion_id"
    )
    return model_suite(
        m,
        [
            "conversion_id",
            "conversion_type",
            "account_id",
            "org_domain",
            "converted_at",
            "revenue_usd",
            "channel_path",
            "channel_path_collapsed",
            "touch_count",
            "days_first_touch_to_conversion",
        ],
        [
            x.not_null("conversion_id"),
            x.unique_together(["conversion_type", "conversion_id"]),
            x.not_null("conversion_type"),
            x.in_set("conversion_type", CONVERSION_TYPES),
            x.not_null("converted_at"),
            x.not_null("revenue_usd"),
            x.non_negative("revenue_usd"),
            x.not_null("channel_path"),
            x.not_null("channel_path_collapsed"),
            x.non_negative("touch_count"),
            x.non_negative("days_first_touch_to_conversion"),
            x.row_count_between(1, None, "demo-sized data has conversions"),
        ],
        scalar_frame(
            "rules",
            {
                "paths": f"select count(*) from {qualified_name(m)}",
                "conversions": "select count(*) from intermediate.int_conversions_identified",
                "conversions_with_touches": count_where(m, "channel_path != 'direct'"),
            },
            [
                x.equal("paths", "conversions", "one path row per conversion"),
                x.at_least("conversions_with_touches", 1, "a broken touchpoint join would make every path `direct`"),
            ],
            zero={
                "touch_count_disagrees": (
                    count_where(m, f"touch_count != ({touches})"),
                    "touch_count = touches in fct_attribution_touches",
                ),
                "path_length_disagrees": (
                    count_where(m, "len(string_split(channel_path, ' > ')) != touch_count"),
                    "one channel in the path per touch",
                ),
            },
        ),
    )


def mart_channel_attribution() -> Suite:
    m = "mart_channel_attribution"
    return model_suite(
        m,
        ["channel", "attribution_model", "credited_conversions", "credited_revenue_usd"],
        [
            x.not_null("channel"),
            x.not_null("attribution_model"),
            x.unique_together(["channel", "attribution_model"]),
            x.distinct_values("attribution_model", ATTRIBUTION_MODELS, "every model credits every conversion"),
            x.non_negative("credited_conversions"),
            x.non_negative("credited_revenue_usd"),
        ],
        Frame(
            "per_model",
            f"""
            with paths as (
                select count(*) as conversions, coalesce(sum(revenue_usd), 0) as revenue
                from marts.mart_attribution_paths
            ),
            models as (
                select attribution_model, count(*) as channel_rows,
                    sum(credited_conversions) as credited_conversions,
                    sum(credited_revenue_usd) as credited_revenue
                from {qualified_name(m)}
                group by attribution_model
            )
            select
                models.attribution_model,
                abs(models.credited_conversions - paths.conversions) as conversions_gap,
                -- contract §10: revenue is rounded to cents per row, so allow 0.01 per channel row
                greatest(abs(models.credited_revenue - paths.revenue) - 0.01 * models.channel_rows, 0)
                    as revenue_gap_beyond_rounding
            from models cross join paths
        """,
            (
                x.close_to("conversions_gap", 0.0, "per model, channels sum to the number of conversions"),
                x.zero("revenue_gap_beyond_rounding", "per model, channels sum to total revenue"),
            ),
        ),
    )


# --- learned scoring ----------------------------------------------------------------

MODEL_STATUSES = ["fitted", "not_fitted_short_history", "not_fitted_class_missing"]
FEATURE_KINDS = ["signal_decayed_score", "signal_count", "usage", "icp", "account", "intercept"]
SCORERS = ["fixed_catalog", "learned"]


def mart_signal_weights_learned() -> Suite:
    m = "mart_signal_weights_learned"
    return model_suite(
        m,
        ["feature_name", "coefficient", "odds_ratio", "suggested_weight", "model_status"],
        [
            *x.primary_key("feature_name"),
            x.not_null("feature_kind"),
            x.in_set("feature_kind", FEATURE_KINDS),
            x.not_null("model_status"),
            x.in_set("model_status", MODEL_STATUSES),
            x.single_value("model_status", "one model, one status"),
            x.non_negative("odds_ratio"),
            x.non_negative("suggested_weight", "the catalog has no negative weights"),
            x.non_negative("catalog_weight"),
            x.row_count_between(2, None, "at least one feature and the intercept"),
        ],
        scalar_frame(
            "rules",
            zero={
                "status_disagrees_with_numbers": (
                    count_where(
                        m,
                        "(model_status = 'fitted') != (coefficient is not null and coefficient_per_unit is not null)",
                    ),
                    "numbers exactly when a model was fitted; none invented",
                ),
                "odds_ratio_disagrees": (
                    count_where(m, "abs(odds_ratio - exp(coefficient)) > 1e-9 * odds_ratio"),
                    "odds_ratio = exp(coefficient)",
                ),
                "suggestion_without_evidence": (
                    count_where(
                        m,
                        "suggested_weight is not null and (model_status != 'fitted' or training_rows_nonzero = 0 "
                        "or feature_kind != 'signal_decayed_score')",
                    ),
                    "a suggestion needs a fitted model and the type seen in training",
                ),
                "catalog_weight_disagrees": (
                    count_where(
                        m,
                        "catalog_weight is not null and catalog_weight is distinct from (select c.weight from "
                        "seeds.signal_catalog as c where c.signal_type = mart_signal_weights_learned.signal_type)",
                    ),
                    "catalog_weight is today's seed weight",
                ),
                "point_in_time_types_without_features": (
                    "select count(*) from intermediate.int_scoring_signal_types as t where t.is_point_in_time "
                    f"and (select count(*) from {qualified_name(m)} as w where w.signal_type = t.signal_type) != 2",
                    "two features per point-in-time signal type",
                ),
                "suggested_total_off_catalog_scale": (
                    f"select coalesce(cast(abs(sum(suggested_weight) - sum(catalog_weight)) > 0.05 * count(*) as integer), 0)"
                    f" from {qualified_name(m)} where suggested_weight is not null",
                    "suggested weights sum to the catalog's (rounding aside)",
                ),
            },
        ),
    )


def mart_conversion_probability() -> Suite:
    m = "mart_conversion_probability"
    return model_suite(
        m,
        ["account_id", "as_of_date", "is_scored", "conversion_probability", "model_status"],
        [
            *x.primary_key("account_id"),
            x.not_null("as_of_date"),
            x.single_value("as_of_date", "every account scored on the same date"),
            *x.boolean("is_scored", nullable=False),
            x.fraction("conversion_probability"),
            x.at_least("probability_rank", 1, "ranks start at 1"),
            x.non_negative("signal_score"),
            x.in_set("model_status", MODEL_STATUSES),
        ],
        scalar_frame(
            "vs_mart_pqa",
            {
                "mart_rows": f"select count(*) from {qualified_name(m)}",
                "pqa_rows": "select count(*) from marts.mart_pqa",
            },
            [
                x.equal("mart_rows", "pqa_rows", "one row per mart_pqa account"),
            ],
            zero={
                "as_of_disagrees": (count_where(m, f"as_of_date != {AS_OF}"), "scored on mart_pqa's as_of_date"),
                "signal_score_disagrees": (
                    count_where(
                        m,
                        "is_scored and abs(signal_score - (select p.signal_score from marts.mart_pqa as p "
                        "where p.account_id = mart_conversion_probability.account_id)) > 1e-6",
                    ),
                    "the fixed score replayed on as_of_date is mart_pqa.signal_score",
                ),
                "pqa_disagrees": (
                    count_where(
                        m,
                        "is_scored and is_pqa != (select p.is_pqa from marts.mart_pqa as p "
                        "where p.account_id = mart_conversion_probability.account_id)",
                    ),
                    "the PQA flag replayed on as_of_date is mart_pqa.is_pqa",
                ),
            },
        ),
        scalar_frame(
            "rules",
            zero={
                "probability_without_model": (
                    count_where(
                        m, "conversion_probability is not null and (model_status != 'fitted' or not is_scored)"
                    ),
                    "a probability only from a fitted model, for the scored population",
                ),
                "fitted_but_unscored": (
                    count_where(m, "model_status = 'fitted' and is_scored and conversion_probability is null"),
                    "a fitted model scores every account of the population",
                ),
                "scored_while_paying": (
                    count_where(
                        m,
                        "is_scored and account_id in (select account_id from marts.dim_accounts "
                        "where current_mrr_usd > 0)",
                    ),
                    "paying accounts are not scored",
                ),
            },
        ),
    )


def mart_scoring_evaluation() -> Suite:
    m = "mart_scoring_evaluation"
    backtest = qualified_name("mart_pqa_backtest")
    return model_suite(
        m,
        ["scorer", "week_start", "roc_auc", "precision_at_k", "recall_at_k", "lift"],
        [
            x.not_null("scorer"),
            x.in_set("scorer", SCORERS),
            x.not_null("week_start"),
            x.unique_together(["scorer", "week_start"]),
            x.fraction("roc_auc"),
            x.fraction("precision_at_k"),
            x.fraction("recall_at_k"),
            x.non_negative("lift", "contract §9: a ratio >= 0"),
            x.non_negative("converted_in_top_k"),
            x.in_set("model_status", MODEL_STATUSES),
        ],
        scalar_frame(
            "rules",
            zero={
                "disagrees_with_backtest": (
                    count_where(
                        m,
                        f"not exists (select 1 from {backtest} as b where b.week_start = mart_scoring_evaluation.week_start "
                        "and b.population_accounts = mart_scoring_evaluation.population_accounts "
                        "and b.flagged_accounts = mart_scoring_evaluation.top_k "
                        "and b.converted_60d = mart_scoring_evaluation.converted_accounts)",
                    ),
                    "population, k and conversions are the backtest's for that week",
                ),
                "weeks_without_both_scorers": (
                    f"select count(*) from (select week_start from {qualified_name(m)} group by week_start "
                    f"having count(distinct scorer) != 2)",
                    "both scorers on every validation week",
                ),
                "learned_numbers_without_model": (
                    count_where(
                        m,
                        "scorer = 'learned' and model_status != 'fitted' and coalesce(roc_auc, precision_at_k, "
                        "recall_at_k, lift, converted_in_top_k) is not null",
                    ),
                    "no invented numbers when nothing was fitted",
                ),
                "precision_disagrees": (
                    count_where(m, "top_k > 0 and abs(precision_at_k - converted_in_top_k / top_k) > 1e-9"),
                    "precision_at_k = converted_in_top_k / k",
                ),
                "not_the_last_backtest_weeks": (
                    count_where(
                        m,
                        f"exists (select 1 from {backtest} as b where b.week_start > mart_scoring_evaluation.week_start "
                        f"and b.week_start not in (select week_start from {qualified_name(m)}))",
                    ),
                    "validation weeks are the latest backtest weeks",
                ),
            },
        ),
    )


def mart_scoring_calibration() -> Suite:
    m = "mart_scoring_calibration"
    return model_suite(
        m,
        [
            "probability_decile",
            "validation_rows",
            "mean_predicted_probability",
            "observed_conversion_rate",
        ],
        [
            *x.primary_key("probability_decile"),
            x.between("probability_decile", 1, 10, "deciles"),
            x.fraction("mean_predicted_probability"),
            x.fraction("observed_conversion_rate"),
            x.fraction("min_probability"),
            x.fraction("max_probability"),
        ],
        scalar_frame(
            "rules",
            {
                "calibration_rows": f"select coalesce(sum(validation_rows), 0) from {qualified_name(m)}",
                "validation_predictions": "select count(*) from intermediate.int_accounts_scoring_predictions "
                "where sample = 'validation' and conversion_probability is not null",
            },
            [
                x.equal("calibration_rows", "validation_predictions", "every validation prediction in one decile"),
            ],
            zero={
                "mean_outside_decile": (
                    count_where(
                        m,
                        "mean_predicted_probability < min_probability - 1e-12 "
                        "or mean_predicted_probability > max_probability + 1e-12",
                    ),
                    "the mean lies within its decile",
                ),
                "deciles_overlap": (
                    f"select count(*) from {qualified_name(m)} as a join {qualified_name(m)} as b "
                    f"on b.probability_decile = a.probability_decile + 1 where a.max_probability > b.min_probability",
                    "deciles are ordered by probability",
                ),
            },
        ),
    )


# --- audit ----------------------------------------------------------------------


def audit_rejected_rows() -> Suite:
    m = "audit_rejected_rows"
    return model_suite(
        m,
        ["rejected_row_id", "source_table", "record_id", "reject_reason", "raw_record"],
        [
            *x.primary_key("rejected_row_id"),
            x.not_null("source_table"),
            x.in_set("source_table", RAW_TABLES),
            x.not_null("reject_reason"),
            x.in_set("reject_reason", REJECT_REASONS),
            x.not_null("raw_record"),
            x.json_text("raw_record"),
        ],
        Frame(
            "vs_reconciliation",
            f"""
            select
                reconciliation.source_table,
                reconciliation.rejected_rows as reconciled_rejects,
                count(rejected.rejected_row_id) as quarantined_rows
            from audit.audit_source_reconciliation as reconciliation
            left join {qualified_name(m)} as rejected
                on reconciliation.source_table = rejected.source_table
            group by reconciliation.source_table, reconciliation.rejected_rows
        """,
            (x.equal("quarantined_rows", "reconciled_rejects", "every rejected row is quarantined"),),
        ),
    )


def audit_source_reconciliation() -> Suite:
    m = "audit_source_reconciliation"
    staged_counts = "\n union all ".join(
        f"select '{t}' as source_table, (select count(*) from staging.stg_raw__{t}) as rows_in_staging"
        for t in RAW_TABLES
    )
    return model_suite(
        m,
        ["source_table", "raw_rows", "staged_rows", "duplicate_rows", "rejected_rows"],
        [
            *x.primary_key("source_table"),
            x.distinct_values("source_table", RAW_TABLES, "one row per raw table of contract §1"),
            *[
                rule
                for c in ("raw_rows", "staged_rows", "duplicate_rows", "rejected_rows")
                for rule in (x.not_null(c), x.non_negative(c))
            ],
            x.not_null("is_balanced"),
            x.in_set("is_balanced", [True], "raw = staged + duplicates + rejected (contract §2)"),
            x.not_null("is_complete"),
            x.in_set("is_complete", [True], "every row of every landed Parquet file was read"),
        ],
        Frame(
            "identity",
            f"""
            with staged as ({staged_counts})
            select
                reconciliation.source_table,
                reconciliation.raw_rows,
                reconciliation.staged_rows + reconciliation.duplicate_rows + reconciliation.rejected_rows
                    as accounted_rows,
                reconciliation.staged_rows,
                staged.rows_in_staging
            from {qualified_name(m)} as reconciliation
            left join staged on reconciliation.source_table = staged.source_table
        """,
            (
                x.equal("raw_rows", "accounted_rows", "nothing dropped silently (contract §2)"),
                x.equal("staged_rows", "rows_in_staging", "the staged count is the staging model's"),
            ),
        ),
    )


SUITES: dict[str, Callable[[], Suite]] = {
    "dim_users": dim_users,
    "dim_accounts": dim_accounts,
    "dim_organizations": dim_organizations,
    "mart_activation": mart_activation,
    "mart_activation_funnel": mart_activation_funnel,
    "fct_account_signals": fct_account_signals,
    "mart_pqa": mart_pqa,
    "mart_pqa_backtest": mart_pqa_backtest,
    "mart_enterprise_expansion": mart_enterprise_expansion,
    "fct_pqa_changes": fct_pqa_changes,
    "fct_mrr_movements": fct_mrr_movements,
    "mart_account_expansion": mart_account_expansion,
    "mart_expansion_cohorts": mart_expansion_cohorts,
    "mart_revenue_retention": mart_revenue_retention,
    "fct_attribution_touches": fct_attribution_touches,
    "mart_attribution_paths": mart_attribution_paths,
    "mart_channel_attribution": mart_channel_attribution,
    "mart_signal_weights_learned": mart_signal_weights_learned,
    "mart_conversion_probability": mart_conversion_probability,
    "mart_scoring_evaluation": mart_scoring_evaluation,
    "mart_scoring_calibration": mart_scoring_calibration,
    "audit_rejected_rows": audit_rejected_rows,
    "audit_source_reconciliation": audit_source_reconciliation,
}
assert set(SUITES) == set(PUBLISHED_MARTS + AUDIT_MODELS), "one suite per public model"
