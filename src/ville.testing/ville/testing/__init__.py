"""Test support shared by the ville add-ons (see README)."""
