# Two commands for a fresh machine: `make lab` (run the module) and `make test` (check it).
# While editing content or code, `make test-fast` (no kernel, no browser) is the quick loop.
# Everything else is for instructors and maintainers; `make help` lists it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# What pytest's `pythonpath` (pyproject.toml) gives the tests, for the tools run as `python -m tools.x`.
export PYTHONPATH := $(CURDIR)/notebooks:$(CURDIR)/tests

.PHONY: help lab test test-fast lint check refresh bench handouts answer-key role-cards class-report present clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.run-installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

lab: $(VENV)/.run-installed  ## set up and open the module in JupyterLab
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

test: $(VENV)/.dev-installed node_modules/.installed  ## set up and run the whole test suite (both cores)
	$(PY) -m pytest -n 2 --dist loadgroup --durations=25

test-fast: lint  ## data, schemas, quizzes, builders, notebook rules: no kernel, no browser, no npm
	$(PY) -m pytest -m "not browser and not kernel" -n 2 -q

lint: $(VENV)/.dev-installed  ## ruff: lint rules and formatting (pyproject.toml says which)
	$(BIN)/ruff check
	$(BIN)/ruff format --check

check: $(VENV)/.run-installed  ## validate every file in data/ (file, row, field for each problem)
	$(PY) -m lessonkit.check

refresh: $(VENV)/.dev-installed  ## re-run the notebooks and store clean outputs
	$(PY) -m tools.refresh_notebooks notebooks/*.ipynb

bench: $(VENV)/.dev-installed node_modules/.installed  ## print speed, memory and size figures
	$(PY) -m tools.bench

handouts: $(VENV)/.dev-installed  ## build offline HTML handouts in build/handouts/
	$(PY) -m tools.handouts --out build/handouts notebooks/*.ipynb

answer-key: $(VENV)/.run-installed  ## write the instructors' answer key to build/answer-key.md
	$(PY) -m tools.answer_key build/answer-key.md

role-cards: $(VENV)/.run-installed  ## write the printable role-play cards to instructors/role-cards.md
	$(PY) tools/role_cards.py

class-report: $(VENV)/.run-installed  ## report on a class's saved answers: make class-report ANSWERS=<folder>
	@test -n "$(ANSWERS)" || { echo "usage: make class-report ANSWERS=<folder of answers-*.json> [ANONYMISE=1]"; exit 2; }
	$(PY) tools/class_report.py "$(ANSWERS)" --out build/class-report $(if $(ANONYMISE),--anonymise)

present: $(VENV)/.run-installed  ## show a notebook on the projector: make present NOTEBOOK=notebooks/02_the_visit.ipynb
	@test -n "$(NOTEBOOK)" || { echo "usage: make present NOTEBOOK=notebooks/<name>.ipynb"; exit 2; }
	$(PY) tools/present.py "$(NOTEBOOK)"

clean:  ## remove the virtualenv, node_modules and build output
	rm -rf $(VENV) node_modules build
