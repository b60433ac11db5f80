# ville.theme: stylesheet build and browser-test dependencies.
# The compiled CSS is committed: `make run` needs no Node.js.
THEME_DIR := src/ville.theme
BROWSER_DIR := tests/browser
AXE := $(BROWSER_DIR)/node_modules/axe-core/axe.min.js

.PHONY: css
css: ## compile ville.theme's SCSS into ville/theme/browser/static/ville.css (npm)
	cd $(THEME_DIR) && npm ci --no-audit --no-fund --loglevel=error && npm run --silent css
	@echo "compiled $(THEME_DIR)/ville/theme/browser/static/ville.css: commit it"

# axe-core, injected into pages by tests/test_browser_*.py.
$(AXE): $(BROWSER_DIR)/package.json $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: browser-deps
browser-deps: $(AXE) ## install axe-core for the browser tests (npm, once)

test test-fast: browser-deps
