# Side-by-side benchmark against stock Plone 6.2.2 (issue 7). wrk from Debian
# is installed by the script when missing. BENCH_DURATION (s per scenario),
# BENCH_FILL (requests in the large dashboard scenario), BENCH_KEEP=1.
.PHONY: bench
bench: $(STAMP) ## project vs stock Plone 6.2.2 (wrk on loopback); writes bench/RESULTS.md
	$(BIN)/python bench/run.py
