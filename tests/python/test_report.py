"""scripts/build_report.py: one static HTML file, checked in a real headless Chromium.

The browser loads the file from disk with networking features off, runs its
inline JavaScript (virtual time budget), and dumps the DOM. The page itself
records whether every chart drew (`body[data-charts-rendered]` against
`data-charts-expected`) and every script error, console.error or blocked
network load (`body[data-js-errors]`, `<ul id="js-errors">`; Chromium's
headless mode does not print console messages to stderr, so the page
collects them). A screenshot is written to target/report/test_report_screenshot.png.

Skipped only when Chromium is not installed (`apt-get install -y chromium`).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plg_test_harness import PROJECT_DIR
from test_semantic import build_sample_warehouse

import build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000"]
SCREENSHOT = PROJECT_DIR / "target" / "report" / "test_report_screenshot.png"
EXPECTED_CHARTS = ["funnel-by-channel", "activation-heatmap", "ttfv-histogram", "pqa-call-list", "mrr-bridge",
                   "cohort-nrr", "channel-credit"]

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    return build_sample_warehouse(tmp_path_factory)


@pytest.fixture(scope="module")
def report(wh, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "plg_report.html"
    assert build_report.main(["--db", str(wh.db_path), "--out", str(out)]) == 0
    return out


def chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chrome-profile"  # a fresh profile every run
    return subprocess.run([CHROMIUM, *CHROME_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def test_report_is_one_self_contained_file(report):
    page = report.read_text()
    assert set(re.findall(r'data-chart="([a-z-]+)"', page)) == set(EXPECTED_CHARTS)
    # nothing to fetch: no external script, stylesheet, image or font, and a CSP that forbids them
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert "default-src 'none'" in page
    # the data of every chart is in the page
    assert '"reason":"3 active developers;' in page
    assert '"attribution_model":"time_decay"' in page


def test_report_falls_back_to_the_dbt_build_file(tmp_path, wh):
    (tmp_path / "target").mkdir()
    shutil.copy(wh.db_path, tmp_path / "target" / "plg.duckdb")
    proc = subprocess.run([sys.executable, str(PROJECT_DIR / "scripts" / "build_report.py")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "from target/plg.duckdb" in proc.stdout
    assert (tmp_path / "target" / "report" / "plg_report.html").exists()


def test_missing_warehouse_is_a_clear_error(tmp_path):
    proc = subprocess.run([sys.executable, str(PROJECT_DIR / "scripts" / "build_report.py")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "no warehouse" in proc.stderr


@needs_chromium
def test_every_chart_renders_in_chromium_without_errors(report, tmp_path):
    proc = chromium(["--dump-dom", report.as_uri()], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    body = re.search(r"<body([^>]*)>", dom).group(1)
    attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', body))
    errors = re.search(r'<ul id="js-errors">(.*?)</ul>', dom, re.S).group(1)
    assert attrs["data-js-errors"] == "0", errors
    assert attrs["data-charts-expected"] == str(len(EXPECTED_CHARTS))
    assert attrs["data-charts-rendered"] == str(len(EXPECTED_CHARTS))
    for chart in EXPECTED_CHARTS:
        assert re.search(rf'data-chart="{chart}" data-rendered="true"', dom), chart
    assert len(re.findall(r'<svg class="chart"', dom)) == len(EXPECTED_CHARTS) - 1  # the call list is a table
    assert len(re.findall(r"<rect ", dom)) > 40
    pqa_rows = re.search(r'<table class="pqa">.*?</table>', dom, re.S).group(0)
    assert pqa_rows.count("<tr>") == 3  # header + alpha (sales) + beta (self_serve)
    assert 'route route-sales">sales<' in pqa_rows and 'route route-self_serve">self_serve<' in pqa_rows
    assert not re.search(r"CONSOLE.*(Uncaught|Error)", proc.stderr)


@needs_chromium
def test_screenshot(report, tmp_path):
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shot = tmp_path / "report.png"
    proc = chromium(["--hide-scrollbars", "--window-size=1280,2400", f"--screenshot={shot}", report.as_uri()], tmp_path)
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1280, 2400)
    assert len(png) > 50_000  # a blank page compresses to a few KiB
    shutil.copy(shot, SCREENSHOT)
