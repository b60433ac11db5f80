# Backups that restore (issue 18): repozo for the FileStorage, a blob
# snapshot per backup (hard links to the unchanged files of the previous
# one), into BACKUP_DIR (default $(VAR_DIR)/backups). Works while the site
# runs. A full backup at least every BACKUP_FULL_DAYS (7), incremental ones
# in between; backups older than BACKUP_KEEP_DAYS (30) are deleted after each
# backup. A cron, e.g. nightly after the retention:
#   cd /srv/ville && make backup >> var/log/backup.log 2>&1
# `make restore` (site stopped) restores the latest backup, or the state at
# AT=YYYY-MM-DD-HH-MM-SS (UTC, repozo's format), then applies the GDPR
# retention (make retention) to it. CLUSTER=1: the cluster's storage instead
# (ZEO server's files, or RelStorage with pg_dump; deploy/backup.py).
BACKUP_CMD = $(if $(CLUSTER),$(BIN)/python deploy/backup.py,$(BIN)/python -m ville_site.backup_cli)

.PHONY: backup
backup: $(STAMP) ## back up the data (repozo + blob snapshot; FULL=1, CLUSTER=1); BACKUP_DIR
	@$(BACKUP_CMD) backup $(if $(FULL),--full)

.PHONY: restore
restore: $(STAMP) ## restore the latest backup or AT=YYYY-MM-DD-HH-MM-SS (site stopped), then the retention
	@$(BACKUP_CMD) restore $(if $(AT),--at $(AT))

.PHONY: backup-verify
backup-verify: $(STAMP) ## check the latest backup: repozo's checksums, every object and blob read
	@$(BACKUP_CMD) verify
