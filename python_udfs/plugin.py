"""dbt-duckdb plugin registering the project's Python UDFs on every connection.

profiles.yml: ``plugins: [{module: python_udfs.plugin}]`` with ``module_paths``
pointing at the project root. dbt-duckdb imports this module, instantiates
``Plugin`` and calls ``configure_connection(conn)`` on the DuckDB connection
it opens; cursors made from that connection see the functions too.

Registered (all vectorized Arrow UDFs, null handling SPECIAL so the Python
side decides what a null gives):

====================================================================  =======================
SQL signature                                                          null in
====================================================================  =======================
``persona_from_title(VARCHAR) -> VARCHAR``                             null -> null
``classify_community_text(VARCHAR, VARCHAR[]) -> VARCHAR[]``           null body -> ``[]``;
                                                                       null list -> no competitors
``decayed_signal_score(DOUBLE, DOUBLE, DOUBLE) -> DOUBLE``             any null -> null
====================================================================  =======================

This module is only the registration layer; the logic lives in persona.py,
community_intent.py and scoring.py as plain, separately tested functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin

try:  # DuckDB >= 2.0
    from duckdb.sqltypes import DOUBLE, VARCHAR
except ImportError:  # pragma: no cover - DuckDB 1.x
    from duckdb.typing import DOUBLE, VARCHAR

from python_udfs.community_intent import classify_community_text_arrow
from python_udfs.persona import persona_from_title_arrow
from python_udfs.scoring import decayed_signal_score_arrow


@dataclass(frozen=True)
class UdfSpec:
    """One DuckDB scalar function: SQL name, Arrow implementation and types."""

    name: str
    function: Callable[..., Any]
    parameters: tuple[Any, ...]
    return_type: Any


def udf_specs() -> tuple[UdfSpec, ...]:
    """The functions the warehouse calls (see macros: persona_from_title & co)."""
    varchar_list = duckdb.list_type(VARCHAR)
    return (
        UdfSpec("persona_from_title", persona_from_title_arrow, (VARCHAR,), VARCHAR),
        UdfSpec("classify_community_text", classify_community_text_arrow, (VARCHAR, varchar_list), varchar_list),
        UdfSpec("decayed_signal_score", decayed_signal_score_arrow, (DOUBLE, DOUBLE, DOUBLE), DOUBLE),
    )


def register_udfs(conn: duckdb.DuckDBPyConnection) -> None:
    """Register every UDF on `conn`; re-registering replaces the earlier definition."""
    for spec in udf_specs():
        try:
            conn.remove_function(spec.name)
        except duckdb.Error:
            pass  # not registered yet
        conn.create_function(
            spec.name,
            spec.function,
            list(spec.parameters),
            spec.return_type,
            type="arrow",
            null_handling="special",
            side_effects=False,
        )


class Plugin(BasePlugin):
    """dbt-duckdb entry point: registers the UDFs when dbt opens its connection."""

    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        """Called by dbt-duckdb once per new DuckDB connection."""
        register_udfs(conn)
