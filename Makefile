# The front door. `make help` lists every verb.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The environment is keyed on the lock file's content: the stamp's name carries its hash and
# depends on the lock only in order, so a fresh clone or a restored cache (whose times say
# nothing) is reused, and only a changed lock (a new stamp name) rebuilds it.
LOCK_HASH := $(shell sha256sum requirements.lock | cut -c1-16)
STAMP := $(VENV)/.lock-$(LOCK_HASH)
SITE ?= site
# The site generator: mkdocs (the default) or zensical.
GENERATOR ?= mkdocs

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Every date in the output derives from the last commit's time (reproducible builds).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
# Seconds one simulation or notebook may run before the build stops it (default 300).
ifdef TIMEOUT
export KB_TIMEOUT := $(TIMEOUT)
endif

# Order-only: the name already holds the lock's hash (see LOCK_HASH above).
$(STAMP): | requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (found " + sys.version.split()[0] + "). Install it, or run: make PYTHON=/path/to/python3.11 ...")'
	echo "→ setting up $(VENV) from requirements.lock (once per lock change)"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV) || { echo "error: could not create $(VENV). On Debian: apt-get install python3-venv" >&2; exit 1; }
	# No `--upgrade pip` first: that would install whatever pip is newest, bytes nobody
	# locked. The pip that comes with Python (3.11+) checks hashes as well.
	# Only the bytes that were locked: every file pip downloads must match a hash in the lock.
	$(BIN)/python -m pip install -qq --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@
	echo "→ $(VENV) ready"

.PHONY: venv
venv: $(STAMP) ## Create .venv with the locked dependencies (only when the lock changes)

.PHONY: figures
figures: $(STAMP) ## Run the simulations whose inputs changed (FORCE=1 re-runs all, CHECK=1 checks determinism, TIMEOUT=s)
	$(BIN)/python -m simulations $(if $(FORCE),--force,) $(if $(CHECK),--check,)

.PHONY: site
site: figures ## Rebuild stale figures, then the site into site/ (strict; the old site survives a failure; GENERATOR=mkdocs|zensical, TIMEOUT=s)
	$(BIN)/python -m publishing.build --out $(SITE) --generator $(GENERATOR)

.PHONY: editions
editions: site ## Add the Atom feed, PDF and web-archive (WACZ) editions to the built site, and reseal it
	$(BIN)/python -m publishing.editions --site $(SITE)

# `python -m` puts the project on the import path: mkdocs.yml loads publishing.markdown_ext.
# hooks.py reruns the site steps on every rebuild; the preview is not sealed.
.PHONY: serve
serve: figures ## Live preview on http://127.0.0.1:8000 (essays, references and simulations are watched)
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

.PHONY: chromium
chromium: ## Make sure Debian's Chromium is installed for the browser tests
	bash tools/ensure-chromium.sh

.PHONY: java
java: ## Make sure Java is installed for the Nu HTML Checker (vnu.jar) in the tests
	bash tools/ensure-java.sh

.PHONY: test
test: editions chromium java ## Run every test: unit, statistical, site builds, browser (builds the site and its editions first)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

.PHONY: lint
lint: $(STAMP) ## Lint and format-check with ruff (both run; fails if either finds a problem)
	status=0
	$(BIN)/ruff check . || status=1
	$(BIN)/ruff format --check . || status=1
	exit $$status

.PHONY: format
format: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: bench
bench: $(STAMP) ## Benchmarks that print figures: figure pipeline and bibliography
	$(BIN)/python -m simulations.engine.bench
	$(BIN)/python -m bibliography.bench

.PHONY: verify
verify: $(STAMP) ## Check a built site against its manifest and Merkle root (SITE=dir for any copy)
	$(BIN)/python -m provenance.verify $(SITE)

.PHONY: bundle
bundle: site ## Package the built site and its git-tracked sources as a zipped BagIt bag in dist/
	$(BIN)/python -m provenance.bundle --site $(SITE) --out dist

.PHONY: essay
essay: $(STAMP) ## Start an essay: make essay SLUG=my-essay TITLE="My essay" [DATE=YYYY-MM-DD]
	$(BIN)/python -m tools.scaffold essay "$(SLUG)" --title "$(TITLE)" $(if $(DATE),--date "$(DATE)",)

.PHONY: simulation
simulation: $(STAMP) ## Start a figure module and its test: make simulation NAME=my_figure [ESSAY=slug]
	$(BIN)/python -m tools.scaffold simulation "$(NAME)" $(if $(ESSAY),--essay "$(ESSAY)",)

.PHONY: editorial
editorial: $(STAMP) ## Editorial checks on every essay and the bibliography (also run by make test)
	$(BIN)/python -m tools.editorial

.PHONY: strip-notebooks
strip-notebooks: $(STAMP) ## Remove outputs, execution counts and editor metadata from docs/notebooks/*.ipynb
	$(BIN)/python tools/strip_notebooks.py

# Lighthouse (npm, pinned by tools/audit/package-lock.json) is installed on first use.
AUDIT_DEPS := tools/audit/node_modules/.installed
$(AUDIT_DEPS): tools/audit/package.json tools/audit/package-lock.json
	command -v npm >/dev/null || { echo "error: make audit needs Node.js 18+ and npm (Debian: apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --prefix tools/audit --no-audit --no-fund
	touch $@

.PHONY: audit
audit: site chromium $(AUDIT_DEPS) ## Lighthouse on every page, mobile + desktop, median of 3 runs, gzip served (targets: performance 0.95, others 1)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} node tools/audit/audit.mjs --site $(SITE) $(AUDIT_ARGS)

.PHONY: lock
lock: ## Re-resolve dependencies from pyproject.toml into requirements.lock, with hashes
	# 1. Resolve as pip does: install the declared dependencies into a scratch venv, freeze.
	rm -rf .cache/lock-venv
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/pip install -qq --disable-pip-version-check -r <($(PYTHON) tools/deps.py test)
	.cache/lock-venv/bin/pip freeze > .cache/lock-pins.txt
	# 2. Hash those exact versions: pip-tools lists the SHA-256 of every file of each
	# version on every index pip is configured with, so `--require-hashes` accepts whichever
	# file pip picks on this machine, on CI or on a contributor's.
	.cache/lock-venv/bin/pip install -qq --disable-pip-version-check "pip-tools==7.6.2"
	.cache/lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-header --no-annotate --no-emit-index-url --no-emit-find-links \
	  --output-file .cache/lock-hashed.txt .cache/lock-pins.txt
	{ echo "# Locked by \`make lock\`: exact versions, and the SHA-256 of every file each may install as (pip installs with --require-hashes)."; \
	  cat .cache/lock-hashed.txt; } > requirements.lock
	echo "→ requirements.lock updated ($$(grep -c '^[A-Za-z]' requirements.lock) packages, $$(grep -c 'hash=' requirements.lock) hashes)"

.PHONY: clean
clean: ## Remove the built site and caches (keeps .venv; `make distclean` removes it too)
	rm -rf $(SITE) site.* .cache .pytest_cache .ruff_cache .hypothesis dist

.PHONY: distclean
distclean: clean ## Remove everything generated, .venv included
	rm -rf $(VENV)

.PHONY: help
help: ## List every verb
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'
