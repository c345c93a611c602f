"""Python UDFs of the PLG warehouse (contract section 5): persona, community intent, signal decay.

Plain functions live in persona.py, community_intent.py and scoring.py;
plugin.py registers their Arrow versions in DuckDB for dbt-duckdb.
"""
