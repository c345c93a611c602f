"""Exposures name what really reads the marts; every seed is documented and tested (yml only, no build)."""

from __future__ import annotations

import csv
import re

import build_report
import yaml
from plg_test_harness import PROJECT_DIR

from quality.marts import PUBLISHED_MARTS

EXPOSURES = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "_marts__exposures.yml").read_text())["exposures"]
SEEDS_YML = yaml.safe_load((PROJECT_DIR / "seeds" / "_seeds__models.yml").read_text())["seeds"]


def exposure(name: str) -> dict:
    return next(e for e in EXPOSURES if e["name"] == name)


def refs(e: dict) -> set[str]:
    return {re.fullmatch(r"ref\('([a-z_0-9]+)'\)", d).group(1) for d in e["depends_on"]}


def test_report_exposure_lists_every_model_the_report_reads():
    assert refs(exposure("plg_static_report")) == set(build_report.MARTS_READ)
    assert exposure("plg_static_report")["url"].startswith("file://{{ env_var('PLG_PROJECT_DIR'")


def test_published_files_exposure_lists_every_published_mart():
    assert refs(exposure("published_marts")) == set(PUBLISHED_MARTS)


def test_bi_dashboards_are_labelled_examples_on_the_bi_base_url_var():
    dashboards = [e for e in EXPOSURES if e["type"] == "dashboard"]
    assert len(dashboards) == 4
    for e in dashboards:
        assert e["url"].startswith("{{ var('bi_base_url') }}/dashboards/"), e["name"]
        assert "(example BI dashboard)" in e["label"], e["name"]


def test_every_seed_has_a_yml_entry_with_every_column_described_and_tested():
    entries = {s["name"]: s for s in SEEDS_YML}
    csvs = sorted(p.stem for p in (PROJECT_DIR / "seeds").glob("*.csv"))
    assert sorted(entries) == csvs
    for name in csvs:
        with open(PROJECT_DIR / "seeds" / f"{name}.csv", newline="") as f:
            header = next(csv.reader(f))
        entry = entries[name]
        assert entry["description"].strip(), name
        columns = {c["name"]: c for c in entry["columns"]}
        assert sorted(columns) == sorted(header), name
        assert all(c["description"].strip() for c in columns.values()), name
        key_tests = [t for c in columns.values() for t in c.get("data_tests", []) if t == "unique"]
        assert key_tests, f"{name}: no unique key test"
