# Scale-out on one machine: ZEO, two Zope instances, HAProxy, Varnish (all on
# 127.0.0.1). Ports: ZEO_PORT (8100), INSTANCE_PORTS (8081,8082), LB_PORT
# (8090), VARNISH_PORT (6081); data and logs in CLUSTER_DIR (var/cluster).
CLUSTER_APT := varnish haproxy

.PHONY: run-cluster
run-cluster: $(STAMP) ## start ZEO + 2 instances + HAProxy + Varnish (http://localhost:6081/Plone)
	@$(PYTHON) -m ville_site.systemdeps $(CLUSTER_APT)
	@$(BIN)/python deploy/cluster.py start

.PHONY: stop-cluster
stop-cluster: ## stop what run-cluster started (PID files in var/cluster/run)
	@$(BIN)/python deploy/cluster.py stop

.PHONY: cluster-status
cluster-status: ## which cluster processes run
	@$(BIN)/python deploy/cluster.py status
