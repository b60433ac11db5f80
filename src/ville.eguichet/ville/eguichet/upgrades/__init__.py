"""Upgrade steps of ville.eguichet, numbered by profile version."""


def noop(context):
    """First profile version: nothing to migrate."""
