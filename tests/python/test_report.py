"""scripts/build_report.py: one static HTML file, checked in a real headless Chromium.

The browser loads the file from disk with networking features off, runs its
inline JavaScript (vega-embed and report.js, virtual time budget), and dumps
the DOM. The page itself records whether every chart and table drew
(`body[data-charts-rendered]` against `data-charts-expected`) and every
script error, console.error or blocked network load (`body[data-js-errors]`,
`<ul id="js-errors">`; Chromium's headless mode does not print console
messages to stderr, so the page collects them). Filters are set through the
URL fragment, which fires the same change events as a click. A screenshot is
written to target/report/test_report_screenshot.png.

Skipped only when Chromium is not installed (`apt-get install -y chromium`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import build_report
import pytest
from plg_test_harness import PROJECT_DIR
from test_semantic import build_sample_warehouse

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=10000",
]
SCREENSHOT = PROJECT_DIR / "target" / "report" / "test_report_screenshot.png"
EXPECTED_CHARTS = [
    "funnel-by-channel",
    "activation-heatmap",
    "ttfv-histogram",
    "pqa-call-list",
    "mrr-bridge",
    "cohort-nrr",
    "channel-credit",
    "expansion-candidates",
    "revenue-retention",
    "organization-candidates",
]
TABLES = ["pqa-call-list", "expansion-candidates", "organization-candidates"]

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
    return subprocess.run(
        [CHROMIUM, *CHROME_FLAGS, f"--user-data-dir={profile}", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def page_scripts(page: str) -> list[str]:
    """The executable inline scripts (not the JSON data block)."""
    return re.findall(r"<script>(.*?)</script>", page, re.DOTALL)


def test_report_is_one_self_contained_file(report):
    page = report.read_text()
    assert set(re.findall(r'<div data-chart="([a-z-]+)"', page)) == set(EXPECTED_CHARTS)
    # nothing to fetch: no external script, stylesheet, image or font in the markup, and a CSP that forbids them
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.DOTALL)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", markup)
    assert not re.search(r"url\(\s*['\"]?https?:", markup)
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    assert "unsafe-eval" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    # every inline script is allowed by its own hash, nothing else
    hashes = re.findall(r"'sha256-([^']+)'", csp)
    scripts = page_scripts(page)
    assert len(scripts) == 3 and len(hashes) == 3
    for script in scripts:
        assert base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() in hashes
    assert "vegaEmbed" in scripts[1]  # Vega / Vega-Lite / vega-embed inlined
    # the data of every chart and table is in the page
    assert '"reason":"3 active developers;' in page
    assert '"attribution_model":"time_decay"' in page


def test_charts_are_vega_lite_specs_and_small_cells_are_labelled(report):
    page = report.read_text()
    data = json.loads(
        re.search(r'<script type="application/json" id="plg-data">(.*?)</script>', page, re.DOTALL)
        .group(1)
        .replace("<\\/", "</")
    )
    assert set(data["charts"]) | set(data["tables"]) == set(EXPECTED_CHARTS)
    assert set(data["tables"]) == set(TABLES)
    for key, spec in data["charts"].items():
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/"), key
    assert data["chart_groups"] == {
        "funnel-by-channel": "activation",
        "ttfv-histogram": "activation",
        "activation-heatmap": "activation",
    }
    cells = data["charts"]["activation-heatmap"]["data"]["values"]
    small = {(c["signup_week"], c["acquisition_channel"]): c["label"] for c in cells if c["is_small"]}
    assert small and set(small.values()) == {"n<5"}
    assert all(c["signups"] < 5 for c in cells if c["is_small"])
    assert all(not c["is_small"] and c["label"].endswith("%") for c in cells if c["signups"] >= 5)
    # every headline number has its one-line explanation
    kpis = re.findall(r'<div class="kpi[^"]*"><b>([^<]*)</b><span>([^<]*)</span><p>([^<]+)</p></div>', page)
    assert [k[1] for k in kpis] == [
        "signups",
        "activation rate",
        "median time to first value",
        "product-qualified accounts",
        "MRR, latest month",
        "NRR / GRR, trailing 12 months",
    ]


def test_min_cell_size_greys_out_rates(wh, tmp_path):
    """With a minimum above every group's size, every heatmap cell and the activation rate say n<N."""
    out = tmp_path / "r.html"
    assert build_report.main(["--db", str(wh.db_path), "--out", str(out), "--min-cell-size", "1000"]) == 0
    page = out.read_text()
    assert '<div class="kpi small"><b>n&lt;1000</b><span>activation rate</span>' in page
    assert '"is_small":false' not in page.split('"activation-heatmap"')[1].split('"mrr-bridge"')[0]


