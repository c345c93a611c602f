"""The public models of SPEC section 9 and where they live in the warehouse."""

from __future__ import annotations

# The BI-facing marts (schema `marts`): the only models ever published.
PUBLISHED_MARTS: tuple[str, ...] = (
    "dim_users",
    "dim_accounts",
    "dim_organizations",
    "mart_activation",
    "mart_activation_funnel",
    "fct_account_signals",
    "mart_pqa",
    "mart_pqa_backtest",
    "mart_enterprise_expansion",
    "fct_pqa_changes",
    "fct_mrr_movements",
    "mart_account_expansion",
    "mart_expansion_cohorts",
    "mart_revenue_retention",
    "fct_attribution_touches",
    "mart_attribution_paths",
    "mart_channel_attribution",
    "mart_signal_weights_learned",
    "mart_conversion_probability",
    "mart_scoring_evaluation",
    "mart_scoring_calibration",
)

# Audit models hold raw rows (emails included): validated, never published (SPEC 9).
AUDIT_MODELS: tuple[str, ...] = ("audit_rejected_rows", "audit_source_reconciliation")

MARTS_SCHEMA = "marts"
AUDIT_SCHEMA = "audit"

# Raw tables of SPEC section 1, in contract order.
RAW_TABLES: tuple[str, ...] = (
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


def schema_of(model: str) -> str:
    """Schema a public model is built in (`marts` or `audit`)."""
    if model in AUDIT_MODELS:
        return AUDIT_SCHEMA
    if model in PUBLISHED_MARTS:
        return MARTS_SCHEMA
    raise KeyError(f"'{model}' is not a public model of SPEC section 9")


def qualified_name(model: str) -> str:
    """`schema.model` of a public model."""
    return f"{schema_of(model)}.{model}"
