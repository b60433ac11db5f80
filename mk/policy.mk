# ville.policy: command-line tasks on the site's data. The site must be
# stopped (the FileStorage is locked while it runs).
POLICY_VAR := $(or $(VAR_DIR),var)
POLICY_SCRIPTS := src/ville.policy/ville/policy/scripts

.PHONY: import-shops
import-shops: $(STAMP) ## import shops: make import-shops FILE=shops.csv [PUBLISH=1] [DRY_RUN=1] [FOLDER=economie/annuaire-commercial]
	@test -n "$(FILE)" || { echo "usage: make import-shops FILE=shops.csv [PUBLISH=1] [DRY_RUN=1]" >&2; exit 2; }
	@test -f "$(FILE)" || { echo "error: $(FILE): file not found" >&2; exit 2; }
	@test -f "$(POLICY_VAR)/filestorage/Data.fs" -o -f "$(POLICY_VAR)/instance/etc/zope.conf" \
		|| { echo "error: no site data in $(POLICY_VAR) (run make run once)" >&2; exit 2; }
	@test -f $(POLICY_VAR)/instance/etc/zope.conf || $(BIN)/python -m ville_site.instance
	@$(BIN)/zconsole run $(POLICY_VAR)/instance/etc/zope.conf $(POLICY_SCRIPTS)/import_shops.py \
		--site $(SITE_ID) --folder "$(or $(FOLDER),economie/annuaire-commercial)" \
		$(if $(PUBLISH),--publish) $(if $(DRY_RUN),--dry-run) "$(abspath $(FILE))" \
		|| { status=$$?; [ $$status -eq 1 ] || echo "error: the import failed (is the site still running? stop it first)" >&2; exit $$status; }

# Review dates (issue 19): one e-mail a week to each responsible person of
# what is overdue or due within the week (site stopped, or on ZEO). Weekly
# cron, e.g. on Monday morning:
#   0 6 * * 1  cd /srv/ville && SITE_URL=https://www.ville.be make review-digest >> var/log/review-digest.log 2>&1
# SITE_URL: the site's public address, for the links in the mails.
.PHONY: review-digest
review-digest: $(STAMP) ## mail each responsible the content to re-read (weekly cron; DRY_RUN=1 to list, FORCE=1 to resend within the week)
	@test -f "$(POLICY_VAR)/filestorage/Data.fs" -o -f "$(POLICY_VAR)/instance/etc/zope.conf" \
		|| { echo "error: no site data in $(POLICY_VAR) (run make run once)" >&2; exit 2; }
	@test -f $(POLICY_VAR)/instance/etc/zope.conf || $(BIN)/python -m ville_site.instance
	@$(BIN)/zconsole run $(POLICY_VAR)/instance/etc/zope.conf $(POLICY_SCRIPTS)/review_digest.py \
		--site $(SITE_ID) --url "$(or $(SITE_URL),http://localhost:$(PORT)/$(SITE_ID))" \
		$(if $(DRY_RUN),--dry-run) $(if $(FORCE),--force) \
		|| { status=$$?; [ $$status -eq 1 ] || echo "error: the digest failed (is the site still running? stop it first)" >&2; exit $$status; }