def run_build_report_script(cwd: Path) -> subprocess.CompletedProcess[str]:
    """scripts/build_report.py with no arguments, run from `cwd`."""
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "build_report.py")],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_falls_back_to_the_dbt_build_file(tmp_path, wh):
    (tmp_path / "target").mkdir()
    shutil.copy(wh.db_path, tmp_path / "target" / "plg.duckdb")
    proc = run_build_report_script(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "from target/plg.duckdb" in proc.stdout
    assert (tmp_path / "target" / "report" / "plg_report.html").exists()


def test_missing_warehouse_is_a_clear_error(tmp_path):
    proc = run_build_report_script(tmp_path)
    assert proc.returncode == 2
    assert "no warehouse" in proc.stderr


def rendered_dom(report: Path, tmp_path: Path, fragment: str = "") -> str:
    proc = chromium(["--dump-dom", report.as_uri() + fragment], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    body = re.search(r"<body([^>]*)>", dom).group(1)
    attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', body))
    errors = re.search(r'<ul id="js-errors">(.*?)</ul>', dom, re.DOTALL).group(1)
    assert attrs["data-js-errors"] == "0", errors
    assert attrs["data-charts-rendered"] == attrs["data-charts-expected"] == str(len(EXPECTED_CHARTS))
    return dom


def table_rows(dom: str, css_class: str) -> list[str]:
    table = re.search(rf'<table class="data-table {css_class}"[^>]*>.*?</table>', dom, re.DOTALL).group(0)
    return re.findall(r'<tr data-row="1">(.*?)</tr>', table, re.DOTALL)


@needs_chromium
def test_every_chart_renders_in_chromium_without_errors(report, tmp_path):
    dom = rendered_dom(report, tmp_path)
    for chart in EXPECTED_CHARTS:
        assert re.search(rf'data-chart="{chart}"[^>]*data-rendered="true"', dom), chart
    assert len(re.findall(r'<svg [^>]*class="marks"', dom)) == len(EXPECTED_CHARTS) - len(TABLES)
    assert len(re.findall(r"<path ", dom)) > 40
    pqa_rows = table_rows(dom, "pqa")
    assert len(pqa_rows) == 2  # alpha (sales) + beta (self_serve)
    assert any('class="route route-sales">sales<' in r for r in pqa_rows)
    assert any('class="route route-self_serve">self_serve<' in r for r in pqa_rows)


@needs_chromium
def test_filtering_the_call_list_changes_the_rows_shown(report, tmp_path):
    everyone = table_rows(rendered_dom(report, tmp_path / "all"), "pqa")
    sales = table_rows(rendered_dom(report, tmp_path / "sales", "#pqa-call-list.route=sales"), "pqa")
    self_serve = table_rows(rendered_dom(report, tmp_path / "self", "#pqa-call-list.route=self_serve"), "pqa")
    searched = table_rows(rendered_dom(report, tmp_path / "q", "#pqa-call-list.q=beta"), "pqa")
    assert len(everyone) == 2 and len(sales) == 1 and len(self_serve) == 1 and len(searched) == 1
    assert "route-sales" in sales[0] and "route-self_serve" in self_serve[0] and "route-self_serve" in searched[0]
    nothing = table_rows(rendered_dom(report, tmp_path / "none", "#pqa-call-list.q=no-such-account"), "pqa")
    assert nothing == []


@needs_chromium
def test_channel_filter_narrows_the_activation_charts(report, tmp_path):
    page = report.read_text()
    channels = sorted(set(re.findall(r'"acquisition_channel":"([a-z_]+)"', page)))
    assert len(channels) > 1
    dom_all = rendered_dom(report, tmp_path / "all")
    dom_one = rendered_dom(report, tmp_path / "one", f"#channel={channels[0]}")
    assert f'data-channel="{channels[0]}"' in dom_one

    def heatmap_height(dom: str) -> int:  # one row per channel shown
        chart = re.search(r'data-chart="activation-heatmap".*?<svg [^>]*height="(\d+)"', dom, re.DOTALL)
        return int(chart.group(1))

    assert heatmap_height(dom_one) < heatmap_height(dom_all)


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
