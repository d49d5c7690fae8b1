# The README's two commands: `make run` and `make test`. Everything they need is installed here,
# so that a fresh machine (no venv, no node_modules, no Chromium, no Redis) gets there by itself.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PROCESSES ?= 2
REDIS_PORT ?= 6380
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install install-dev run run-cluster demo test check protocol bench bench-soak bench-node system clean

# The meeting benchmark's Node parts (reference server, load generator): see bench/node.
BENCH_NODE := bench/node/node_modules/.installed

# Two sets of dependencies: what the server and the pages need to run (`make run`), and on top
# of it what the tests and the checks need (`make test`, `make check`). Each stamp names the set
# it installed, so a machine that ran `make run` gets the rest on its first `make test`.
NPM_CI := npm ci --no-audit --no-fund --loglevel=error

install: $(VENV)/.runtime client_static/node_modules/.runtime

install-dev: $(VENV)/.dev client_static/node_modules/.dev

$(VENV)/.runtime: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Roundtable needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

client_static/node_modules/.runtime: client_static/package.json client_static/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the browser libraries"; exit 1; }
	cd client_static && $(NPM_CI) --omit=dev
	touch $@

# npm ci starts from an empty node_modules, so the runtime stamp goes with it and is remade.
client_static/node_modules/.dev: client_static/package.json client_static/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the browser libraries"; exit 1; }
	cd client_static && $(NPM_CI)
	touch $@ client_static/node_modules/.runtime

$(BENCH_NODE): bench/node/package.json bench/node/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the benchmark's Node parts"; exit 1; }
	cd bench/node && $(NPM_CI)
	touch $@

bench-node: $(BENCH_NODE)

# matplotlib draws the benchmark's chart; only `make bench` needs it.
$(VENV)/.bench: $(VENV)/.dev pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# Debian packages the tests and `run-cluster` use: a real Redis server, a real Chromium and
# nginx (installed in /usr/sbin, which is not on every user's PATH).
system:
	@if ! command -v redis-server >/dev/null || [ ! -x /usr/bin/chromium ] || \
	    { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; }; then \
	  [ -n "$(APT_GET)" ] || { echo "Install redis-server, chromium and nginx (Debian packages) first"; exit 1; }; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server chromium nginx >/dev/null; \
	fi

run: install
	HOST=$(HOST) PORT=$(PORT) $(PY) -m server

# PROCESSES servers sharing one Redis (on REDIS_PORT, started unless one answers there) behind
# nginx on HOST:PORT, until Ctrl-C; deploy/cluster.py.
run-cluster: install system
	$(PY) -m deploy run --processes $(PROCESSES) --host $(HOST) --port $(PORT) --redis-port $(REDIS_PORT)

demo: install
	DEMO=1 HOST=$(HOST) PORT=$(PORT) $(PY) -m server

# The tests start their own redis-servers (found on PATH, installed by `system`) on free
# ports, so they never touch a Redis that is already running.
test: install-dev system check bench-node
	$(PY) -m pytest -q

# make bench [CLIENTS=500,1000,2000] [PROFILE=v1|v2] [ARGS="--seconds 10 --meeting-only ..."]
bench: install-dev system bench-node $(VENV)/.bench
	$(PY) -m bench $(if $(CLIENTS),--clients $(CLIENTS)) \
	  $(if $(PROFILE),--profile $(PROFILE)) $(ARGS)

# make bench-soak [MINUTES=10] [PROFILE=v1|v2]
bench-soak: install-dev system bench-node
	$(PY) -m bench.soak $(if $(MINUTES),--minutes $(MINUTES)) $(if $(PROFILE),--profile $(PROFILE)) $(ARGS)

# ruff and strict mypy over the Python; tsc --checkJs --strict over the pages (client_static/
# tsconfig.json), whose types come from the generated protocol-types.js.
check: install-dev
	$(PY) -m ruff check facilitation server deploy tests bench
	$(PY) -m mypy
	cd client_static && node_modules/.bin/tsc -p tsconfig.json

# The pages' copy of the contract, generated from the models: run after changing a command, an
# event, a wire model, the vocabulary or the capability table, and commit the result.
protocol: install
	$(PY) -m server.protocol_js

clean:
	rm -rf $(VENV) client_static/node_modules bench/node/node_modules var .pytest_cache .mypy_cache
