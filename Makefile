# Банк практик наставничества: two commands for a fresh machine.
#   make serve — install what is needed, build the site (with the search index) and serve it on 127.0.0.1:8000
#   make test  — install what is needed (Python packages, Debian chromium) and run every test
#   make test-fast — the contributor's suite: validation, corpus, CLI, core rendering (no browser, no site build)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test test-fast check lint clean edit

# Material for MkDocs prints an end-of-life notice on every run; not for newcomers of this project.
export NO_MKDOCS_2_WARNING = 1

$(STAMP): pyproject.toml requirements.lock
	bash scripts/ensure-pdf
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs build --quiet
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# The editor on this computer: the site on 127.0.0.1:8000 (page /redaktor/) and Decap's local backend
# server on 127.0.0.1:8081 writing into this working tree (MODE=fs: nothing is committed; README, «Редактор записей»).
edit: $(STAMP)
	bash scripts/ensure-editor
	$(BIN)/mkdocs build --quiet
	PORT=8081 BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY=$(CURDIR) node editor/node_modules/decap-server/dist/index.js & \
	  trap 'kill $$!' EXIT INT TERM; $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build

check: $(STAMP)
	$(BIN)/mentorbank check

lint: $(STAMP)
	$(BIN)/ruff check .

# Two workers (pytest-xdist), one test module per worker: module fixtures (site builds) run once.
test: $(STAMP)
	bash scripts/ensure-chromium
	bash scripts/ensure-pdf
	bash scripts/ensure-editor
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n auto --dist loadfile

test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q -m "not browser and not slow"

clean:
	rm -rf site $(VENV) tests/artifacts mutants editor/node_modules
