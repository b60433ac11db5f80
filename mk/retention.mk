# GDPR retention of e-guichet requests (ville.eguichet.documents.retention).
# `make retention DRY_RUN=1` lists what would be done and writes nothing.
# `make retention PACK=1` then packs the database, so that the erased data
# and files also leave the disk (ZODB keeps old revisions until a pack).
# A cron calls the same command, e.g. nightly:
#   cd /srv/ville && make retention >> var/log/retention.log
# With ZEO/RelStorage the server must be running; with a plain FileStorage
# stop the instance first (one process may open Data.fs at a time).

.PHONY: retention
retention: $(STAMP) ## anonymise finished requests after their delay (DRY_RUN=1 to list only)
	$(BIN)/python -m ville.eguichet.documents.retention_cli \
		--config $(or $(VAR_DIR),var)/instance/etc/zope.conf --site $(SITE_ID) \
		$(if $(DRY_RUN),--dry-run) $(if $(PACK),--pack)
