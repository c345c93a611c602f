"""Definitions `dg` loads (orchestration/definitions.py): one module per concern."""
