# Releases of the three add-ons and of ville.core, which they require (the
# site project itself is deployed from this repository, not distributed).
# Versions live in each distribution's setup.py and ville/<name>/__init__.py;
# news fragments in src/<distribution>/news/.
DIST_DIR := dist

.PHONY: dist
dist: $(STAMP) ## build an sdist and a wheel of each add-on and ville.core into dist/, then check their metadata
	rm -rf $(DIST_DIR)
	@for addon in $(SHARED) $(ADDONS); do \
		$(BIN)/python -m build --no-isolation --outdir $(DIST_DIR) $$addon >/dev/null || exit 1; \
		rm -rf $$addon/build; \
	done
	$(BIN)/python -m twine check --strict $(DIST_DIR)/*
	@ls -1 $(DIST_DIR)

# `make release-notes` shows what the next release notes will say;
# `make release-notes WRITE=1` writes them into each add-on's CHANGES.md and
# removes the fragments, as a release does: at the version of its setup.py
# without a .devN suffix (set the released version there first).
.PHONY: release-notes
release-notes: $(STAMP) ## assemble each add-on's news fragments (WRITE=1 writes CHANGES.md)
	@for addon in $(SHARED) $(ADDONS); do \
		version=$$(cd $$addon && $(CURDIR)/$(BIN)/python setup.py --version 2>/dev/null | sed 's/\.dev[0-9]*$$//'); \
		echo "== $$(basename $$addon) $$version"; \
		(cd $$addon && $(CURDIR)/$(BIN)/towncrier build --config towncrier.toml --version $$version \
			$(if $(WRITE),--yes,--draft)) || exit 1; \
	done
