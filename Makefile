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

export PLG_PROJECT_DIR := $(CURDIR)
export DBT_PROFILES_DIR := $(CURDIR)
export PLG_DUCKDB_PATH
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1

.PHONY: build build-spark test venv data dbt-build checkpoint publish report lint freshness docs docs-serve orchestrate bench clean

## ---------------------------------------------------------------- the two commands
# build: venv -> demo raw data -> dbt build -> GX checkpoint -> publish (only after both passed)
build: venv data
	$(MAKE) --no-print-directory dbt-build
	$(MAKE) --no-print-directory checkpoint
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
$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# demo raw data, only into a folder that holds no raw data yet (never over your files)
data: venv
	@if [ -n "$$(ls -A $(RAW_PATH) 2>/dev/null)" ]; then echo "raw data present in $(RAW_PATH): skipping generation"; \
	else $(PY) scripts/generate_raw_data.py --users $(DEMO_USERS) --seed $(DEMO_SEED) --out $(RAW_PATH); fi

dbt-build: venv
	mkdir -p target/duckdb_tmp
	$(DBT) build --vars '{raw_path: "$(RAW_PATH)"}'

checkpoint: venv
	$(PY) scripts/run_checkpoint.py --db $(PLG_DUCKDB_PATH) --out target/gx

publish: venv
	$(PY) scripts/publish_marts.py --db $(PLG_DUCKDB_PATH) --out target/published

report: venv
	$(PY) scripts/build_report.py

# against an empty scratch database, so incremental models always render their full-refresh branch
lint: venv
	rm -f target/lint.duckdb
	PLG_DUCKDB_PATH=target/lint.duckdb $(VENV)/bin/sqlfluff lint models analyses --processes 2

freshness: venv
	$(DBT) source freshness --vars '{raw_path: "$(RAW_PATH)"}'

docs: venv
	$(DBT) docs generate --vars '{raw_path: "$(RAW_PATH)"}'

docs-serve: docs
	$(DBT) docs serve --port 8080

orchestrate: venv
	mkdir -p target/dagster_home
	cp orchestration/dagster.yaml target/dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/target/dagster_home PLG_RAW_PATH=$(RAW_PATH) $(VENV)/bin/dagster dev -m orchestration.definitions

bench: venv
	$(PY) scripts/benchmark.py --events $(BENCH_EVENTS) --work /tmp/plg_bench $(BENCH_ARGS)

clean:
	rm -rf target logs dbt_packages
