# plg_warehouse: two commands for a newcomer (`make build`, `make test`); the rest are conveniences.
SHELL := /bin/bash
.DEFAULT_GOAL := build

VENV ?= .venv
PY := $(VENV)/bin/python
DBT := $(VENV)/bin/dbt
RAW_PATH ?= data/raw
DEMO_USERS ?= 3000
DEMO_SEED ?= 42
BENCH_EVENTS ?= 1M,10M
BENCH_ARGS ?=
PLG_DUCKDB_PATH ?= target/plg.duckdb

# Paths reach the shell and dbt's --vars (YAML) quoted, so a space or a quote
# in RAW_PATH or PLG_DUCKDB_PATH cannot break a recipe.
sh_quote = '$(subst ','\'',$(1))'
yaml_quote = "$(subst ",\",$(subst \,\\,$(1)))"
RAW_PATH_SH = $(call sh_quote,$(RAW_PATH))
DB_PATH_SH = $(call sh_quote,$(PLG_DUCKDB_PATH))
DBT_VARS_SH = $(call sh_quote,{raw_path: $(call yaml_quote,$(RAW_PATH))})

export PLG_PROJECT_DIR := $(CURDIR)
export DBT_PROFILES_DIR := $(CURDIR)
export PLG_DUCKDB_PATH
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1

.PHONY: build build-spark test venv data dbt-build checkpoint publish alert report lint lock freshness docs docs-serve orchestrate bench clean

## ---------------------------------------------------------------- the two commands
# build: venv -> demo raw data -> dbt build -> GX checkpoint -> publish (only after both passed)
build: venv data
	@echo "== build 1/3: dbt build"
	$(MAKE) --no-print-directory dbt-build
	@echo "== build 2/3: GX checkpoint"
	$(MAKE) --no-print-directory checkpoint
	@echo "== build 3/3: publish"
	$(MAKE) --no-print-directory publish

# test: the whole suite (pytest builds the project on its own fixtures) + SQL lint
test: venv
	$(PY) -m pytest tests/python -q -p no:cacheprovider
	$(MAKE) --no-print-directory lint

# build-spark: the same demo data and dbt build on Apache Spark (docs/spark.md):
# a local[2] SparkSession with the Python UDFs registered, dbt in-process on the
# `spark` target; tables under target/spark-warehouse. Needs Java 17 (`java`).
build-spark: venv data
	@command -v java >/dev/null || { echo "build-spark needs Java 17 (Debian: apt-get install openjdk-17-jre-headless)"; exit 1; }
	$(PY) scripts/spark_build.py build --vars '{raw_path: "$(RAW_PATH)"}'

## ---------------------------------------------------------------- steps
venv: $(VENV)/.installed
# pip reports each package it collects and installs, with a progress bar per download
$(VENV)/.installed: requirements.txt
	@echo "== venv: creating $(VENV) and installing requirements.txt (first run only: a few minutes)"
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check --progress-bar on -r requirements.txt
	@echo "== venv: ready"
	touch $@

# demo raw data, only into a folder that holds no raw data yet (never over your files)
data: venv
	@if [ -n "$$(ls -A $(RAW_PATH_SH) 2>/dev/null)" ]; then echo "raw data present in "$(RAW_PATH_SH)": skipping generation"; \
	else $(PY) scripts/generate_raw_data.py --users $(DEMO_USERS) --seed $(DEMO_SEED) --out $(RAW_PATH_SH); fi

dbt-build: venv
	mkdir -p target/duckdb_tmp
	$(DBT) build --vars $(DBT_VARS_SH)

checkpoint: venv
	$(PY) scripts/run_checkpoint.py --db $(DB_PATH_SH) --out target/gx

publish: venv
	$(PY) scripts/publish_marts.py --db $(DB_PATH_SH) --out target/published

# post newly qualified accounts and expansion candidates to $$PLG_ALERT_WEBHOOK_URL (cron: after make build);
# a failed post exits non-zero here and never touches the warehouse
alert: venv
	$(PY) scripts/post_alerts.py --db $(DB_PATH_SH) --state target/alerts/state.json

report: venv
	$(PY) scripts/build_report.py

# against an empty scratch database, so incremental models always render their full-refresh branch
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	rm -f target/lint.duckdb
	PLG_DUCKDB_PATH=target/lint.duckdb $(VENV)/bin/sqlfluff lint models analyses macros tests --processes 2

# requirements.txt, the exact pins `make venv` installs, resolved again from pyproject.toml
# (dependencies and the dev extra) in a scratch venv
lock:
	rm -rf target/lock-venv
	python3 -m venv target/lock-venv
	target/lock-venv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	{ echo '# Exact pins for every Python dependency: the lock of pyproject.toml (`make lock` regenerates it). `make venv` installs it.'; \
	  target/lock-venv/bin/pip freeze --exclude plg-warehouse | sort -f; } > requirements.txt

freshness: venv
	$(DBT) source freshness --vars $(DBT_VARS_SH)

docs: venv
	$(DBT) docs generate --vars $(DBT_VARS_SH)

docs-serve: docs
	$(DBT) docs serve --port 8080

# Dagster UI + daemon on http://127.0.0.1:3000 (`dg dev`: the dg project of pyproject.toml, daily schedule on);
# the venv's bin goes first on PATH because dagster-dbt runs `dbt` from it, and VIRTUAL_ENV names it
# (dg warns when the active venv is not the project's .venv)
orchestrate: venv
	@test -x $(VENV)/bin/dg || { echo "no dg CLI in $(VENV): install dagster-dg-cli (requirements.txt)" >&2; exit 2; }
	mkdir -p target/dagster_home
	cp orchestration/dagster.yaml target/dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/target/dagster_home PLG_RAW_PATH=$(RAW_PATH_SH) VIRTUAL_ENV="$(abspath $(VENV))" \
		PATH="$(abspath $(VENV))/bin:$$PATH" \
		$(VENV)/bin/dg dev

bench: venv
	$(PY) scripts/benchmark.py --events $(BENCH_EVENTS) --work /tmp/plg_bench $(BENCH_ARGS)

clean:
	rm -rf target logs dbt_packages
