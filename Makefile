# The whole set-up is `make run` (serve the demo site) and `make test`;
# `make serve` serves it as in production (gunicorn, DEBUG off). Each starts
# the background jobs' worker beside the web server, and stops it with it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The links in mails (the moderators' notices, sent by the jobs' worker) point
# at the server `make run` and `make serve` start, on this machine when it
# listens on every address, unless CMS_SITE_URL says where the site is.
SERVED_HOST = $(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST))
run serve: export CMS_SITE_URL := $(or $(CMS_SITE_URL),http://$(SERVED_HOST):$(PORT))

.PHONY: run serve test lint format messages migrate bench clean browser pdftools

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

venv: $(STAMP)

# Translations are committed as .po files and compiled here (needs gettext's msgfmt).
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { echo "Installing gettext for msgfmt"; apt-get install -y -q gettext >/dev/null; }
	$(PY) manage.py compilemessages --ignore=.venv -v0

migrate: messages
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0

run: migrate
	$(PY) manage.py seed_demo
	@echo
	@echo "Site:  http://$(HOST):$(PORT)/   (Arabic /ar/, English /en/)"
	@echo "Admin: http://$(HOST):$(PORT)/admin/  user 'admin', password as printed when"
	@echo "       it was created, or the DJANGO_SUPERUSER_PASSWORD you set then."
	@echo "Jobs:  a worker runs beside the site (manage.py worker): mail, pictures, PDFs."
	@echo
	$(PY) manage.py worker --reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# As in production, on this machine: gunicorn (gunicorn.conf.py), DEBUG off,
# static files collected, migrations applied (scripts/serve says what it sets).
serve: messages
	PY=$(PY) HOST=$(HOST) PORT=$(PORT) scripts/serve

# A benchmark, not a test (bench/run.py): seeds PostgreSQL (cms_bench) with
# 100 000 articles and 200 000 comments once, serves as `make serve` does and
# loads each page with wrk, cold and warm, beside a minimal WSGI app and nginx;
# writes bench/results.md. Needs wrk, nginx, PostgreSQL and Redis.
bench: messages
	@command -v wrk >/dev/null && test -x /usr/sbin/nginx || { apt-get update -q && apt-get install -y -q wrk nginx; }
	$(PY) bench/run.py $(BENCH_ARGS)

# The browser tests (tests/browser) drive Debian's Chromium; Playwright's own
# browser download cannot be used here.
browser:
	@test -x /usr/bin/chromium || { apt-get update -q && apt-get install -y -q chromium; }

# The statements' PDFs (documents/, WeasyPrint): the tests (tests/documents) read
# them with Poppler, qpdf and zbar; HarfBuzz's subsetter makes each PDF four
# times faster (WeasyPrint falls back on fontTools without it).
HARFBUZZ_SUBSET := /usr/lib/$(shell uname -m)-linux-gnu/libharfbuzz-subset.so.0
pdftools:
	@command -v pdftotext >/dev/null && command -v qpdf >/dev/null \
		&& command -v zbarimg >/dev/null && test -e $(HARFBUZZ_SUBSET) \
		|| { apt-get update -q && apt-get install -y -q poppler-utils qpdf zbar-tools libharfbuzz-subset0; }

test: messages browser pdftools
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
