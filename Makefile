# A Walloon municipality's Plone 6.2 site. Newcomers: `make run`, `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
ADDONS := src/ville.policy src/ville.theme src/ville.eguichet
# What the add-ons share at run time (the municipality profile's reader and
# loader); released with them.
SHARED := src/ville.core
STAMP := $(VENV)/.installed

export PORT ?= 8080
export HOST ?= 127.0.0.1
export SITE_ID ?= Plone
export PROFILE ?= peruwelz
export ADMIN_USER ?= admin
export ADMIN_PASSWORD ?= admin
export SMTP_HOST ?= localhost
export SMTP_PORT ?= 25
export MAIL_FROM ?=
export VAR_DIR ?= $(CURDIR)/var

# OIDC_DEMO=1 make run: the test OpenID Connect provider on loopback
# (ville.eguichet.testprovider), for a newcomer to see the eID / itsme login.
# Never on by default; a real site sets OIDC_ISSUER, OIDC_CLIENT_ID and
# OIDC_CLIENT_SECRET (README).
OIDC_DEMO_PORT ?= 9400
# PAYMENT_DEMO=1 make run: the fake Mollie on loopback
# (ville.eguichet.payment.fakemollie) for the online payment of the fees.
PAYMENT_DEMO_PORT ?= 9401
ifeq ($(PAYMENT_DEMO),1)
export MOLLIE_API_KEY := test_demo
export MOLLIE_API_ENDPOINT := http://localhost:$(PAYMENT_DEMO_PORT)
endif
ifeq ($(OIDC_DEMO),1)
export OIDC_ISSUER := http://localhost:$(OIDC_DEMO_PORT)
export OIDC_CLIENT_ID := ville-demo
export OIDC_CLIENT_SECRET := demo-secret
export AUTHLIB_INSECURE_TRANSPORT := 1
endif

.PHONY: help
help: ## this list
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Install the pinned set, then our distributions (the three add-ons, what they
# share (ville.core), their shared test support ville.testing, the site
# project) without dependencies:
# `pip check` proves that their requirements are all in the lock.
$(STAMP): $(LOCK) setup.py $(wildcard src/*/setup.py) | $(BIN)/python
	@$(PYTHON) -m ville_site.preflight lock $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		$(foreach dist,$(SHARED) $(ADDONS),-e $(dist)) -e src/ville.testing -e .
	$(BIN)/python -m pip check
	@touch $@

.PHONY: install
install: $(STAMP) ## create .venv and install the pinned set

.PHONY: lock
lock: ## re-resolve requirements.in into requirements.lock (no pre-releases)
	$(BIN)/python -m pip install --quiet "uv==0.13.9"
	$(BIN)/uv pip compile --quiet --prerelease disallow --python-version 3.11 \
		--no-header --annotation-style line requirements.in -o $(LOCK)
	$(BIN)/python buildout/make_versions.py $(LOCK) > buildout/versions.cfg

.PHONY: instance
instance: $(STAMP)
	@$(BIN)/python -m ville_site.preflight run
	@$(BIN)/python -m ville_site.instance
	@$(BIN)/ville-site-setup

.PHONY: run
run: instance ## start the site at http://localhost:$(PORT)/$(SITE_ID)
	@echo "Serving http://localhost:$(PORT)/$(SITE_ID) (admin: $(ADMIN_USER)); Ctrl-C stops."
	@if [ "$(OIDC_DEMO)" = 1 ]; then $(BIN)/python -m ville.eguichet.testprovider $(OIDC_DEMO_PORT) & fi; \
	if [ "$(PAYMENT_DEMO)" = 1 ]; then $(BIN)/python -m ville.eguichet.payment.fakemollie $(PAYMENT_DEMO_PORT) & fi; \
	exec $(BIN)/runwsgi $(VAR_DIR)/instance/etc/zope.ini

TEST_PATHS := $(foreach dist,$(SHARED) $(ADDONS),--test-path=$(dist)) --path=.

# The Debian packages of .ci/apt.d/*.txt (Chromium, Varnish, HAProxy,
# PostgreSQL, wrk, fonts): installed when missing and run as root, else one
# line says what to run. Under CI (CI=true) a test whose tool is missing
# fails instead of being skipped.
.PHONY: test-deps
test-deps: ## install the Debian packages the tests need (as root; .ci/apt.d)
	@$(PYTHON) -m ville_site.systemdeps

.PHONY: test
test: $(STAMP) test-deps ## run every test (add-ons and tests/)
	$(BIN)/zope-testrunner $(TEST_PATHS) --all -s ville -s tests $(TESTOPTS)

.PHONY: test-fast
test-fast: $(STAMP) test-deps ## run the tests not marked slow (level 1)
	$(BIN)/zope-testrunner $(TEST_PATHS) -s ville -s tests $(TESTOPTS)

# buildout runs from its own clean virtualenv holding only zc.buildout (as
# deployments do), with the versions generated from the same lock.
BUILDOUT_VENV := .venv-buildout
pin = $(shell grep -E '^$(1)==' $(LOCK) | cut -d' ' -f1)

$(BUILDOUT_VENV)/bin/buildout: $(LOCK)
	$(PYTHON) -m venv $(BUILDOUT_VENV)
	$(BUILDOUT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		"$(call pin,pip)" "$(call pin,setuptools)" "$(call pin,zc-buildout)"
	@touch $@

buildout/versions.cfg: $(LOCK) buildout/make_versions.py | $(STAMP)
	$(BIN)/python buildout/make_versions.py $(LOCK) > $@

.PHONY: buildout
buildout: buildout/versions.cfg $(BUILDOUT_VENV)/bin/buildout ## IMIO-style deployment: bin/instance from buildout.cfg
	$(BUILDOUT_VENV)/bin/buildout -c buildout.cfg $(BUILDOUT_ARGS)

.PHONY: clean
clean: ## remove the virtualenv and generated files (keeps var/, the data)
	rm -rf $(VENV) $(BUILDOUT_VENV) bin develop-eggs parts .installed.cfg *.egg-info src/*/*.egg-info

# Targets owned by one area each (theme, deployment, benchmark, ...).
-include mk/*.mk
