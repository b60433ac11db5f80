"""Upgrade steps of ville.theme, numbered by profile version."""


def noop(context):
    """First profile version: nothing to migrate."""
