# The README's two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
# The tests' database: DATABASE_URL when set; otherwise the PostgreSQL on 127.0.0.1:5432, or a throwaway
# cluster when nothing answers there (tests/throwaway_postgres.py).
TEST_DATABASE_URL ?= $(DATABASE_URL)
LOCAL_DATABASE_URL := postgres://postgres@127.0.0.1:5432/upright

.PHONY: run test lint format typecheck migrations-check deploy-check venv

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

# Set up and serve the app on http://127.0.0.1:8000 with demo data (SQLite unless DATABASE_URL is set).
run: venv
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

# Set up and run the whole test suite against PostgreSQL, installing the system packages it needs.
test: venv
	@scripts/ensure-system-packages
	$(if $(TEST_DATABASE_URL),DATABASE_URL=$(TEST_DATABASE_URL) )$(PY) -m pytest --create-db $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	DEBUG=true $(VENV)/bin/mypy clinic patients plans

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: venv
	DEBUG=true DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

deploy-check: venv
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		DATABASE_URL=$(or $(TEST_DATABASE_URL),$(LOCAL_DATABASE_URL)) $(PY) manage.py check --deploy --fail-level WARNING
