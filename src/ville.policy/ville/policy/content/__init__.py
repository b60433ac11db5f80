"""Dexterity content types of the municipality (schemas and classes)."""
