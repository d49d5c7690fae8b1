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

.PHONY: install run run-cluster demo test check bench system redis clean

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

# Debian packages the tests and `run-cluster` use: a real Redis server, a real Chromium and
# nginx (installed in /usr/sbin, which is not on every user's PATH).
system:
	@if ! command -v redis-server >/dev/null || [ ! -x /usr/bin/chromium ] || \
	    { ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; }; then \
	  [ -n "$(APT_GET)" ] || { echo "Install redis-server, chromium and nginx (Debian packages) first"; exit 1; }; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server chromium nginx >/dev/null; \
	fi

redis: system
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null

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
test: install system check
	$(PY) -m pytest -q

bench: install system
	$(PY) -m bench

check: install
	$(PY) -m ruff check facilitation server deploy tests bench
	$(PY) -m mypy

clean:
	rm -rf $(VENV) client_static/node_modules var .pytest_cache .mypy_cache
