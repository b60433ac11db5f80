# GDPR retention of e-guichet requests (ville.eguichet.documents.retention):
# anonymisation after the profile's delays, casier extracts deleted after
# 6 months, reminders then expiry (transition `expire`) of requests left
# waiting for the citizen, and the mail queue purged of old messages.
# `make retention DRY_RUN=1` lists what would be done and writes nothing.
# `make retention PACK=1` then packs the database, so that the erased data
# and files also leave the disk (ZODB keeps old revisions until a pack).
# A cron calls the same command, e.g. nightly:
#   cd /srv/ville && make retention >> var/log/retention.log
# With ZEO/RelStorage the server must be running; with a plain FileStorage
# stop the instance first (one process may open Data.fs at a time).

.PHONY: retention
retention: $(STAMP) ## anonymise finished requests, remind/expire abandoned ones, purge old queued mails (DRY_RUN=1 to list only)
	$(BIN)/python -m ville.eguichet.documents.retention_cli \
		--config $(or $(VAR_DIR),var)/instance/etc/zope.conf --site $(SITE_ID) \
		$(if $(DRY_RUN),--dry-run) $(if $(PACK),--pack)
