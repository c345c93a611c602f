"""The public models and where they live in the warehouse, read from the dbt manifest.

`access: public` in dbt_project.yml is the one declaration (quality/interface.py
reads it): the public models of schema `marts` are the BI marts, the only
models ever published; those of schema `audit` hold raw rows (emails
included) and are validated, never published.
"""

from __future__ import annotations

from quality.interface import public_models, raw_tables

MARTS_SCHEMA = "marts"
AUDIT_SCHEMA = "audit"

_PUBLIC = public_models()

# The BI-facing marts (schema `marts`), sorted by name.
PUBLISHED_MARTS: tuple[str, ...] = tuple(sorted(m for m, s in _PUBLIC.items() if s == MARTS_SCHEMA))

# The audit models (schema `audit`), sorted by name.
AUDIT_MODELS: tuple[str, ...] = tuple(sorted(m for m, s in _PUBLIC.items() if s == AUDIT_SCHEMA))

# Raw tables of the contract (docs/contract.md section 1): the raw source's tables.
RAW_TABLES: tuple[str, ...] = tuple(raw_tables())


def schema_of(model: str) -> str:
    """Schema a public model is built in (`marts` or `audit`)."""
    if model in AUDIT_MODELS:
        return AUDIT_SCHEMA
    if model in PUBLISHED_MARTS:
        return MARTS_SCHEMA
    raise KeyError(f"'{model}' is not a public model (access: public in dbt_project.yml)")


def qualified_name(model: str) -> str:
    """`schema.model` of a public model."""
    return f"{schema_of(model)}.{model}"
