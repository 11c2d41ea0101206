# Two entry points for a fresh clone (Python 3.11):
#   make demo  — set up .venv and run the main job on the bundled corpus
#   make test  — set up .venv and run the tests (what CI runs)
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BILAN  := $(VENV)/bin/bilan
OUT    ?= out

.PHONY: setup demo test bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

demo: setup
	$(BILAN) extract corpus/ -o $(OUT)/mentions.csv --claims $(OUT)/claims.csv
	$(BILAN) compare --corpus corpus/ -o $(OUT)/compare.xlsx
	$(BILAN) report corpus/ -o $(OUT)/report.html

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) benchmarks/bench_ingest.py
	$(PY) benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
