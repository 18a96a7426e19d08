# Braid: `make run` serves the demo, `make test` runs the whole suite. See README.md.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTEST_WORKERS ?= 2

.PHONY: run test test-sqlite test-postgres lint bench browser messages clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	@PYTHON=$(PYTHON) sh scripts/bootstrap.sh
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	BRAID_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py demo
	@echo "Braid is starting on http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	BRAID_DEBUG=1 BRAID_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

browser:
	@sh scripts/ensure-chromium.sh

test: $(STAMP) browser
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q
	@if [ -n "$$BRAID_TEST_DATABASE_URL" ]; then \
	  echo "== PostgreSQL leg: $$BRAID_TEST_DATABASE_URL"; \
	  BRAID_TEST_LEG=postgresql $(PY) -m pytest -n $(PYTEST_WORKERS) -q -m "not browser"; \
	elif [ -n "$$BRAID_REQUIRE_POSTGRES" ]; then echo "BRAID_REQUIRE_POSTGRES is set but BRAID_TEST_DATABASE_URL is not" >&2; exit 1; \
	else echo "(PostgreSQL leg skipped: set BRAID_TEST_DATABASE_URL=postgres://user@host:5432/db to run it)"; fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m bench

messages: $(STAMP)
	$(PY) manage.py makemessages -l fr --no-location -i ".venv/*" -i "var/*" -i "bench/*"
	-$(PY) scripts/po_fill.py
	$(PY) manage.py compilemessages -i ".venv" -i "var"

clean:
	rm -rf var/static var/test-artifacts .pytest_cache .mypy_cache .ruff_cache
