# plg_warehouse: two commands for a newcomer (`make build`, `make test`); the rest are conveniences.
SHELL := /bin/bash
.DEFAULT_GOAL := build

VENV ?= .venv
PY := $(VENV)/bin/python
DBT := $(VENV)/bin/dbt
RAW_PATH ?= data/raw
DEMO_USERS ?= 3000
DEMO_SEED ?= 42

export PLG_PROJECT_DIR := $(CURDIR)
export DBT_PROFILES_DIR := $(CURDIR)
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
export GX_ANALYTICS_ENABLED := false
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1

.PHONY: build test venv data seed dbt-build checkpoint lint freshness docs clean

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## demo raw data (skipped when the folder already holds it)
data: venv
	@if [ -f $(RAW_PATH)/.generated ]; then echo "raw data present in $(RAW_PATH): skipping generation"; \
	else $(PY) scripts/generate_raw_data.py --users $(DEMO_USERS) --seed $(DEMO_SEED) --out $(RAW_PATH) && touch $(RAW_PATH)/.generated; fi

dbt-build: venv
	mkdir -p target/duckdb_tmp
	$(DBT) build --vars '{raw_path: "$(RAW_PATH)"}'

checkpoint: venv
	$(PY) scripts/run_checkpoint.py

build: venv data dbt-build checkpoint

test: venv
	$(PY) -m pytest tests/python -q
	$(MAKE) lint

lint: venv
	$(VENV)/bin/sqlfluff lint models macros analyses --processes 2

freshness: venv
	$(DBT) source freshness --vars '{raw_path: "$(RAW_PATH)"}'

docs: venv
	$(DBT) docs generate --vars '{raw_path: "$(RAW_PATH)"}'

clean:
	rm -rf target logs dbt_packages
