"""Helpers of tests/test_installed_wheels.py (no test module here)."""
