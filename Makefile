# The two commands: `make run` (set up everything, serve http://127.0.0.1:8000 with demo data) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-fast migrate demo worker beat serve check lint clean bench loadtest sso-demo

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json scripts/nhsuk_offline.mjs
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/nhsuk_offline.mjs
	touch $@

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Single sign-on tried by hand (README "Connecting to your organisation"): the demo, a local OpenID Connect provider
# (scripts/oidc_provider.mjs, the npm oidc-provider package) on 127.0.0.1:$(SSO_PORT) registered for LLR, and the
# portal. Log in with "Sign in with Test identity provider" and any demo person's email (pmo.llr@example.nhs.uk).
SSO_PORT ?= 9000
SSO_SECRET := sso-demo-secret
sso-demo: demo
	DEBUG=1 $(PY) manage.py sso_demo --issuer http://127.0.0.1:$(SSO_PORT)
	node scripts/oidc_provider.mjs --port $(SSO_PORT) --client-secret $(SSO_SECRET) \
		--redirect-uri http://$(HOST):$(PORT)/accounts/oidc/demo-sso/login/callback/ \
		--post-logout-redirect-uri http://$(HOST):$(PORT)/accounts/login/ & \
	provider=$$!; trap 'kill $$provider' EXIT INT TERM; \
	SSO_DEMO_CLIENT_SECRET=$(SSO_SECRET) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

# Everything but the browser tests, for a quick loop.
test-fast: install
	$(PY) -m pytest -m "not browser"

# The production-like processes (with DATABASE_URL and REDIS_URL set; docker-compose.yml runs the same).
serve: install
	$(PY) manage.py collectstatic --noinput
	DJANGO_SETTINGS_MODULE=bct_portal.settings.production $(VENV)/bin/gunicorn bct_portal.wsgi -b $(HOST):$(PORT) -w 4

worker: install
	$(VENV)/bin/celery -A bct_portal worker -l info

beat: install
	$(VENV)/bin/celery -A bct_portal beat -l info

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) node_modules var staticfiles .pytest_cache

# Performance (issue 8, docs/performance.md): its own PostgreSQL database `bct_bench` on 127.0.0.1 (created if
# missing, the load data generated once), every endpoint of the large tenant against its floor, the .xlsx export,
# a Delivery Board pack, then the load test; writes docs/performance.md. About 15 minutes from nothing on a
# 2-core machine (5 the second time). BENCH_SCALE=small for a quick run (its own database, report in var/).
bench: install
	$(PY) -m perf.bench

# 50 API users across 5 partnerships for 60 s against gunicorn (4 workers) on 127.0.0.1, then stops by itself.
loadtest: install
	$(PY) -m perf.loadtest
