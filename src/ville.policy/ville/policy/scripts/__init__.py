"""Command-line scripts (run through zconsole, see mk/policy.mk)."""
