# The README's two commands: `make run` and `make test`. Everything they need is installed here,
# so that a fresh machine (no venv, no node_modules, no Chromium, no Redis) gets there by itself.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run demo test check bench bench-soak bench-node system redis clean

# The meeting benchmark's Node parts (reference server, load generator): see bench/node.
BENCH_NODE := bench/node/node_modules/.installed

install: $(VENV)/.installed client_static/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Roundtable needs Python 3.11 ($(PYTHON) not found)"; exit 1; }
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

client_static/node_modules/.installed: client_static/package.json client_static/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the browser libraries"; exit 1; }
	cd client_static && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(BENCH_NODE): bench/node/package.json bench/node/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the benchmark's Node parts"; exit 1; }
	cd bench/node && npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench-node: $(BENCH_NODE)

# matplotlib draws the benchmark's chart; only `make bench` needs it.
$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# Debian packages the tests use: a real Redis server and a real Chromium.
system:
	@if ! command -v redis-server >/dev/null || [ ! -x /usr/bin/chromium ]; then \
	  [ -n "$(APT_GET)" ] || { echo "Install redis-server and chromium (Debian packages) first"; exit 1; }; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server chromium >/dev/null; \
	fi

redis: system
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null

run: install
	HOST=$(HOST) PORT=$(PORT) $(PY) -m server

demo: install
	DEMO=1 HOST=$(HOST) PORT=$(PORT) $(PY) -m server

test: install system redis check bench-node
	$(PY) -m pytest -q

# make bench [CLIENTS=500,1000,2000] [PROFILE=v1|v2] [ARGS="--seconds 10 --meeting-only ..."]
bench: install system bench-node $(VENV)/.bench-installed
	$(PY) -m bench $(if $(CLIENTS),--clients $(CLIENTS)) \
	  $(if $(PROFILE),--profile $(PROFILE)) $(ARGS)

# make bench-soak [MINUTES=10] [PROFILE=v1|v2]
bench-soak: install bench-node
	$(PY) -m bench.soak $(if $(MINUTES),--minutes $(MINUTES)) $(if $(PROFILE),--profile $(PROFILE)) $(ARGS)

check: install
	$(PY) -m ruff check facilitation server tests bench
	$(PY) -m mypy

clean:
	rm -rf $(VENV) client_static/node_modules bench/node/node_modules var .pytest_cache .mypy_cache
