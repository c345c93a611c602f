"""Shared pytest harness: build the dbt project on small hand-built raw data.

Each fixture dataset (a dict table -> rows in the contract section 1 shape) is
written to Parquet and built with one `dbt build` per test session, cached by
name, so a suite of many assertions costs one build per dataset.

Usage in a test module::

    from plg_test_harness import build_warehouse

    @pytest.fixture(scope="session")
    def wh(tmp_path_factory):
        return build_warehouse(tmp_path_factory, "revenue", ROWS, {"as_of_date": "2024-06-30"})

    def test_x(wh):
        assert wh.sql("select count(*) from marts.fct_mrr_movements") == [(6,)]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_DIR / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(PROJECT_DIR))

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
