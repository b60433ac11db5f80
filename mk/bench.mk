# Side-by-side benchmark against stock Plone 6.2.2 (issue 7). wrk from Debian
# is installed by the script when missing; Varnish and HAProxy, which the
# cluster's rows need, are installed first (or one line says what to run),
# rather than the run failing at the cluster after its first quarter of an
# hour. BENCH_DURATION (s per scenario), BENCH_FILL (requests in the large
# dashboard scenario), BENCH_KEEP=1.
.PHONY: bench
bench: $(STAMP) ## project vs stock Plone 6.2.2 (wrk on loopback); writes bench/RESULTS.md
	@$(PYTHON) -m ville_site.systemdeps varnish haproxy
	$(BIN)/python bench/run.py
