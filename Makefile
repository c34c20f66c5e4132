# The portal's two commands: `make run` and `make test`. Both create .venv and install requirements first,
# and start an embedded PostgreSQL and Redis when DATABASE_URL / REDIS_URL are unset.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench messages clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m engagement.devservers run

# The whole suite, browser tests included, then lint, migrations and the import layers. The suite runs in one
# process per core (TEST_PROCESSES=1 for one process; tests/parallel.py keeps their queues and caches apart).
TEST_PROCESSES ?= auto
test: $(STAMP)
	@$(PY) tests/browser/chromium.py ensure
	$(PY) -m engagement.devservers test --numprocesses=$(TEST_PROCESSES) tests; status=$$?; $(PY) tests/browser/chromium.py notice || status=1; exit $$status
	$(MAKE) --no-print-directory lint

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=true $(PY) -m engagement.devservers manage makemigrations --check --dry-run

bench: $(STAMP)
	$(PY) -m engagement.devservers python -m tests.bench $(BENCH_ARGS)

# The portal's wording of allauth's pages (engagement/locale): compile after editing the .po (needs GNU gettext).
messages:
	msgfmt --check-format -o engagement/locale/en_GB/LC_MESSAGES/django.mo engagement/locale/en_GB/LC_MESSAGES/django.po

clean:
	rm -rf .data
