# Two commands for a fresh machine: `make lab` (run the module) and `make test` (check it).
# While editing content or code, `make test-fast` (no kernel, no browser) is the quick loop.
# Everything else is for instructors and maintainers; `make help` lists it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# uv compiles the locks (`make lock`); it is not needed to install them.
UV_VERSION := 0.13.10
# What pytest's `pythonpath` (pyproject.toml) gives the tests, for the tools run as `python -m tools.x`.
export PYTHONPATH := $(CURDIR)/notebooks:$(CURDIR)/tests

.PHONY: help lab test test-full test-fast lint check refresh bench hub-bench handouts answer-key lesson-times role-cards class-report new-module present lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Installs come from the locks (every package pinned with its hash); `make lock` recompiles them
# after an edit to requirements*.txt, and a fast test fails while they disagree.
$(VENV)/.run-installed: requirements.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock $(VENV)/.run-installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# JupyterLab refuses to run as root (containers, some lab images) unless told to; only then is it told.
lab: $(VENV)/.run-installed  ## set up and open the module in JupyterLab
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_start_here.ipynb

test: $(VENV)/.dev-installed node_modules/.installed  ## set up and run the whole test suite (both cores)
	$(PY) -m pytest -n 2 --dist loadgroup --durations=25 -m "not stress and not full"

test-full: $(VENV)/.dev-installed node_modules/.installed  ## what make test leaves out (CI runs both): the projector under load, then the tests that start servers of their own
	$(PY) -m pytest -m stress --durations=5
	$(PY) -m pytest -m "full and not stress" -n 2 --dist loadgroup --durations=15

test-fast: lint  ## data, schemas, quizzes, builders, notebook rules: no kernel, no browser, no npm
	$(PY) -m pytest -m "not browser and not kernel and not full" -n 2 -q

lint: $(VENV)/.dev-installed  ## ruff (lint rules, formatting) and lint-imports (lessonkit's layers): pyproject.toml says which
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/lint-imports --no-cache --no-logo

check: $(VENV)/.run-installed  ## validate every file in data/ (file, row, field for each problem)
	$(PY) -m lessonkit.check

refresh: $(VENV)/.dev-installed answer-key  ## re-run the notebooks and store clean outputs (and the answer key)
	$(PY) -m tools.refresh_notebooks notebooks/*.ipynb

bench: $(VENV)/.dev-installed node_modules/.installed  ## print speed, memory and size figures
	$(PY) -m tools.bench

HUB_USERS ?= 1 10 20 30
HUB_NOTEBOOK := $(or $(NOTEBOOK),notebooks/01_background.ipynb)
hub-bench: $(VENV)/.dev-installed node_modules/.installed  ## a class on a real JupyterHub: make hub-bench HUB_USERS=30 NOTEBOOK=…
	$(PY) -m tools.hub_bench --users $(HUB_USERS) --notebook $(HUB_NOTEBOOK)

handouts: $(VENV)/.dev-installed  ## build offline HTML handouts in build/handouts/
	$(PY) -m tools.handouts --out build/handouts notebooks/*.ipynb

answer-key: $(VENV)/.run-installed  ## rewrite the answer key instructors/answer-key.md (a test fails while stale) and copy it to build/answer-key.md
	$(PY) -m tools.answer_key instructors/answer-key.md
	mkdir -p build && cp instructors/answer-key.md build/answer-key.md

lesson-times: $(VENV)/.run-installed  ## each lesson's stated minutes and its time on task by the model (150 and 100 words a minute)
	$(PY) tests/reading_load.py notebooks/0*.ipynb

role-cards: $(VENV)/.run-installed  ## write the printable role-play cards to instructors/role-cards.md
	$(PY) tools/role_cards.py

class-report: $(VENV)/.run-installed  ## report on a class's saved answers: make class-report ANSWERS=<folder>
	@test -n "$(ANSWERS)" || { echo "usage: make class-report ANSWERS=<folder of answers-*.json> [ANONYMISE=1]"; exit 2; }
	$(PY) tools/class_report.py "$(ANSWERS)" --out build/class-report $(if $(ANONYMISE),--anonymise)

new-module: $(VENV)/.dev-installed  ## a new module on another event: make new-module DEST=<folder> TITLE="…"
	@test -n "$(DEST)" -a -n "$(TITLE)" || { echo 'usage: make new-module DEST=<folder> TITLE="…"'; exit 2; }
	$(PY) -m tools.new_module "$(DEST)" "$(TITLE)"

present: $(VENV)/.run-installed  ## show a notebook on the projector: make present NOTEBOOK=notebooks/02_the_visit.ipynb
	@test -n "$(NOTEBOOK)" || { echo "usage: make present NOTEBOOK=notebooks/<name>.ipynb"; exit 2; }
	$(PY) tools/present.py "$(NOTEBOOK)"

lock: $(VENV)/.dev-installed  ## recompile requirements*.lock and binder/requirements.txt from requirements*.txt (uv)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	PATH=$(BIN):$$PATH $(PY) -m tools.lock

clean:  ## remove the virtualenv, node_modules and build output
	rm -rf $(VENV) node_modules build
